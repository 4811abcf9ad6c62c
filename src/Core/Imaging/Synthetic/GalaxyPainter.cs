namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// Paints the noiseless, unblurred light of a galaxy (and of its occasional neighbours) into three
/// float planes, R, G and B, each Size×Size, row-major. Every component carries its own colour, so a
/// red bulge and blue arms mix pixel by pixel as they would on the sky.
/// </summary>
internal static class GalaxyPainter
{
    /// <summary>Sampling radius at the centre, in pixels: evaluating a cuspy Sérsic profile exactly at
    /// r = 0 would overweight one pixel compared with the pixel's mean surface brightness.</summary>
    private const float CentreSoftening = 0.5f;

    public static void PaintGalaxy(in GalaxyModel m, int size, Span<float> red, Span<float> green, Span<float> blue)
    {
        var inverseBulgeQ = m.HasBulge ? 1f / m.BulgeQ : 0f;
        var inverseRe = m.HasBulge ? 1f / m.BulgeRe : 0f;
        var inverseN = m.HasBulge ? 1f / m.SersicN : 0f;
        var boxy = m.BulgeBoxiness > 2.001f;
        var inverseBoxiness = 1f / m.BulgeBoxiness;
        var inverseDiskQ = m.HasDisk ? 1f / m.DiskQ : 0f;
        var inverseH = m.HasDisk ? 1f / m.DiskScale : 0f;
        var armMean = m.HasArms ? MeanOfRaisedCosine(m.ArmSharpness) : 1f;
        var armInner = 0.35f * m.DiskScale;
        var armOuter = 1.1f * m.DiskScale;
        var soft2 = CentreSoftening * CentreSoftening;

        for (var y = 0; y < size; y++)
        {
            var dy = y - m.CentreY;
            var row = y * size;
            for (var x = 0; x < size; x++)
            {
                var dx = x - m.CentreX;
                var u = dx * m.CosAngle + dy * m.SinAngle;  // along the major axis
                var v = -dx * m.SinAngle + dy * m.CosAngle; // along the minor axis
                float r = 0, g = 0, b = 0;

                var dust = 1f;
                if (m.DustDepth > 0)
                {
                    var t = v / m.DustWidth;
                    dust = 1f - m.DustDepth * MathF.Exp(-t * t);
                }

                if (m.HasBulge)
                {
                    var vq = v * inverseBulgeQ;
                    float radius;
                    if (boxy)
                    {
                        // Superellipse isophotes |u|^c + |v/q|^c = r^c with c > 2 are boxy.
                        var s = MathF.Pow(MathF.Abs(u), m.BulgeBoxiness) + MathF.Pow(MathF.Abs(vq), m.BulgeBoxiness);
                        var rc = MathF.Pow(s, inverseBoxiness);
                        radius = MathF.Sqrt(rc * rc + soft2);
                    }
                    else
                        radius = MathF.Sqrt(u * u + vq * vq + soft2);
                    var intensity = m.BulgeIe * MathF.Exp(-m.SersicB * (MathF.Pow(radius * inverseRe, inverseN) - 1f)) * dust;
                    r += intensity * m.BulgeR;
                    g += intensity * m.BulgeG;
                    b += intensity * m.BulgeB;
                }

                if (m.HasDisk)
                {
                    var vq = v * inverseDiskQ; // deprojected onto the disk plane
                    var radius = MathF.Sqrt(u * u + vq * vq);
                    var intensity = m.DiskI0 * MathF.Exp(-radius * inverseH) * dust;
                    if (m.HasArms && radius > armInner)
                    {
                        // Logarithmic spiral R = R0 exp(θ tan p): constant phase along θ − ln(R/h)/tan p.
                        var theta = MathF.Atan2(vq, u) * m.Handedness;
                        var phase = m.ArmCount * (theta - MathF.Log(radius * inverseH) * m.InverseTanPitch) + m.ArmPhase;
                        var raised = 0.5f * (1f + MathF.Cos(phase));
                        var arm = raised;
                        for (var k = 1; k < m.ArmSharpness; k++)
                            arm *= raised;
                        // Arms grow in from the bulge instead of starting at a hard edge.
                        var t = Math.Clamp((radius - armInner) / (armOuter - armInner), 0f, 1f);
                        var weight = m.ArmContrast * t * t * (3f - 2f * t);
                        var smooth = intensity * (1f - weight);
                        var spiral = intensity * weight * arm / armMean; // same mean light, redistributed into arms
                        r += smooth * m.DiskR + spiral * m.ArmR;
                        g += smooth * m.DiskG + spiral * m.ArmG;
                        b += smooth * m.DiskB + spiral * m.ArmB;
                    }
                    else
                    {
                        r += intensity * m.DiskR;
                        g += intensity * m.DiskG;
                        b += intensity * m.DiskB;
                    }
                }

                red[row + x] += r;
                green[row + x] += g;
                blue[row + x] += b;
            }
        }
    }

