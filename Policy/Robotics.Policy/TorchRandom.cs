namespace Robotics.Policy;

/// <summary>
/// libtorch's one global generator, which seeded weight initialisation draws from. <see cref="Seeded{T}"/> seeds it and
/// builds under one lock, so that two runs in one process (the razor's workers) cannot draw from each other's seed.
/// Sampling never uses it: actors and probes bring their own <c>torch.Generator</c>.
/// </summary>
public static class TorchRandom
{
    private static readonly object Lock = new();

    /// <summary>Seeds the global generator with <paramref name="seed"/> and runs <paramref name="build"/>, which draws from it.</summary>
    public static T Seeded<T>(long seed, Func<T> build)
    {
        lock (Lock)
        {
            TorchSharp.torch.random.manual_seed(seed);
            return build();
        }
    }
}
