using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop;

/// <summary>Immutable configuration of a <see cref="TabletopVectorEnv"/>.</summary>
public sealed record TabletopOptions
{
    /// <summary>Number of parallel envs (N).</summary>
    public int NumEnvs { get; init; } = 1;

    /// <summary>One task id for all envs, or one per env (see <see cref="TaskSuite"/>).</summary>
    public IReadOnlyList<string> Tasks { get; init; } = ["pick_can"];

    /// <summary>Camera image width in pixels (64 for CPU policies, 224 for OpenVLA-size models).</summary>
    public int ImageWidth { get; init; } = 64;

    /// <summary>Camera image height in pixels.</summary>
    public int ImageHeight { get; init; } = 64;

    /// <summary>Also render the wrist camera (same size as the third-person one).</summary>
    public bool WristCamera { get; init; }

    /// <summary>
    /// Append the objects' positions (and the drawer's opening) to proprio, as ManiSkill's state observation modes add
    /// object poses to the agent state. Privileged information: a pixel-only policy leaves it off (the default).
    /// </summary>
    public bool ObjectPoses { get; init; }

    /// <summary>Episode limit in control steps; 0 = each task's own limit.</summary>
    public int MaxEpisodeSteps { get; init; }

    /// <summary>
    /// Success does not end an episode: it runs to its step limit (or a blow-up) and is scored by the success flag of its
    /// last step, as SimplerEnv scores its evaluations. Off (the default): an episode ends at its first success, as
    /// ManiSkill's and the paper's episodes do.
    /// </summary>
    public bool SuccessAtEnd { get; init; }

    /// <summary>Root seed: episode seeds are derived from it when a reset names none.</summary>
    public ulong Seed { get; init; }

    /// <summary>Largest N one env accepts (memory grows ~1 MB an env plus images).</summary>
    public const int MaxEnvs = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (NumEnvs < 1 || NumEnvs > MaxEnvs)
            throw new ArgumentException($"NumEnvs must be in 1..{MaxEnvs}, got {NumEnvs}.", nameof(NumEnvs));
        if (ImageWidth < 8 || ImageWidth > 1024 || ImageHeight < 8 || ImageHeight > 1024)
            throw new ArgumentException($"Image size must be within 8..1024 pixels, got {ImageWidth}x{ImageHeight}.", nameof(ImageWidth));
        if (MaxEpisodeSteps < 0)
            throw new ArgumentException($"MaxEpisodeSteps must be >= 0 (0 = task default), got {MaxEpisodeSteps}.", nameof(MaxEpisodeSteps));
        if (Tasks is null || (Tasks.Count != 1 && Tasks.Count != NumEnvs))
            throw new ArgumentException($"Tasks must name one task for all envs or one per env ({NumEnvs}), got {Tasks?.Count ?? 0}.", nameof(Tasks));
        foreach (var task in Tasks)
            TaskSuite.Get(task);
    }

    /// <summary>The task of env <paramref name="env"/> at creation.</summary>
    internal string TaskOf(int env) => Tasks.Count == 1 ? Tasks[0] : Tasks[env];
}
