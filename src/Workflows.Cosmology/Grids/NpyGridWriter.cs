using System.Runtime.InteropServices;

namespace Workflows.Cosmology.Grids;

/// <summary>Writes a float32 C-order .npy grid piece by piece.</summary>
public sealed class NpyGridWriter : IGridWriter
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _written;

    public NpyGridWriter(Stream stream, GridShape shape, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Shape = shape;
        NpyHeader.Write(stream, NpyDType.Float32, fortranOrder: false, [shape.Nx, shape.Ny, shape.Nz]);
    }

    public GridShape Shape { get; }

    public long VoxelsWritten => _written;

    public void Write(ReadOnlySpan<float> values)
    {
        if (_written + values.Length > Shape.VoxelCount)
            throw new InvalidOperationException($"Grid {Shape} holds {Shape.VoxelCount} voxels; {_written + values.Length} were written.");
        if (BitConverter.IsLittleEndian) _stream.Write(MemoryMarshal.AsBytes(values));
        else throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        _written += values.Length;
    }

    public void Complete()
    {
        if (_written != Shape.VoxelCount)
            throw new InvalidOperationException($"Grid {Shape} needs {Shape.VoxelCount} voxels; only {_written} were written.");
        _stream.Flush();
    }

    public static void Write(Stream stream, VoxelGrid grid)
    {
        using var writer = new NpyGridWriter(stream, grid.Shape, leaveOpen: true);
        writer.Write(grid.Data);
        writer.Complete();
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}
