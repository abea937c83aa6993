using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>
/// KL-constrained SFT, the remedy RL's Razor proposes (Shenfeld et al. 2025, sec. 6): cross-entropy on the demonstrations
/// plus beta * forward KL(pi_0 || pi) to the frozen base policy, on the same states and teacher-forced prefixes.
/// With beta = 0 it is exactly <see cref="Sft"/>.
/// </summary>
public sealed class KlSft : IDisposable
{
    private readonly VlaPolicy _policy;
    private readonly VlaPolicy _base;
    private readonly TransitionSet _data;
    private readonly MinibatchSampler _sampler;

    /// <param name="klCoef">Beta at the start (<see cref="KlCoef"/>).</param>
    public KlSft(VlaPolicy policy, VlaPolicy basePolicy, TransitionSet data, SftOptions options, double klCoef)
    {
        options.Validate();
        if (options.ImageShift > 0) throw new ArgumentException("ImageShift augments behaviour cloning (Sft); KL-SFT does not apply it");
        if (options.ReplayFraction > 0) throw new ArgumentException($"KL-SFT anchors to the base instead of replaying prior-task demonstrations: ReplayFraction applies to SFT only, got {options.ReplayFraction}");
        if (klCoef < 0) throw new ArgumentException($"KlCoef must be >= 0, got {klCoef}");
        _policy = policy;
        _base = basePolicy;
        _data = data;
        _sampler = new MinibatchSampler(data.Count, options.BatchSize, options.Seed);
        KlCoef = klCoef;
        Optimizer = new PolicyOptimizer(policy.Model.parameters(), options.Optimizer);
        _base.Model.eval();
    }

    public PolicyOptimizer Optimizer { get; }

    /// <summary>Beta, the weight of the KL term; starts at the constructor's and may be steered between updates (a KL budget).</summary>
    public double KlCoef { get; set; }

    public void FastForward(int updates) => _sampler.Skip(updates);

    public TrainingMetrics Update()
    {
        using var scope = NewDisposeScope();
        _policy.Model.train();
        var rows = _sampler.Next();
        var observations = _data.Observations(rows);
        var bins = _data.Bins(rows);                                             // (B, 7)

        using var inputs = _policy.Prepare(observations);
        using var forward = _policy.Model.Forward(inputs, bins);
        var logits = forward.Logits;                                             // (B, 7, 256)
        var ce = Sft.CrossEntropy(logits, bins);

        Tensor baseLogProbs;
        using (no_grad())
        {
            using var baseInputs = _base.Prepare(observations);
            using var baseForward = _base.Model.Forward(baseInputs, bins);
            baseLogProbs = nn.functional.log_softmax(baseForward.Logits, -1);    // (B, 7, 256)
        }
        var logProbs = nn.functional.log_softmax(logits, -1);
        // Forward KL summed over the 7 tokens, averaged over states.
        var kl = (baseLogProbs.exp() * (baseLogProbs - logProbs)).sum(-1).sum(-1).mean();
        var loss = ce + kl * KlCoef;

        var gradNorm = Optimizer.Step(loss);
        return new TrainingMetrics(Optimizer.Updates, new Dictionary<string, double>
        {
            ["losses/sft"] = ce.item<float>(),
            ["losses/kl_to_base"] = kl.item<float>(),
            ["losses/total"] = loss.item<float>(),
            ["charts/kl_coef"] = KlCoef,
            ["losses/grad_norm"] = gradNorm,
            ["charts/learning_rate"] = Optimizer.CurrentLearningRate,
        });
    }

    public void Dispose() => Optimizer.Dispose();
}
