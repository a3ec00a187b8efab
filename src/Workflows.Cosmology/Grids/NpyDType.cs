using System.Buffers.Binary;

namespace Workflows.Cosmology.Grids;

/// <summary>A numeric NumPy dtype (descr such as '&lt;f4', '|u1', '&gt;i8') and its conversion to float32.</summary>
public sealed record NpyDType(char Kind, int ItemSize, bool BigEndian)
{
    public static readonly NpyDType Float32 = new('f', 4, false);
    public static readonly NpyDType Float64 = new('f', 8, false);
    public static readonly NpyDType Int32 = new('i', 4, false);
    public static readonly NpyDType Int64 = new('i', 8, false);

    public string Descr => $"{(ItemSize == 1 ? '|' : BigEndian ? '>' : '<')}{Kind}{ItemSize}";

    public bool IsInteger => Kind is 'i' or 'u';

    /// <summary>Parses a descr; returns null with a reason when it is not a supported numeric type.</summary>
    public static NpyDType? TryParse(string descr, out string? reason)
    {
        reason = null;
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '='))
        {
            reason = $"unsupported dtype '{descr}' (expected a numeric descr such as '<f4')";
            return null;
        }
        char kind = descr[1];
        if (!int.TryParse(descr.AsSpan(2), out int size))
        {
            reason = $"unsupported dtype '{descr}'";
            return null;
        }
        bool supported = kind switch
        {
            'f' => size is 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            _ => false,
        };
        if (!supported)
        {
            reason = $"unsupported dtype '{descr}' (supported: float32/float64 and 8–64-bit integers)";
            return null;
        }
        return new NpyDType(kind, size, descr[0] == '>');
    }

    /// <summary>Converts <paramref name="bytes"/> (a whole number of items) to float32 values.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = DecodeOne(bytes.Slice(i * ItemSize, ItemSize));
    }

    private float DecodeOne(ReadOnlySpan<byte> b) => (Kind, ItemSize, BigEndian) switch
    {
        ('f', 4, false) => BinaryPrimitives.ReadSingleLittleEndian(b),
        ('f', 4, true) => BinaryPrimitives.ReadSingleBigEndian(b),
        ('f', 8, false) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        ('f', 8, true) => (float)BinaryPrimitives.ReadDoubleBigEndian(b),
        ('i', 1, _) => (sbyte)b[0],
        ('u', 1, _) => b[0],
        ('i', 2, false) => BinaryPrimitives.ReadInt16LittleEndian(b),
        ('i', 2, true) => BinaryPrimitives.ReadInt16BigEndian(b),
        ('u', 2, false) => BinaryPrimitives.ReadUInt16LittleEndian(b),
        ('u', 2, true) => BinaryPrimitives.ReadUInt16BigEndian(b),
        ('i', 4, false) => BinaryPrimitives.ReadInt32LittleEndian(b),
        ('i', 4, true) => BinaryPrimitives.ReadInt32BigEndian(b),
        ('u', 4, false) => BinaryPrimitives.ReadUInt32LittleEndian(b),
        ('u', 4, true) => BinaryPrimitives.ReadUInt32BigEndian(b),
        ('i', 8, false) => BinaryPrimitives.ReadInt64LittleEndian(b),
        ('i', 8, true) => BinaryPrimitives.ReadInt64BigEndian(b),
        ('u', 8, false) => BinaryPrimitives.ReadUInt64LittleEndian(b),
        ('u', 8, true) => BinaryPrimitives.ReadUInt64BigEndian(b),
        _ => throw new InvalidOperationException($"dtype {Descr} has no decoder."),
    };
}
