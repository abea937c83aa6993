using Robotics.Policy.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Metrics;

/// <summary>
/// The forgetting law's predictor, E_{s ~ new task}[KL(pi_0(.|s) || pi(.|s))] over the 7-token action, measured on one
/// fixed set of states shared by every run. For each state the 7-token prefix is sampled once from pi_0 (so the outer
/// expectation follows pi_0), then both policies are teacher-forced on it and the per-token KL is exact over the 256 bins.
/// The base's distributions are computed once and cached.
/// Reverse KL, E_s[KL(pi(.|s) || pi_0(.|s))], is an expectation over pi's actions, so its prefixes are sampled from pi
/// (seeded, fresh for each policy measured): the chain rule makes the sum of exact per-token KLs on a prefix drawn from
/// pi an unbiased estimate of the 7-token KL. Reusing pi_0's prefixes (as this probe once did) weighs the tokens by the
/// base's actions instead and is kept only as <see cref="DivergenceReport.ReverseKlOnBasePrefixes"/>.
/// The probe holds the base policy (it samples nothing from it after creation but reads it in Measure): the base must outlive it.
/// </summary>
public sealed class ForwardKlProbe : IDisposable
{
    private readonly TransitionSet _states;
    private readonly Tensor _prefixBins;      // (S, 7)
    private readonly Tensor _baseProbs;       // (S, 7, 256)
    private readonly int _batchSize;
    private readonly VlaPolicy _basePolicy;
    private readonly long _seed;

    private ForwardKlProbe(TransitionSet states, Tensor prefixBins, Tensor baseProbs, int batchSize, VlaPolicy basePolicy, long seed)
    {
        _states = states;
        _prefixBins = prefixBins;
        _baseProbs = baseProbs;
        _batchSize = batchSize;
        _basePolicy = basePolicy;
        _seed = seed;
    }

    public int States => _states.Count;

    public static ForwardKlProbe Create(VlaPolicy basePolicy, TransitionSet states, long seed, int batchSize = 256)
    {
        if (states.Count == 0) throw new ArgumentException("the KL probe needs at least one state");
        var (prefix, probs) = SamplePrefixes(basePolicy, states, seed, batchSize);
        return new ForwardKlProbe(states, prefix, probs, batchSize, basePolicy, seed);
    }

    public DivergenceReport Measure(VlaPolicy policy)
    {
        using var scope = NewDisposeScope();
        var probs = Distributions(policy, _states, _prefixBins, _batchSize);
        var forward = DistributionDivergence.KlPerState(_baseProbs, probs).mean().item<float>();
        var onBasePrefixes = DistributionDivergence.KlPerState(probs, _baseProbs).mean().item<float>();
        var tv = DistributionDivergence.TotalVariationPerState(_baseProbs, probs).mean().item<float>();

        // Every policy's prefixes come from the same seed (one stream past the base's), so a re-measurement repeats exactly.
        var (ownPrefix, own) = SamplePrefixes(policy, _states, _seed + 1, _batchSize);
        var baseOnOwn = Distributions(_basePolicy, _states, ownPrefix, _batchSize);
        var reverse = DistributionDivergence.KlPerState(own, baseOnOwn).mean().item<float>();
        return new DivergenceReport(NonNegative(forward), NonNegative(reverse), tv, _states.Count) { ReverseKlOnBasePrefixes = NonNegative(onBasePrefixes) };
    }

    /// <summary>A KL is never negative; float32 sums of p (log p - log q) over identical distributions give about -1e-8, which reads as 0.</summary>
    private static double NonNegative(float kl) => Math.Max(0.0, kl);

    /// <summary>
    /// One 7-token action per state sampled from <paramref name="policy"/> at temperature 1, (S, 7) bins, with the
    /// policy's per-token distributions on that prefix, (S, 7, 256), which sampling computes anyway (no second pass).
    /// </summary>
    private static (Tensor Bins, Tensor Probs) SamplePrefixes(VlaPolicy policy, TransitionSet states, long seed, int batchSize)
    {
        using var generator = new Generator((ulong)seed);
        var bins = new long[states.Count * ActionBins.Tokens];
        var probs = new float[states.Count * ActionBins.Tokens * ActionBins.Bins];
        policy.Model.eval();
        foreach (var rows in Enumerable.Range(0, states.Count).Chunk(batchSize))
        {
            var step = policy.Act(states.Observations(rows), DecodingMode.Sample, 1f, generator);
            var stepProbs = step.Probs ?? throw new InvalidOperationException("sampling returned no per-token distributions");
            for (var i = 0; i < rows.Length; i++)
            {
                for (var k = 0; k < ActionBins.Tokens; k++)
                    bins[rows[i] * ActionBins.Tokens + k] = step.Bins[i * ActionBins.Tokens + k];
                Array.Copy(stepProbs, i * ActionBins.Tokens * ActionBins.Bins, probs, rows[i] * ActionBins.Tokens * ActionBins.Bins, ActionBins.Tokens * ActionBins.Bins);
            }
        }
        return (tensor(bins, new long[] { states.Count, ActionBins.Tokens }), tensor(probs, new long[] { states.Count, ActionBins.Tokens, ActionBins.Bins }));
    }

    private static Tensor Distributions(VlaPolicy policy, TransitionSet states, Tensor prefix, int batchSize)
    {
        policy.Model.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        foreach (var rows in Enumerable.Range(0, states.Count).Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var bins = prefix.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
            using var inputs = policy.Prepare(states.Observations(rows));
            using var forward = policy.Model.Forward(inputs, bins);
            parts.Add(nn.functional.softmax(forward.Logits, -1).MoveToOuterDisposeScope()); // (b, 7, 256)
        }
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    public void Dispose()
    {
        _prefixBins.Dispose();
        _baseProbs.Dispose();
    }
}
