using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Tests.Synthetic;

public class HaloCatalogueValidatorTests
{
    [Fact]
    public void Validate_GoodCatalogue_WithAHaloExactlyOnTheFarFace_HasNoProblems()
    {
        var halos = new HaloCatalogue([0f, 5f, 10f, 9.5f, 0.5f, 1f], [1e12, 3e13], [0.1, 0.4]);

        Assert.Empty(HaloCatalogueValidator.Validate(halos, boxSize: 10, "halos.h5"));
    }

    [Fact]
    public void Validate_NegativeMassOutsidePositionAndNaN_NameTheFileDatasetAndRow()
    {
        var halos = new HaloCatalogue(
            [1f, 1f, 1f, 1f, 10.5f, 1f, 1f, float.NaN, 1f, 2f, 2f, 2f],
            [-3e12, 1e12, 2e12, double.NaN],
            [0.1, 0.2, 0.3, -0.5]);

        var problems = HaloCatalogueValidator.Validate(halos, boxSize: 10, "datasets/d/halos.h5");

        Assert.Equal(
        [
            "datasets/d/halos.h5:Group/Group_M_Crit200[row 0]: mass -3000000000000 is negative",
            "datasets/d/halos.h5:Group/GroupPos[row 1]: position (1, 10.5, 1) lies outside the box [0, 10]",
            "datasets/d/halos.h5:Group/GroupPos[row 2]: position (1, NaN, 1) is not finite",
            "datasets/d/halos.h5:Group/Group_M_Crit200[row 3]: mass NaN is not finite",
            "datasets/d/halos.h5:Group/Group_R_Crit200[row 3]: radius -0.5 is negative",
        ], problems);
    }

    [Fact]
    public void Validate_ManyProblems_ListsTheFirstThenCountsTheRest()
    {
        var halos = new HaloCatalogue(new float[3 * 12], [.. Enumerable.Repeat(0.0, 12)], new double[12]);

        var problems = HaloCatalogueValidator.Validate(halos, boxSize: 10, "h.h5", maxErrors: 3);

        Assert.Equal(["h.h5:Group/Group_M_Crit200[row 0]: mass 0 is zero", "h.h5:Group/Group_M_Crit200[row 1]: mass 0 is zero",
            "h.h5:Group/Group_M_Crit200[row 2]: mass 0 is zero", "h.h5: 9 more halo problem(s)"], problems);
    }

    [Fact]
    public void Read_RoundTripsAWrittenCatalogue_AndNamesTheFileAndDatasetOfBadInput()
    {
        var halos = new HaloCatalogue([1f, 2f, 3f, 4f, 5f, 6f], [1e12, 2e12], [0.1, 0.2]);
        using var written = new MemoryStream();
        HaloCatalogueFile.Write(written, halos);
        using var positionsOnly = new MemoryStream();
        Hdf5Files.WritePositions(positionsOnly, HaloCatalogueFile.PositionsDataset, [1f, 2f, 3f]);

        var read = HaloCatalogueFile.Read(new MemoryStream(written.ToArray()), "halos.h5");
        var notHdf5 = Assert.Throws<GridFormatException>(() => HaloCatalogueFile.Read(new MemoryStream([1, 2, 3]), "junk.h5"));
        var noMasses = Assert.Throws<GridFormatException>(() => HaloCatalogueFile.Read(new MemoryStream(positionsOnly.ToArray()), "partial.h5"));

        Assert.Equal(halos.Positions, read.Positions);
        Assert.Equal(halos.Mass, read.Mass);
        Assert.Equal(halos.Radius, read.Radius);
        Assert.StartsWith("junk.h5: not a readable HDF5 file", notHdf5.Message, StringComparison.Ordinal);
        Assert.StartsWith("partial.h5:Group/Group_M_Crit200: cannot read HDF5 dataset", noMasses.Message, StringComparison.Ordinal);
    }
}
