using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// What the supervised methods learn from: new-task demonstrations, and prior-task demonstrations for replay.
/// The RL methods collect their own data and need neither.
/// </summary>
public sealed record FineTuneData(TransitionSet? NewTaskDemos, TransitionSet? PriorTaskDemos)
{
    public static FineTuneData None { get; } = new(null, null);

    internal TransitionSet RequireDemos(FineTuneOptions options) =>
        NewTaskDemos ?? throw new ArgumentException($"{options.MethodLabel} learns from demonstrations of '{options.Task}', and none were given");
}
