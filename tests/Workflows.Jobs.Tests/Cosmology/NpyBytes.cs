using Workflows.Cosmology.Grids;

namespace Workflows.Jobs.Tests.Cosmology;

internal static class NpyBytes
{
    public static byte[] Of(VoxelGrid grid)
    {
        using var stream = new MemoryStream();
        NpyGridWriter.Write(stream, grid);
        return stream.ToArray();
    }
}
