namespace Workflows.Contracts.Tests;

public sealed class DatasetManifestTests
{
    [Fact]
    public void Validate_CosmologyTrainingDarkMatter_MayBeAParticleSnapshotButMustBeGiven()
    {
        var snapshot = new DatasetManifest
        {
            Name = "snap",
            Kind = DatasetKind.Cosmology,
            Files =
            [
                new DatasetFile { Path = "snapshot.h5", Role = FileRoles.Particles, Format = "hdf5", Dataset = "PartType1/Coordinates" },
                new DatasetFile { Path = "galaxies-train.npy", Role = FileRoles.GalaxiesTrain },
            ],
            Grid = new GridGeometry { BoxSize = 50, GridSize = 32 },
        };
        var galaxiesOnly = snapshot with { Files = [snapshot.Files[1]] };

        Assert.Empty(snapshot.Validate());
        var error = Assert.Single(galaxiesOnly.Validate());
        Assert.Equal(("files", "a cosmology dataset needs its training dark matter: a 'dm-train' grid or a 'particles' snapshot"), (error.Field, error.Message));
    }
}
