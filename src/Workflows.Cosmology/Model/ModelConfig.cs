namespace Workflows.Cosmology.Model;

/// <summary>
/// Phase-1 Inception-style classifier: parallel 1³, 3³, 5³ convolutions and a 3³ average pool + 1³ conv,
/// concatenated, then 3³ convs to <see cref="Mixed"/> and <see cref="Hidden"/> channels and a 1³ conv to 2 logits.
/// </summary>
public sealed record ClassifierConfig(int Branch1 = 6, int Branch3 = 8, int Branch5 = 10, int BranchPool = 3, int Mixed = 27, int Hidden = 13)
{
    public int Concatenated => Branch1 + Branch3 + Branch5 + BranchPool;

    /// <summary>Voxels of context on each side: 2 (5³ branch) + 1 + 1 (two 3³ convs).</summary>
    public int ReceptiveRadius => 4;
}

/// <summary>
/// Phase-2 recurrent-residual U-Net: one level per channel count (the last is the bottleneck), each level a
/// residual block of two recurrent convolutions applied <see cref="Recurrence"/> extra times.
/// </summary>
public sealed record RegressorConfig(IReadOnlyList<int> Channels, int Recurrence)
{
    public int Depth => Channels.Count - 1;

    public int PoolingMultiple => 1 << Depth;

    /// <summary>An upper bound on the voxels of context on each side of an output voxel.</summary>
    public int ReceptiveRadius
    {
        get
        {
            int block = 2 * (Recurrence + 1);
            int radius = 0;
            for (int level = 0; level <= Depth; level++) radius += block << level;
            for (int level = 1; level <= Depth; level++) radius += 1 << (level - 1);
            for (int level = 0; level < Depth; level++) radius += (block + 1) << level;
            return radius;
        }
    }
}

/// <summary>A cascade's architecture; presets by name (see <see cref="Presets"/>).</summary>
public sealed record ModelConfig(string Name, ClassifierConfig Classifier, RegressorConfig Regressor)
{
    /// <summary>The studies' sizes: channels 32-64-128-256, recurrence 2.</summary>
    public static readonly ModelConfig Studies = new("studies", new ClassifierConfig(), new RegressorConfig([32, 64, 128, 256], 2));

    /// <summary>Small enough to train on a laptop CPU for the demo.</summary>
    public static readonly ModelConfig Cpu = new("cpu", new ClassifierConfig(), new RegressorConfig([8, 16, 32], 1));

    /// <summary>Shallow, so its receptive field fits in a practical halo: halo-mode tiles equal whole-volume inference.</summary>
    public static readonly ModelConfig HaloExact = new("halo-exact", new ClassifierConfig(2, 2, 2, 2, 6, 4), new RegressorConfig([4, 8], 1));

    public static IReadOnlyDictionary<string, ModelConfig> Presets { get; } =
        new[] { Studies, Cpu, HaloExact }.ToDictionary(p => p.Name);

    public static ModelConfig FromName(string name) =>
        Presets.TryGetValue(name, out var preset) ? preset
            : throw new ArgumentException($"Unknown model preset '{name}'; known: {string.Join(", ", Presets.Keys)}.", nameof(name));

    public int PoolingMultiple => Regressor.PoolingMultiple;

    public int ReceptiveRadius => Math.Max(Classifier.ReceptiveRadius, Regressor.ReceptiveRadius);

    /// <summary>The smallest halo that is a multiple of the pooling and covers the receptive field.</summary>
    public int ExactHalo => (ReceptiveRadius + PoolingMultiple - 1) / PoolingMultiple * PoolingMultiple;
}
