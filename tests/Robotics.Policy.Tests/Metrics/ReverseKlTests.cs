using Robotics.Policy.Metrics;
using Robotics.Policy.Training;
using Robotics.Policy.Model;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests.Metrics;

public class ReverseKlTests
{
    // Two autoregressive policies over 2 tokens of 3 bins: the first token's distribution, then the second's given the first.
    private static readonly double[] P1 = [0.7, 0.2, 0.1];
    // The second token disagrees most after the first token p favours (0) and not at all after the one q favours (2).
    private static readonly double[][] P2 = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]];
    private static readonly double[] Q1 = [0.2, 0.3, 0.5];
    private static readonly double[][] Q2 = [[0.05, 0.05, 0.9], [0.6, 0.2, 0.2], [0.1, 0.1, 0.8]];

    /// <summary>KL(p || q) of the joint over all 9 sequences.</summary>
    private static double ExactJointKl(double[] p1, double[][] p2, double[] q1, double[][] q2)
    {
        double kl = 0;
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++)
            {
                var p = p1[a] * p2[a][b];
                kl += p * Math.Log(p / (q1[a] * q2[a][b]));
            }
        return kl;
    }

    /// <summary>Both policies' per-token distributions teacher-forced on each prefix (first token), as the probe computes them: (S, 2, 3).</summary>
    private static (Tensor P, Tensor Q) TeacherForced(IReadOnlyList<int> firstTokens)
    {
        float[] Rows(double[] first, double[][] second) => firstTokens.SelectMany(a => first.Concat(second[a])).Select(v => (float)v).ToArray();
        var shape = new long[] { firstTokens.Count, 2, 3 };
        return (tensor(Rows(P1, P2), shape), tensor(Rows(Q1, Q2), shape));
    }

    private static int[] SampleFirstTokens(double[] distribution, int count, ulong seed)
    {
        var random = new SplitMixStream(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var u = random.NextDouble();
            return u < distribution[0] ? 0 : u < distribution[0] + distribution[1] ? 1 : 2;
        }).ToArray();
    }

    [Fact]
    public void KlPerState_OnPrefixesSampledFromP_EstimatesTheJointKlAndOnQsPrefixesDoesNot()
    {
        using var scope = NewDisposeScope();
        var exact = ExactJointKl(P1, P2, Q1, Q2);

        var (pOwn, qOwn) = TeacherForced(SampleFirstTokens(P1, 20_000, seed: 1));
        var (pOnQ, qOnQ) = TeacherForced(SampleFirstTokens(Q1, 20_000, seed: 2));
        var ownPrefixes = DistributionDivergence.KlPerState(pOwn, qOwn).mean().item<float>();
        var basePrefixes = DistributionDivergence.KlPerState(pOnQ, qOnQ).mean().item<float>();

        ownPrefixes.Should().BeApproximately((float)exact, 0.03f);   // about 4 standard errors of 20,000 draws
        (exact - basePrefixes).Should().BeGreaterThan(0.5, "weighting the second token by q's first tokens is not KL(p || q)");
    }

    private static TransitionSet States(VlaConfig config)
    {
        var obs = TestPolicies.Observations(config, 24, seed: 7);
        var bytes = config.ImageSize * config.ImageSize * 3;
        var items = Enumerable.Range(0, obs.BatchSize).Select(i => new Transition(
            obs.Images.AsSpan(i * bytes, bytes).ToArray(), obs.Proprio.AsSpan(i * config.ProprioDim, config.ProprioDim).ToArray(),
            obs.Instructions[i], new int[7])).ToList();
        return new TransitionSet(items, config.ImageSize, config.ImageSize, config.ProprioDim);
    }

    [Fact]
    public void Measure_ReverseKl_UsesThePolicysOwnPrefixesAndIsZeroAgainstItself()
    {
        using var basePolicy = TestPolicies.Create(seed: 1);
        using var tuned = TestPolicies.Create(seed: 2);
        using var probe = ForwardKlProbe.Create(basePolicy, States(TestPolicies.Micro), seed: 5);

        var self = probe.Measure(basePolicy);
        var other = probe.Measure(tuned);
        var again = probe.Measure(tuned);

        self.ForwardKl.Should().BeApproximately(0, 1e-5);
        self.ReverseKl.Should().BeApproximately(0, 1e-5);
        other.ReverseKl.Should().BeGreaterThan(0);
        Math.Abs(other.ReverseKl - other.ReverseKlOnBasePrefixes).Should().BeGreaterThan(1e-3 * other.ReverseKl, "pi's prefixes are not pi_0's");
        again.ReverseKl.Should().Be(other.ReverseKl, "the policy's prefixes are sampled from a fixed seed");
        again.ForwardKl.Should().Be(other.ForwardKl);
    }
}
