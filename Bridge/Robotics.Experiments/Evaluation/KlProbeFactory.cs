using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Evaluation;

/// <summary>Builds a forward-KL probe over states from the base policy's own sampled rollouts (the paper's new-task states).</summary>
public static class KlProbeFactory
{
    /// <param name="seed">Seeds the rollouts' sampling; the probe's prefix sampling uses <paramref name="seed"/> + 1.</param>
    public static async Task<ForwardKlProbe> FromBaseRolloutsAsync(IVectorEnv env, RolloutCollector collector, VlaPolicy basePolicy,
        IReadOnlyList<EpisodeRequest> requests, int maxStates, long seed, CancellationToken ct)
    {
        if (maxStates < 1) throw new ArgumentException($"the KL probe needs room for at least one state, got {maxStates}");
        var episodes = await CollectAsync(env, collector, basePolicy, requests, seed, ct);
        return FromEpisodes(basePolicy, episodes, maxStates, seed);
    }

    /// <summary>The base's own sampled rollouts, physics blow-ups and aborted episodes left out.</summary>
    public static async Task<IReadOnlyList<Episode>> CollectAsync(IVectorEnv env, RolloutCollector collector, VlaPolicy basePolicy,
        IReadOnlyList<EpisodeRequest> requests, long seed, CancellationToken ct)
    {
        using var actor = new PolicyActor(basePolicy, DecodingMode.Sample, 1f, seed);
        var episodes = (await collector.CollectAsync(env, actor, requests, ct)).Where(e => !e.PhysicsError && !e.Aborted).ToList();
        if (episodes.Count == 0) throw new InvalidOperationException("every rollout for the KL probe was aborted or blew up: no states to measure on");
        return episodes;
    }

    /// <summary>The probe over rollouts collected by <see cref="CollectAsync"/> (or read back from where a run stored them).</summary>
    public static ForwardKlProbe FromEpisodes(VlaPolicy basePolicy, IReadOnlyList<Episode> episodes, int maxStates, long seed)
    {
        if (maxStates < 1) throw new ArgumentException($"the KL probe needs room for at least one state, got {maxStates}");
        if (episodes.Count == 0) throw new ArgumentException("the KL probe needs at least one episode");
        var states = episodes.SelectMany(e => EpisodeTransitions.FromRollout(e)).ToList();
        // Evenly thinned so the probe's cost stays fixed whatever the episode lengths.
        var stride = Math.Max(1, (int)Math.Ceiling(states.Count / (double)maxStates));
        return ForwardKlProbe.Create(basePolicy, EpisodeTransitions.ToSet(states.Where((_, i) => i % stride == 0).ToList(), episodes[0]), seed + 1);
    }
}
