using System.Text;
using Workflows.Torch.Npy;

namespace Workflows.Torch.Tests;

public class NpyFormatTests
{
    [Fact]
    public void Write_FloatMatrix_HeaderIsNumpyVersion1AlignedTo64()
    {
        using var buffer = new MemoryStream();

        NpyFormat.Write(buffer, NpyArray.FromFloats([1f, 2f, 3f, 4f, 5f, 6f], 2, 3));

        var bytes = buffer.ToArray();
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + (6 * 4), bytes.Length);
        Assert.Equal(6f, BitConverter.ToSingle(bytes, 10 + headerLength + 20));
    }

    [Fact]
    public void Read_WrittenArrays_RoundTripEveryDtype()
    {
        var arrays = new Dictionary<string, NpyArray>
        {
            ["weights"] = NpyArray.FromFloats([0.5f, -1.25f], 2),
            ["mask"] = NpyArray.FromBooleans([1, 0, 1], 3),
            ["counts"] = NpyArray.FromInt64([7L, 8L], 1, 2),
            ["ids"] = NpyArray.FromStrings(["u1", "üser", "x"]),
        };
        using var buffer = new MemoryStream();

        NpzArchive.Write(buffer, arrays);
        buffer.Position = 0;
        var read = NpzArchive.Read(buffer);

        Assert.Equal([0.5f, -1.25f], read["weights"].AsFloats().ToArray());
        Assert.Equal([1, 0, 1], read["mask"].AsBooleans().ToArray());
        Assert.Equal([7L, 8L], read["counts"].AsInt64().ToArray());
        Assert.Equal([1L, 2L], read["counts"].Shape);
        Assert.Equal(["u1", "üser", "x"], read["ids"].AsStrings());
        Assert.Equal("<U4", read["ids"].Descr);
    }

    [Fact]
    public void Read_WrongMagic_ErrorNamesSource()
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyFormat.Read(new MemoryStream(new byte[16]), "weights.npy"));

        Assert.Equal("weights.npy: not a .npy array (bad magic).", error.Message);
    }

    [Fact]
    public void AsFloats_BoolArray_ErrorNamesBothDtypes()
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyArray.FromBooleans([1], 1).AsFloats().ToArray());

        Assert.Equal("Expected dtype '<f4', got '|b1'.", error.Message);
    }
}
