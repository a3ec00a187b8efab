using PureHDF;
using PureHDF.Selections;

namespace Workflows.Cosmology.Grids;

/// <summary>
/// Writes a float32 3D HDF5 dataset piece by piece: values are gathered into one plane along the slowest axis and
/// each full plane is written as a hyperslab, so no more than a plane is held here.
/// </summary>
public sealed class Hdf5GridWriter : IGridWriter
{
    private readonly H5Dataset<float[]> _dataset;
    private readonly H5NativeWriter _writer;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly float[] _plane;
    private int _inPlane;
    private bool _finished;

    public Hdf5GridWriter(Stream stream, string datasetPath, GridShape shape, bool leaveOpen = false)
    {
        Shape = shape;
        _stream = stream;
        _leaveOpen = leaveOpen;
        _plane = new float[shape.PlaneSize];
        _dataset = new H5Dataset<float[]>(fileDims: [(ulong)shape.Nx, (ulong)shape.Ny, (ulong)shape.Nz]);
        var file = new H5File();
        Hdf5Files.AddAtPath(file, datasetPath, _dataset);
        _writer = file.BeginWrite(stream);
    }

    public GridShape Shape { get; }

    public long VoxelsWritten { get; private set; }

    public void Write(ReadOnlySpan<float> values)
    {
        if (VoxelsWritten + values.Length > Shape.VoxelCount)
            throw new InvalidOperationException($"Grid {Shape} holds {Shape.VoxelCount} voxels; {VoxelsWritten + values.Length} were written.");
        while (!values.IsEmpty)
        {
            int take = Math.Min(values.Length, _plane.Length - _inPlane);
            values[..take].CopyTo(_plane.AsSpan(_inPlane));
            values = values[take..];
            _inPlane += take;
            VoxelsWritten += take;
            if (_inPlane == _plane.Length) FlushPlane();
        }
    }

    public void Complete()
    {
        if (VoxelsWritten != Shape.VoxelCount)
            throw new InvalidOperationException($"Grid {Shape} needs {Shape.VoxelCount} voxels; only {VoxelsWritten} were written.");
        Finish();
        _stream.Flush();
    }

    public void Dispose()
    {
        Finish();
        if (!_leaveOpen) _stream.Dispose();
    }

    private void FlushPlane()
    {
        ulong x = (ulong)(VoxelsWritten / Shape.PlaneSize - 1);
        _writer.Write(_dataset, _plane, fileSelection: new HyperslabSelection(3, [x, 0, 0], [1, (ulong)Shape.Ny, (ulong)Shape.Nz]));
        _inPlane = 0;
    }

    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        _writer.Dispose();
    }
}
