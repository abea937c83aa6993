using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// One GRPO iteration: G initial states x K sampled rollouts each, binary success reward, advantage normalised within
/// each group, then the token-level policy-gradient update (RL's Razor's robotics setup, scaled to the tabletop).
/// </summary>
internal sealed class GrpoTrainer : IFineTuneTrainer
{
    private readonly IVectorEnv _env;
    private readonly RolloutCollector _collector;
    private readonly VlaPolicy _policy;
    private readonly FineTuneOptions _options;
    private readonly Grpo _grpo;

    public GrpoTrainer(IVectorEnv env, RolloutCollector collector, VlaPolicy policy, VlaPolicy basePolicy, FineTuneOptions options)
    {
        _env = env;
        _collector = collector;
        _policy = policy;
        _options = options;
        _grpo = new Grpo(policy, new GrpoOptions
        {
            GroupsPerIteration = options.Groups,
            GroupSize = options.GroupSize,
            Epochs = options.Epochs,
            MinibatchSize = options.BatchSize,
            Iterations = options.Steps,
            KlCoef = options.KlCoef,
            Temperature = options.Temperature,
            Seed = options.Seed,
            Optimizer = new OptimizerOptions { LearningRate = options.LearningRate, WarmupUpdates = 0 },
        }, options.KlCoef > 0 ? basePolicy : null);
    }

    public PolicyOptimizer Optimizer => _grpo.Optimizer;

    public async Task<TrainingMetrics> StepAsync(int step, CancellationToken ct)
    {
        var requests = new List<EpisodeRequest>();
        var groupOf = new List<int>();
        for (var g = 0; g < _options.Groups; g++)
        {
            var seed = TrainingSeeds.For(_options.Seed, step, g);
            for (var k = 0; k < _options.GroupSize; k++)
            {
                requests.Add(new EpisodeRequest(_options.Task, seed));
                groupOf.Add(g);
            }
        }
        using var actor = new PolicyActor(_policy, DecodingMode.Sample, _options.Temperature, seed: _options.Seed * 100_003 + step);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var episodes = await _collector.CollectAsync(_env, actor, requests, ct);
        var collectSeconds = clock.Elapsed.TotalSeconds;

        // A blown-up episode says nothing about the policy: it leaves its group.
        var usable = Enumerable.Range(0, episodes.Count).Where(i => !episodes[i].PhysicsError && !episodes[i].Aborted).ToArray();
        var rewards = usable.Select(i => episodes[i].Success ? 1f : 0f).ToArray();
        var advantages = GroupAdvantages.PerStep(
            GroupAdvantages.Compute(rewards, usable.Select(i => groupOf[i]).ToArray()),
            usable.Select(i => episodes[i].Steps).ToArray());
        var transitions = usable.SelectMany((episodeIndex, j) => EpisodeTransitions.FromRollout(episodes[episodeIndex], advantages[j])).ToList();
        clock.Restart();
        var metrics = _grpo.Update(EpisodeTransitions.ToSet(transitions, episodes[0]));
        var updateSeconds = clock.Elapsed.TotalSeconds;

        var values = new Dictionary<string, double>(metrics.Values)
        {
            ["charts/success_rate"] = rewards.Length == 0 ? 0 : rewards.Average(),
            ["charts/episode_steps"] = usable.Length == 0 ? 0 : usable.Average(i => episodes[i].Steps),
            ["perf/collect_seconds"] = collectSeconds,
            ["perf/update_seconds"] = updateSeconds,
        };
        return new TrainingMetrics(step, values);
    }

    // Seeds, the sampling generator and the minibatch order derive from the step; only the iteration counter moves.
    public void FastForward(int steps) => _grpo.Iteration = steps;

    public void Dispose() => _grpo.Dispose();
}
