namespace Robotics.Policy.Metrics;

/// <summary>
/// A success count over n seeded episodes, with its Wilson score 95% interval. <paramref name="PhysicsErrors"/> counts
/// the episodes among the n whose physics blew up under the policy's actions: they are failures, in the denominator,
/// and reported so a reader sees them.
/// </summary>
public sealed record SuccessRate(int Successes, int Episodes, int PhysicsErrors = 0)
{
    private const double Z95 = 1.959963984540054;

    public double Rate => Episodes == 0 ? 0 : (double)Successes / Episodes;

    /// <summary>Wilson score interval (Wilson 1927): well behaved at 0 and n successes, unlike the normal approximation.</summary>
    public (double Low, double High) Wilson95 => WilsonInterval(Successes, Episodes, Z95);

    public static (double Low, double High) WilsonInterval(int successes, int n, double z)
    {
        if (n <= 0) return (0, 1);
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes), $"successes must be in [0, {n}], got {successes}");
        return WilsonInterval((double)successes / n, (double)n, z);
    }

    /// <summary>The same interval for a rate and a (possibly fractional) episode count: what n episodes at this rate would give.</summary>
    public static (double Low, double High) WilsonInterval(double p, double n, double z)
    {
        if (n <= 0) return (0, 1);
        if (p is < 0 or > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), $"a rate must lie in [0, 1], got {p}");
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    public override string ToString()
    {
        var (low, high) = Wilson95;
        var blowUps = PhysicsErrors > 0 ? $", {PhysicsErrors} blew up" : "";
        return $"{Successes}/{Episodes} ({Rate:P0}, 95% CI {low:P0}-{high:P0}{blowUps})";
    }
}
