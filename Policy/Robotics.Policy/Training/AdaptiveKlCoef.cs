namespace Robotics.Policy.Training;

/// <summary>
/// The adaptive KL penalty of PPO (Schulman et al. 2017, "Proximal Policy Optimization Algorithms", sec. 4): after each
/// measurement d of the KL, beta is halved when d &lt; target / 1.5 and doubled when d &gt; 1.5 target, so the KL settles
/// near the target instead of the user guessing a beta. Here it steers KL-SFT's beta toward a forward-KL budget.
/// </summary>
public sealed class AdaptiveKlCoef(double target, double initial)
{
    /// <summary>The band the rule tolerates without a change: [target / 1.5, 1.5 target].</summary>
    public const double Tolerance = 1.5;
    public const double Factor = 2;
    /// <summary>Bounds on beta, so a long stretch on one side of the band cannot drive it to 0 or overflow.</summary>
    public const double Min = 1e-3, Max = 1e3;

    public double Target { get; } = target > 0 && double.IsFinite(target) ? target : throw new ArgumentException($"the KL target must be a positive number, got {target}");
    public double Value { get; private set; } = initial > 0 && double.IsFinite(initial) ? Math.Clamp(initial, Min, Max) : throw new ArgumentException($"the initial KL coefficient must be positive, got {initial}");

    /// <summary>Adjusts beta after a measured KL and returns the new value.</summary>
    public double Update(double measuredKl)
    {
        if (measuredKl < Target / Tolerance) Value = Math.Max(Min, Value / Factor);
        else if (measuredKl > Target * Tolerance) Value = Math.Min(Max, Value * Factor);
        return Value;
    }

    /// <summary>Restores the value a checkpoint recorded (resume).</summary>
    public void Restore(double value) => Value = Math.Clamp(value, Min, Max);
}
