namespace Robotics.Policy.Metrics;

/// <summary>
/// A stream of pseudo-random numbers from SplitMix64 (Steele et al. 2014): fixed arithmetic, so a bootstrap gives the
/// same interval in every process and on every machine (System.Random's algorithm is not promised across .NET versions).
/// </summary>
public sealed class SplitMixStream(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n): Lemire's multiply-shift, whose bias at the n of a bootstrap (tens of rows) is below 2^-58.</summary>
    public int NextIndex(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"n must be positive, got {n}");
        return (int)(((UInt128)NextUInt64() * (ulong)n) >> 64);
    }

    /// <summary>A Binomial(n, p) draw as the sum of n Bernoulli trials: exact, and cheap at the episode counts here (n of a few hundred).</summary>
    public int NextBinomial(int n, double p)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), $"n must be >= 0, got {n}");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"p must be in [0, 1], got {p}");
        var k = 0;
        for (var i = 0; i < n; i++)
            if (NextDouble() < p) k++;
        return k;
    }
}