    /// <summary>
    /// Neighbours in about one image in five, as in real cutouts: foreground stars (point sources, which
    /// the PSF then spreads) and small background galaxies, kept away from the target's centre.
    /// </summary>
    public static void PaintNeighbours(ref SplitMix64 rng, int size, Span<float> red, Span<float> green, Span<float> blue)
    {
        if (!rng.Chance(0.2))
            return;
        var scale = size / 69f;
        var count = rng.Chance(0.7) ? 1 : 2;
        for (var n = 0; n < count; n++)
        {
            // Uniform over the frame, but farther than 0.3 of the side from the centre: outside 1.24 R90 of the
            // target, whose Petrosian R90 is framed at 0.2415 of the side (GalaxyModel), so a neighbour does not sit
            // on the galaxy and change its measured size or shape.
            float x, y;
            var centre = (size - 1) * 0.5f;
            do
            {
                x = rng.Uniform(1f, size - 2f);
                y = rng.Uniform(1f, size - 2f);
            } while ((x - centre) * (x - centre) + (y - centre) * (y - centre) < 0.09f * size * size);

            var redness = rng.Uniform(-0.2f, 0.25f);
            var (cr, cg, cb) = (1f + redness, 1f, 1f - redness);
            if (rng.Chance(0.6))
            {
                // A star: all its flux in one point, shared bilinearly between the four nearest pixels.
                var flux = rng.LogUniform(400f, 8000f);
                var x0 = (int)x;
                var y0 = (int)y;
                var fx = x - x0;
                var fy = y - y0;
                AddLight(red, green, blue, y0 * size + x0, flux * (1 - fx) * (1 - fy), cr, cg, cb);
                AddLight(red, green, blue, y0 * size + x0 + 1, flux * fx * (1 - fy), cr, cg, cb);
                AddLight(red, green, blue, (y0 + 1) * size + x0, flux * (1 - fx) * fy, cr, cg, cb);
                AddLight(red, green, blue, (y0 + 1) * size + x0 + 1, flux * fx * fy, cr, cg, cb);
            }
            else
            {
                // A small, distant disk galaxy: an inclined exponential, painted only near itself.
                var h = rng.Uniform(0.8f, 1.8f) * scale;
                var q = rng.Uniform(0.35f, 1f);
                var i0 = rng.LogUniform(40f, 300f);
                var (sin, cos) = MathF.SinCos(rng.Uniform(0f, MathF.PI));
                var reach = (int)MathF.Ceiling(7f * h);
                var xLow = Math.Max(0, (int)x - reach);
                var xHigh = Math.Min(size - 1, (int)x + reach);
                var yLow = Math.Max(0, (int)y - reach);
                var yHigh = Math.Min(size - 1, (int)y + reach);
                for (var py = yLow; py <= yHigh; py++)
                    for (var px = xLow; px <= xHigh; px++)
                    {
                        var dx = px - x;
                        var dy = py - y;
                        var u = dx * cos + dy * sin;
                        var v = (-dx * sin + dy * cos) / q;
                        var intensity = i0 * MathF.Exp(-MathF.Sqrt(u * u + v * v) / h);
                        AddLight(red, green, blue, py * size + px, intensity, cr, cg, cb);
                    }
            }
        }
    }

    private static void AddLight(Span<float> red, Span<float> green, Span<float> blue, int at, float intensity, float cr, float cg, float cb)
    {
        red[at] += intensity * cr;
        green[at] += intensity * cg;
        blue[at] += intensity * cb;
    }

    /// <summary>Mean over a period of ((1 + cos φ)/2)^k = C(2k, k) / 4^k.</summary>
    private static float MeanOfRaisedCosine(int k)
    {
        double mean = 1;
        for (var i = 1; i <= k; i++)
            mean *= (k + i) / (4.0 * i);
        return (float)mean;
    }
}
