using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>GRPO / REINFORCE with a group-normalised binary success reward, as the paper's robotics experiment.</summary>
public sealed record GrpoOptions
{
    // Run
    /// <summary>Iterations (collect, then update) of the run.</summary>
    public int Iterations { get; init; } = 40;
    /// <summary>Seeds the layouts, the rollouts' sampling and the minibatch order, each also by iteration.</summary>
    public long Seed { get; init; } = 1;

    // Collection
    /// <summary>Distinct initial states (layouts) per iteration.</summary>
    public int Groups { get; init; } = 8;
    /// <summary>Rollouts from each initial state (the group).</summary>
    public int GroupSize { get; init; } = 8;
    /// <summary>Draw each iteration's layouts from a fixed pool of this many training layouts, so each is revisited; 0 = fresh every iteration.</summary>
    public int LayoutPool { get; init; } = 100;
    /// <summary>Keep only groups with both successes and failures, refilling from fresh groups for up to <see cref="MaxSamplingRounds"/> rounds (DAPO, SimpleVLA-RL).</summary>
    public bool DynamicSampling { get; init; } = true;
    /// <summary>Sampling temperature of the acting policy; log-probabilities are taken at the same temperature.</summary>
    public float Temperature { get; init; } = 1f;
    /// <summary>Sample the 3 rotation tokens too; off, they are decoded greedily and left out of the loss (<see cref="ActionBins.TranslationAndGripper"/>).</summary>
    public bool ExploreRotation { get; init; }

    // Update
    /// <summary>Passes over each iteration's batch; more than one makes the ratio clipping matter.</summary>
    public int Epochs { get; init; } = 2;
    /// <summary>Steps per optimiser step. Small minibatches at a low learning rate learned on the tabletop where 256 at 1e-4 did not.</summary>
    public int MinibatchSize { get; init; } = 64;
    /// <summary>Lower clip of the probability ratio (1 - ClipCoef), and the upper one unless <see cref="ClipHigh"/> is set.</summary>
    public double ClipCoef { get; init; } = 0.2;
    /// <summary>Upper clip of the ratio (1 + ClipHigh); null = ClipCoef. DAPO and SimpleVLA-RL widen it to 0.28.</summary>
    public double? ClipHigh { get; init; }
    /// <summary>Weight of a KL(pi || pi_0) penalty (k3 estimator); 0 by default, as the paper.</summary>
    public double KlCoef { get; init; }
    /// <summary>AdamW's learning rate, constant. Low: 30-50 small steps an iteration at 3e-4 collapsed the policy in one iteration.</summary>
    public double LearningRate { get; init; } = 6e-5;

    // Derived
    /// <summary>Sampling rounds an iteration may take to fill its groups with mixed ones.</summary>
    public const int MaxSamplingRounds = 3;
    /// <summary>Which of the 7 action tokens the acting policy samples (the rest greedy, and out of the loss), from <see cref="ExploreRotation"/>.</summary>
    public IReadOnlyList<bool> SampledTokens => ExploreRotation ? ActionBins.All : ActionBins.TranslationAndGripper;
    /// <summary>AdamW without warm-up at <see cref="LearningRate"/>; its schedule position is the iteration.</summary>
    public OptimizerOptions Optimizer => new() { LearningRate = LearningRate, WarmupUpdates = 0, TotalUpdates = Math.Max(1, Iterations) };

    public void Validate()
    {
        if (Iterations < 0) throw new ArgumentException($"Iterations must be >= 0, got {Iterations}");
        if (Groups < 1) throw new ArgumentException($"Groups must be positive, got {Groups}");
        if (GroupSize < 2) throw new ArgumentException($"GroupSize must be at least 2 (advantages are normalised within a group), got {GroupSize}");
        if (LayoutPool < 0) throw new ArgumentException($"LayoutPool must be >= 0, got {LayoutPool}");
        if (LayoutPool > 0 && LayoutPool < Groups) throw new ArgumentException($"LayoutPool ({LayoutPool}) must hold at least Groups ({Groups}) layouts");
        if (Temperature <= 0 || !float.IsFinite(Temperature)) throw new ArgumentException($"Temperature must be a positive number, got {Temperature}");
        if (Epochs < 1) throw new ArgumentException($"Epochs must be positive, got {Epochs}");
        if (MinibatchSize < 1) throw new ArgumentException($"MinibatchSize must be positive, got {MinibatchSize}");
        if (!(ClipCoef > 0 && double.IsFinite(ClipCoef))) throw new ArgumentException($"ClipCoef must be a positive number, got {ClipCoef}");
        if (ClipHigh is { } h && !(h > 0 && double.IsFinite(h))) throw new ArgumentException($"ClipHigh must be a positive number, got {h}");
        if (KlCoef < 0) throw new ArgumentException($"KlCoef must be >= 0, got {KlCoef}");
        OptimizerOptions.ValidateLearningRate(LearningRate);
    }
}

