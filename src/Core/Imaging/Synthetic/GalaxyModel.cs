namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// The physical description of one synthetic galaxy, drawn at random within the ranges that make it
/// look like its Galaxy10 class: a Sérsic bulge, an exponential disk seen at some inclination,
/// logarithmic spiral arms, colours, and the observing conditions (seeing, sky, noise).
/// Lengths are in pixels, intensities in detector counts per pixel before sky and noise.
/// <para>
/// Framing, as Galaxy10 frames real galaxies. Galaxy Zoo 2 cut every galaxy out of SDSS as a 424×424 gri
/// composite "scaled to (0.02 × petroR90_r) arcsec per pixel" (Willett et al. 2013, MNRAS 435, 2835), so a
/// galaxy's r-band Petrosian R90 is 50 GZ2 pixels whatever its angular size; Galaxy10 SDSS (Leung &amp; Bovy; astroNN
/// docs, galaxy10sdss.rst) took "the original images [...] 424x424, [...] cropped to 207x207 centered at the images
/// and then downscaled 3 times via bilinear interpolation to 69x69", the preprocessing of Dieleman et al. (2015,
/// MNRAS 450, 1441; Galaxy Challenge write-up, sander.ai 2014). Hence in a 69 px Galaxy10 cutout R90 = 50/3 =
/// 16.7 px = 0.2415 of the side for every galaxy (the frame reaches 2.07 R90 from the centre; one pixel is
/// 0.06 × petroR90_r arcsec), and R50 = R90/C with the concentration C = R90/R50 of its light profile (about 2.3 for
/// an exponential disk to 3.4 for a de Vaucouleurs spheroid), 0.07–0.11 of the side. The only spread in R90 is
/// what separates the catalogue's r-band petroR90_r from the same measure on the published gri image (colour
/// gradients, deblending); we have no real Galaxy10 image here to measure it on and take a log-normal scatter of
/// 8 % (<see cref="FramingScatter"/>: 10–90 % within about ±10 %), an assumption. The cutouts are centred on the
/// catalogue position (SDSS astrometry is good to about 0.05″ rms, against 0.2–1.2″ per Galaxy10 pixel for
/// petroR90_r of 3–20″), plus at most a sixth of a pixel from cropping 207 of 424 pixels: centring offsets are drawn
/// within ±0.5 px (they were ±1.5 px).
/// </para>
/// <para>
/// So each galaxy's shape is drawn as its class dictates, then all its lengths are scaled together until its
/// Petrosian R90 is the Galaxy10 one (<see cref="FrameAsGalaxy10"/>). Measured over 2,000 galaxies of seed 1 as SDSS
/// measures (<see cref="PetrosianRadii"/>, r band = our G channel, PSF included, circular apertures on a canvas twice
/// the frame), R90/side was a median 0.215 with 10–90 % range 0.141–0.316 before this, and class-dependent (medians
/// from 0.136 for boxy edge-on bulges to 0.282 for loose spirals: size gave the class away), R50/side 0.074
/// (0.048–0.124). After: R90/side median 0.239, 10–90 % 0.215–0.266, class medians 0.233–0.244; R50/side median
/// 0.084 (0.070–0.104), from 0.071 for cigars to 0.103 for loose spirals, as their concentrations make it
/// (tests/Core.Tests/Imaging/SyntheticFramingTests.cs measures it; docs/BENCHMARKS.md).
/// </para>
/// </summary>
internal struct GalaxyModel
{
    // Placement on the sky.
    public float CentreX, CentreY;
    public float CosAngle, SinAngle; // position angle of the major axis

    // Bulge (or the whole galaxy for ellipticals): Sérsic profile I(r) = Ie exp(-b_n((r/Re)^(1/n) - 1)).
    public float BulgeIe, BulgeRe, SersicN, SersicB, BulgeQ;
    /// <summary>Superellipse exponent of the bulge isophotes: 2 is an ellipse, &gt; 2 boxy.</summary>
    public float BulgeBoxiness;

