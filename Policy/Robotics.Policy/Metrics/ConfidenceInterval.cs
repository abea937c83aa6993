namespace Robotics.Policy.Metrics;

/// <summary>A 95% interval [Low, High] of a statistic, here from a percentile bootstrap.</summary>
public sealed record ConfidenceInterval(double Low, double High)
{
    /// <summary>Whether the interval holds <paramref name="value"/>: for a difference, whether "no difference" is still plausible.</summary>
    public bool Covers(double value) => Low <= value && value <= High;

    /// <summary>
    /// The central 95% of <paramref name="samples"/> (percentiles 2.5 and 97.5, linearly interpolated between order
    /// statistics, numpy's default); NaN samples (a resample the statistic is undefined on) are left out.
    /// </summary>
    public static ConfidenceInterval Percentile95(IEnumerable<double> samples)
    {
        var sorted = samples.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return new ConfidenceInterval(double.NaN, double.NaN);
        return new ConfidenceInterval(Quantile(sorted, 0.025), Quantile(sorted, 0.975));
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
