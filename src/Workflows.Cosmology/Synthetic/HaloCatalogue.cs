namespace Workflows.Cosmology.Synthetic;

/// <summary>Halo centres (x, y, z triples), masses M200c [Msun/h] and radii R200c [Mpc/h].</summary>
public sealed record HaloCatalogue(float[] Positions, double[] Mass, double[] Radius)
{
    public int Count => Mass.Length;
}

/// <summary>
/// HOD: a central where M &gt; Mmin, plus Poisson satellites of mean (M/M1)^α inside R200c of halos with a central.
/// </summary>
public sealed record HodParameters(double MinimumMass, double SatelliteMass, double Alpha)
{
    /// <summary>Expected galaxies per box volume.</summary>
    public double ExpectedCount(HaloCatalogue halos) =>
        halos.Mass.Where(m => m > MinimumMass).Sum(m => 1 + Math.Pow(m / SatelliteMass, Alpha));

    /// <summary>Draws galaxy positions (x, y, z triples) for the halos, seeded.</summary>
    public float[] Populate(HaloCatalogue halos, double boxSize, int seed)
    {
        var sampler = new RandomSampler(seed);
        var xyz = new List<float>();
        for (int h = 0; h < halos.Count; h++)
        {
            if (halos.Mass[h] <= MinimumMass) continue;
            float cx = halos.Positions[3 * h], cy = halos.Positions[3 * h + 1], cz = halos.Positions[3 * h + 2];
            xyz.AddRange([cx, cy, cz]);
            int satellites = sampler.Poisson(Math.Pow(halos.Mass[h] / SatelliteMass, Alpha));
            for (int s = 0; s < satellites; s++)
            {
                var (dx, dy, dz) = PointInSphere(sampler, halos.Radius[h]);
                xyz.AddRange([Wrap(cx + dx, boxSize), Wrap(cy + dy, boxSize), Wrap(cz + dz, boxSize)]);
            }
        }
        return xyz.ToArray();
    }

    private static (double, double, double) PointInSphere(RandomSampler sampler, double radius)
    {
        while (true)
        {
            double x = 2 * sampler.Uniform() - 1, y = 2 * sampler.Uniform() - 1, z = 2 * sampler.Uniform() - 1;
            if (x * x + y * y + z * z <= 1) return (x * radius, y * radius, z * radius);
        }
    }

    private static float Wrap(double x, double box) => (float)(((x % box) + box) % box);
}
