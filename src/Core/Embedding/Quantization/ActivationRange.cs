namespace GalaxyActors.Core.Embedding.Quantization;

/// <summary>The calibrated range [Min, Max] of one activation tensor, and its uint8 asymmetric quantization.</summary>
public readonly record struct ActivationRange(double Min, double Max)
{
    /// <summary>
    /// Scale and zero point of uint8 asymmetric quantization over the range widened to contain 0 (so 0 — every
    /// ReLU's and every padding's value — is exact). A ReLU output thus gets zero point 0, which lets ONNX Runtime
    /// drop the ReLU before the QuantizeLinear (the clamp at 0 does the same).
    /// </summary>
    public (float Scale, byte ZeroPoint) UInt8Parameters()
    {
        var low = Math.Min(0.0, Min);
        var high = Math.Max(0.0, Max);
        if (high - low < 1e-30)
            return (1f, 0);
        var scale = (float)((high - low) / 255.0);
        var zeroPoint = Math.Clamp(Math.Round(-low / scale, MidpointRounding.ToEven), 0, 255);
        return (scale, (byte)zeroPoint);
    }
}