    // Exponential disk I(R) = I0 exp(-R/h), R the radius in the disk plane.
    public float DiskI0, DiskScale;
    /// <summary>Projected axis ratio of the disk, from the inclination and intrinsic thickness.</summary>
    public float DiskQ;

    // Logarithmic spiral arms: brightness along phase m(θ − ln(R/h)/tan(pitch)).
    public int ArmCount;
    public float InverseTanPitch, ArmPhase, ArmContrast, Handedness;
    /// <summary>Arms are ((1 + cos φ)/2)^k: larger k gives narrower arms.</summary>
    public int ArmSharpness;

    // Dust lane across edge-on disks: attenuation 1 − τ exp(−(v/w)²).
    public float DustDepth, DustWidth;

    // Colours as multipliers of the R, G, B channels (standing for SDSS i, r, g).
    public float BulgeR, BulgeG, BulgeB;
    public float DiskR, DiskG, DiskB;
    public float ArmR, ArmG, ArmB;

    // Observing conditions.
    public float PsfSigma, Sky, ReadNoise, Gain;

    public readonly bool HasBulge => BulgeIe > 0;
    public readonly bool HasDisk => DiskI0 > 0;
    public readonly bool HasArms => ArmCount > 0;

    /// <summary>Ciotti &amp; Bertin (1999) asymptotic b_n, so that Re encloses half the light.</summary>
    public static float SersicBn(float n) => 2f * n - 1f / 3f + 4f / (405f * n) + 46f / (25515f * n * n);

    /// <summary>Petrosian R90 of a Galaxy10 cutout as a fraction of its side: 50 GZ2 pixels of 424, cropped to 207 and downscaled 3× to 69 (see the class comment).</summary>
    public const float Galaxy10R90Fraction = 50f / 3f / 69f;

    /// <summary>Log-normal scatter (σ of ln R90) around <see cref="Galaxy10R90Fraction"/>: an assumption, see the class comment.</summary>
    public const float FramingScatter = 0.08f;

