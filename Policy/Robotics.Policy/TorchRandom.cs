namespace Robotics.Policy;

/// <summary>
/// libtorch's one global generator, which seeded weight initialisation draws from. Whoever seeds it and then builds modules
/// holds <see cref="Lock"/> for both, so that two runs in one process (the razor's workers) cannot draw from each other's
/// seed. Sampling never uses it: actors and probes bring their own <c>torch.Generator</c>.
/// </summary>
public static class TorchRandom
{
    public static readonly object Lock = new();
}
