using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Pretraining;

/// <summary>
/// What pretraining produced: where the checkpoint is, its success per task at the last periodic evaluation
/// (<see cref="Success"/>, few episodes) and on the held-out suite (<see cref="HeldOut"/>, the base's one number), and
/// what it cost (<see cref="WallTime"/>: the training, without the held-out scoring).
/// </summary>
public sealed record BasePolicyResult(
    string CheckpointDirectory,
    string InputsHash,
    IReadOnlyDictionary<string, SuccessRate> Success,
    int Updates,
    int DemoSteps,
    TimeSpan WallTime,
    IReadOnlyDictionary<string, SuccessRate> HeldOut);