/// <summary>
/// GRPO (Shao et al. 2024, DeepSeekMath) on the tabletop, one iteration in CleanRL's order: collect G initial states x K
/// sampled rollouts, reward each by its binary success, normalise the rewards within each group into advantages, then
/// epochs of clipped token-level policy-gradient minibatches. Groups whose rollouts all succeeded or all failed carry no
/// gradient; dynamic sampling replaces them with fresh ones, and their steps never reach the update.
/// </summary>
public sealed class Grpo : IDisposable
{
    private readonly VlaPolicy _policy;
    private readonly VlaPolicy? _base;
    private readonly IRolloutSource _source;
    private readonly GrpoOptions _options;

    /// <param name="basePolicy">The reference of the KL penalty; needed when <see cref="GrpoOptions.KlCoef"/> &gt; 0.</param>
    public Grpo(VlaPolicy policy, IRolloutSource source, GrpoOptions options, VlaPolicy? basePolicy = null)
    {
        options.Validate();
        if (options.KlCoef > 0 && basePolicy is null) throw new ArgumentException("KlCoef > 0 needs the base policy");
        _policy = policy;
        _base = options.KlCoef > 0 ? basePolicy : null;
        _source = source;
        _options = options;
        Optimizer = new PolicyOptimizer(policy.Model.parameters(), options.Optimizer);
    }

    public PolicyOptimizer Optimizer { get; }

    /// <summary>Iterations done; set on resume so minibatch order and the schedule continue as in an uninterrupted run.</summary>
    public int Iteration { get; set; }

    /// <summary>Iteration <paramref name="step"/> (from 1): collect, advantages, update; its metrics keyed CleanRL-style.</summary>
    public async Task<TrainingMetrics> IterateAsync(int step, CancellationToken ct)
    {
        // 1. Collect. One sampling generator for the iteration, seeded by it; dynamic sampling's rounds continue its draws.
        using var session = _source.Open(_policy, _options.Temperature, seed: _options.Seed * 100_003 + step, _options.SampledTokens);
        var clock = Stopwatch.StartNew();
        var collected = new List<Rollout>();
        var kept = new List<Group>();
        var rounds = _options.DynamicSampling ? GrpoOptions.MaxSamplingRounds : 1;
        for (var round = 0; round < rounds && kept.Count < _options.Groups; round++)
        {
            var groups = await CollectGroupsAsync(session, step, round, _options.Groups - kept.Count, ct);
            collected.AddRange(groups.SelectMany(g => g.Rollouts));
            kept.AddRange(_options.DynamicSampling ? groups.Where(g => g.Mixed) : groups);
        }
        var collectSeconds = clock.Elapsed.TotalSeconds;

        // 2. Advantages: A_i = (r_i - mean_g) / std_g, spread over the episode's steps so each episode weighs the same.
        var rollouts = kept.SelectMany(g => g.Rollouts).ToArray();
        var advantages = GroupAdvantages.PerStep(
            GroupAdvantages.Compute(rollouts.Select(Reward).ToArray(), kept.SelectMany((g, j) => g.Rollouts.Select(_ => j)).ToArray()),
            rollouts.Select(r => r.Steps.Count).ToArray());
        var bSteps = rollouts.SelectMany((r, j) => r.Steps.Select(s => s with { Advantage = advantages[j] })).ToList();

        // 3. Update. With no mixed group the batch is empty: no step is taken, and the iteration still counts.
        clock.Restart();
        var metrics = Update(bSteps.Count == 0 ? new TransitionSet([], 0, 0, 0) : rollouts[0].SetOf(bSteps));
        var updateSeconds = clock.Elapsed.TotalSeconds;

        // 4. Metrics.
        metrics["charts/success_rate"] = collected.Count == 0 ? 0 : collected.Average(Reward);
        metrics["charts/episode_steps"] = collected.Count == 0 ? 0 : collected.Average(r => r.Steps.Count);
        metrics["charts/physics_errors"] = collected.Count(r => r.PhysicsError);
        metrics["charts/episodes"] = collected.Count;
        metrics["charts/mixed_groups"] = kept.Count(g => g.Mixed);
        metrics["perf/collect_seconds"] = collectSeconds;
        metrics["perf/update_seconds"] = updateSeconds;
        return new TrainingMetrics(step, metrics);
    }

