using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Retention;

/// <summary>
/// Confidence bounds on the retention margin D = p_candidate - m * p_base, the quantity the gate tests: the candidate
/// keeps at least m of the base's success exactly when D >= 0 (for p_base > 0). Bounds by MOVER with Wilson intervals
/// (Newcombe 1998, method 10, for a difference; Zou and Donner 2008 for a weighted one): each side's Wilson bound is
/// recovered into the margin's bound. The two policies are scored on the same seeds but treated as independent samples,
/// which widens the interval when their outcomes on a seed are positively correlated (they usually are): conservative.
/// </summary>
internal static class RetentionMargin
{
    /// <summary>Lower and upper one-sided bounds, each at the confidence that <paramref name="z"/> (a normal quantile) gives.</summary>
    public static (double Low, double High) Bounds(double baseRate, double baseEpisodes, double candidateRate, double candidateEpisodes, double minRetention, double z)
    {
        var (bLow, bHigh) = SuccessRate.WilsonInterval(baseRate, baseEpisodes, z);
        var (cLow, cHigh) = SuccessRate.WilsonInterval(candidateRate, candidateEpisodes, z);
        var d = candidateRate - minRetention * baseRate;
        var low = d - Math.Sqrt(Square(candidateRate - cLow) + Square(minRetention * (bHigh - baseRate)));
        var high = d + Math.Sqrt(Square(cHigh - candidateRate) + Square(minRetention * (baseRate - bLow)));
        return (low, high);
    }

    public static (double Low, double High) Bounds(SuccessRate baseRate, SuccessRate candidate, double minRetention, double z) =>
        Bounds(baseRate.Rate, baseRate.Episodes, candidate.Rate, candidate.Episodes, minRetention, z);

    private static double Square(double x) => x * x;
}