    public static GalaxyModel Draw(Galaxy10Class galaxyClass, ref SplitMix64 rng, int size)
    {
        var scale = size / 69f; // ranges below are tuned for Galaxy10's 69-pixel cutouts
        var m = new GalaxyModel();
        m.CentreX = (size - 1) * 0.5f + rng.Uniform(-0.5f, 0.5f) * scale;
        m.CentreY = (size - 1) * 0.5f + rng.Uniform(-0.5f, 0.5f) * scale;
        var angle = rng.Uniform(0f, MathF.PI);
        (m.SinAngle, m.CosAngle) = MathF.SinCos(angle);
        m.BulgeBoxiness = 2f;

        // Old stars in bulges and ellipticals are red; disks are bluer and arms, with young stars,
        // bluer still. A little jitter per galaxy so that colour alone does not give the class away.
        var jitter = rng.Uniform(-0.06f, 0.06f);
        (m.BulgeR, m.BulgeG, m.BulgeB) = (1.28f + jitter, 1.0f, 0.72f - jitter);
        jitter = rng.Uniform(-0.05f, 0.05f);
        (m.DiskR, m.DiskG, m.DiskB) = (1.02f + jitter, 1.0f, 0.98f - jitter);
        (m.ArmR, m.ArmG, m.ArmB) = (0.78f + jitter, 0.97f, 1.25f - jitter);

        switch (galaxyClass)
        {
            case Galaxy10Class.SmoothRound:
            case Galaxy10Class.SmoothInBetween:
            case Galaxy10Class.SmoothCigar:
                // Ellipticals: a de Vaucouleurs-like profile and nothing else; only the flattening differs.
                // (The radius drawn here is rescaled by the framing below; it only sets the light per pixel.)
                SetBulge(ref m, n: rng.Uniform(3.2f, 4.8f), re: rng.LogUniform(3.5f, 8f) * scale,
                    ie: rng.LogUniform(35f, 110f), q: galaxyClass switch
                    {
                        Galaxy10Class.SmoothRound => rng.Uniform(0.82f, 1.0f),
                        Galaxy10Class.SmoothInBetween => rng.Uniform(0.5f, 0.72f),
                        _ => rng.Uniform(0.2f, 0.35f),
                    });
                break;

            case Galaxy10Class.DiskFaceOnNoSpiral:
                SetDisk(ref m, cosInclination: rng.Uniform(0.6f, 1f), h: rng.LogUniform(4f, 7.5f) * scale, i0: rng.LogUniform(150f, 420f));
                SetBulge(ref m, n: rng.Uniform(1.5f, 3f), re: m.DiskScale * rng.Uniform(0.2f, 0.35f), ie: m.DiskI0 * rng.Uniform(0.5f, 1.2f), q: rng.Uniform(0.8f, 1f));
                break;

            case Galaxy10Class.EdgeOnRoundedBulge:
            case Galaxy10Class.EdgeOnBoxyBulge:
            case Galaxy10Class.EdgeOnNoBulge:
                // Seen within a few degrees of edge-on, the disk's projected thickness is its intrinsic one.
                SetDisk(ref m, cosInclination: rng.Uniform(0f, 0.08f), h: rng.LogUniform(5f, 9f) * scale, i0: rng.LogUniform(250f, 700f),
                    intrinsicThickness: galaxyClass == Galaxy10Class.EdgeOnNoBulge ? rng.Uniform(0.07f, 0.11f) : rng.Uniform(0.09f, 0.14f));
                if (galaxyClass == Galaxy10Class.EdgeOnRoundedBulge)
                    SetBulge(ref m, n: rng.Uniform(2f, 4f), re: m.DiskScale * rng.Uniform(0.3f, 0.45f), ie: m.DiskI0 * rng.Uniform(0.35f, 0.7f), q: rng.Uniform(0.75f, 0.95f));
                else if (galaxyClass == Galaxy10Class.EdgeOnBoxyBulge)
                {
                    SetBulge(ref m, n: rng.Uniform(0.8f, 1.6f), re: m.DiskScale * rng.Uniform(0.3f, 0.45f), ie: m.DiskI0 * rng.Uniform(0.45f, 0.8f), q: rng.Uniform(0.55f, 0.8f));
                    m.BulgeBoxiness = rng.Uniform(3f, 5f);
                }
                if (galaxyClass != Galaxy10Class.EdgeOnNoBulge && rng.Chance(0.5))
                {
                    m.DustDepth = rng.Uniform(0.25f, 0.55f);
                    m.DustWidth = m.DiskQ * m.DiskScale * rng.Uniform(0.3f, 0.5f);
                }
                break;

            default: // spirals 7, 8, 9
                SetDisk(ref m, cosInclination: rng.Uniform(0.5f, 1f), h: rng.LogUniform(4.5f, 8f) * scale, i0: rng.LogUniform(150f, 400f));
                var (pitchLow, pitchHigh, bulgeLow, bulgeHigh, bulgeBright) = galaxyClass switch
                {
                    Galaxy10Class.TightSpiral => (8f, 13f, 0.3f, 0.42f, 1.2f),
                    Galaxy10Class.MediumSpiral => (17f, 23f, 0.22f, 0.32f, 0.9f),
                    _ => (28f, 38f, 0.15f, 0.25f, 0.6f),
                };
                SetBulge(ref m, n: rng.Uniform(1.5f, 3.5f), re: m.DiskScale * rng.Uniform(bulgeLow, bulgeHigh), ie: m.DiskI0 * bulgeBright * rng.Uniform(0.7f, 1.3f), q: rng.Uniform(0.8f, 1f));
                var roll = rng.NextDouble();
                m.ArmCount = roll < 0.6 ? 2 : roll < 0.85 ? 3 : 4;
                m.InverseTanPitch = 1f / MathF.Tan(rng.Uniform(pitchLow, pitchHigh) * MathF.PI / 180f);
                m.ArmPhase = rng.Uniform(0f, 2f * MathF.PI);
                m.ArmContrast = rng.Uniform(0.65f, 0.9f);
                m.ArmSharpness = 2 + rng.NextInt(3);
                m.Handedness = rng.Chance(0.5) ? 1f : -1f;
                break;
        }

        // Seeing of SDSS-like cutouts: FWHM of about two pixels.
        m.PsfSigma = rng.Uniform(1.7f, 2.7f) * scale / 2.3548f;

        // Every length scaled together so that the Petrosian R90 (PSF included) is Galaxy10's (class comment).
        // Surface brightness is kept, so the light per pixel, and with it the noise, stays what the class ranges
        // above make it.
        FrameAsGalaxy10(ref m, Galaxy10R90Fraction * size * MathF.Exp(FramingScatter * rng.NextGaussian()));
        m.Sky = rng.Uniform(30f, 60f);
        m.ReadNoise = 2.5f;
        m.Gain = 1f;
        return m;
    }

