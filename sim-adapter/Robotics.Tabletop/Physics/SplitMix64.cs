namespace Robotics.Tabletop.Physics;

/// <summary>
/// SplitMix64: a tiny, fully specified generator, so that a seed decides an episode the same way on every .NET
/// version and machine (System.Random's algorithm is an implementation detail).
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(Next() % (ulong)n);

    /// <summary>One of <paramref name="count"/> evenly spaced values from <paramref name="min"/> to <paramref name="max"/> (a grid axis).</summary>
    public double GridValue(double min, double max, int count) => count == 1 ? min : min + (max - min) * NextInt(count) / (count - 1);

    /// <summary>A seed derived from several values (the root seed, an env index, a counter).</summary>
    public static ulong Mix(ulong a, ulong b, ulong c)
    {
        var rng = new SplitMix64(a ^ (b * 0xD1B54A32D192ED03UL) ^ (c * 0x8CB92BA72F3D8DD7UL));
        rng.Next();
        return rng.Next();
    }
}
