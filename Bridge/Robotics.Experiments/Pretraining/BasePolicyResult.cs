using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Pretraining;

/// <summary>What pretraining produced: where the checkpoint is, how well it does per task, and what it cost.</summary>
public sealed record BasePolicyResult(
    string CheckpointDirectory,
    string InputsHash,
    IReadOnlyDictionary<string, SuccessRate> Success,
    int Updates,
    int DemoSteps,
    TimeSpan WallTime);
