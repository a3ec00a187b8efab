using System.IO.Compression;

namespace Workflows.Torch.Npy;

/// <summary>Reads and writes NumPy <c>.npz</c> archives: a ZIP of <c>{name}.npy</c> entries, as <c>numpy.savez</c> makes.</summary>
public static class NpzArchive
{
    /// <summary>Writes the named arrays to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, NpyArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, array) in arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
            using var entryStream = entry.Open();
            NpyFormat.Write(entryStream, array);
        }
    }

    /// <summary>Reads every array of the archive, keyed by name without the <c>.npy</c> suffix.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string source = "npz stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
            {
                continue;
            }

            using var entryStream = entry.Open();
            arrays[entry.FullName[..^4]] = NpyFormat.Read(entryStream, $"{source}/{entry.FullName}");
        }

        return arrays;
    }
}
