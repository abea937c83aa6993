using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Evaluation;

/// <summary>Builds a forward-KL probe over states from the base policy's own sampled rollouts (the paper's new-task states).</summary>
public static class KlProbeFactory
{
    /// <param name="seed">Seeds the rollouts' sampling; the probe's prefix sampling uses <paramref name="seed"/> + 1.</param>
    public static async Task<ForwardKlProbe> FromBaseRolloutsAsync(IVectorEnv env, RolloutCollector collector, VlaPolicy basePolicy,
        IReadOnlyList<EpisodeRequest> requests, int maxStates, long seed, CancellationToken ct)
    {
        if (maxStates < 1) throw new ArgumentException($"the KL probe needs room for at least one state, got {maxStates}");
        using var actor = new PolicyActor(basePolicy, DecodingMode.Sample, 1f, seed);
        var episodes = (await collector.CollectAsync(env, actor, requests, ct)).Where(e => !e.PhysicsError && !e.Aborted).ToList();
        if (episodes.Count == 0) throw new InvalidOperationException("every rollout for the KL probe was aborted or blew up: no states to measure on");
        var states = episodes.SelectMany(e => EpisodeTransitions.FromRollout(e)).ToList();
        // Evenly thinned so the probe's cost stays fixed whatever the episode lengths.
        var stride = Math.Max(1, (int)Math.Ceiling(states.Count / (double)maxStates));
        return ForwardKlProbe.Create(basePolicy, EpisodeTransitions.ToSet(states.Where((_, i) => i % stride == 0).ToList(), episodes[0]), seed + 1);
    }
}
