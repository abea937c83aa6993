namespace Robotics.Policy.Metrics;

/// <summary>
/// How much of a held-out task a fine-tuned policy kept: both policies scored on the same seeds.
/// Forgetting = before - after (LIBERO's negative backward transfer for one new task).
/// </summary>
public sealed record Retention(string Task, SuccessRate Before, SuccessRate After)
{
    /// <summary>after / before, as <see cref="RatioOf"/> defines it.</summary>
    public double Ratio => RatioOf(Before.Rate, After.Rate);

    public double Forgetting => Before.Rate - After.Rate;

    /// <summary>
    /// The one definition of the retention ratio, after / before. When the base never succeeded there is nothing to
    /// forget: the ratio is 1 (all of nothing kept) whatever the policy does, so it stays finite (JSON has no infinity) and
    /// never reads as forgetting. Gains on such a task show in <see cref="Forgetting"/>, which goes negative.
    /// </summary>
    public static double RatioOf(double before, double after)
    {
        if (before is < 0 or > 1 || after is < 0 or > 1 || double.IsNaN(before) || double.IsNaN(after))
            throw new ArgumentOutOfRangeException(nameof(before), $"success rates must lie in [0, 1], got before {before}, after {after}");
        return before <= 0 ? 1 : after / before;
    }
}
