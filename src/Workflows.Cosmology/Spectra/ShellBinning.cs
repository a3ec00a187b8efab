using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Spectra;

/// <summary>
/// Averages per-mode power of a half-space rfft (N × N × (N/2 + 1)) into integer shells. The shell is decided
/// from the exact integer n² (float32 |k| misplaces modes on shell edges); modes with 0 &lt; n_z &lt; N/2 stand for
/// themselves and their conjugate (weight 2), the n_z = 0 and n_z = N/2 planes for themselves only (weight 1).
/// </summary>
internal static class ShellBinning
{
    public static long ShellOf(long n2)
    {
        long r = (long)Math.Sqrt(n2);
        while (r * r > n2) r--;
        while ((r + 1) * (r + 1) <= n2) r++;
        return r;
    }

    public static (double[] MeanNorm, double[] MeanPower, long[] Count) Accumulate(
        ReadOnlySpan<float> modePower, int n, MassAssignment? window)
    {
        int half = n / 2, zLength = half + 1;
        long maxN2 = (long)half * half;
        var n2Axis = new long[n];
        var window2Axis = new double[n];
        for (int i = 0; i < n; i++)
        {
            long ni = i <= half ? i : i - n;
            n2Axis[i] = ni * ni;
            window2Axis[i] = WindowSquared(ni, n, window);
        }
        var sumPower = new double[half];
        var sumNorm = new double[half];
        var count = new long[half];
        for (int x = 0; x < n; x++)
            for (int y = 0; y < n; y++)
            {
                long n2xy = n2Axis[x] + n2Axis[y];
                if (n2xy >= maxN2) continue;
                int row = (x * n + y) * zLength;
                double windowXy = window2Axis[x] * window2Axis[y];
                for (int z = 0; z < zLength; z++)
                {
                    long n2 = n2xy + (long)z * z;
                    if (n2 == 0) continue;
                    if (n2 >= maxN2) break;
                    int shell = (int)ShellOf(n2);
                    int weight = z == 0 || z == half ? 1 : 2;
                    sumPower[shell] += weight * modePower[row + z] / (windowXy * window2Axis[z]);
                    sumNorm[shell] += weight * Math.Sqrt(n2);
                    count[shell] += weight;
                }
            }
        var meanNorm = new double[half - 1];
        var meanPower = new double[half - 1];
        var modes = new long[half - 1];
        for (int m = 1; m < half; m++)
        {
            meanNorm[m - 1] = sumNorm[m] / count[m];
            meanPower[m - 1] = sumPower[m] / count[m];
            modes[m - 1] = count[m];
        }
        return (meanNorm, meanPower, modes);
    }

    private static double WindowSquared(long ni, int n, MassAssignment? window)
    {
        if (window is null || ni == 0) return 1;
        double arg = Math.PI * ni / n;
        double sinc2 = Math.Pow(Math.Sin(arg) / arg, 2);
        return window == MassAssignment.NearestGridPoint ? sinc2 : sinc2 * sinc2;
    }
}
