namespace Robotics.Bridge.Rollouts;

/// <summary>Seeded standard-normal samples (Box-Muller over <see cref="Random"/>), so noisy collections replay exactly.</summary>
internal sealed class SeededNormal(ulong seed)
{
    private readonly Random _random = new(unchecked((int)(seed ^ (seed >> 32) ^ 0x5EED)));

    public double NextUniform() => _random.NextDouble();

    public double Next()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
