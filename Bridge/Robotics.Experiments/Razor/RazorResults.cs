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
    /// <summary>The base's checkpoint folder; results.json and the report hold it relative to the report folder.</summary>
    public required string BaseCheckpoint { get; init; }
    /// <summary>What the policies see, e.g. whether object poses (privileged state) join the pixels; empty in older results.</summary>
    public string PolicyInputs { get; init; } = "";
    /// <summary>How success was scored (<see cref="Evaluation.SuccessScoringLabel.Name"/>); empty in older results, which were all success_once.</summary>
    public string SuccessScoring { get; init; } = "";
    /// <summary>"committed" (loaded because its inputs hash matched) or "trained" (with its wall time).</summary>
    public required string BaseOrigin { get; init; }
    public double BaseTrainSeconds { get; init; }
    public required TaskScore BaseNewTask { get; init; }
    public required IReadOnlyDictionary<string, TaskScore> BaseHeldOut { get; init; }
    public int KlProbeStates { get; init; }
    /// <summary>Base rollouts the KL probe's states came from (0 in older results); the forecast law measures KL the same way.</summary>
    public int KlProbeEpisodes { get; init; }
    /// <summary>The most states the probe keeps (the profile's setting; <see cref="KlProbeStates"/> is how many it got).</summary>
    public int KlProbeMaxStates { get; init; }
    /// <summary>Parallel envs the probe's rollouts ran in: the sampled rollouts, and so the states, depend on how episodes share a batch.</summary>
    public int KlProbeNumEnvs { get; init; }
    public required IReadOnlyList<RunSummary> Runs { get; init; }
    public required IReadOnlyList<CheckpointScore> Checkpoints { get; init; }
    /// <summary>Per configuration and checkpoint step, the spread across run seeds; empty in older results.</summary>
    public IReadOnlyList<SeedSpread> SeedSpreads { get; init; } = [];
    public required IReadOnlyList<PredictorFit> Law { get; init; }
    /// <summary>How the law's bootstrap intervals were drawn.</summary>
    public LawBootstrap LawBootstrap { get; init; } = new();
    /// <summary>Where the wall time went, stage by stage; empty in older results. With several <see cref="Workers"/>, the
    /// training and scoring stages add up every worker's time, so together they can exceed the wall time.</summary>
    public IReadOnlyList<StageTime> Stages { get; init; } = [];
    /// <summary>Fine-tuning runs trained and scored at once (1 in older results).</summary>
    public int Workers { get; init; } = 1;
    public required IReadOnlyList<MatchedBand> Matched { get; init; }
    public required IReadOnlyList<string> Findings { get; init; }
    /// <summary>Recorded episodes the report shows (GIFs under videos/); empty in older results.</summary>
    public IReadOnlyList<RolloutVideo> Videos { get; init; } = [];
}

/// <summary>One fine-tuning run as the report lists it.</summary>
public sealed record RunSummary(string Name, string Method, double LearningRate, double KlCoef, double ReplayFraction, int Steps, double WallTimeSeconds)
{
    /// <summary>The run's forward-KL budget (null: none); KL-SFT steers beta to it, the other methods stop at it.</summary>
    public double? KlBudget { get; init; }
    /// <summary>The step at which the budget stopped the run (null: it ran all its steps).</summary>
    public int? StoppedAtStep { get; init; }
    /// <summary>The monitor's last forward KL of the run.</summary>
    public double? LastForwardKl { get; init; }
    /// <summary>The run without its seed (<see cref="FineTuning.FineTuneOptions.Configuration"/>); empty in older results.</summary>
    public string Configuration { get; init; } = "";
    public long Seed { get; init; }
}
