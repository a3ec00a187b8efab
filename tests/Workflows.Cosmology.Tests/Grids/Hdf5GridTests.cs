using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tests.Grids;

public class Hdf5GridTests
{
    [Fact]
    public void WriteGrid_ThenReadRegion_EqualsTheSameBlock()
    {
        var grid = TestGrids.Random(new GridShape(6, 5, 4), seed: 3);
        var stream = new MemoryStream();
        Hdf5Files.WriteGrid(stream, "fields/dm", grid);
        stream.Position = 0;
        using var reader = Hdf5GridReader.Open(stream, "fields/dm", "sim.h5");
        Assert.Equal(grid.Shape, reader.Shape);
        var region = new VoxelRegion(new Int3(2, 1, 1), new Int3(3, 2, 3));
        Assert.Equal(grid.Extract(region, periodic: false).Data, reader.ReadRegion(region).Data);
        Assert.Equal(grid.Data, reader.ReadAll().Data);
    }

    [Fact]
    public void Open_MissingDataset_NamesFileAndDataset()
    {
        var stream = new MemoryStream();
        Hdf5Files.WriteGrid(stream, "dm", new VoxelGrid(GridShape.Cube(2)));
        stream.Position = 0;
        var error = Assert.Throws<GridFormatException>(() => Hdf5GridReader.Open(stream, "galaxies", "sim.h5"));
        Assert.StartsWith("sim.h5:galaxies", error.Message);
    }

    [Fact]
    public void Positions_RoundTrip()
    {
        float[] xyz = [0.5f, 1.5f, 2.5f, 3, 4, 5];
        var stream = new MemoryStream();
        Hdf5Files.WritePositions(stream, "PartType1/Coordinates", xyz);
        stream.Position = 0;
        Assert.Equal(xyz, Hdf5Files.ReadPositions(stream, "PartType1/Coordinates", "snap.h5"));
    }

    [Fact]
    public void GridWriter_UnevenPieces_ReadBackAsTheSameGrid()
    {
        var grid = TestGrids.Random(new GridShape(5, 4, 3), seed: 8);
        var stream = new MemoryStream();
        using (var writer = new Hdf5GridWriter(stream, "prediction", grid.Shape, leaveOpen: true))
        {
            // 7 values end mid-plane, 30 cross two plane boundaries, the last 23 finish the grid.
            writer.Write(grid.Data.AsSpan(0, 7));
            writer.Write(grid.Data.AsSpan(7, 30));
            writer.Write(grid.Data.AsSpan(37));
            Assert.Equal(60, writer.VoxelsWritten);
            writer.Complete();
        }

        stream.Position = 0;
        using var reader = Hdf5GridReader.Open(stream, "prediction", "prediction.h5");
        Assert.Equal(grid.Data, reader.ReadAll().Data);
    }

    [Fact]
    public void GridWriter_TooFewOrTooManyVoxels_IsAnError()
    {
        using var writer = new Hdf5GridWriter(new MemoryStream(), "g", GridShape.Cube(2));
        writer.Write(new float[5]);

        Assert.Contains("only 5 were written", Assert.Throws<InvalidOperationException>(writer.Complete).Message);
        Assert.Contains("9 were written", Assert.Throws<InvalidOperationException>(() => writer.Write(new float[4])).Message);
    }
}
