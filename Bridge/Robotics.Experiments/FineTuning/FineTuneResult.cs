namespace Robotics.Experiments.FineTuning;

/// <summary>Where a run's checkpoints are and what it cost.</summary>
public sealed record FineTuneResult(FineTuneOptions Options, IReadOnlyList<string> Checkpoints, TimeSpan WallTime, int ResumedFromStep);
