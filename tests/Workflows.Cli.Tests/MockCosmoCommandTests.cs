using System.CommandLine;
using Spectre.Console.Testing;
using Workflows.Cli.Commands;
using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cli.Tests;

public sealed class MockCosmoCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"wf-mock-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var console = new TestConsole().Width(240);
        var root = new RootCommand { MockCommand.Create(console) };
        int exitCode = root.Parse(["mock", "cosmo", .. arguments]).Invoke();
        return (exitCode, console.Output);
    }

    [Fact]
    public void Cosmo_SmallUniverse_WritesGridsAndAManifestThePlatformAccepts()
    {
        var (exitCode, output) = Run(folder, "--name", "mock-small", "--grid", "16", "--target-grid", "32", "--seed", "3");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("F1 ceiling", output);
        var manifest = DatasetManifest.Parse(File.ReadAllBytes(Path.Combine(folder, BlobLayout.ManifestFileName)), "dataset.json");
        Assert.Equal(("mock-small", DatasetKind.Cosmology), (manifest.Name, manifest.Kind));
        Assert.Equal(["dm-train", "galaxies-train", "dm-target", "galaxies-target-truth"], manifest.Files.Select(f => f.Role));
        Assert.Equal((100.0, 16, (int?)32), (manifest.Grid!.BoxSize, manifest.Grid.GridSize, manifest.Grid.TargetGridSize));
        using var target = File.OpenRead(Path.Combine(folder, manifest.FileWithRole("dm-target")!.Path));
        Assert.Equal(GridShape.Cube(32), NpyGridReader.ReadAll(target, "dm-target.npy").Shape);
        Assert.True(File.Exists(Path.Combine(folder, MockCosmoCommand.ProvenanceFile)));
    }

    /// <summary>The HOD rule's universes come with halo catalogues: both go into the folder and the manifest, with their roles.</summary>
    [Fact]
    public void Cosmo_HodRule_WritesTheHaloCataloguesOfBothBoxes()
    {
        var (exitCode, _) = Run(folder, "--grid", "16", "--target-grid", "16", "--rule", "hod");

        Assert.Equal(ExitCodes.Success, exitCode);
        var manifest = DatasetManifest.Parse(File.ReadAllBytes(Path.Combine(folder, BlobLayout.ManifestFileName)), "dataset.json");
        Assert.Equal(["dm-train", "galaxies-train", "dm-target", "galaxies-target-truth", "halos", "halos-target"], manifest.Files.Select(f => f.Role));
        using var target = File.OpenRead(Path.Combine(folder, manifest.FileWithRole(FileRoles.HalosTarget)!.Path));
        var halos = HaloCatalogueFile.Read(target, "halos-target.h5");
        Assert.NotEmpty(halos.Mass);
        Assert.Empty(HaloCatalogueValidator.Validate(halos, boxSize: 100, "halos-target.h5"));
    }

    [Fact]
    public void Cosmo_FolderAlreadyHoldingADataset_IsRefusedAndLeftAsItWas()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, BlobLayout.ManifestFileName), "{}");

        var (exitCode, output) = Run(folder, "--grid", "16", "--target-grid", "0");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("already holds a dataset", output);
        Assert.Equal(["dataset.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--rule", "spiral", "--rule 'spiral' is unknown")]
    [InlineData("--name", "Bad_Name", "'Bad_Name' cannot name a dataset")]
    public void Cosmo_BadOption_NamesItAndWritesNothing(string option, string value, string expected)
    {
        var (exitCode, output) = Run(folder, "--grid", "16", option, value);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains(expected, output);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any());
    }

    [Fact]
    public void Cosmo_GridZero_IsAParseErrorNamingTheOption_AndWritesNothing()
    {
        var errors = new StringWriter();
        var root = new RootCommand { new Command("mock") { MockCosmoCommand.Create(new TestConsole()) } };
        int exitCode = root.Parse(["mock", "cosmo", folder, "--grid", "0"]).Invoke(new InvocationConfiguration { Error = errors, Output = TextWriter.Null });

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("--grid must be a whole number from 8 to 1024, not '0'", errors.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
