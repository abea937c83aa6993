using Robotics.Policy.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests.Metrics;

public class DistributionDivergenceTests
{
    private static Tensor TwoBins(float a, float b)
    {
        // One state, 7 identical tokens, each a distribution over 256 bins with mass on the first two.
        var probs = zeros(1, 7, 256);
        probs[.., .., 0] = tensor(a);
        probs[.., .., 1] = tensor(b);
        return probs;
    }

    [Fact]
    public void Kl_OfADistributionWithItself_IsZero()
    {
        using var scope = NewDisposeScope();
        var p = softmax(randn(4, 7, 256, generator: new Generator(1)), -1);
        DistributionDivergence.KlPerState(p, p).max().item<float>().Should().BeApproximately(0f, 1e-6f);
        DistributionDivergence.TotalVariationPerState(p, p).max().item<float>().Should().BeApproximately(0f, 1e-6f);
    }

    [Fact]
    public void Kl_KnownPair_MatchesAnalyticValueSummedOverTokens()
    {
        using var scope = NewDisposeScope();
        var p = TwoBins(0.5f, 0.5f);
        var q = TwoBins(0.9f, 0.1f);
        // KL per token = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = 0.5108256; 7 tokens.
        DistributionDivergence.KlPerState(p, q).item<float>().Should().BeApproximately(7 * 0.5108256f, 1e-4f);
        // Reverse KL per token = 0.9 ln(0.9/0.5) + 0.1 ln(0.1/0.5) = 0.3680642.
        DistributionDivergence.KlPerState(q, p).item<float>().Should().BeApproximately(7 * 0.3680642f, 1e-4f);
        // TV per token = 0.4, averaged over tokens.
        DistributionDivergence.TotalVariationPerState(p, q).item<float>().Should().BeApproximately(0.4f, 1e-5f);
    }
}
