namespace Robotics.Experiments.Retention;

/// <summary>What the CI retention gate checks: every task keeps at least MinRetention of the base's success (and, optionally, KL stays small).</summary>
public sealed record RetentionGateOptions
{
    public required IReadOnlyList<string> Tasks { get; init; }
    /// <summary>The most seeded episodes per task (the same for both policies); the test stops earlier once every task is decided.</summary>
    public int Episodes { get; init; } = 100;
    /// <summary>Episodes per task between two looks (null: 20, or <see cref="Episodes"/> when fewer); equal to <see cref="Episodes"/> for a single, fixed-size test.</summary>
    public int? Batch { get; init; }

    /// <summary>The batch the test uses.</summary>
    public int LookEvery => Batch ?? Math.Min(20, Episodes);
    /// <summary>Candidate success / base success, per task.</summary>
    public double MinRetention { get; init; } = 0.9;
    /// <summary>1 - the largest chance of either wrong verdict (failing a candidate that holds, passing one that forgot).</summary>
    public double Confidence { get; init; } = 0.95;
    /// <summary>Largest forward KL(base || candidate) allowed on the tasks' states; null = not checked.</summary>
    public double? MaxKl { get; init; }
    public int KlStates { get; init; } = 256;

    public double Alpha => 1 - Confidence;

    /// <summary>Each task's evaluation seeds are a block of this many.</summary>
    public const int MaxEpisodes = 10_000;

    public void Validate()
    {
        if (Tasks.Count == 0) throw new ArgumentException("give at least one task to check");
        if (Tasks.Distinct(StringComparer.Ordinal).Count() != Tasks.Count) throw new ArgumentException($"--tasks names a task twice: {string.Join(",", Tasks)}");
        if (Episodes is < 1 or > MaxEpisodes) throw new ArgumentException($"--episodes must lie in [1, {MaxEpisodes}] (each task's seeds are a block of that size), got {Episodes}");
        if (Batch is { } b && (b < 1 || b > Episodes)) throw new ArgumentException($"--batch must lie in [1, --episodes = {Episodes}], got {Batch}");
        if (MinRetention is <= 0 or > 10 || double.IsNaN(MinRetention)) throw new ArgumentException($"--min-retention must be a positive ratio such as 0.9, got {MinRetention}");
        if (Confidence is <= 0.5 or >= 1 || double.IsNaN(Confidence)) throw new ArgumentException($"--confidence must lie in (0.5, 1), such as 0.95, got {Confidence}");
        if (MaxKl is < 0) throw new ArgumentException($"--max-kl must be >= 0, got {MaxKl}");
        if (KlStates < 1) throw new ArgumentException($"KlStates must be positive, got {KlStates}");
    }
}
