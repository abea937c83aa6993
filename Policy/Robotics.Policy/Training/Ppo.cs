using TorchSharp;
using Robotics.Policy.Model;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>PPO as RL4VLA runs it on OpenVLA: value head on the first action token, GAE, clipped ratio and value loss.</summary>
public sealed record PpoOptions
{
    // Run
    /// <summary>Iterations (collect, then update) of the run; the cosine schedule decays over them.</summary>
    public int Iterations { get; init; } = 40;
    /// <summary>Seeds the layouts, the rollouts' sampling, the critic's initial weights and the minibatch order.</summary>
    public long Seed { get; init; } = 1;

    // Collection
    /// <summary>Episodes collected per iteration, each from its own training layout.</summary>
    public int EpisodesPerIteration { get; init; } = 32;
    /// <summary>Sampling temperature of the acting policy; log-probabilities and the entropy are taken at the same temperature.</summary>
    public float Temperature { get; init; } = 1f;
    /// <summary>Sample the 3 rotation tokens too; off, they are decoded greedily and left out of the policy loss (<see cref="ActionBins.TranslationAndGripper"/>).</summary>
    public bool ExploreRotation { get; init; }
    /// <summary>Add the simulator's potential-based shaping term (Phi(s') - Phi(s) each step) to the binary success reward.</summary>
    public bool DenseReward { get; init; }

    // Advantages
    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>GAE's lambda (bias-variance trade-off of the advantage).</summary>
    public double GaeLambda { get; init; } = 0.95;
    /// <summary>Normalise the advantages within each minibatch.</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    // Update
    /// <summary>Passes over each iteration's batch.</summary>
    public int Epochs { get; init; } = 2;
    /// <summary>Steps per optimiser step (and per batch of the value pass).</summary>
    public int MinibatchSize { get; init; } = 256;
    /// <summary>Clip range of the probability ratio.</summary>
    public double ClipCoef { get; init; } = 0.2;
    /// <summary>Clip range of the value update around the old value; 0 turns value clipping off.</summary>
    public double ValueClipCoef { get; init; } = 0.2;
    /// <summary>Weight of the value loss.</summary>
    public double ValueCoef { get; init; } = 0.5;
    /// <summary>Weight of the entropy bonus.</summary>
    public double EntropyCoef { get; init; } = 0.0;
    /// <summary>Stop the epochs of an iteration early once the approximate KL to the acting policy exceeds this; 0 = never.</summary>
    public double TargetKl { get; init; } = 0.1;
    /// <summary>Iterations at the start that train only the value head (the policy loss is off), so the first advantages come from a critic that has seen returns (VLA-RL's critic warm-up).</summary>
    public int CriticWarmupIterations { get; init; }
    /// <summary>AdamW's peak learning rate, over the policy and the value head.</summary>
    public double LearningRate { get; init; } = 1e-4;

    // Derived
    /// <summary>Which of the 7 action tokens the acting policy samples (the rest greedy, and out of the policy loss), from <see cref="ExploreRotation"/>.</summary>
    public IReadOnlyList<bool> SampledTokens => ExploreRotation ? ActionBins.All : ActionBins.TranslationAndGripper;
    /// <summary>AdamW without warm-up, <see cref="LearningRate"/> decayed by a cosine over the iterations (the schedule's position).</summary>
    public OptimizerOptions Optimizer => new() { LearningRate = LearningRate, WarmupUpdates = 0, Cosine = true, TotalUpdates = Math.Max(1, Iterations) };

    public void Validate()
    {
        if (Iterations < 0) throw new ArgumentException($"Iterations must be >= 0, got {Iterations}");
        if (EpisodesPerIteration < 1) throw new ArgumentException($"EpisodesPerIteration must be positive, got {EpisodesPerIteration}");
        if (Temperature <= 0 || !float.IsFinite(Temperature)) throw new ArgumentException($"Temperature must be a positive number, got {Temperature}");
        if (Gamma is < 0 or > 1 || GaeLambda is < 0 or > 1) throw new ArgumentException("Gamma and GaeLambda must be in [0, 1]");
        if (Epochs < 1 || MinibatchSize < 1) throw new ArgumentException($"Epochs and MinibatchSize must be positive, got {Epochs} and {MinibatchSize}");
        if (!(ClipCoef > 0 && double.IsFinite(ClipCoef))) throw new ArgumentException($"ClipCoef must be a positive number, got {ClipCoef}");
        if (!(TargetKl >= 0 && double.IsFinite(TargetKl))) throw new ArgumentException($"TargetKl must be >= 0 (0: never stop early), got {TargetKl}");
        if (CriticWarmupIterations < 0) throw new ArgumentException($"CriticWarmupIterations must be >= 0, got {CriticWarmupIterations}");
        OptimizerOptions.ValidateLearningRate(LearningRate);
    }
}

