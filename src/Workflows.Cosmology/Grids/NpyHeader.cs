using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Workflows.Cosmology.Grids;

/// <summary>The header of a .npy file (format versions 1.0, 2.0 and 3.0).</summary>
public sealed partial record NpyHeader(NpyDType DType, bool FortranOrder, long[] Shape, int HeaderLength)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int Alignment = 64;

    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public long DataLength => ElementCount * DType.ItemSize;

    public static NpyHeader Read(Stream stream, string source)
    {
        Span<byte> preamble = stackalloc byte[12];
        if (!TryFill(stream, preamble[..8]) || !preamble[..6].SequenceEqual(Magic))
            throw new GridFormatException(source, "not a .npy file (magic string \\x93NUMPY missing)");
        byte major = preamble[6];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new GridFormatException(source, $"unsupported .npy format version {major}.{preamble[7]}"),
        };
        if (!TryFill(stream, preamble.Slice(8, lengthBytes)))
            throw new GridFormatException(source, "truncated .npy header");
        int dictLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(preamble.Slice(8, 2))
            : checked((int)BinaryPrimitives.ReadUInt32LittleEndian(preamble.Slice(8, 4)));
        var dictBytes = new byte[dictLength];
        if (!TryFill(stream, dictBytes))
            throw new GridFormatException(source, "truncated .npy header");
        string dict = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(dictBytes);
        return Parse(dict, source, 8 + lengthBytes + dictLength);
    }

    private static NpyHeader Parse(string dict, string source, int headerLength)
    {
        var descr = DescrPattern().Match(dict);
        var fortran = FortranPattern().Match(dict);
        var shape = ShapePattern().Match(dict);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new GridFormatException(source, $"malformed .npy header '{dict.Trim()}'");
        var dtype = NpyDType.TryParse(descr.Groups[1].Value, out string? reason)
            ?? throw new GridFormatException(source, reason!);
        long[] dims = shape.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v
                : throw new GridFormatException(source, $"malformed shape '({shape.Groups[1].Value})'"))
            .ToArray();
        return new NpyHeader(dtype, fortran.Groups[1].Value == "True", dims, headerLength);
    }

    /// <summary>Writes a version 1.0 header (2.0 when the dictionary is too long), padded to 64 bytes.</summary>
    public static int Write(Stream stream, NpyDType dtype, bool fortranOrder, IReadOnlyList<long> shape)
    {
        string dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string dict = $"{{'descr': '{dtype.Descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': ({dims}), }}";
        int major = dict.Length + 1 + 10 > ushort.MaxValue ? 2 : 1;
        int preamble = major == 1 ? 10 : 12;
        int padded = (preamble + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;
        string text = dict.PadRight(padded - preamble - 1) + "\n";
        var header = new byte[padded];
        Magic.CopyTo(header, 0);
        header[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)text.Length);
        Encoding.Latin1.GetBytes(text, header.AsSpan(preamble));
        stream.Write(header);
        return padded;
    }

    private static bool TryFill(Stream stream, Span<byte> buffer)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
