namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>How an activation tensor's quantization range is chosen from its calibration values.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen.</summary>
    MinMax,

    /// <summary>The central <see cref="CalibrationSettings.Percentile"/> % of values (both tails clipped).</summary>
    Percentile,

    /// <summary>The range, shrunk from min/max towards 0, with the least expected squared error (clipping + rounding).</summary>
    LeastSquaredError,
}
