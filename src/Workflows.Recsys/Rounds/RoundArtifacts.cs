using Workflows.Recsys.Pruning;

namespace Workflows.Recsys.Rounds;

/// <summary>The files a round writes (all NumPy <c>.npy</c>, readable by <c>numpy.load</c>).</summary>
public enum RoundArtifact
{
    /// <summary>The round's selected (best-epoch) weights, float32 [users + items, d], pruned entries exactly 0.</summary>
    Weights,

    /// <summary>The mask the round trained under, bool [users + items, d].</summary>
    Mask,

    /// <summary>The mask of the next IMP round: this mask minus the smallest-magnitude share of the selected weights.</summary>
    NextMask,

    /// <summary>Round 0 only: the rewind point (X0, or the weights after <see cref="RoundSpec.RewindEpoch"/> epochs), float32.</summary>
    RewindWeights,
}

/// <summary>
/// Inputs from earlier rounds, as readable streams (the engine reads each once and does not dispose them).
/// Which ones a round needs: round 0 none; <c>imp</c> r ≥ 1: <see cref="RewindWeights"/> (round 0's) and
/// <see cref="PreviousNextMask"/> (round r − 1's); <c>imp-no-rewind</c> r ≥ 1: <see cref="PreviousWeights"/> and
/// <see cref="PreviousNextMask"/> (round r − 1's); <c>omp</c> r ≥ 1: <see cref="RewindWeights"/> and
/// <see cref="PreviousWeights"/> (both round 0's); <c>random</c> r ≥ 1: none.
/// </summary>
public sealed record RoundInputs
{
    /// <summary>No inputs (round 0, or a random-baseline level).</summary>
    public static RoundInputs None { get; } = new();

    /// <summary>Round 0's <see cref="RoundArtifact.RewindWeights"/>.</summary>
    public Stream? RewindWeights { get; init; }

    /// <summary>The <see cref="RoundArtifact.Weights"/> of round r − 1 (imp-no-rewind) or of round 0 (omp).</summary>
    public Stream? PreviousWeights { get; init; }

    /// <summary>The <see cref="RoundArtifact.NextMask"/> of round r − 1 (imp, imp-no-rewind).</summary>
    public Stream? PreviousNextMask { get; init; }

    /// <summary>
    /// Opens exactly the artifacts round <paramref name="round"/> of <paramref name="strategy"/> needs, through
    /// <paramref name="open"/> (round index, artifact) → readable stream.
    /// </summary>
    public static RoundInputs For(PruningStrategy strategy, int round, Func<int, RoundArtifact, Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        if (round == 0)
        {
            return None;
        }

        return strategy switch
        {
            PruningStrategy.Imp => new RoundInputs { RewindWeights = open(0, RoundArtifact.RewindWeights), PreviousNextMask = open(round - 1, RoundArtifact.NextMask) },
            PruningStrategy.ImpNoRewind => new RoundInputs { PreviousWeights = open(round - 1, RoundArtifact.Weights), PreviousNextMask = open(round - 1, RoundArtifact.NextMask) },
            PruningStrategy.Omp => new RoundInputs { RewindWeights = open(0, RoundArtifact.RewindWeights), PreviousWeights = open(0, RoundArtifact.Weights) },
            PruningStrategy.Random => None,
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy."),
        };
    }
}

/// <summary>Receives a round's artifacts; an implementation may upload each stream to Blob Storage.</summary>
public interface IRoundArtifactSink
{
    /// <summary>Stores <paramref name="content"/> (positioned at its start) as <paramref name="artifact"/>.</summary>
    Task SaveAsync(RoundArtifact artifact, Stream content, CancellationToken cancellationToken);
}

/// <summary>Keeps artifacts in memory; for tests and local searches.</summary>
public sealed class InMemoryRoundArtifacts : IRoundArtifactSink
{
    private readonly Dictionary<RoundArtifact, byte[]> _artifacts = [];

    /// <summary>The artifacts saved so far.</summary>
    public IReadOnlyCollection<RoundArtifact> Saved => _artifacts.Keys;

    /// <inheritdoc />
    public async Task SaveAsync(RoundArtifact artifact, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        _artifacts[artifact] = copy.ToArray();
    }

    /// <summary>A new read-only stream over a saved artifact.</summary>
    /// <exception cref="KeyNotFoundException">The artifact was not saved.</exception>
    public Stream OpenRead(RoundArtifact artifact) =>
        _artifacts.TryGetValue(artifact, out var bytes)
            ? new MemoryStream(bytes, writable: false)
            : throw new KeyNotFoundException($"Artifact {artifact} was not saved.");

    /// <summary>The bytes of a saved artifact.</summary>
    public byte[] Bytes(RoundArtifact artifact) => _artifacts[artifact];
}
