using System.Text;

namespace Workflows.Recsys.Data;

/// <summary>
/// The compact binary form of a <see cref="PreparedDataset"/>, written once and read by workers from any stream.
/// Layout (little-endian): magic <c>WFRECSYS</c>, int32 format version, name, user ids, item ids (count then
/// length-prefixed UTF-8 strings), then train, validation and test as CSR (int32 row offsets, int32 items), then
/// the preparation report. Readers reject other versions and name the field that fails validation.
/// </summary>
public static class PreparedDatasetFormat
{
    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 1;

    private static readonly byte[] Magic = "WFRECSYS"u8.ToArray();

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, PreparedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(dataset.Name);
        WriteIds(writer, dataset.Users);
        WriteIds(writer, dataset.Items);
        WriteMatrix(writer, dataset.Train);
        WriteMatrix(writer, dataset.Validation);
        WriteMatrix(writer, dataset.Test);
        writer.Write(dataset.Report.DroppedTestInteractions);
        writer.Write(dataset.Report.DroppedTestUsers);
        writer.Write(dataset.Report.ValidationInteractions);
    }

    /// <summary>Reads a dataset; <paramref name="source"/> names the stream in errors.</summary>
    /// <exception cref="InvalidDataException">Wrong magic or version, truncated content, or an invalid field.</exception>
    public static PreparedDataset Read(Stream stream, string source = "prepared dataset")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{source}: not a prepared recsys dataset (bad magic).");
            }

            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{source}: format version {version} is not supported (this code reads version {Version}).");
            }

            var name = reader.ReadString();
            var users = new IdMap(ReadIds(reader, source, "users"));
            var items = new IdMap(ReadIds(reader, source, "items"));
            var train = ReadMatrix(reader, users.Count, items.Count, $"{source}: train");
            var validation = ReadMatrix(reader, users.Count, items.Count, $"{source}: validation");
            var test = ReadMatrix(reader, users.Count, items.Count, $"{source}: test");
            var report = new PreparationReport(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            return new PreparedDataset(name, users, items, train, validation, test, report);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source}: truncated content.");
        }
    }

    private static void WriteIds(BinaryWriter writer, IdMap ids)
    {
        writer.Write(ids.Count);
        foreach (var id in ids.Originals)
        {
            writer.Write(id);
        }
    }

    private static string[] ReadIds(BinaryReader reader, string source, string field)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"{source}: {field} count {count} is negative.");
        }

        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = reader.ReadString();
        }

        return ids;
    }

    private static void WriteMatrix(BinaryWriter writer, InteractionMatrix matrix)
    {
        writer.Write(matrix.Count);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(matrix.Offsets));
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(matrix.Items));
    }

    private static InteractionMatrix ReadMatrix(BinaryReader reader, int userCount, int itemCount, string name)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"{name}.count: {count} is negative.");
        }

        var offsets = ReadInts(reader, userCount + 1);
        var items = ReadInts(reader, count);
        return InteractionMatrix.FromCsr(userCount, itemCount, offsets, items, name);
    }

    private static int[] ReadInts(BinaryReader reader, int count)
    {
        var values = new int[count];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }
}
