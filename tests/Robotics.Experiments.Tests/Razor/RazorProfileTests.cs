using Robotics.Experiments.FineTuning;
using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Tests.Razor;

public class RazorProfileTests
{
    [Fact]
    public void Default_ScoresTheBaseOnAtLeast200NewTaskAnd100PriorTaskEpisodes()
    {
        var profile = RazorProfile.Default;

        profile.BaseNewTaskEvalEpisodes.Should().BeGreaterThanOrEqualTo(200);
        profile.BaseHeldOutEvalEpisodes.Should().BeGreaterThanOrEqualTo(100);
        profile.Validate();
    }

    [Fact]
    public void Default_KlSftAtFourBetas_AndEveryFrozenRlRunHasAnSftControlFrozenAlike()
    {
        var runs = RazorProfile.Default.Runs;

        runs.Where(r => r.Method == FineTuneMethod.KlSft && !r.AdaptsKlCoef).Select(r => r.KlCoef).Distinct().Should().HaveCountGreaterThanOrEqualTo(4, "issue 17: fill the KL range");
        foreach (var rl in runs.Where(r => r.Method is FineTuneMethod.Grpo or FineTuneMethod.Ppo && r.Frozen.Count > 0))
            runs.Should().Contain(r => r.Method == FineTuneMethod.Sft && r.Frozen.SequenceEqual(rl.Frozen), $"{rl.Configuration} freezes parts, so SFT must be run frozen the same way to tell freezing from the method");
    }

    [Fact]
    public void Default_RunsSftOnASecondDemonstratorsData_ReportedApart()
    {
        var styled = RazorProfile.Default.Runs.Where(r => r.DemoStyle is not null).ToList();

        styled.Should().Contain(r => r.Method == FineTuneMethod.Sft && r.DemoStyle == "slow_high", "issue 17: SFT on both sources");
        styled.Select(r => r.MethodLabel).Should().OnlyContain(label => label.EndsWith("@slow_high", StringComparison.Ordinal));
        RazorProfile.Quick.Runs.Should().Contain(r => r.DemoStyle != null, "the quick profile runs the styled path end to end");
    }

    [Fact]
    public void Quick_Validates_AndInterpolatesItsSftRun()
    {
        RazorProfile.Quick.Validate();

        RazorProfile.Quick.WiseFtAlphas.Should().NotBeEmpty();
    }

    [Fact]
    public void Validate_BaseScoredOnFewerEpisodesThanCheckpoints_Throws()
    {
        var profile = RazorProfile.Quick with { BaseHeldOutEvalEpisodes = RazorProfile.Quick.HeldOutEvalEpisodes - 1 };

        var act = profile.Validate;

        act.Should().Throw<ArgumentException>().WithMessage("*base must be scored on at least*");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void Validate_AlphaNotStrictlyBetweenZeroAndOne_Throws(double alpha)
    {
        var profile = RazorProfile.Quick with { WiseFtAlphas = [0.5, alpha] };

        var act = profile.Validate;

        act.Should().Throw<ArgumentException>().WithMessage("*strictly between 0*");
    }
}
