using Workflows.Torch;

namespace Workflows.Recsys.Models;

/// <summary>Draws the initial embedding table on the host from a seed, so it is identical on every device.</summary>
public static class EmbeddingInitializer
{
    private const ulong InitPurpose = 0x494E_4954UL;

    /// <summary>A row-major rows × <paramref name="dimension"/> table drawn with <paramref name="kind"/> from <paramref name="seed"/>.</summary>
    public static float[] Create(EmbeddingInit kind, int rows, int dimension, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var random = SplitMix64.Derive(seed, InitPurpose);
        var values = new float[(long)rows * dimension];
        switch (kind)
        {
            case EmbeddingInit.Xavier:
                var bound = Math.Sqrt(6.0 / (rows + dimension));
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)((2 * random.NextDouble() - 1) * bound);
                }

                break;
            case EmbeddingInit.Normal01:
            case EmbeddingInit.Normal1:
                var std = kind == EmbeddingInit.Normal01 ? 0.1 : 1.0;
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)(random.NextGaussian() * std);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown initialisation.");
        }

        return values;
    }
}
