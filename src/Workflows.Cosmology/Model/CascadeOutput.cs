namespace Workflows.Cosmology.Model;

/// <summary>Which of the cascade's per-voxel outputs a prediction returns.</summary>
public enum CascadeOutput
{
    /// <summary>Predicted galaxy counts: the classifier's mask times the regression.</summary>
    Counts,

    /// <summary>The classifier's probability that the voxel holds a galaxy; the mask is this above 0.5.</summary>
    NonEmptyProbability,
}
