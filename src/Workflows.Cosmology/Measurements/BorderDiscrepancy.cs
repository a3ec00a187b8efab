using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Measurements;

/// <summary>
/// How far a stitched prediction strays from the whole-volume prediction of the same model, and where: the error of
/// cutting a model whose receptive field exceeds the halo. <see cref="RmsByFaceDistance"/>[d] is the RMS difference
/// over voxels d voxels from the nearest face of their tile (d = 0 on the faces), so a truncation error shows as a
/// profile that falls away from the faces.
/// </summary>
/// <param name="MaxAbsolute">Largest |stitched − whole| over the volume [galaxies per voxel].</param>
/// <param name="RelativeRms">RMS of the difference over the RMS of the whole-volume prediction.</param>
/// <param name="OccupancyDisagreement">Share of voxels that are occupied in one prediction and empty in the other.</param>
public sealed record BorderDiscrepancy(double MaxAbsolute, double RelativeRms, double OccupancyDisagreement, IReadOnlyList<double> RmsByFaceDistance)
{
    public static BorderDiscrepancy Measure(VoxelGrid stitched, VoxelGrid whole, int tileSize)
    {
        if (stitched.Shape != whole.Shape)
            throw new ArgumentException($"Stitched {stitched.Shape} and whole-volume {whole.Shape} predictions differ in shape.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSize);

        var shape = whole.Shape;
        int distances = (tileSize + 1) / 2;
        var squaredByDistance = new double[distances];
        var countByDistance = new long[distances];
        double maxAbsolute = 0, squaredDifference = 0, squaredWhole = 0;
        long disagreements = 0;
        for (int x = 0; x < shape.Nx; x++)
            for (int y = 0; y < shape.Ny; y++)
                for (int z = 0; z < shape.Nz; z++)
                {
                    long index = shape.IndexOf(x, y, z);
                    double reference = whole.Data[index], difference = stitched.Data[index] - reference;
                    int distance = Math.Min(FaceDistance(x, tileSize), Math.Min(FaceDistance(y, tileSize), FaceDistance(z, tileSize)));
                    squaredByDistance[distance] += difference * difference;
                    countByDistance[distance]++;
                    squaredDifference += difference * difference;
                    squaredWhole += reference * reference;
                    maxAbsolute = Math.Max(maxAbsolute, Math.Abs(difference));
                    if (stitched.Data[index] > 0 != reference > 0) disagreements++;
                }

        var profile = squaredByDistance.Select((sum, d) => countByDistance[d] == 0 ? 0 : Math.Sqrt(sum / countByDistance[d])).ToArray();
        double relativeRms = squaredWhole == 0 ? (squaredDifference == 0 ? 0 : double.PositiveInfinity) : Math.Sqrt(squaredDifference / squaredWhole);
        return new BorderDiscrepancy(maxAbsolute, relativeRms, disagreements / (double)shape.VoxelCount, profile);
    }

    private static int FaceDistance(int coordinate, int tileSize)
    {
        int offset = coordinate % tileSize;
        return Math.Min(offset, tileSize - 1 - offset);
    }
}