/// <summary>
/// PPO (Schulman et al. 2017) with a value head on the hidden state of the first action token (RL4VLA, 2025), one iteration
/// in CleanRL's order: collect sampled episodes from distinct layouts, values with the pre-update policy (identical to
/// values at collection time), GAE per episode, then epochs of clipped-surrogate minibatches with value loss and an
/// entropy bonus. Episodes cut by the time limit are treated as terminal (no bootstrap).
/// </summary>
public sealed class Ppo : IDisposable
{
    private readonly VlaPolicy _policy;
    private readonly IRolloutSource _source;
    private readonly PpoOptions _options;

    public Ppo(VlaPolicy policy, IRolloutSource source, PpoOptions options)
    {
        options.Validate();
        _policy = policy;
        _source = source;
        _options = options;
        // Seeded, so the critic starts the same in every run with this seed (a resumed run then loads it from the checkpoint).
        ValueHead = TorchRandom.Seeded(options.Seed, () => new ValueHead(policy.Config.Width));
        var parameters = policy.Model.parameters().Concat(ValueHead.parameters());
        Optimizer = new PolicyOptimizer(parameters, options.Optimizer);
    }

    /// <summary>The critic; a checkpoint holds it beside the policy.</summary>
    public ValueHead ValueHead { get; }
    public PolicyOptimizer Optimizer { get; }

    /// <summary>Updates done; set on resume so minibatch order and the schedule continue as in an uninterrupted run.</summary>
    public int Iteration { get; set; }

    /// <summary>Iteration <paramref name="step"/> (from 1): collect, advantages, update; its metrics keyed CleanRL-style.</summary>
    public async Task<TrainingMetrics> IterateAsync(int step, CancellationToken ct)
    {
        // 1. Collect. An episode the policy blew up stays in (its rewards say failure); one the simulator aborted is left out.
        var seeds = Enumerable.Range(0, _options.EpisodesPerIteration).Select(i => TrainingSeeds.For(_options.Seed, step, i)).ToArray();
        using var session = _source.Open(_policy, _options.Temperature, seed: _options.Seed * 100_003 + step, _options.SampledTokens);
        var rollouts = (await session.CollectAsync(seeds, ct)).OfType<Rollout>().ToList();
        // Nothing to learn from: no update, and the iteration does not count.
        if (rollouts.Count == 0) return new TrainingMetrics(step, new Dictionary<string, double> { ["charts/success_rate"] = 0 });

        // 2. Advantages: values of the pre-update critic, then GAE per episode.
        var batch = Advantages(rollouts);

        // 3. Update, and 4. metrics.
        var metrics = Update(batch);
        metrics["charts/success_rate"] = rollouts.Average(r => r.Success ? 1.0 : 0.0);
        return new TrainingMetrics(step, metrics);
    }

    /// <summary>
    /// Binary: 1 at the last step of a successful episode. Dense: that plus the simulator's shaping term each step
    /// (Phi(s') - Phi(s)), which leaves the optimal policy unchanged (Ng et al. 1999).
    /// </summary>
    private float[] Rewards(Rollout rollout)
    {
        var rewards = new float[rollout.Steps.Count];
        if (_options.DenseReward)
        {
            var shaped = rollout.ShapedRewards ?? throw new InvalidOperationException(
                $"--dense-reward needs the simulator's shaped reward (the StepResult extra 'shaped_reward'); the episode of '{rollout.Task}' carried none");
            for (var t = 0; t < shaped.Count; t++) rewards[t] = shaped[t];
        }
        if (rollout.Success && !rollout.PhysicsError && rewards.Length > 0) rewards[^1] += 1f;
        return rewards;
    }

    private TransitionSet Advantages(IReadOnlyList<Rollout> rollouts)
    {
        var all = rollouts.SelectMany(r => r.Steps).ToList();
        var values = Values(rollouts[0].SetOf(all));
        var prepared = new List<Transition>(all.Count);
        var offset = 0;
        foreach (var rollout in rollouts)
        {
            var steps = rollout.Steps;
            var v = values.Skip(offset).Take(steps.Count).ToArray();
            var (advantages, returns) = Gae.Compute(Rewards(rollout), v, bootstrapValue: 0f, _options.Gamma, _options.GaeLambda);
            for (var t = 0; t < steps.Count; t++)
                prepared.Add(steps[t] with { Value = v[t], Advantage = advantages[t], Return = returns[t] });
            offset += steps.Count;
        }
        return rollouts[0].SetOf(prepared);
    }

