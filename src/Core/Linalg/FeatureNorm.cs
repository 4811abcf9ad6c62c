namespace GalaxyActors.Core.Linalg;

/// <summary>How each feature row is normalised before PCA (--feature-norm).</summary>
public enum FeatureNorm
{
    /// <summary>The features as the model gave them.</summary>
    None,

    /// <summary>Each row scaled to unit Euclidean length: clusters by the direction of the feature vector, not its size.</summary>
    L2,

    /// <summary>
    /// Signed square root of every value, then unit length ("power normalisation" of pooled CNN features, Perronnin,
    /// Sánchez &amp; Mensink 2010): damps the few very large activations of a pooled ReLU layer, so distances are not
    /// dominated by them.
    /// </summary>
    SqrtL2,
}
