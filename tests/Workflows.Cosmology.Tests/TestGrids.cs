using System.Buffers.Binary;
using System.Text;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Tests;

internal static class TestGrids
{
    public static VoxelGrid Ramp(GridShape shape)
    {
        var grid = new VoxelGrid(shape);
        for (int i = 0; i < grid.Data.Length; i++) grid.Data[i] = i * 0.5f;
        return grid;
    }

    public static VoxelGrid Random(GridShape shape, int seed, double mean = 1)
    {
        var sampler = new RandomSampler(seed);
        var grid = new VoxelGrid(shape);
        for (int i = 0; i < grid.Data.Length; i++) grid.Data[i] = (float)(mean * sampler.Uniform() * 2);
        return grid;
    }

    public static MemoryStream ToNpy(VoxelGrid grid)
    {
        var stream = new MemoryStream();
        NpyGridWriter.Write(stream, grid);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Encodes a .npy independently of the library's writer, in any dtype, order and header version.</summary>
    public static MemoryStream EncodeNpy(VoxelGrid grid, string descr, bool fortranOrder, int version = 1)
    {
        var s = grid.Shape;
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': ({s.Nx}, {s.Ny}, {s.Nz}), }}";
        int preamble = version == 1 ? 10 : 12;
        int total = (preamble + dict.Length + 1 + 63) / 64 * 64;
        string header = dict.PadRight(total - preamble - 1) + "\n";
        var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        if (version == 1) stream.Write(BitConverter.GetBytes((ushort)header.Length));
        else stream.Write(BitConverter.GetBytes((uint)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        bool big = descr[0] == '>';
        int size = int.Parse(descr[2..]);
        var item = new byte[size];
        foreach (var (x, y, z) in Order(s, fortranOrder))
        {
            double v = grid[x, y, z];
            switch (descr[1], size)
            {
                case ('f', 4): if (big) BinaryPrimitives.WriteSingleBigEndian(item, (float)v); else BinaryPrimitives.WriteSingleLittleEndian(item, (float)v); break;
                case ('f', 8): if (big) BinaryPrimitives.WriteDoubleBigEndian(item, v); else BinaryPrimitives.WriteDoubleLittleEndian(item, v); break;
                case ('i', 4): if (big) BinaryPrimitives.WriteInt32BigEndian(item, (int)v); else BinaryPrimitives.WriteInt32LittleEndian(item, (int)v); break;
                case ('i', 8): BinaryPrimitives.WriteInt64LittleEndian(item, (long)v); break;
                case ('u', 1): item[0] = (byte)v; break;
                case ('i', 2): BinaryPrimitives.WriteInt16LittleEndian(item, (short)v); break;
                default: throw new NotSupportedException(descr);
            }
            stream.Write(item);
        }
        stream.Position = 0;
        return stream;
    }

    private static IEnumerable<(int, int, int)> Order(GridShape s, bool fortran)
    {
        if (fortran)
        {
            for (int z = 0; z < s.Nz; z++) for (int y = 0; y < s.Ny; y++) for (int x = 0; x < s.Nx; x++) yield return (x, y, z);
        }
        else
        {
            for (int x = 0; x < s.Nx; x++) for (int y = 0; y < s.Ny; y++) for (int z = 0; z < s.Nz; z++) yield return (x, y, z);
        }
    }
}

/// <summary>A read-only stream that cannot seek, like a blob download.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
