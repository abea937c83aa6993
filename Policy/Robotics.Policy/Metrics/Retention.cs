namespace Robotics.Policy.Metrics;

/// <summary>
/// How much of a held-out task a fine-tuned policy kept: both policies scored on the same seeds.
/// Forgetting = before - after (LIBERO's negative backward transfer for one new task).
/// </summary>
public sealed record Retention(string Task, SuccessRate Before, SuccessRate After)
{
    /// <summary>after / before; 1 when the base never succeeded (nothing to forget) and the policy still does not.</summary>
    public double Ratio => Before.Rate <= 0 ? (After.Rate > 0 ? double.PositiveInfinity : 1) : After.Rate / Before.Rate;

    public double Forgetting => Before.Rate - After.Rate;
}
