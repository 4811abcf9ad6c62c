namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// The physical description of one synthetic galaxy, drawn at random within the ranges that make it
/// look like its Galaxy10 class: a Sérsic bulge, an exponential disk seen at some inclination,
/// logarithmic spiral arms, colours, and the observing conditions (seeing, sky, noise).
/// Lengths are in pixels, intensities in detector counts per pixel before sky and noise.
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

    public static GalaxyModel Draw(Galaxy10Class galaxyClass, ref SplitMix64 rng, int size)
    {
        var scale = size / 69f; // ranges below are tuned for Galaxy10's 69-pixel cutouts
        var m = new GalaxyModel();
        m.CentreX = (size - 1) * 0.5f + rng.Uniform(-1.5f, 1.5f) * scale;
        m.CentreY = (size - 1) * 0.5f + rng.Uniform(-1.5f, 1.5f) * scale;
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
                // Flattened ones are drawn larger: a small cigar blurred by the PSF would look round.
                var large = galaxyClass == Galaxy10Class.SmoothCigar ? 1.3f : 1f;
                SetBulge(ref m, n: rng.Uniform(3.2f, 4.8f), re: rng.LogUniform(3.5f, 8f) * large * scale,
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
        m.Sky = rng.Uniform(30f, 60f);
        m.ReadNoise = 2.5f;
        m.Gain = 1f;
        return m;
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