    /// <summary>
    /// Scales every length of <paramref name="m"/> (bulge Re, disk scale length, dust lane width; the arms follow the
    /// disk scale) so that the Petrosian R90 of its PSF-blurred r-band light (our G channel), in circular apertures
    /// about its centre, is <paramref name="targetR90"/> pixels, as petroR90_r is measured on the survey image. The
    /// rendered light is not exactly scale-free (a cuspy centre sampled at pixel centres, the fixed PSF), so the scale
    /// is found by measurement at the final scale: a first guess from the profile (R90 ≈ 3.8 h for disks, ≈ 2.4 Re for
    /// spheroids), then two corrections, each painting the galaxy on an 80 px canvas and scaling by target/measured.
    /// R90/scale varies slowly with the scale (by about 7 % per doubling for a de Vaucouleurs profile, 2 % for a disk),
    /// so each correction shrinks the error at least tenfold. The canvas holds the 2 r_P Petrosian aperture (≤ 2 R90)
    /// up to R90 = 20 px, which the second pass needs (R90 within a few % of the target, 16.7 px · e^(±2.5σ) at most);
    /// when the first guess is far off, its aperture is cut at the canvas and only that correction is less exact.
    /// </summary>
    internal static void FrameAsGalaxy10(ref GalaxyModel m, float targetR90)
    {
        const int canvas = 80;
        var guess = m.HasDisk ? 3.8f * m.DiskScale : 2.4f * m.BulgeRe;
        ScaleLengths(ref m, targetR90 / guess);
        var plane = canvas * canvas;
        var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(4 * plane);
        try
        {
            for (var pass = 0; pass < 2; pass++)
            {
                var trial = m;
                trial.CentreX = trial.CentreY = (canvas - 1) * 0.5f;
                var all = buffer.AsSpan(0, 4 * plane);
                all.Clear();
                var green = all.Slice(plane, plane);
                GalaxyPainter.PaintGalaxy(in trial, canvas, all[..plane], green, all.Slice(2 * plane, plane));
                ObservationSimulator.Blur(green, all.Slice(3 * plane, plane), canvas, trial.PsfSigma);
                var radii = PetrosianRadii.MeasureCentred(green, canvas);
                if (!radii.IsValid)
                    break; // keep the guess: no Petrosian radius within the canvas (not seen in 2,000 galaxies)
                ScaleLengths(ref m, targetR90 / (float)radii.R90);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static void ScaleLengths(ref GalaxyModel m, float factor)
    {
        m.BulgeRe *= factor;
        m.DiskScale *= factor;
        m.DustWidth *= factor;
    }

    private static void SetBulge(ref GalaxyModel m, float n, float re, float ie, float q)
    {
        m.SersicN = n;
        m.SersicB = SersicBn(n);
        m.BulgeRe = re;
        m.BulgeIe = ie;
        m.BulgeQ = q;
    }

    /// <summary>Projected axis ratio of a disk of intrinsic thickness q0 (Hubble 1926):
    /// q² = cos²i + q0² sin²i.</summary>
    private static void SetDisk(ref GalaxyModel m, float cosInclination, float h, float i0, float intrinsicThickness = 0.12f)
    {
        var cos2 = cosInclination * cosInclination;
        m.DiskQ = MathF.Sqrt(cos2 + intrinsicThickness * intrinsicThickness * (1f - cos2));
        m.DiskScale = h;
        m.DiskI0 = i0;
    }
}
