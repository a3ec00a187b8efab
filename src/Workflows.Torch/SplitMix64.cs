namespace Workflows.Torch;

/// <summary>
/// A small, fast, seedable generator (SplitMix64). Its whole state is one <see cref="ulong"/>, so a stream can be
/// derived from (seed, purpose, index) and regenerated anywhere: results do not depend on threads or devices.
/// </summary>
public struct SplitMix64
{
    private const double TwoPowMinus53 = 1.0 / (1UL << 53);
    private ulong _state;

    /// <summary>Starts a stream at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The current state; a generator built from it continues the same stream.</summary>
    public readonly ulong State => _state;

    /// <summary>A generator for stream <paramref name="index"/> of <paramref name="purpose"/> under <paramref name="seed"/>.</summary>
    public static SplitMix64 Derive(ulong seed, ulong purpose, ulong index = 0) =>
        new(Mix(Mix(Mix(seed) ^ purpose) ^ index));

    /// <summary>The SplitMix64 finaliser: a bijective scramble of 64 bits.</summary>
    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveBound"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int exclusiveBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveBound);
        var bound = (ulong)exclusiveBound;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), bound, out var low);
            if (low >= threshold)
            {
                return (int)product;
            }
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveBound"/>) for 64-bit ranges.</summary>
    public long NextLong(long exclusiveBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveBound);
        var bound = (ulong)exclusiveBound;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), bound, out var low);
            if (low >= threshold)
            {
                return (long)product;
            }
        }
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * TwoPowMinus53;

    /// <summary>A standard normal variate (Box–Muller, one value per call).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
