namespace Workflows.Recsys.Models;

/// <summary>The recommender backbones; both own one joint (users + items) × d embedding table.</summary>
public enum Backbone
{
    /// <summary>Matrix factorisation: score = ⟨(M⊙X)_u, (M⊙X)_i⟩.</summary>
    Mf,

    /// <summary>LightGCN: the mean of K propagations of M⊙X through Â, then dot products.</summary>
    LightGcn,
}

/// <summary>How the embedding table is initialised.</summary>
public enum EmbeddingInit
{
    /// <summary>Xavier-uniform over the joint table: U(-b, b), b = sqrt(6 / (rows + d)) (the study).</summary>
    Xavier,

    /// <summary>N(0, 0.1²) (LightGCN-PyTorch).</summary>
    Normal01,

    /// <summary>N(0, 1) (LightGCN-PyTorch's pure MF).</summary>
    Normal1,
}
