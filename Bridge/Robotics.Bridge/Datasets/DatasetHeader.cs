using Robotics.Bridge.Envs;

namespace Robotics.Bridge.Datasets;

/// <summary>
/// What an episode dataset holds, written first in the file: schema version, tasks, camera and action space.
/// </summary>
public sealed record DatasetHeader
{
    /// <summary>The schema this library writes; readers refuse newer ones.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Simulator backend that produced the episodes, e.g. <c>tabletop-mujoco</c>.</summary>
    public string Backend { get; init; } = "";

    /// <summary>Task ids the file may hold.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];

    /// <summary>Camera name and image size (every episode's images are [T, ImageHeight, ImageWidth, 3]).</summary>
    public string Camera { get; init; } = "base";

    public int ImageHeight { get; init; }

    public int ImageWidth { get; init; }

    public int ProprioDim { get; init; }

    /// <summary>Action dimensions in order; the default is OpenVLA's WidowX space.</summary>
    public IReadOnlyList<string> ActionNames { get; init; } = ["dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper"];

    /// <summary>Units and conventions of the action space, for humans.</summary>
    public string ActionSpace { get; init; } =
        "delta end-effector xyz (m) and roll/pitch/yaw (rad) in the world frame per 10 Hz step; gripper absolute, 1 open 0 closed";

    public double ControlHz { get; init; }

    /// <summary>How the episodes were made, e.g. <c>expert noise=0.3 seed=1, successes only</c>.</summary>
    public string Source { get; init; } = "";

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>A header describing episodes collected from <paramref name="spec"/>.</summary>
    public static DatasetHeader For(EnvSpec spec, string source) => new()
    {
        Backend = spec.Backend,
        Tasks = spec.Tasks.Distinct().ToArray(),
        ImageHeight = spec.ImageHeight,
        ImageWidth = spec.ImageWidth,
        ProprioDim = spec.ProprioDim,
        ControlHz = spec.ControlHz,
        Source = source,
    };
}
