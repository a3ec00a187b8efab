using Workflows.Cosmology.Baselines;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Tests.Baselines;

public class HodFitTests
{
    [Fact]
    public void Fit_OnAMockPopulatedByAKnownHod_RecoversItsParameters()
    {
        var spec = new UniverseSpec { GridSize = 64, Seed = 11, Rule = GalaxyRule.Hod };
        var universe = SyntheticUniverse.Generate(spec);
        var options = new HodFitOptions(Alphas: [0.6, 1.0, 1.4], SatelliteMasses: [8e12, 2.5e13, 8e13], Seed: 12345);

        var fit = HodFit.Fit(universe.Halos!, universe.Galaxies, spec.BoxSize, options);

        Assert.Equal(spec.Hod.Alpha, fit.Parameters.Alpha);
        Assert.Equal(spec.Hod.SatelliteMass, fit.Parameters.SatelliteMass);
        Assert.Equal(spec.Hod.MinimumMass, fit.Parameters.MinimumMass, spec.Hod.MinimumMass * 0.1);
        Assert.Equal(1, fit.AchievedCountRatio, 0.02);
    }
}
