namespace Robotics.Bridge.Rollouts;

/// <summary>How a <see cref="RolloutCollector"/> reports progress.</summary>
public sealed record RolloutCollectorOptions
{
    /// <summary>Live progress on the console (episodes, success so far, steps/s); null = only when attached to a terminal.</summary>
    public bool? Progress { get; init; }

    /// <summary>Label shown beside the progress bar, e.g. <c>demos pick_can</c>.</summary>
    public string Label { get; init; } = "rollouts";
}
