using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>
/// PPO (Schulman et al. 2017) with a value head on the hidden state of the first action token (RL4VLA, 2025).
/// Values are computed here with the pre-update policy (identical to values at collection time), then GAE per episode,
/// then epochs of clipped-surrogate minibatches with value loss and an entropy bonus.
/// Episodes cut by the time limit are treated as terminal (no bootstrap): the next observation is not kept.
/// </summary>
public sealed class Ppo : IDisposable
{
    private readonly VlaPolicy _policy;
    private readonly PpoOptions _options;

    public Ppo(VlaPolicy policy, ValueHead valueHead, PpoOptions options)
    {
        options.Validate();
        _policy = policy;
        ValueHead = valueHead;
        _options = options;
        var parameters = policy.Model.parameters().Concat(valueHead.parameters());
        Optimizer = new PolicyOptimizer(parameters, options.Optimizer with { TotalUpdates = Math.Max(1, options.Iterations) });
    }

    public ValueHead ValueHead { get; }
    public PolicyOptimizer Optimizer { get; }

    /// <summary>Attaches values, advantages and returns to each episode's transitions (rewards per step alongside).</summary>
    public TransitionSet PrepareBatch(IReadOnlyList<(IReadOnlyList<Transition> Steps, IReadOnlyList<float> Rewards)> episodes, int imageHeight, int imageWidth, int proprioDim)
    {
        var all = episodes.SelectMany(e => e.Steps).ToList();
        var values = ComputeValues(new TransitionSet(all, imageHeight, imageWidth, proprioDim));
        var prepared = new List<Transition>(all.Count);
        var offset = 0;
        foreach (var (steps, rewards) in episodes)
        {
            var v = values.Skip(offset).Take(steps.Count).ToArray();
            var (advantages, returns) = Gae.Compute(rewards, v, bootstrapValue: 0f, _options.Gamma, _options.GaeLambda);
            for (var t = 0; t < steps.Count; t++)
                prepared.Add(steps[t] with { Value = v[t], Advantage = advantages[t], Return = returns[t] });
            offset += steps.Count;
        }
        return new TransitionSet(prepared, imageHeight, imageWidth, proprioDim);
    }

    /// <summary>Iterations done; set on resume so minibatch order and the schedule continue as in an uninterrupted run.</summary>
    public int Iteration { get; set; }

    public TrainingMetrics Update(TransitionSet batch)
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
            foreach (var rows in order.Chunk(_options.MinibatchSize))
            {
                using var scope = NewDisposeScope();
                _policy.Model.train();
                var bins = batch.Bins(rows);
                using var inputs = _policy.Prepare(batch.Observations(rows));
                using var forward = _policy.Model.Forward(inputs, bins);
                var newLogProbs = PolicyGradientLoss.LogProbs(forward.Logits, bins, _options.Temperature);
                var oldLogProbs = batch.OldLogProbs(rows);
                var advantages = batch.Advantages(rows);
                if (_options.NormalizeAdvantages && rows.Length > 1)
                    advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
                var (policyLoss, clipFraction) = PolicyGradientLoss.Clipped(newLogProbs, oldLogProbs, advantages, _options.ClipCoef, tokenMask: _options.SampledTokens);

                // During the critic warm-up only the value head learns: its input is detached, so the value loss cannot move the shared trunk (and the policy with it).
                var values = ValueHead.call(criticOnly ? forward.FirstActionHidden.detach() : forward.FirstActionHidden);   // (B)
                var returns = batch.Returns(rows);
                var valueLoss = ValueLoss(values, batch.Values(rows), returns);

                var logp = nn.functional.log_softmax(forward.Logits / _options.Temperature, -1);
                var entropy = -(logp.exp() * logp).sum(-1).mean();

                var loss = criticOnly ? valueLoss * _options.ValueCoef : policyLoss + valueLoss * _options.ValueCoef - entropy * _options.EntropyCoef;
                Optimizer.Step(loss);

                // Approximate KL(old || new) per token (k3), for early stopping (CleanRL's approx_kl).
                var logRatio = newLogProbs.detach() - oldLogProbs;
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
        return new TrainingMetrics(Optimizer.Updates, new Dictionary<string, double>
        {
            ["losses/policy"] = policySum / n,
            ["losses/value"] = valueSum / n,
            ["losses/entropy"] = entropySum / n,
            ["losses/clipfrac"] = clipSum / n,
            ["losses/approx_kl"] = approxKl,
            ["charts/learning_rate"] = Optimizer.CurrentLearningRate,
            ["charts/critic_only"] = criticOnly ? 1 : 0,
        });
    }

    private Tensor ValueLoss(Tensor values, Tensor oldValues, Tensor returns)
    {
        var unclipped = (values - returns).pow(2);
        if (_options.ValueClipCoef <= 0) return 0.5 * unclipped.mean();
        var clippedValues = oldValues + (values - oldValues).clamp(-_options.ValueClipCoef, _options.ValueClipCoef);
        var clipped = (clippedValues - returns).pow(2);
        return 0.5 * maximum(unclipped, clipped).mean();
    }

    private float[] ComputeValues(TransitionSet set)
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

    public void Dispose() => Optimizer.Dispose();
}
