using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Robotics.Bridge.Envs;

namespace Robotics.Bridge.Rollouts;

/// <summary>
/// Runs requested episodes over a vector env with an actor and returns them whole.
/// <para>
/// Collection rule: each env runs one requested episode at a time. When it ends (terminated, truncated or a physics
/// error) the episode is complete and the env is reset to the next pending request: at once where the backend
/// supports partial reset, otherwise when every env is done (then all are reset together). Envs with nothing left
/// to run step with zero actions (frozen where finished) and are not recorded. Where the backend allows a task per
/// env, any env takes any request (the task travels with the reset); otherwise an env only takes requests for its
/// own task, and a request no env can run is refused up front.
/// </para>
/// <para>
/// Faults: when the simulator fails, the episodes in flight come back with <see cref="Episode.Aborted"/> set. If the
/// env reconnected (<see cref="SimulatorReconnectedException"/>, see <see cref="VectorEnvOptions.Retries"/>), their
/// requests run again from fresh resets; otherwise the error is rethrown once the aborted episodes are out.
/// </para>
/// </summary>
public sealed class RolloutCollector
{
    public RolloutCollector(RolloutCollectorOptions? options = null) => Options = options ?? new RolloutCollectorOptions();

    public RolloutCollectorOptions Options { get; }

    /// <summary>Runs every request once; returns the episodes in request order (none aborted).</summary>
    public Task<IReadOnlyList<Episode>> CollectAsync(IVectorEnv env, IActor actor, IReadOnlyList<EpisodeRequest> requests, CancellationToken ct = default)
        => CollectAsync([env], actor, requests, ct);

    /// <summary>
    /// Pipelined: several env groups (e.g. two sessions of N/2 envs) share the requests; while the simulator steps one
    /// group the actor acts on another. The actor is called one batch at a time. Returns episodes in request order.
    /// </summary>
    public async Task<IReadOnlyList<Episode>> CollectAsync(IReadOnlyList<IVectorEnv> groups, IActor actor, IReadOnlyList<EpisodeRequest> requests, CancellationToken ct = default)
    {
        var episodes = new Episode[requests.Count];
        await foreach (var collected in StreamAsync(groups, actor, requests, ct))
        {
            if (!collected.Episode.Aborted) episodes[collected.RequestIndex] = collected.Episode;
        }
        return episodes;
    }

    /// <summary>
    /// Streams episodes as they finish (completion order), aborted ones included, each with its request index.
    /// Use it to write a dataset while collecting.
    /// </summary>
    public async IAsyncEnumerable<CollectedEpisode> StreamAsync(IReadOnlyList<IVectorEnv> groups, IActor actor,
        IReadOnlyList<EpisodeRequest> requests, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CheckRunnable(groups, requests);
        var channel = Channel.CreateUnbounded<CollectedEpisode>(new UnboundedChannelOptions { SingleReader = true });
        var queue = new RequestQueue(requests);
        using var gate = new SemaphoreSlim(1, 1);
        using var stopOthers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var progress = new CollectionProgress(Options.Label, requests.Count, CollectionProgress.ShouldShow(Options.Progress));
        var runners = groups.Select(env => Task.Run(() => RunGroupAsync(new EnvGroupRunner(env, actor, gate, queue, channel.Writer, progress), stopOthers))).ToArray();
        var all = Task.WhenAll(runners).ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerExceptions[0]),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var episode in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return episode;
            }
            await channel.Reader.Completion;
        }
        finally
        {
            // Also reached when the caller stops enumerating early: stop the envs before leaving.
            await stopOthers.CancelAsync();
            await all;
        }
    }

    /// <summary>One group failing stops the others (their episodes in flight are reported aborted).</summary>
    private static async Task RunGroupAsync(EnvGroupRunner runner, CancellationTokenSource stopOthers)
    {
        try
        {
            await runner.RunAsync(stopOthers.Token);
        }
        catch
        {
            await stopOthers.CancelAsync();
            throw;
        }
    }

    private static void CheckRunnable(IReadOnlyList<IVectorEnv> groups, IReadOnlyList<EpisodeRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (groups is null || groups.Count == 0) throw new ArgumentException("At least one vector env is needed.", nameof(groups));
        if (groups.Any(g => g.Spec.PerEnvTask)) return;
        var runnable = groups.SelectMany(g => g.Spec.Tasks).ToHashSet(StringComparer.Ordinal);
        var missing = requests.Select(r => r.Task).Where(t => !runnable.Contains(t)).Distinct().ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"No env can run task(s) {string.Join(", ", missing)}: the backend cannot change an env's task and the envs run {string.Join(", ", runnable)}.",
                nameof(requests));
    }
}
