using PureHDF;

namespace Workflows.Cosmology.Synthetic;

/// <summary>Halo catalogues in HDF5 with SUBFIND-like names: Group/GroupPos, Group/Group_M_Crit200, Group/Group_R_Crit200.</summary>
public static class HaloCatalogueFile
{
    public const string GroupName = "Group";

    public static void Write(Stream stream, HaloCatalogue halos)
    {
        var file = new H5File
        {
            [GroupName] = new H5Group
            {
                ["GroupPos"] = new H5Dataset(halos.Positions, fileDims: [(ulong)halos.Count, 3]),
                ["Group_M_Crit200"] = halos.Mass,
                ["Group_R_Crit200"] = halos.Radius,
            },
        };
        file.Write(stream);
    }

    public static HaloCatalogue Read(Stream stream)
    {
        using var file = H5File.Open(stream, leaveOpen: true);
        var group = file.Group(GroupName);
        return new HaloCatalogue(
            group.Dataset("GroupPos").Read<float[]>(),
            group.Dataset("Group_M_Crit200").Read<double[]>(),
            group.Dataset("Group_R_Crit200").Read<double[]>());
    }
}
