namespace Robotics.Experiments.Razor;

/// <summary>Everything the razor measured, as results.json holds it; the report is rendered from this alone.</summary>
public sealed record RazorResults
{
    public required string Profile { get; init; }
    public required string Machine { get; init; }
    public required string Simulator { get; init; }
    public required DateTimeOffset Started { get; init; }
    public double WallTimeSeconds { get; init; }
    public required string NewTask { get; init; }
    public required IReadOnlyList<string> HeldOutTasks { get; init; }
    public required string BaseCheckpoint { get; init; }
    /// <summary>What the policies see, e.g. whether object poses (privileged state) join the pixels; empty in older results.</summary>
    public string PolicyInputs { get; init; } = "";
    /// <summary>"committed" (loaded because its inputs hash matched) or "trained" (with its wall time).</summary>
    public required string BaseOrigin { get; init; }
    public double BaseTrainSeconds { get; init; }
    public required TaskScore BaseNewTask { get; init; }
    public required IReadOnlyDictionary<string, TaskScore> BaseHeldOut { get; init; }
    public int KlProbeStates { get; init; }
    public required IReadOnlyList<RunSummary> Runs { get; init; }
    public required IReadOnlyList<CheckpointScore> Checkpoints { get; init; }
    public required IReadOnlyList<PredictorFit> Law { get; init; }
    /// <summary>How the law's bootstrap intervals were drawn.</summary>
    public LawBootstrap LawBootstrap { get; init; } = new();
    /// <summary>Where the wall time went, stage by stage; empty in older results.</summary>
    public IReadOnlyList<StageTime> Stages { get; init; } = [];
    public required IReadOnlyList<MatchedBand> Matched { get; init; }
    public required IReadOnlyList<string> Findings { get; init; }
}

/// <summary>One fine-tuning run as the report lists it.</summary>
public sealed record RunSummary(string Name, string Method, double LearningRate, double KlCoef, double ReplayFraction, int Steps, double WallTimeSeconds);
