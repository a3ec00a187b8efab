namespace Workflows.Cosmology.Grids;

/// <summary>
/// Reads regions of a 3D .npy grid from a stream. Seekable streams allow any access order;
/// forward-only streams (e.g. a blob download) allow regions read in increasing file order.
/// </summary>
public sealed class NpyGridReader : IGridReader
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly NpyHeader _header;
    private const int ChunkItems = 128 * 1024;
    private long _position;
    private byte[] _buffer = [];

    private NpyGridReader(Stream stream, string sourceName, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        SourceName = sourceName;
        _header = NpyHeader.Read(stream, sourceName);
        _position = _header.HeaderLength;
        if (_header.Shape.Length != 3)
            throw new GridFormatException(sourceName, $"expected a 3D grid, found shape ({string.Join(", ", _header.Shape)})");
        if (_header.Shape.Any(d => d <= 0 || d > int.MaxValue))
            throw new GridFormatException(sourceName, $"invalid shape ({string.Join(", ", _header.Shape)})");
        Shape = new GridShape((int)_header.Shape[0], (int)_header.Shape[1], (int)_header.Shape[2]);
        if (stream.CanSeek && stream.Length < _header.HeaderLength + _header.DataLength)
            throw new GridFormatException(sourceName,
                $"truncated .npy: shape {Shape} of {_header.DType.Descr} needs {_header.DataLength} data bytes, found {stream.Length - _header.HeaderLength}");
    }

    public static NpyGridReader Open(Stream stream, string sourceName, bool leaveOpen = false) => new(stream, sourceName, leaveOpen);

    public static VoxelGrid ReadAll(Stream stream, string sourceName)
    {
        using var reader = Open(stream, sourceName, leaveOpen: true);
        return reader.ReadAll();
    }

    public string SourceName { get; }

    public GridShape Shape { get; }

    public NpyDType DType => _header.DType;

    public bool FortranOrder => _header.FortranOrder;

    public void ReadRegion(VoxelRegion region, Span<float> destination)
    {
        this.CheckInside(region, destination.Length);
        if (_header.FortranOrder) ReadFortranRegion(region, destination);
        else ReadCRegion(region, destination);
    }

    private void ReadCRegion(VoxelRegion r, Span<float> destination)
    {
        bool fullRows = r.Size.Z == Shape.Nz && r.Size.Y == Shape.Ny;
        if (fullRows)
        {
            // Whole planes are contiguous on disk: one read per plane.
            int plane = (int)Shape.PlaneSize;
            for (int i = 0; i < r.Size.X; i++)
                ReadRun(Shape.IndexOf(r.Origin.X + i, 0, 0), destination.Slice(i * plane, plane));
            return;
        }
        for (int i = 0; i < r.Size.X; i++)
            for (int j = 0; j < r.Size.Y; j++)
                ReadRun(Shape.IndexOf(r.Origin.X + i, r.Origin.Y + j, r.Origin.Z),
                    destination.Slice((i * r.Size.Y + j) * r.Size.Z, r.Size.Z));
    }

    private void ReadFortranRegion(VoxelRegion r, Span<float> destination)
    {
        // Fortran order: x varies fastest; element (x, y, z) sits at x + Nx·(y + Ny·z).
        var run = new float[r.Size.X];
        for (int k = 0; k < r.Size.Z; k++)
            for (int j = 0; j < r.Size.Y; j++)
            {
                long element = r.Origin.X + (long)Shape.Nx * ((r.Origin.Y + j) + (long)Shape.Ny * (r.Origin.Z + k));
                ReadRun(element, run);
                for (int i = 0; i < r.Size.X; i++)
                    destination[(i * r.Size.Y + j) * r.Size.Z + k] = run[i];
            }
    }

    private void ReadRun(long firstElement, Span<float> values)
    {
        int itemSize = _header.DType.ItemSize;
        SeekTo(_header.HeaderLength + firstElement * itemSize);
        for (int done = 0; done < values.Length;)
        {
            int items = Math.Min(ChunkItems, values.Length - done);
            if (_buffer.Length < items * itemSize) _buffer = new byte[items * itemSize];
            var bytes = _buffer.AsSpan(0, items * itemSize);
            int read = _stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            _position += read;
            if (read < bytes.Length)
                throw new GridFormatException(SourceName,
                    $"truncated .npy: data ends at byte {_position} but shape {Shape} of {_header.DType.Descr} needs {_header.HeaderLength + _header.DataLength}");
            _header.DType.Decode(bytes, values.Slice(done, items));
            done += items;
        }
    }

    private void SeekTo(long offset)
    {
        if (offset == _position) return;
        if (_stream.CanSeek)
        {
            _stream.Seek(offset, SeekOrigin.Begin);
            _position = offset;
            return;
        }
        if (offset < _position)
            throw new InvalidOperationException($"{SourceName}: a forward-only stream cannot go back to byte {offset} (at {_position}).");
        var skip = new byte[64 * 1024];
        while (_position < offset)
        {
            int read = _stream.Read(skip, 0, (int)Math.Min(skip.Length, offset - _position));
            if (read == 0)
                throw new GridFormatException(SourceName, $"truncated .npy: data ends at byte {_position}");
            _position += read;
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}
