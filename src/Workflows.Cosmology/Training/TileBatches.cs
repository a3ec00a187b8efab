using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Tiling;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Training;

/// <summary>
/// Haloed training crops, cut and normalised exactly as prediction sees them (raw zeros beyond a non-periodic
/// edge, then normalised), with interior targets; flips apply to input and target alike.
/// </summary>
internal sealed class TileBatches(TrainingData data, InputNormalisation normalisation, Device device)
{
    private readonly TileLattice _lattice = data.Split.Lattice;

    public (Tensor Input, Tensor Target) Build(IReadOnlyList<TileKey> tiles, IReadOnlyList<bool[]>? flips)
    {
        var spec = data.Tiling;
        int c = spec.CutSize, t = spec.TileSize;
        var input = new float[tiles.Count * c * c * c];
        var target = new float[tiles.Count * t * t * t];
        for (int b = 0; b < tiles.Count; b++)
        {
            var cut = data.DarkMatter.Extract(_lattice.Cut(tiles[b]), spec.Periodic);
            normalisation.Apply(cut.Data).CopyTo(input, b * c * c * c);
            data.Galaxies.Extract(_lattice.Interior(tiles[b]), spec.Periodic).Data.CopyTo(target, b * t * t * t);
        }
        var inputTensor = tensor(input, [tiles.Count, 1, c, c, c], ScalarType.Float32, device);
        var targetTensor = tensor(target, [tiles.Count, 1, t, t, t], ScalarType.Float32, device);
        if (flips is null) return (inputTensor, targetTensor);
        var flippedInputs = new List<Tensor>();
        var flippedTargets = new List<Tensor>();
        for (int b = 0; b < tiles.Count; b++)
        {
            long[] dims = Enumerable.Range(0, 3).Where(axis => flips[b][axis]).Select(axis => (long)axis + 2).ToArray();
            flippedInputs.Add(dims.Length == 0 ? inputTensor[b..(b + 1)] : inputTensor[b..(b + 1)].flip(dims));
            flippedTargets.Add(dims.Length == 0 ? targetTensor[b..(b + 1)] : targetTensor[b..(b + 1)].flip(dims));
        }
        return (cat(flippedInputs, 0), cat(flippedTargets, 0));
    }

    /// <summary>The interior of a haloed output [B, C, cut, cut, cut].</summary>
    public Tensor Interior(Tensor output)
    {
        var spec = data.Tiling;
        return spec.Halo == 0 ? output
            : output.narrow(2, spec.Halo, spec.TileSize).narrow(3, spec.Halo, spec.TileSize).narrow(4, spec.Halo, spec.TileSize);
    }
}