    /// <summary>Binary success; an episode the policy's actions blew up is a failure (it stays in its group, reward 0).</summary>
    private static float Reward(Rollout r) => r.Success && !r.PhysicsError ? 1f : 0f;

    private sealed record Group(IReadOnlyList<Rollout> Rollouts)
    {
        public bool Mixed => Rollouts.Any(r => Reward(r) > 0) && Rollouts.Any(r => Reward(r) == 0);
    }

    private async Task<List<Group>> CollectGroupsAsync(IRolloutSession session, int step, int round, int count, CancellationToken ct)
    {
        var seeds = Enumerable.Range(0, count).Select(g => LayoutSeed(step, round, g)).ToArray();
        var k = _options.GroupSize;
        // An episode the simulator aborted is left out; its group keeps the rest.
        var rollouts = await session.CollectAsync(seeds.SelectMany(seed => Enumerable.Repeat(seed, k)).ToArray(), ct);
        return seeds.Select((_, g) => new Group(rollouts.Skip(g * k).Take(k).OfType<Rollout>().ToArray()))
            .Where(g => g.Rollouts.Count > 0).ToList();
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

    private Dictionary<string, double> Update(TransitionSet batch)
    {
        // Minibatch order depends only on the seed and the iteration, so a resumed run shuffles as an uninterrupted one.
        var random = new Random(SeedMix.For(_options.Seed, Iteration++));
        var active = Enumerable.Range(0, batch.Count).Where(i => batch.Advantage(i) != 0f).ToArray();
        var metrics = new Dictionary<string, double> { ["charts/active_steps"] = active.Length };
        if (active.Length == 0)
        {
            metrics["losses/policy"] = 0;
            return metrics;
        }

        Optimizer.ScheduleAt(Iteration - 1);
        double lossSum = 0, clipSum = 0, klSum = 0;
        var minibatches = 0;
        for (var epoch = 0; epoch < _options.Epochs; epoch++)
        {
            random.Shuffle(active);
            foreach (var mb in active.Chunk(_options.MinibatchSize))
            {
                using var scope = NewDisposeScope();
                _policy.Model.train();
                var mbObservations = batch.Observations(mb);
                var mbBins = batch.Bins(mb);   // (B, 7)
                using var inputs = _policy.Prepare(mbObservations);
                using var forward = _policy.Model.Forward(inputs, mbBins);
                var newLogProbs = PolicyGradientLoss.LogProbs(forward.Logits, mbBins, _options.Temperature);   // (B, 7)
                var (loss, clipFraction) = PolicyGradientLoss.Clipped(newLogProbs, batch.OldLogProbs(mb), batch.Advantages(mb),
                    _options.ClipCoef, _options.ClipHigh, _options.SampledTokens);
                if (_base is not null)
                {
                    var kl = KlToBase(mbObservations, mbBins, newLogProbs);
                    loss = loss + kl * _options.KlCoef;
                    klSum += kl.item<float>();
                }
                // Each minibatch's loss is a mean, so an optimiser step per minibatch keeps the step size independent of batch size.
                Optimizer.Step(loss);
                lossSum += loss.item<float>();
                clipSum += clipFraction.item<float>();
                minibatches++;
            }
        }
        metrics["losses/policy"] = lossSum / minibatches;
        metrics["losses/clipfrac"] = clipSum / minibatches;
        if (_base is not null) metrics["losses/kl_to_base"] = klSum / minibatches;
        metrics["charts/learning_rate"] = Optimizer.CurrentLearningRate;
        return metrics;
    }

    /// <summary>The k3 estimator of KL(pi || pi_0) on the sampled tokens (Schulman 2020, http://joschu.net/blog/kl-approx.html), unbiased and non-negative.</summary>
    private Tensor KlToBase(ObservationBatch observations, Tensor bins, Tensor newLogProbs)
    {
        Tensor baseLogProbs;
        using (no_grad())
        {
            using var inputs = _base!.Prepare(observations);
            using var forward = _base.Model.Forward(inputs, bins);
            baseLogProbs = PolicyGradientLoss.LogProbs(forward.Logits, bins, _options.Temperature);
        }
        var logRatio = baseLogProbs - newLogProbs;
        return (logRatio.exp() - logRatio - 1).mean();
    }

    public void Dispose() => Optimizer.Dispose();
}
