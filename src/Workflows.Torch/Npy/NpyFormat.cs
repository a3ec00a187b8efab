using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Workflows.Torch.Npy;

/// <summary>Reads and writes single arrays in NumPy's <c>.npy</c> format, version 1.0 (readable by <c>numpy.load</c>).</summary>
public static partial class NpyFormat
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int HeaderAlignment = 64;

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var shape = array.Shape.Length switch
        {
            0 => "()",
            1 => $"({array.Shape[0]},)",
            _ => $"({string.Join(", ", array.Shape)})",
        };
        var dictionary = $"{{'descr': '{array.Descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var unpadded = Magic.Length + 2 + 2 + dictionary.Length + 1;
        var padding = (HeaderAlignment - (unpadded % HeaderAlignment)) % HeaderAlignment;
        var header = dictionary + new string(' ', padding) + "\n";

        Span<byte> prefix = stackalloc byte[10];
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], checked((ushort)header.Length));
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(array.Data);
    }

    /// <summary>Reads one array from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The content is not a C-order .npy array of a supported version.</exception>
    public static NpyArray Read(Stream stream, string source = "npy stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source);
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{source}: not a .npy array (bad magic).");
        }

        int headerLength;
        var major = prefix[6];
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            ReadExactly(stream, length, source);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            ReadExactly(stream, length, source);
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(length));
        }
        else
        {
            throw new InvalidDataException($"{source}: unsupported .npy version {major}.{prefix[7]}.");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source);
        var header = Encoding.UTF8.GetString(headerBytes);
        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !shapeMatch.Success || !fortran.Success)
        {
            throw new InvalidDataException($"{source}: malformed .npy header '{header.Trim()}'.");
        }

        if (fortran.Groups[1].Value == "True")
        {
            throw new InvalidDataException($"{source}: Fortran-order arrays are not supported.");
        }

        var shape = shapeMatch.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
        var dtype = descr.Groups[1].Value;
        var elementSize = ElementSize(dtype, source);
        var data = new byte[checked(shape.Aggregate(1L, (a, b) => a * b) * elementSize)];
        ReadExactly(stream, data, source);
        return new NpyArray(dtype, shape, data);
    }

    private static int ElementSize(string dtype, string source)
    {
        if (dtype.StartsWith("<U", StringComparison.Ordinal) && int.TryParse(dtype.AsSpan(2), out var width))
        {
            return 4 * width;
        }

        return dtype switch
        {
            NpyDtype.Float32 or NpyDtype.Int32 => 4,
            NpyDtype.Int64 or "<f8" => 8,
            NpyDtype.Bool or "|u1" or "|i1" => 1,
            _ => throw new InvalidDataException($"{source}: unsupported dtype '{dtype}'."),
        };
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source}: truncated .npy content.");
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
