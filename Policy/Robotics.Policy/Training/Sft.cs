using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>
/// Supervised fine-tuning (behaviour cloning): cross-entropy on the 7 action tokens of demonstration steps,
/// teacher-forced as OpenVLA trains. With <see cref="SftOptions.ReplayFraction"/> each batch mixes in prior-task
/// demonstrations (experience replay, the continual-learning baseline).
/// </summary>
public sealed class Sft : IDisposable
{
    private readonly VlaPolicy _policy;
    private readonly SftOptions _options;
    private readonly TransitionSet _data;
    private readonly TransitionSet? _replay;
    private readonly MinibatchSampler _sampler;
    private readonly MinibatchSampler? _replaySampler;

    public Sft(VlaPolicy policy, TransitionSet data, SftOptions options, TransitionSet? replay = null)
    {
        options.Validate();
        if (options.ReplayRows > 0 && (replay is null || replay.Count == 0))
            throw new ArgumentException("ReplayFraction > 0 needs a non-empty replay set of prior-task demonstrations");
        _policy = policy;
        _options = options;
        _data = data;
        _replay = options.ReplayRows > 0 ? replay : null;
        _sampler = new MinibatchSampler(data.Count, options.BatchSize - options.ReplayRows, options.Seed);
        _replaySampler = _replay is null ? null : new MinibatchSampler(_replay.Count, options.ReplayRows, options.Seed + 1);
        Optimizer = new PolicyOptimizer(policy.Model.parameters(), options.Optimizer);
    }

    public PolicyOptimizer Optimizer { get; }

    /// <summary>Restores the sampler position after <see cref="PolicyOptimizer.Load"/>, so a resumed run sees the same batches.</summary>
    public void FastForward(int updates)
    {
        _sampler.Skip(updates);
        _replaySampler?.Skip(updates);
    }

    public TrainingMetrics Update()
    {
        using var scope = NewDisposeScope();
        _policy.Model.train();
        var ce = BatchLoss(_data, _sampler.Next(), stream: 2L * Optimizer.Updates);
        var loss = ce;
        if (_replay is not null)
        {
            // Weighted by rows, so a replay row counts as much as a new-task row.
            var replayLoss = BatchLoss(_replay, _replaySampler!.Next(), stream: 2L * Optimizer.Updates + 1);
            var w = (double)_options.ReplayRows / _options.BatchSize;
            loss = ce * (1 - w) + replayLoss * w;
        }
        var gradNorm = Optimizer.Step(loss);
        return new TrainingMetrics(Optimizer.Updates, new Dictionary<string, double>
        {
            ["losses/sft"] = loss.item<float>(),
            ["losses/grad_norm"] = gradNorm,
            ["charts/learning_rate"] = Optimizer.CurrentLearningRate,
        });
    }

    /// <param name="stream">Which draw of the augmentation's offsets this batch takes (fixed by the update, so a resume repeats it).</param>
    private Tensor BatchLoss(TransitionSet set, int[] rows, long stream)
    {
        var observations = RandomShift.Apply(set.Observations(rows), _options.ImageShift, SeedMix.For(_options.Seed, stream));
        using var inputs = _policy.Prepare(observations);
        var bins = set.Bins(rows);                                   // (B, 7)
        using var forward = _policy.Model.Forward(inputs, bins);
        return CrossEntropy(forward.Logits, bins);
    }

    /// <summary>Teacher-forced cross-entropy of the action tokens, averaged over every token of the batch; KL-SFT's first term too.</summary>
    /// <param name="logits">(B, 7, 256)</param>
    /// <param name="bins">(B, 7), the demonstrated bins</param>
    internal static Tensor CrossEntropy(Tensor logits, Tensor bins) =>
        nn.functional.cross_entropy(logits.reshape(-1, ActionBins.Bins), bins.reshape(-1));

    public void Dispose() => Optimizer.Dispose();
}
