namespace GalaxyActors.Core.Imaging.Synthetic;

/// <summary>
/// A tiny, fast, seedable random generator (Steele, Lea &amp; Flood's SplitMix64). Each galaxy gets its
/// own stream derived from (seed, index), so any slice of a sample renders the same bytes on any
/// node, in any order, on any number of threads.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;
    private float _spareGaussian;
    private bool _hasSpare;

    public SplitMix64(ulong state)
    {
        _state = state;
        _spareGaussian = 0;
        _hasSpare = false;
    }

    /// <summary>The stream for one (seed, index) pair: both are run through the finaliser so that
    /// neighbouring indices and neighbouring seeds give unrelated streams.</summary>
    public static SplitMix64 For(int seed, long index, ulong purpose = 0)
    {
        var mixed = Mix(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + purpose) ^ ((ulong)index + 0x632BE59BD9B4E019UL));
        return new SplitMix64(mixed);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public float Uniform(float low, float high) => low + (high - low) * (float)NextDouble();

    /// <summary>Log-uniform in [low, high]: for scale quantities (flux, size) where "twice as big" is
    /// as likely as "half as big".</summary>
    public float LogUniform(float low, float high) => low * MathF.Exp(MathF.Log(high / low) * (float)NextDouble());

    public int NextInt(int exclusiveMax) => (int)((NextUInt64() >> 33) * (ulong)exclusiveMax >> 31);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Standard normal by Box–Muller in single precision (24-bit uniforms: tails to about 5.8σ, ample for pixel noise); the second value of each pair is kept for the next call.</summary>
    public float NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        var u1 = 1f - (NextUInt64() >> 40) * (1f / (1 << 24)); // (0, 1], so the log is finite
        var u2 = (NextUInt64() >> 40) * (1f / (1 << 24));
        var radius = MathF.Sqrt(-2f * MathF.Log(u1));
        var (sin, cos) = MathF.SinCos(2f * MathF.PI * u2);
        _spareGaussian = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }
}
