using PureHDF;
using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Synthetic;

/// <summary>Halo catalogues in HDF5 with SUBFIND-like names: Group/GroupPos, Group/Group_M_Crit200, Group/Group_R_Crit200.</summary>
public static class HaloCatalogueFile
{
    public const string GroupName = "Group";
    public const string PositionsDataset = GroupName + "/GroupPos";
    public const string MassDataset = GroupName + "/Group_M_Crit200";
    public const string RadiusDataset = GroupName + "/Group_R_Crit200";

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

    /// <summary>Reads a catalogue; an unreadable file, a missing dataset or mismatched lengths name the file and the dataset.</summary>
    public static HaloCatalogue Read(Stream stream, string sourceName)
    {
        PureHDF.VOL.Native.NativeFile file;
        try
        {
            file = H5File.Open(stream, leaveOpen: true);
        }
        catch (Exception e)
        {
            throw new GridFormatException(sourceName, $"not a readable HDF5 file ({e.Message})");
        }

        using (file)
        {
            var positions = Read<float>(file, PositionsDataset, out ulong[] dims);
            if (dims.Length != 2 || dims[1] != 3)
                throw new GridFormatException($"{sourceName}:{PositionsDataset}", $"expected halo positions of shape (n, 3), found ({string.Join(", ", dims)})");
            var mass = Read<double>(file, MassDataset, out _);
            var radius = Read<double>(file, RadiusDataset, out _);
            int count = positions.Length / 3;
            foreach (var (name, length) in new[] { (MassDataset, mass.Length), (RadiusDataset, radius.Length) }.Where(d => d.Item2 != count))
                throw new GridFormatException($"{sourceName}:{name}", $"{length} rows, but {PositionsDataset} holds {count} halos");
            return new HaloCatalogue(positions, mass, radius);
        }

        T[] Read<T>(PureHDF.VOL.Native.NativeFile source, string path, out ulong[] dimensions)
        {
            try
            {
                var dataset = source.Dataset(path);
                dimensions = dataset.Space.Dimensions;
                return dataset.Read<T[]>();
            }
            catch (Exception e)
            {
                throw new GridFormatException($"{sourceName}:{path}", $"cannot read HDF5 dataset ({e.Message})");
            }
        }
    }
}
