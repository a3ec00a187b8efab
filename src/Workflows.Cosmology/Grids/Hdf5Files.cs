using PureHDF;

namespace Workflows.Cosmology.Grids;

/// <summary>Writes grids and particle positions as HDF5, the layout simulation codes use.</summary>
public static class Hdf5Files
{
    /// <summary>Writes a grid as a float32 3D dataset, plane by plane.</summary>
    public static void WriteGrid(Stream stream, string datasetPath, VoxelGrid grid)
    {
        using var writer = new Hdf5GridWriter(stream, datasetPath, grid.Shape, leaveOpen: true);
        writer.Write(grid.Data);
        writer.Complete();
    }

    /// <summary>Writes particle positions as an (n, 3) float32 dataset, e.g. "PartType1/Coordinates".</summary>
    public static void WritePositions(Stream stream, string datasetPath, float[] xyz)
    {
        var file = new H5File();
        AddAtPath(file, datasetPath, new H5Dataset(xyz, fileDims: [(ulong)(xyz.Length / 3), 3]));
        file.Write(stream);
    }

    /// <summary>Reads an (n, 3) position dataset into a flat x, y, z array.</summary>
    public static float[] ReadPositions(Stream stream, string datasetPath, string sourceName)
    {
        PureHDF.VOL.Native.NativeFile file;
        IH5Dataset dataset;
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
            try
            {
                dataset = file.Dataset(datasetPath);
            }
            catch (Exception e)
            {
                throw new GridFormatException($"{sourceName}:{datasetPath}", $"cannot open HDF5 dataset ({e.Message})");
            }
            ulong[] dims = dataset.Space.Dimensions;
            if (dims.Length != 2 || dims[1] != 3)
                throw new GridFormatException($"{sourceName}:{datasetPath}", $"expected positions of shape (n, 3), found ({string.Join(", ", dims)})");
            return dataset.Read<float[]>();
        }
    }

    internal static void AddAtPath(H5File file, string path, object dataset)
    {
        string[] parts = path.Trim('/').Split('/');
        H5Group group = file;
        foreach (string name in parts[..^1])
        {
            if (!group.TryGetValue(name, out var child))
            {
                child = new H5Group();
                group[name] = child;
            }
            group = (H5Group)child;
        }
        group[parts[^1]] = dataset;
    }
}
