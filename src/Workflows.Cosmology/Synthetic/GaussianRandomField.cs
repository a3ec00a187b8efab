using Workflows.Cosmology.Grids;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Synthetic;

/// <summary>
/// Gaussian random fields with a chosen P(k) in the estimator's convention (P = |F|²·L³/N⁶): seeded white noise
/// is transformed, each mode scaled by sqrt(P(|k|)·N³/L³) and transformed back. With fixed amplitude every
/// mode has |F|² exactly P·N⁶/L³ (only the phases are random), so the estimator recovers P without scatter.
/// </summary>
public static class GaussianRandomField
{
    public static VoxelGrid Generate(int gridSize, double boxSize, Func<double, double> power, int seed,
        bool fixedAmplitude = false, Device? device = null)
    {
        int n = gridSize;
        var noise = new float[(long)n * n * n];
        new RandomSampler(seed).FillNormal(noise);
        float[] field;
        using (NewDisposeScope())
        {
            var dev = device ?? CPU;
            var modes = fft.rfftn(tensor(noise, [n, n, n], ScalarType.Float32, dev));
            if (fixedAmplitude)
                modes = modes / modes.abs().clamp_min(1e-30) * Math.Sqrt((double)n * n * n);
            var amplitude = tensor(Amplitudes(n, boxSize, power), [n, n, n / 2 + 1], ScalarType.Float32, dev);
            field = fft.irfftn(modes * amplitude, s: [n, n, n]).cpu().data<float>().ToArray();
        }
        return new VoxelGrid(GridShape.Cube(n), field);
    }

    private static float[] Amplitudes(int n, double boxSize, Func<double, double> power)
    {
        int zLength = n / 2 + 1;
        double kf = 2 * Math.PI / boxSize, scale = Math.Pow(n / boxSize, 3);
        var amplitude = new float[(long)n * n * zLength];
        for (int x = 0; x < n; x++)
            for (int y = 0; y < n; y++)
                for (int z = 0; z < zLength; z++)
                {
                    long nx = x <= n / 2 ? x : x - n, ny = y <= n / 2 ? y : y - n;
                    long n2 = nx * nx + ny * ny + (long)z * z;
                    if (n2 == 0) continue;
                    amplitude[((long)x * n + y) * zLength + z] = (float)Math.Sqrt(power(kf * Math.Sqrt(n2)) * scale);
                }
        return amplitude;
    }
}
