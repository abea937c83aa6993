using Robotics.Policy;
using Robotics.Policy.Training;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Actors;

/// <summary>
/// The RL methods' <see cref="IRolloutSource"/> on the bridge: a <see cref="PolicyActor"/> sampling episodes of one task
/// through a <see cref="RolloutCollector"/>, each turned into a typed <see cref="Rollout"/>.
/// </summary>
internal sealed class BridgeRolloutSource(IVectorEnv env, RolloutCollector collector, string task) : IRolloutSource
{
    private IVectorEnv Env { get; } = env;
    private RolloutCollector Collector { get; } = collector;
    private string TaskName { get; } = task;

    public IRolloutSession Open(VlaPolicy policy, float temperature, long seed, IReadOnlyList<bool>? sampledTokens) =>
        new Session(this, new PolicyActor(policy, DecodingMode.Sample, temperature, seed, sampledTokens));

    /// <summary>An episode a <see cref="PolicyActor"/> sampled, as the learners see it.</summary>
    public static Rollout ToRollout(Episode e) =>
        new(e.Task, e.Seed, EpisodeTransitions.FromRollout(e), e.Success, e.PhysicsError, e.ImageHeight, e.ImageWidth, e.ProprioDim, e.ShapedRewards);

    private sealed class Session(BridgeRolloutSource source, PolicyActor actor) : IRolloutSession
    {
        public async Task<IReadOnlyList<Rollout?>> CollectAsync(IReadOnlyList<ulong> layoutSeeds, CancellationToken ct)
        {
            var requests = layoutSeeds.Select(seed => new EpisodeRequest(source.TaskName, seed)).ToList();
            var episodes = await source.Collector.CollectAsync(source.Env, actor, requests, ct);
            return episodes.Select(e => e is { Aborted: false } ? ToRollout(e) : null).ToArray();
        }

        public void Dispose() => actor.Dispose();
    }

}
