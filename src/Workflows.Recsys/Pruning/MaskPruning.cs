using Workflows.Torch;

namespace Workflows.Recsys.Pruning;

/// <summary>
/// Mask computations on host arrays (a mask is one byte per entry, 1 = kept). Both functions are pure, remove an
/// exact count, and break ties deterministically.
/// </summary>
public static class MaskPruning
{
    private const ulong RandomMaskPurpose = 0x524D_534BUL;

    /// <summary>
    /// Global magnitude pruning: among entries kept by <paramref name="mask"/>, removes the <paramref name="count"/>
    /// with the smallest |weight| (ties: the lower flat index goes first). Returns a new mask.
    /// </summary>
    public static byte[] PruneSmallestMagnitudes(ReadOnlySpan<float> weights, ReadOnlySpan<byte> mask, long count)
    {
        if (weights.Length != mask.Length)
        {
            throw new ArgumentException($"weights ({weights.Length}) and mask ({mask.Length}) differ in length.");
        }

        var kept = new List<ulong>(mask.Length);
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                // For non-negative floats the IEEE bit pattern orders like the value, so (|w| bits, index) is one sortable key.
                var magnitudeBits = (ulong)BitConverter.SingleToUInt32Bits(Math.Abs(weights[i]));
                kept.Add((magnitudeBits << 32) | (uint)i);
            }
        }

        if (count < 0 || count > kept.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot prune {count} of {kept.Count} kept entries.");
        }

        var keys = kept.ToArray();
        Array.Sort(keys);
        var result = mask.ToArray();
        for (var k = 0; k < count; k++)
        {
            result[(int)(keys[k] & 0xFFFF_FFFF)] = 0;
        }

        return result;
    }

    /// <summary>A uniformly random mask of <paramref name="length"/> entries keeping exactly <paramref name="keep"/>, from (seed, stream).</summary>
    public static byte[] RandomMask(int length, long keep, ulong seed, ulong stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (keep < 0 || keep > length)
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, $"Cannot keep {keep} of {length} entries.");
        }

        var random = SplitMix64.Derive(seed ^ RandomMaskPurpose, stream);
        var order = new int[length];
        for (var i = 0; i < length; i++)
        {
            order[i] = i;
        }

        var mask = new byte[length];
        for (var i = 0; i < keep; i++)
        {
            var j = i + random.NextInt(length - i);
            (order[i], order[j]) = (order[j], order[i]);
            mask[order[i]] = 1;
        }

        return mask;
    }

    /// <summary>Number of kept entries.</summary>
    public static long CountKept(ReadOnlySpan<byte> mask)
    {
        long kept = 0;
        foreach (var value in mask)
        {
            kept += value;
        }

        return kept;
    }
}
