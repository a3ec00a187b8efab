namespace Workflows.Cosmology.Synthetic;

/// <summary>Seeded uniform, normal and Poisson draws (same seed ⇒ same sequence on every machine).</summary>
public sealed class RandomSampler(int seed)
{
    private readonly Random _random = new(seed);
    private double? _spareNormal;

    public double Uniform() => _random.NextDouble();

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public double Normal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    public void FillNormal(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)Normal();
    }

    /// <summary>Poisson draw: multiplication method below mean 10, Hörmann's transformed rejection (PTRS) above.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        return mean < 10 ? PoissonSmall(mean) : PoissonLarge(mean);
    }

    private int PoissonSmall(double mean)
    {
        double limit = Math.Exp(-mean), product = _random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            k++;
            product *= _random.NextDouble();
        }
        return k;
    }

    private int PoissonLarge(double mean)
    {
        double sqrtMean = Math.Sqrt(mean), logMean = Math.Log(mean);
        double b = 0.931 + 2.53 * sqrtMean, a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4), acceptBound = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = _random.NextDouble() - 0.5, v = _random.NextDouble();
            double us = 0.5 - Math.Abs(u);
            long k = (long)Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= acceptBound) return (int)k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + Math.Log(inverseAlpha) - Math.Log(a / (us * us) + b) <= -mean + k * logMean - LogFactorial(k))
                return (int)k;
        }
    }

    private static double LogFactorial(long k)
    {
        if (k < 2) return 0;
        // Stirling series; accurate to ~1e-10 for k ≥ 2, far below the acceptance test's resolution.
        double x = k + 1.0;
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + 1.0 / (12 * x) - 1.0 / (360 * x * x * x);
    }
}
