using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tests.Grids;

public class NpyGridTests
{
    private static readonly GridShape Shape = new(4, 5, 6);

    [Fact]
    public void Write_ThenRead_RoundTripsExactly()
    {
        var grid = TestGrids.Random(Shape, seed: 1);
        var read = NpyGridReader.ReadAll(TestGrids.ToNpy(grid), "a.npy");
        Assert.Equal(Shape, read.Shape);
        Assert.Equal(grid.Data, read.Data);
    }

    [Theory]
    [InlineData("<f4", false, 1)]
    [InlineData("<f8", false, 1)]
    [InlineData("<f8", true, 1)]
    [InlineData("<i4", true, 2)]
    [InlineData(">i4", false, 1)]
    [InlineData(">f4", true, 3)]
    [InlineData("<i8", false, 1)]
    [InlineData("<i2", false, 1)]
    [InlineData("|u1", true, 1)]
    public void Read_AnySupportedDtypeOrderAndVersion_GivesTheSameValues(string descr, bool fortran, int version)
    {
        var grid = TestGrids.Ramp(Shape);
        foreach (ref float v in grid.Data.AsSpan()) v = MathF.Floor(v) % 200;
        using var reader = NpyGridReader.Open(TestGrids.EncodeNpy(grid, descr, fortran, version), "x.npy");
        Assert.Equal(fortran, reader.FortranOrder);
        Assert.Equal(grid.Data, reader.ReadAll().Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadRegion_SubVolume_EqualsTheSameBlockOfTheWholeGrid(bool fortran)
    {
        var grid = TestGrids.Ramp(Shape);
        var region = new VoxelRegion(new Int3(1, 2, 3), new Int3(2, 3, 2));
        using var reader = NpyGridReader.Open(TestGrids.EncodeNpy(grid, "<f4", fortran), "x.npy");
        Assert.Equal(grid.Extract(region, periodic: false).Data, reader.ReadRegion(region).Data);
    }

    [Fact]
    public void ReadPlanes_ForwardOnlyStreamInFileOrder_ReadsEverySlab()
    {
        var grid = TestGrids.Ramp(Shape);
        using var reader = NpyGridReader.Open(new ForwardOnlyStream(TestGrids.ToNpy(grid)), "blob.npy");
        var planes = new float[2 * Shape.PlaneSize];
        reader.ReadPlanes(2, 2, planes);
        Assert.Equal(grid.Data.Skip(2 * (int)Shape.PlaneSize), planes);
        Assert.Throws<InvalidOperationException>(() => reader.ReadPlanes(0, 1, new float[Shape.PlaneSize]));
    }

    [Fact]
    public void Open_TruncatedFile_NamesFileAndProblem()
    {
        var bytes = TestGrids.ToNpy(TestGrids.Ramp(Shape)).ToArray();
        var truncated = new MemoryStream(bytes[..^10]);
        var error = Assert.Throws<GridFormatException>(() => NpyGridReader.Open(truncated, "dm-train.npy"));
        Assert.Equal("dm-train.npy", error.SourceName);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Read_TruncatedForwardOnlyStream_NamesFileAndProblem()
    {
        var bytes = TestGrids.ToNpy(TestGrids.Ramp(Shape)).ToArray();
        using var reader = NpyGridReader.Open(new ForwardOnlyStream(new MemoryStream(bytes[..^10])), "dm.npy");
        var error = Assert.Throws<GridFormatException>(() => reader.ReadAll());
        Assert.StartsWith("dm.npy: truncated", error.Message);
    }

    [Theory]
    [InlineData("<c8", "unsupported dtype '<c8'")]
    [InlineData("|O", "unsupported dtype '|O'")]
    [InlineData("<U8", "unsupported dtype '<U8'")]
    public void Open_WrongDtype_NamesFileAndDtype(string descr, string expected)
    {
        var npy = TestGrids.EncodeNpy(TestGrids.Ramp(new GridShape(1, 1, 1)), "<f4", false).ToArray();
        string text = System.Text.Encoding.Latin1.GetString(npy).Replace("'<f4'", $"'{descr}'".PadRight(5));
        var error = Assert.Throws<GridFormatException>(() => NpyGridReader.Open(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(text)), "gal.npy"));
        Assert.Equal($"gal.npy: {expected}", error.Message.Split(" (")[0]);
    }

    [Fact]
    public void Open_NotAnNpyFile_SaysSo()
    {
        var error = Assert.Throws<GridFormatException>(() => NpyGridReader.Open(new MemoryStream("hello world"u8.ToArray()), "notes.txt"));
        Assert.Contains("not a .npy file", error.Message);
        Assert.StartsWith("notes.txt", error.Message);
    }

    [Fact]
    public void Writer_PieceByPiece_EqualsWholeWrite_AndRefusesIncompleteGrid()
    {
        var grid = TestGrids.Random(Shape, seed: 2);
        var pieces = new MemoryStream();
        using (var writer = new NpyGridWriter(pieces, Shape, leaveOpen: true))
        {
            for (int x = 0; x < Shape.Nx; x++) writer.Write(grid.Data.AsSpan(x * (int)Shape.PlaneSize, (int)Shape.PlaneSize));
            writer.Complete();
        }
        Assert.Equal(TestGrids.ToNpy(grid).ToArray(), pieces.ToArray());

        using var incomplete = new NpyGridWriter(new MemoryStream(), Shape);
        incomplete.Write(new float[10]);
        Assert.Throws<InvalidOperationException>(incomplete.Complete);
    }

    [Fact]
    public void Header_IsPaddedToSixtyFourBytes()
    {
        var bytes = TestGrids.ToNpy(new VoxelGrid(new GridShape(2, 2, 2))).ToArray();
        Assert.Equal(0, (bytes.Length - 8 * 4) % 64);
        Assert.Equal((byte)'\n', bytes[bytes.Length - 8 * 4 - 1]);
    }
}
