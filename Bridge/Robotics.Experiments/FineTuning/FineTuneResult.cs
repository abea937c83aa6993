namespace Robotics.Experiments.FineTuning;

/// <summary>Where a run's checkpoints are and what it cost.</summary>
public sealed record FineTuneResult(FineTuneOptions Options, IReadOnlyList<string> Checkpoints, TimeSpan WallTime, int ResumedFromStep)
{
    /// <summary>The last forward KL(base || policy) the monitor measured, and at which step.</summary>
    public (int Step, double ForwardKl)? LastKl { get; init; }
    /// <summary>Set when a KL budget stopped the run before its last step.</summary>
    public KlBudgetStop? BudgetStop { get; init; }
    /// <summary>Hybrid: the SFT warm start's own result (null when a resume skipped it) and the warm-start step GRPO began from (0: the base).</summary>
    public FineTuneResult? Warmup { get; init; }
    public int? WarmupStartStep { get; init; }
}
