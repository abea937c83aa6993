namespace Robotics.Bridge;

/// <summary>
/// Runs requested episodes over a vector env with an actor and returns them whole.
/// <para>
/// Collection rule: each env runs one requested episode at a time. When it ends (terminated, truncated or a physics
/// error) the episode is complete and the env is reset to the next pending request: at once where the backend
/// supports partial reset, otherwise when every env is done (then all are reset together). Envs with nothing left
/// to run are left frozen (or, after a full reset, step with zero actions) and are not recorded. Where the backend
/// allows a task per env, any env takes any request (the task travels with the reset); otherwise an env only takes
/// requests for its own task.
/// </para>
/// <para>
/// Faults: when the simulator fails, the episodes in flight come back with <see cref="Episode.Aborted"/> set. If the
/// env reconnected (<see cref="SimulatorReconnectedException"/>), their requests are run again from fresh resets;
/// otherwise the error is rethrown after the aborted episodes are reported.
/// </para>
/// </summary>
public sealed class RolloutCollector
{
    public RolloutCollector(RolloutCollectorOptions? options = null) => Options = options ?? new RolloutCollectorOptions();

    public RolloutCollectorOptions Options { get; }

    /// <summary>Runs every request once; returns the episodes in request order.</summary>
    public Task<IReadOnlyList<Episode>> CollectAsync(IVectorEnv env, IActor actor, IReadOnlyList<EpisodeRequest> requests, CancellationToken ct = default)
        => throw new NotImplementedException();

    /// <summary>
    /// Pipelined: several env groups (e.g. two sessions of N/2 envs) share the requests; while the simulator steps one
    /// group the actor acts on another. The actor is called one batch at a time. Returns episodes in request order.
    /// </summary>
    public Task<IReadOnlyList<Episode>> CollectAsync(IReadOnlyList<IVectorEnv> groups, IActor actor, IReadOnlyList<EpisodeRequest> requests, CancellationToken ct = default)
        => throw new NotImplementedException();

    /// <summary>
    /// Streams episodes as they finish (completion order), aborted ones included, each with its request index.
    /// Use it to write a dataset while collecting.
    /// </summary>
    public IAsyncEnumerable<CollectedEpisode> StreamAsync(IReadOnlyList<IVectorEnv> groups, IActor actor, IReadOnlyList<EpisodeRequest> requests, CancellationToken ct = default)
        => throw new NotImplementedException();
}
