using System.Runtime.InteropServices;

namespace Workflows.Torch.Npy;

/// <summary>An array read from or written to the NumPy <c>.npy</c> format: dtype descriptor, shape and raw little-endian bytes.</summary>
/// <param name="Descr">The NumPy dtype descriptor, e.g. <c>&lt;f4</c>, <c>|b1</c>, <c>&lt;U12</c>.</param>
/// <param name="Shape">The shape in C (row-major) order.</param>
/// <param name="Data">The elements, row-major, little-endian.</param>
public sealed record NpyArray(string Descr, long[] Shape, byte[] Data)
{
    /// <summary>Number of elements (product of the shape).</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Creates a float32 array.</summary>
    public static NpyArray FromFloats(ReadOnlySpan<float> values, params long[] shape) => Create(NpyDtype.Float32, values, shape);

    /// <summary>Creates an int32 array.</summary>
    public static NpyArray FromInt32(ReadOnlySpan<int> values, params long[] shape) => Create(NpyDtype.Int32, values, shape);

    /// <summary>Creates an int64 array.</summary>
    public static NpyArray FromInt64(ReadOnlySpan<long> values, params long[] shape) => Create(NpyDtype.Int64, values, shape);

    /// <summary>Creates a bool array from 0/1 bytes.</summary>
    public static NpyArray FromBooleans(ReadOnlySpan<byte> values, params long[] shape)
    {
        foreach (var value in values)
        {
            if (value > 1)
            {
                throw new ArgumentException("Boolean arrays hold only 0 and 1.", nameof(values));
            }
        }

        return Create(NpyDtype.Bool, values, shape);
    }

    /// <summary>Creates a fixed-width unicode string array (<c>&lt;U{n}</c>, UTF-32), as NumPy stores <c>str</c> arrays.</summary>
    public static NpyArray FromStrings(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var width = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.EnumerateRunes().Count()));
        var data = new byte[(long)values.Count * width * 4];
        var codePoints = MemoryMarshal.Cast<byte, int>(data.AsSpan());
        for (var i = 0; i < values.Count; i++)
        {
            var position = i * width;
            foreach (var rune in values[i].EnumerateRunes())
            {
                codePoints[position++] = rune.Value;
            }
        }

        return new NpyArray($"<U{width}", [values.Count], data);
    }

    /// <summary>The elements as float32.</summary>
    /// <exception cref="InvalidDataException">The dtype is not float32.</exception>
    public ReadOnlySpan<float> AsFloats() => View<float>(NpyDtype.Float32);

    /// <summary>The elements as int32.</summary>
    public ReadOnlySpan<int> AsInt32() => View<int>(NpyDtype.Int32);

    /// <summary>The elements as int64.</summary>
    public ReadOnlySpan<long> AsInt64() => View<long>(NpyDtype.Int64);

    /// <summary>The elements of a bool array as 0/1 bytes.</summary>
    public ReadOnlySpan<byte> AsBooleans() => View<byte>(NpyDtype.Bool);

    /// <summary>The elements of a <c>&lt;U{n}</c> array as strings (trailing NULs removed).</summary>
    public IReadOnlyList<string> AsStrings()
    {
        if (!Descr.StartsWith("<U", StringComparison.Ordinal) || !int.TryParse(Descr.AsSpan(2), out var width))
        {
            throw new InvalidDataException($"Expected a unicode string array (<U...), got dtype '{Descr}'.");
        }

        var codePoints = MemoryMarshal.Cast<byte, int>(Data.AsSpan());
        var result = new string[Length];
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < result.Length; i++)
        {
            builder.Clear();
            foreach (var codePoint in codePoints.Slice(i * width, width))
            {
                if (codePoint == 0)
                {
                    break;
                }

                builder.Append(char.ConvertFromUtf32(codePoint));
            }

            result[i] = builder.ToString();
        }

        return result;
    }

    private static NpyArray Create<T>(string descr, ReadOnlySpan<T> values, long[] shape)
        where T : unmanaged
    {
        var expected = shape.Aggregate(1L, (a, b) => a * b);
        if (expected != values.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] needs {expected} elements, got {values.Length}.", nameof(values));
        }

        return new NpyArray(descr, shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    private ReadOnlySpan<T> View<T>(string descr)
        where T : unmanaged
    {
        if (Descr != descr)
        {
            throw new InvalidDataException($"Expected dtype '{descr}', got '{Descr}'.");
        }

        return MemoryMarshal.Cast<byte, T>(Data.AsSpan());
    }
}

/// <summary>The dtype descriptors this library reads and writes.</summary>
public static class NpyDtype
{
    /// <summary>Little-endian float32.</summary>
    public const string Float32 = "<f4";

    /// <summary>Little-endian int32.</summary>
    public const string Int32 = "<i4";

    /// <summary>Little-endian int64.</summary>
    public const string Int64 = "<i8";

    /// <summary>One byte per bool.</summary>
    public const string Bool = "|b1";
}
