using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Pretraining;

/// <summary>
/// What pretraining produced: where the checkpoint is, its success per task at the last periodic evaluation
/// (<see cref="Success"/>, few episodes) and on the held-out suite (<see cref="HeldOut"/>, the base's one number), and
/// what it cost (<see cref="WallTime"/>: the training, without the held-out scoring); how far its actions are from the expert's.
/// </summary>
public sealed record BasePolicyResult(
    string CheckpointDirectory,
    string InputsHash,
    IReadOnlyDictionary<string, SuccessRate> Success,
    int Updates,
    int DemoSteps,
    TimeSpan WallTime,
    IReadOnlyDictionary<string, SuccessRate> HeldOut)
{
    /// <summary>Per task, the greedy action's translation error against the noise-free expert on the expert's states, mm per axis.</summary>
    public IReadOnlyDictionary<string, Evaluation.TranslationError> ActionErrorMm { get; init; } = new Dictionary<string, Evaluation.TranslationError>();
}
