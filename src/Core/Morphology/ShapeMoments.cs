namespace GalaxyActors.Core.Morphology;

/// <summary>Flux centroid and flux-weighted second moments of the segment: axis ratio and position angle.</summary>
internal static class ShapeMoments
{
    /// <summary>Centroid (column x, row y) and the moment ellipse; <see cref="IsValid"/> false when the segment's flux is ≤ 0.</summary>
    public readonly record struct Shape(double X, double Y, double AxisRatio, double PositionAngle, double Flux)
    {
        public bool IsValid => Flux > 0;
    }

    public static Shape Measure(ReadOnlySpan<float> image, ReadOnlySpan<int> segment, ReadOnlySpan<int> xs, ReadOnlySpan<int> ys)
    {
        double sum = 0, sx = 0, sy = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var x = xs[i];
            var y = ys[i];
            double f = image[segment[i]];
            sum += f;
            sx += f * x;
            sy += f * y;
        }
        if (!(sum > 0))
            return new Shape(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        var cx = sx / sum;
        var cy = sy / sum;
        double mxx = 0, myy = 0, mxy = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var x = xs[i];
            var y = ys[i];
            double f = image[segment[i]];
            var dx = x - cx;
            var dy = y - cy;
            mxx += f * dx * dx;
            myy += f * dy * dy;
            mxy += f * dx * dy;
        }
        mxx /= sum;
        myy /= sum;
        mxy /= sum;
        var mean = 0.5 * (mxx + myy);
        var spread = Math.Sqrt(0.25 * (mxx - myy) * (mxx - myy) + mxy * mxy);
        var major = mean + spread;
        var minor = Math.Max(0, mean - spread);
        var ratio = major > 0 ? Math.Sqrt(minor / major) : double.NaN;
        // Angle of the major axis from +x towards +y (rows grow downwards), folded into [0, 180).
        var angle = major > 0 ? 0.5 * Math.Atan2(2 * mxy, mxx - myy) * (180 / Math.PI) : double.NaN;
        if (angle < 0)
            angle += 180;
        if (angle >= 180)
            angle -= 180;
        return new Shape(cx, cy, ratio, angle, sum);
    }
}
