using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Workflows.Cosmology.Grids;

/// <summary>Reads regions of a 3D HDF5 dataset through hyperslab selections (only the selected chunks are read).</summary>
public sealed class Hdf5GridReader : IGridReader
{
    private readonly NativeFile _file;
    private readonly IH5Dataset _dataset;

    private Hdf5GridReader(Stream stream, string datasetPath, string sourceName, bool leaveOpen)
    {
        SourceName = $"{sourceName}:{datasetPath}";
        try
        {
            _file = H5File.Open(stream, leaveOpen);
            _dataset = _file.Dataset(datasetPath);
        }
        catch (Exception e) when (e is not GridFormatException)
        {
            throw new GridFormatException(SourceName, $"cannot open HDF5 dataset ({e.Message})");
        }
        ulong[] dims = _dataset.Space.Dimensions;
        if (dims.Length != 3)
            throw new GridFormatException(SourceName, $"expected a 3D dataset, found rank {dims.Length}");
        Shape = new GridShape(checked((int)dims[0]), checked((int)dims[1]), checked((int)dims[2]));
    }

    public static Hdf5GridReader Open(Stream stream, string datasetPath, string sourceName, bool leaveOpen = false) =>
        new(stream, datasetPath, sourceName, leaveOpen);

    public string SourceName { get; }

    public GridShape Shape { get; }

    public void ReadRegion(VoxelRegion region, Span<float> destination)
    {
        this.CheckInside(region, destination.Length);
        var selection = new HyperslabSelection(3,
            [(ulong)region.Origin.X, (ulong)region.Origin.Y, (ulong)region.Origin.Z],
            [(ulong)region.Size.X, (ulong)region.Size.Y, (ulong)region.Size.Z]);
        float[] values;
        try
        {
            values = _dataset.Read<float[]>(selection);
        }
        catch (Exception e)
        {
            throw new GridFormatException(SourceName, $"cannot read region {region} as float32 ({e.Message})");
        }
        values.CopyTo(destination);
    }

    public void Dispose() => _file.Dispose();
}
