using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>
/// The update step of GRPO / REINFORCE on rollouts that already carry their group-normalised advantages and the
/// acting policy's token log-probabilities (collection lives with the simulator, outside Policy). Steps of groups
/// with zero advantage (all succeeded or all failed) carry no gradient and are dropped before the update.
/// </summary>
public sealed class Grpo : IDisposable
{
    private readonly VlaPolicy _policy;
    private readonly VlaPolicy? _base;
    private readonly GrpoOptions _options;
    private int _iteration;

    public Grpo(VlaPolicy policy, GrpoOptions options, VlaPolicy? basePolicy = null)
    {
        options.Validate();
        if (options.KlCoef > 0 && basePolicy is null) throw new ArgumentException("KlCoef > 0 needs the base policy");
        _policy = policy;
        _base = basePolicy;
        _options = options;
        Optimizer = new PolicyOptimizer(policy.Model.parameters(), options.Optimizer with { TotalUpdates = Math.Max(1, options.Iterations) });
    }

    public PolicyOptimizer Optimizer { get; }

    /// <summary>Iterations done; set on resume so minibatch order and the schedule continue as in an uninterrupted run.</summary>
    public int Iteration { get => _iteration; set => _iteration = value; }

    public TrainingMetrics Update(TransitionSet rollouts)
    {
        // Minibatch order depends only on the seed and the iteration, so a resumed run shuffles as an uninterrupted one.
        var random = new Random(SeedMix.For(_options.Seed, _iteration++));
        var active = Enumerable.Range(0, rollouts.Count).Where(i => rollouts.Items[i].Advantage != 0f).ToArray();
        var metrics = new Dictionary<string, double> { ["charts/active_steps"] = active.Length };
        if (active.Length == 0)
        {
            metrics["losses/policy"] = 0;
            return new TrainingMetrics(Optimizer.Updates, metrics);
        }

        Optimizer.ScheduleAt(_iteration - 1);
        double lossSum = 0, clipSum = 0, klSum = 0;
        var minibatches = 0;
        for (var epoch = 0; epoch < _options.Epochs; epoch++)
        {
            random.Shuffle(active);
            foreach (var rows in active.Chunk(_options.MinibatchSize))
            {
                using var scope = NewDisposeScope();
                _policy.Model.train();
                var observations = rollouts.Observations(rows);
                var bins = rollouts.Bins(rows);
                using var inputs = _policy.Prepare(observations);
                using var forward = _policy.Model.Forward(inputs, bins);
                var newLogProbs = PolicyGradientLoss.LogProbs(forward.Logits, bins, _options.Temperature);
                var (loss, clipFraction) = PolicyGradientLoss.Clipped(newLogProbs, rollouts.OldLogProbs(rows), rollouts.Advantages(rows),
                    _options.ClipCoef, _options.ClipHigh, _options.SampledTokens);
                if (_base is not null && _options.KlCoef > 0)
                {
                    var kl = KlPenalty(observations, bins, newLogProbs);
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
        if (_base is not null && _options.KlCoef > 0) metrics["losses/kl_to_base"] = klSum / minibatches;
        metrics["charts/learning_rate"] = Optimizer.CurrentLearningRate;
        return new TrainingMetrics(Optimizer.Updates, metrics);
    }

    /// <summary>The k3 estimator of KL(pi || pi_0) on the sampled tokens (Schulman 2020), unbiased and non-negative.</summary>
    private Tensor KlPenalty(ObservationBatch observations, Tensor bins, Tensor newLogProbs)
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
