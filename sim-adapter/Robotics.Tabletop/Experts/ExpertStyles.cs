namespace Robotics.Tabletop.Experts;

/// <summary>
/// Ways a task's scripted expert can demonstrate besides its default one, by the names the contract carries
/// (<c>TaskInfo.expert_styles</c>, the StepResult extra <c>expert_action/&lt;style&gt;</c>). Real fine-tuning data comes from
/// another demonstrator than the one that taught the base (teleoperators, a planner), so a second style gives SFT
/// something to move that the base's own demonstrator never showed.
/// </summary>
public static class ExpertStyles
{
    /// <summary>
    /// Moves at most 2 cm a step on each axis (the default expert takes the full 3 cm), hovers 4 cm higher before it
    /// descends and grasps 1.5 cm above the object's middle: the same task, done more slowly along another path.
    /// </summary>
    public const string SlowHigh = "slow_high";

    /// <summary>Every style any task offers, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [SlowHigh];
}
