using Robotics.Policy.Training;

namespace Robotics.Policy.Tests.Training;

public class AdvantageTests
{
    [Fact]
    public void GroupAdvantages_MixedGroups_NormaliseWithinEachGroupAndZeroUniformOnes()
    {
        float[] rewards = [1, 0, 0, 1, /* all succeed */ 1, 1, 1, 1, /* one of four */ 0, 1, 0, 0];
        int[] groups = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];

        var a = GroupAdvantages.Compute(rewards, groups);

        // Hand-computed: group 0 mean 0.5, std 0.5 -> +-1; group 2 mean 0.25, std 0.433 -> 1.732 / -0.577.
        a.Take(4).Should().Equal(new[] { 1f, -1f, -1f, 1f }, (x, y) => Math.Abs(x - y) < 1e-4);
        a.Skip(4).Take(4).Should().AllBeEquivalentTo(0f);
        a.Skip(8).Should().Equal(new[] { -0.57735f, 1.73205f, -0.57735f, -0.57735f }, (x, y) => Math.Abs(x - y) < 1e-4);
    }

    [Fact]
    public void GroupAdvantages_PerStep_GivesEveryEpisodeTheSameTotalWeight()
    {
        // A success in 10 steps (+1) and a failure that ran to the 30-step limit (-1): mean length 20.
        var perStep = GroupAdvantages.PerStep([1f, -1f], [10, 30]);

        perStep.Should().Equal(new[] { 2f, -2f / 3f }, (x, y) => Math.Abs(x - y) < 1e-6);
        // Summed over their steps the two cancel, as the episode advantages do; unweighted they would sum to -20.
        (perStep[0] * 10 + perStep[1] * 30).Should().BeApproximately(0f, 1e-5f);
    }

    [Fact]
    public void GroupAdvantages_PerStep_RejectsMismatchedOrEmptyEpisodes()
    {
        FluentActions.Invoking(() => GroupAdvantages.PerStep([1f], [10, 20])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => GroupAdvantages.PerStep([1f], [0])).Should().Throw<ArgumentException>().WithMessage("*at least one step*");
    }

    [Fact]
    public void Gae_SparseTerminalReward_MatchesHandComputedRecursion()
    {
        // gamma 0.9, lambda 0.8, reward 1 at the last step, values 0.1..0.4, terminal (bootstrap 0).
        var (advantages, returns) = Gae.Compute([0f, 0f, 0f, 1f], [0.1f, 0.2f, 0.3f, 0.4f], 0f, 0.9, 0.8);

        advantages.Should().Equal(new[] { 0.3854528f, 0.42424f, 0.492f, 0.6f }, (x, y) => Math.Abs(x - y) < 1e-5);
        returns.Should().Equal(new[] { 0.4854528f, 0.62424f, 0.792f, 1.0f }, (x, y) => Math.Abs(x - y) < 1e-5);
    }

    [Fact]
    public void Gae_LambdaOne_GivesDiscountedReturnMinusValue()
    {
        var (advantages, _) = Gae.Compute([1f, 1f], [0.5f, 0.5f], 0f, 0.5, 1.0);
        // Return at t=0 is 1 + 0.5 * 1 = 1.5, so A_0 = 1.5 - 0.5.
        advantages[0].Should().BeApproximately(1.0f, 1e-6f);
        advantages[1].Should().BeApproximately(0.5f, 1e-6f);
    }
}
