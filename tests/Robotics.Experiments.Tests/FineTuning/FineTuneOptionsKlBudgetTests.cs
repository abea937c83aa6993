using Robotics.Experiments.FineTuning;

namespace Robotics.Experiments.Tests.FineTuning;

public sealed class FineTuneOptionsKlBudgetTests
{
    [Fact]
    public void KlSftWithBudget_NeedsNoBetaAndIsItsOwnMethod()
    {
        var options = new FineTuneOptions { Method = FineTuneMethod.KlSft, KlBudget = 1.5 };

        options.Validate();
        options.AdaptsKlCoef.Should().BeTrue();
        options.StopsAtKlBudget.Should().BeFalse();
        options.InitialKlCoef.Should().Be(1);
        options.MethodLabel.Should().Be("kl-sft-budget");
        options.Name.Should().Be("kl-sft-budget-kl1.5-lr3e-4-s1");
    }

    [Fact]
    public void SftWithBudget_StopsAndKeepsItsMethod()
    {
        var options = new FineTuneOptions { Method = FineTuneMethod.Sft, KlBudget = 2 };

        options.StopsAtKlBudget.Should().BeTrue();
        options.MethodLabel.Should().Be("sft");
        options.Name.Should().Be("sft-kl2-lr3e-4-s1");
        new FineTuneOptions().Name.Should().Be("sft-lr3e-4-s1", "runs without a budget keep their names");
    }

    [Theory]
    [InlineData(FineTuneMethod.Sft, 25)]
    [InlineData(FineTuneMethod.KlSft, 25)]
    [InlineData(FineTuneMethod.Grpo, 1)]
    [InlineData(FineTuneMethod.Ppo, 1)]
    public void KlProbeInterval_Default_PerMethod(FineTuneMethod method, int expected)
    {
        new FineTuneOptions { Method = method, KlCoef = 1 }.KlProbeInterval.Should().Be(expected);
        new FineTuneOptions { Method = method, KlCoef = 1, KlEvery = 7 }.KlProbeInterval.Should().Be(7);
    }

    [Fact]
    public void KlProbeInterval_BudgetedKlSft_MeasuresOftenerForItsController()
    {
        new FineTuneOptions { Method = FineTuneMethod.KlSft, KlBudget = 1 }.KlProbeInterval.Should().Be(10);
        new FineTuneOptions { Method = FineTuneMethod.Hybrid, KlBudget = 1 }.WarmupPhase.KlProbeInterval.Should().Be(5);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_BadBudget_Throws(double budget)
    {
        var act = () => new FineTuneOptions { KlBudget = budget }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*--kl-budget*");
    }

    [Fact]
    public void Validate_KlEveryZero_Throws()
    {
        var act = () => new FineTuneOptions { KlEvery = 0 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*--kl-every*");
    }
}
