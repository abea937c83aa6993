namespace Robotics.Policy.Training;

/// <summary>
/// Derives a generator seed from a run seed and a stream index (an iteration, a minibatch pass) with SplitMix64's
/// finaliser (Steele et al. 2014): fixed arithmetic, so the same command gives the same numbers in every process and a
/// resume in a new process continues exactly. .NET's <c>HashCode.Combine</c> is seeded randomly per process and must
/// never decide a seed.
/// </summary>
public static class SeedMix
{
    public static int For(long seed, long stream)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return unchecked((int)(z & 0x7FFF_FFFF));
    }
}
