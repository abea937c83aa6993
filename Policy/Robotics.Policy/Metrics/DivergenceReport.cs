namespace Robotics.Policy.Metrics;

/// <summary>
/// Mean divergences between the base policy pi_0 and a fine-tuned pi over the probe's states (nats; TV in [0, 1]):
/// forward KL E_s[KL(pi_0 || pi)] on prefixes from pi_0, reverse KL E_s[KL(pi || pi_0)] on prefixes from pi, and total
/// variation as the mean over the 7 tokens of each token's TV on pi_0's prefixes (not the TV of the joint action).
/// </summary>
public sealed record DivergenceReport(double ForwardKl, double ReverseKl, double TotalVariation, int States)
{
    /// <summary>KL(pi || pi_0) on pi_0's prefixes: what this probe once reported as reverse KL, kept to compare with.</summary>
    public double ReverseKlOnBasePrefixes { get; init; } = double.NaN;
}
