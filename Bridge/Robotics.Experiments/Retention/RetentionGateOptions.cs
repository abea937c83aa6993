namespace Robotics.Experiments.Retention;

/// <summary>What the CI retention gate checks: every task keeps at least MinRetention of the base's success (and, optionally, KL stays small).</summary>
public sealed record RetentionGateOptions
{
    public required IReadOnlyList<string> Tasks { get; init; }
    public int Episodes { get; init; } = 30;
    /// <summary>Candidate success / base success, per task.</summary>
    public double MinRetention { get; init; } = 0.9;
    /// <summary>Largest forward KL(base || candidate) allowed on the tasks' states; null = not checked.</summary>
    public double? MaxKl { get; init; }
    public int KlStates { get; init; } = 256;

    public void Validate()
    {
        if (Tasks.Count == 0) throw new ArgumentException("give at least one task to check");
        if (Episodes < 1) throw new ArgumentException($"--episodes must be positive, got {Episodes}");
        if (MinRetention is < 0 or > 10 || double.IsNaN(MinRetention)) throw new ArgumentException($"--min-retention must be a ratio such as 0.9, got {MinRetention}");
        if (MaxKl is < 0) throw new ArgumentException($"--max-kl must be >= 0, got {MaxKl}");
        if (KlStates < 1) throw new ArgumentException($"KlStates must be positive, got {KlStates}");
    }
}
