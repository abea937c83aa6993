using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// One GRPO iteration: G initial states x K sampled rollouts each, binary success reward, advantage normalised within
/// each group, then the token-level policy-gradient update (RL's Razor's robotics setup, scaled to the tabletop).
/// Optional, each measured in the README: a fixed pool of training layouts revisited across iterations, dynamic sampling
/// (groups whose rollouts all succeeded or all failed carry no gradient and are replaced by fresh ones, as SimpleVLA-RL
/// and DAPO do), and exploration of translation and gripper only.
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
            ClipHigh = options.ClipHigh,
            SampledTokens = options.SampledTokens,
            Seed = options.Seed,
            Optimizer = new OptimizerOptions { LearningRate = options.LearningRate, WarmupUpdates = 0 },
        }, options.KlCoef > 0 ? basePolicy : null);
    }

    public PolicyOptimizer Optimizer => _grpo.Optimizer;

    public async Task<TrainingMetrics> StepAsync(int step, CancellationToken ct)
    {
        using var actor = new PolicyActor(_policy, DecodingMode.Sample, _options.Temperature, seed: _options.Seed * 100_003 + step, _options.SampledTokens);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var kept = new List<Group>();
        var collected = new List<Episode>();
        var rounds = _options.DynamicSampling ? FineTuneOptions.MaxSamplingRounds : 1;
        for (var round = 0; round < rounds && kept.Count < _options.Groups; round++)
        {
            var groups = await CollectGroupsAsync(actor, step, round, _options.Groups - kept.Count, ct);
            collected.AddRange(groups.SelectMany(g => g.Episodes));
            kept.AddRange(_options.DynamicSampling ? groups.Where(g => g.Mixed) : groups);
        }
        var collectSeconds = clock.Elapsed.TotalSeconds;

        var episodes = kept.SelectMany(g => g.Episodes).ToArray();
        var rewards = episodes.Select(Reward).ToArray();
        var advantages = GroupAdvantages.PerStep(
            GroupAdvantages.Compute(rewards, kept.SelectMany((g, j) => g.Episodes.Select(_ => j)).ToArray()),
            episodes.Select(e => e.Steps).ToArray());
        var transitions = episodes.SelectMany((e, j) => EpisodeTransitions.FromRollout(e, advantages[j])).ToList();
        clock.Restart();
        // With no mixed group the set is empty; Grpo.Update then skips the step and still advances its iteration.
        var metrics = _grpo.Update(transitions.Count == 0 ? new TransitionSet([], 0, 0, 0) : EpisodeTransitions.ToSet(transitions, episodes[0]));
        var updateSeconds = clock.Elapsed.TotalSeconds;

        var values = new Dictionary<string, double>(metrics.Values)
        {
            ["charts/success_rate"] = collected.Count == 0 ? 0 : collected.Average(Reward),
            ["charts/episode_steps"] = collected.Count == 0 ? 0 : collected.Average(e => e.Steps),
            ["charts/physics_errors"] = collected.Count(e => e.PhysicsError),
            ["charts/episodes"] = collected.Count,
            ["charts/mixed_groups"] = kept.Count(g => g.Mixed),
            ["perf/collect_seconds"] = collectSeconds,
            ["perf/update_seconds"] = updateSeconds,
        };
        return new TrainingMetrics(step, values);
    }

    /// <summary>Binary success; an episode the policy's actions blew up is a failure (it stays in its group, reward 0).</summary>
    private static float Reward(Episode e) => e.Success && !e.PhysicsError ? 1f : 0f;

    private sealed record Group(IReadOnlyList<Episode> Episodes)
    {
        public bool Mixed => Episodes.Any(e => Reward(e) > 0) && Episodes.Any(e => Reward(e) == 0);
    }

    private async Task<List<Group>> CollectGroupsAsync(PolicyActor actor, int step, int round, int count, CancellationToken ct)
    {
        var seeds = Enumerable.Range(0, count).Select(g => LayoutSeed(step, round, g)).ToArray();
        var requests = seeds.SelectMany(seed => Enumerable.Repeat(new EpisodeRequest(_options.Task, seed), _options.GroupSize)).ToList();
        // The simulator aborting an episode (a dead server, not the policy) leaves it out; its group keeps the rest.
        var episodes = await _collector.CollectAsync(_env, actor, requests, ct);
        return seeds.Select((_, g) => new Group(episodes.Skip(g * _options.GroupSize).Take(_options.GroupSize).Where(e => e is { Aborted: false }).ToArray()))
            .Where(g => g.Episodes.Count > 0).ToList();
    }

    /// <summary>
    /// The initial state of group <paramref name="group"/> in sampling round <paramref name="round"/>: a fresh training seed,
    /// or, with a layout pool, one of the pool's P seeds (a seeded draw per iteration), so each layout is revisited.
    /// </summary>
    private ulong LayoutSeed(int step, int round, int group)
    {
        var index = round * _options.Groups + group;
        if (_options.LayoutPool <= 0) return TrainingSeeds.For(_options.Seed, step, index);
        var slot = (int)((uint)SeedMix.For(_options.Seed * 1_000_003 + step, index) % (uint)_options.LayoutPool);
        return TrainingSeeds.For(_options.Seed, 0, slot);
    }

    // Seeds, the sampling generator and the minibatch order derive from the step; only the iteration counter moves.
    public void FastForward(int steps) => _grpo.Iteration = steps;

    public void Dispose() => _grpo.Dispose();
}
