namespace Workflows.Recsys.Data;

/// <summary>The bijection between original ids (any strings) and dense indices 0..Count-1.</summary>
public sealed class IdMap
{
    private readonly string[] _originals;
    private readonly Dictionary<string, int> _indices;

    /// <summary>Creates a map whose index <c>i</c> is <paramref name="originals"/>[i].</summary>
    /// <exception cref="ArgumentException">An id repeats.</exception>
    public IdMap(IEnumerable<string> originals)
    {
        ArgumentNullException.ThrowIfNull(originals);
        _originals = [.. originals];
        _indices = new Dictionary<string, int>(_originals.Length, StringComparer.Ordinal);
        for (var i = 0; i < _originals.Length; i++)
        {
            if (!_indices.TryAdd(_originals[i], i))
            {
                throw new ArgumentException($"Id '{_originals[i]}' appears twice.", nameof(originals));
            }
        }
    }

    /// <summary>Number of ids.</summary>
    public int Count => _originals.Length;

    /// <summary>Original ids by index.</summary>
    public IReadOnlyList<string> Originals => _originals;

    /// <summary>The original id of <paramref name="index"/>.</summary>
    public string this[int index] => _originals[index];

    /// <summary>The dense index of an original id.</summary>
    public bool TryGetIndex(string original, out int index) => _indices.TryGetValue(original, out index);

    /// <summary>A map of "0".."count-1", for files whose ids already are dense indices.</summary>
    public static IdMap Sequential(int count) =>
        new(Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
