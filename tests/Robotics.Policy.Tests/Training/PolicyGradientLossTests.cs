using Robotics.Policy.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests.Training;

public class PolicyGradientLossTests
{
    /// <summary>Two states, 7 tokens, 256 bins: uniform logits, the first state's taken bins get a positive advantage, the second's negative.</summary>
    private static (Tensor Logits, Tensor Bins, Tensor Advantages) Case()
    {
        var logits = zeros(2, 7, 256, requires_grad: true);
        var bins = tensor(new long[] { 3, 3, 3, 3, 3, 3, 3, 9, 9, 9, 9, 9, 9, 9 }, new long[] { 2, 7 });
        var advantages = tensor(new float[] { 1f, -1f });
        return (logits, bins, advantages);
    }

    [Fact]
    public void Clipped_OnPolicy_GradientRaisesPositiveAndLowersNegativeAdvantageActions()
    {
        using var scope = NewDisposeScope();
        var (logits, bins, advantages) = Case();
        var logp = PolicyGradientLoss.LogProbs(logits, bins, 1f);
        var (loss, _) = PolicyGradientLoss.Clipped(logp, logp.detach(), advantages, 0.2);
        loss.backward();

        // Gradient descent moves along -grad: the positive-advantage bin's logit must rise, the negative one's fall.
        var grad = logits.grad!;
        (-grad[0, 0, 3]).item<float>().Should().BeGreaterThan(0);
        (-grad[1, 0, 9]).item<float>().Should().BeLessThan(0);
    }

    [Fact]
    public void Clipped_RatioBeyondClip_HasNoGradientForPositiveAdvantage()
    {
        using var scope = NewDisposeScope();
        var (logits, bins, advantages) = Case();
        var logp = PolicyGradientLoss.LogProbs(logits, bins, 1f);
        // The old policy gave these actions far less probability: ratio e^1 > 1.2, so the positive-advantage term is clipped.
        var old = logp.detach() - 1.0;
        var (loss, clipFraction) = PolicyGradientLoss.Clipped(logp, old, advantages, 0.2);
        loss.backward();

        logits.grad![0].abs().sum().item<float>().Should().Be(0f);
        logits.grad![1].abs().sum().item<float>().Should().BeGreaterThan(0f);
        clipFraction.item<float>().Should().Be(1f);
    }

    [Fact]
    public void Clipped_TokenMask_LeavesUnsampledTokensWithoutGradient()
    {
        using var scope = NewDisposeScope();
        var (logits, bins, advantages) = Case();
        var logp = PolicyGradientLoss.LogProbs(logits, bins, 1f);
        var (loss, _) = PolicyGradientLoss.Clipped(logp, logp.detach(), advantages, 0.2, tokenMask: ActionBins.TranslationAndGripper);
        loss.backward();

        var grad = logits.grad!;
        foreach (var token in new[] { 3, 4, 5 }) grad[0, token].abs().sum().item<float>().Should().Be(0f, "rotation token {0} was decoded greedily", token);
        foreach (var token in new[] { 0, 1, 2, 6 }) grad[0, token].abs().sum().item<float>().Should().BeGreaterThan(0f);
    }

    [Fact]
    public void Clipped_WiderUpperClip_KeepsTheGradientOfARatioBetweenTheTwoClips()
    {
        using var scope = NewDisposeScope();
        var (logits, bins, advantages) = Case();
        var logp = PolicyGradientLoss.LogProbs(logits, bins, 1f);
        // ratio = e^0.22 = 1.25: past a symmetric 0.2 clip, inside DAPO's upper 0.28.
        var old = logp.detach() - 0.22;
        var (symmetric, _) = PolicyGradientLoss.Clipped(logp, old, advantages, 0.2);
        symmetric.backward();
        logits.grad![0].abs().sum().item<float>().Should().Be(0f);

        logits.grad!.zero_();
        var again = PolicyGradientLoss.LogProbs(logits, bins, 1f);
        var (wide, clipFraction) = PolicyGradientLoss.Clipped(again, old, advantages, 0.2, clipHigh: 0.28);
        wide.backward();
        logits.grad![0].abs().sum().item<float>().Should().BeGreaterThan(0f);
        clipFraction.item<float>().Should().Be(0f);
    }

    [Fact]
    public void LogProbs_Temperature_SharpensTowardsTheArgmax()
    {
        using var scope = NewDisposeScope();
        var logits = zeros(1, 7, 256);
        logits[0, .., 5] = tensor(2f);
        var bins = full(new long[] { 1, 7 }, 5L, dtype: ScalarType.Int64);
        var cold = PolicyGradientLoss.LogProbs(logits, bins, 0.5f).mean().item<float>();
        var warm = PolicyGradientLoss.LogProbs(logits, bins, 2f).mean().item<float>();
        cold.Should().BeGreaterThan(warm);
    }
}
