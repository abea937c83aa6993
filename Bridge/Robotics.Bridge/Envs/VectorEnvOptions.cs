using Microsoft.Extensions.Logging;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Envs;

/// <summary>How to open a vector env: size, tasks, camera, seed, limits and how to talk to remote simulators.</summary>
public sealed record VectorEnvOptions
{
    /// <summary>Number of parallel envs (N), spread over the endpoints when there are several.</summary>
    public int NumEnvs { get; init; } = 1;

    /// <summary>One task id for all envs, or one per env.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = ["pick_can"];

    /// <summary>Square camera image size in pixels (64 for CPU policies, 224 for OpenVLA-size models).</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Root seed; resets that name no seed derive one from it.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Ask the simulator to append object poses to proprio (privileged state, for policies that take it; the tabletop
    /// offers it, a backend that does not refuses the session). Off for pixel-only policies.
    /// </summary>
    public bool ObjectPoses { get; init; }

    /// <summary>
    /// How success is scored: <see cref="SuccessScoring.SuccessOnce"/> (the default) ends an episode at its first success,
    /// as ManiSkill and the paper do; <see cref="SuccessScoring.SuccessAtEnd"/> runs it to its step limit and scores its
    /// last step, as SimplerEnv's evaluations do. The two give different numbers for a policy that succeeds, then undoes it.
    /// </summary>
    public SuccessScoring Scoring { get; init; }

    /// <summary>Episode limit in control steps; 0 = each task's own limit.</summary>
    public int MaxEpisodeSteps { get; init; }

    /// <summary>Deadline of each remote call (a 64-env step with rendering takes well under a second).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bearer token sent as <c>authorization: Bearer TOKEN</c>; null = none.</summary>
    public string? Token { get; init; }

    /// <summary>
    /// How many times to reconnect (with backoff) after a simulator becomes unavailable; 0 = fail at once.
    /// After a reconnect all envs are fresh and must be reset (see <see cref="SimulatorReconnectedException"/>).
    /// </summary>
    public int Retries { get; init; }

    /// <summary>Use the bidirectional <c>StepStream</c> call for steps instead of one unary call each.</summary>
    public bool UseStepStream { get; init; }

    /// <summary>Name the server logs for this client's sessions.</summary>
    public string ClientName { get; init; } = "robotics-bridge";

    /// <summary>Where reconnects and other faults are logged; null = nowhere.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Task of env <paramref name="env"/>.</summary>
    internal string TaskOf(int env) => Tasks.Count == 1 ? Tasks[0] : Tasks[env];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    internal void Validate()
    {
        if (NumEnvs < 1)
            throw new ArgumentException($"NumEnvs must be >= 1, got {NumEnvs}.", nameof(NumEnvs));
        if (Tasks is null || (Tasks.Count != 1 && Tasks.Count != NumEnvs))
            throw new ArgumentException($"Tasks must name one task for all envs or one per env ({NumEnvs}), got {Tasks?.Count ?? 0}.", nameof(Tasks));
        if (ImageSize < 8)
            throw new ArgumentException($"ImageSize must be >= 8, got {ImageSize}.", nameof(ImageSize));
        if (MaxEpisodeSteps < 0)
            throw new ArgumentException($"MaxEpisodeSteps must be >= 0, got {MaxEpisodeSteps}.", nameof(MaxEpisodeSteps));
        if (Deadline <= TimeSpan.Zero)
            throw new ArgumentException($"Deadline must be positive, got {Deadline}.", nameof(Deadline));
        if (!Enum.IsDefined(Scoring))
            throw new ArgumentException($"Scoring must be SuccessOnce or SuccessAtEnd, got {(int)Scoring}.", nameof(Scoring));
        if (Retries < 0)
            throw new ArgumentException($"Retries must be >= 0, got {Retries}.", nameof(Retries));
    }
}
