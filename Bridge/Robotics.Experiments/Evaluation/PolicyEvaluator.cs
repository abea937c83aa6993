using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Evaluation;

/// <summary>Scores a policy on an evaluation suite through any vector env: greedily, as OpenVLA is evaluated, or as it acts.</summary>
public sealed class PolicyEvaluator(IVectorEnv env, RolloutCollector collector)
{
    /// <param name="mode">A deterministic decoding: <see cref="DecodingMode.Greedy"/> (argmax, the default) or <see cref="DecodingMode.Median"/>.</param>
    public async Task<IReadOnlyDictionary<string, SuccessRate>> EvaluateAsync(VlaPolicy policy, EvaluationSuite suite, CancellationToken ct = default,
        DecodingMode mode = DecodingMode.Greedy)
    {
        if (mode == DecodingMode.Sample) throw new ArgumentException("use EvaluateSampledAsync to score the sampling policy", nameof(mode));
        using var actor = new PolicyActor(policy, mode);
        return await RunAsync(actor, suite, ct);
    }

    /// <summary>
    /// Scores the sampling policy an RL method trains (actions drawn at <paramref name="temperature"/>, seeded);
    /// <paramref name="sampledTokens"/> names which of the 7 tokens are drawn, the rest greedy (null: all drawn).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, SuccessRate>> EvaluateSampledAsync(VlaPolicy policy, EvaluationSuite suite, float temperature, long seed,
        CancellationToken ct = default, IReadOnlyList<bool>? sampledTokens = null)
    {
        using var actor = new PolicyActor(policy, DecodingMode.Sample, temperature, seed, sampledTokens);
        return await RunAsync(actor, suite, ct);
    }

    private async Task<IReadOnlyDictionary<string, SuccessRate>> RunAsync(PolicyActor actor, EvaluationSuite suite, CancellationToken ct)
    {
        var requests = suite.SeedsByTask.SelectMany(kv => kv.Value.Select(seed => new EpisodeRequest(kv.Key, seed))).ToList();
        var episodes = await collector.CollectAsync(env, actor, requests, ct);
        return Score(episodes, suite.Tasks);
    }

    /// <summary>
    /// Success per task. An episode whose physics blew up under the policy's actions is a failure, counted in the
    /// denominator and reported (<see cref="SuccessRate.PhysicsErrors"/>); only an aborted episode (the simulator
    /// server failed mid-episode, not the policy) is left out.
    /// </summary>
    public static IReadOnlyDictionary<string, SuccessRate> Score(IEnumerable<Episode> episodes, IEnumerable<string> tasks)
    {
        var scored = episodes.Where(e => !e.Aborted).ToList();
        return tasks.ToDictionary(
            task => task,
            task => new SuccessRate(
                scored.Count(e => e.Task == task && e.Success && !e.PhysicsError),
                scored.Count(e => e.Task == task),
                scored.Count(e => e.Task == task && e.PhysicsError)));
    }
}
