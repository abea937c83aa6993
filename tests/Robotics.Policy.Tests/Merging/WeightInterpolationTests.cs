using Robotics.Policy.Merging;

namespace Robotics.Policy.Tests.Merging;

public class WeightInterpolationTests
{
    private static Dictionary<string, float[]> Weights(VlaPolicy policy) =>
        policy.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());

    [Fact]
    public void Interpolate_AtZero_IsTheBaseAndAtOne_TheEndpoint()
    {
        using var basePolicy = TestPolicies.Create(seed: 1);
        using var tuned = TestPolicies.Create(seed: 2);

        using var atZero = WeightInterpolation.Interpolate(basePolicy, tuned, 0);
        using var atOne = WeightInterpolation.Interpolate(basePolicy, tuned, 1);

        var baseWeights = Weights(basePolicy);
        var tunedWeights = Weights(tuned);
        baseWeights.Should().NotBeEquivalentTo(tunedWeights, "two seeds give two different policies, or the test says nothing");
        foreach (var (name, w) in Weights(atZero)) w.Should().Equal(baseWeights[name], name);
        foreach (var (name, w) in Weights(atOne)) w.Should().Equal(tunedWeights[name], name);
    }

    [Fact]
    public void Interpolate_InBetween_IsTheWeightedMeanAndLeavesBothInputsUnchanged()
    {
        using var basePolicy = TestPolicies.Create(seed: 1);
        using var tuned = TestPolicies.Create(seed: 2);
        var baseBefore = Weights(basePolicy);
        var tunedBefore = Weights(tuned);

        using var merged = WeightInterpolation.Interpolate(basePolicy, tuned, 0.3);

        foreach (var (name, w) in Weights(merged))
            for (var i = 0; i < w.Length; i++)
                w[i].Should().BeApproximately(0.7f * baseBefore[name][i] + 0.3f * tunedBefore[name][i], 1e-6f, name);
        Weights(basePolicy).Should().BeEquivalentTo(baseBefore);
        Weights(tuned).Should().BeEquivalentTo(tunedBefore);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Interpolate_AlphaOutsideZeroToOne_Throws(double alpha)
    {
        using var basePolicy = TestPolicies.Create(seed: 1);
        using var tuned = TestPolicies.Create(seed: 2);

        var act = () => WeightInterpolation.Interpolate(basePolicy, tuned, alpha);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*alpha*");
    }

    [Fact]
    public void Interpolate_DifferentArchitectures_SaysWhichParameterDiffers()
    {
        using var basePolicy = TestPolicies.Create(seed: 1);
        using var wider = TestPolicies.Create(TestPolicies.Micro with { MlpHidden = 96 }, seed: 2);

        var act = () => WeightInterpolation.Interpolate(basePolicy, wider, 0.5);

        act.Should().Throw<ArgumentException>().WithMessage("*shape*");
    }
}