    private float[] Values(TransitionSet set)
    {
        var values = new float[set.Count];
        ValueHead.eval();
        using var noGrad = no_grad();
        foreach (var rows in Enumerable.Range(0, set.Count).Chunk(_options.MinibatchSize))
        {
            using var scope = NewDisposeScope();
            var bins = set.Bins(rows);
            using var inputs = _policy.Prepare(set.Observations(rows));
            using var forward = _policy.Model.Forward(inputs, bins);
            var v = ValueHead.call(forward.FirstActionHidden).data<float>().ToArray();
            for (var i = 0; i < rows.Length; i++) values[rows[i]] = v[i];
        }
        ValueHead.train();
        return values;
    }

    private Dictionary<string, double> Update(TransitionSet batch)
    {
        var random = new Random(SeedMix.For(_options.Seed, Iteration));
        var criticOnly = Iteration < _options.CriticWarmupIterations;
        // The schedule runs over iterations, not minibatch steps (their number per iteration varies with episode lengths).
        Optimizer.ScheduleAt(Iteration++);
        var order = Enumerable.Range(0, batch.Count).ToArray();
        double policySum = 0, valueSum = 0, entropySum = 0, clipSum = 0, approxKl = 0;
        var minibatches = 0;
        var stoppedEarly = false;
        for (var epoch = 0; epoch < _options.Epochs && !stoppedEarly; epoch++)
        {
            random.Shuffle(order);
            foreach (var mb in order.Chunk(_options.MinibatchSize))
            {
                using var scope = NewDisposeScope();
                _policy.Model.train();
                var mbBins = batch.Bins(mb);   // (B, 7)
                using var inputs = _policy.Prepare(batch.Observations(mb));
                using var forward = _policy.Model.Forward(inputs, mbBins);
                var newLogProbs = PolicyGradientLoss.LogProbs(forward.Logits, mbBins, _options.Temperature);   // (B, 7)
                var mbOldLogProbs = batch.OldLogProbs(mb);
                var mbAdvantages = batch.Advantages(mb);
                if (_options.NormalizeAdvantages && mb.Length > 1)
                    mbAdvantages = (mbAdvantages - mbAdvantages.mean()) / (mbAdvantages.std() + 1e-8);
                var (policyLoss, clipFraction) = PolicyGradientLoss.Clipped(newLogProbs, mbOldLogProbs, mbAdvantages, _options.ClipCoef, tokenMask: _options.SampledTokens);

                // During the critic warm-up only the value head learns: its input is detached, so the value loss cannot move the shared trunk (and the policy with it).
                var values = ValueHead.call(criticOnly ? forward.FirstActionHidden.detach() : forward.FirstActionHidden);   // (B)
                var valueLoss = ValueLoss(values, batch.Values(mb), batch.Returns(mb));

                var logp = nn.functional.log_softmax(forward.Logits / _options.Temperature, -1);
                var entropy = -(logp.exp() * logp).sum(-1).mean();

                var loss = criticOnly ? valueLoss * _options.ValueCoef : policyLoss + valueLoss * _options.ValueCoef - entropy * _options.EntropyCoef;
                Optimizer.Step(loss);

                // Approximate KL(old || new) per token (k3), for early stopping (CleanRL's approx_kl).
                var logRatio = newLogProbs.detach() - mbOldLogProbs;
                var kl = ((logRatio.exp() - 1) - logRatio).mean().item<float>();
                policySum += policyLoss.item<float>();
                valueSum += valueLoss.item<float>();
                entropySum += entropy.item<float>();
                clipSum += clipFraction.item<float>();
                approxKl = kl;
                minibatches++;
                if (_options.TargetKl > 0 && kl > _options.TargetKl)
                {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        var n = Math.Max(1, minibatches);
        return new Dictionary<string, double>
        {
            ["losses/policy"] = policySum / n,
            ["losses/value"] = valueSum / n,
            ["losses/entropy"] = entropySum / n,
            ["losses/clipfrac"] = clipSum / n,
            ["losses/approx_kl"] = approxKl,
            ["charts/learning_rate"] = Optimizer.CurrentLearningRate,
            ["charts/critic_only"] = criticOnly ? 1 : 0,
        };
    }

    /// <summary>Squared error to the returns, clipped around the old value as CleanRL's <c>clip_vloss</c>.</summary>
    private Tensor ValueLoss(Tensor values, Tensor oldValues, Tensor returns)
    {
        var unclipped = (values - returns).pow(2);
        if (_options.ValueClipCoef <= 0) return 0.5 * unclipped.mean();
        var clippedValues = oldValues + (values - oldValues).clamp(-_options.ValueClipCoef, _options.ValueClipCoef);
        var clipped = (clippedValues - returns).pow(2);
        return 0.5 * maximum(unclipped, clipped).mean();
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        ValueHead.Dispose();
    }
}
