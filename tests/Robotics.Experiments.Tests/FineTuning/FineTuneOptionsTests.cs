using Robotics.Experiments.FineTuning;

namespace Robotics.Experiments.Tests.FineTuning;

public sealed class FineTuneOptionsTests
{
    // An option given to a method it does not apply to (--dense-reward, --target-kl, --critic-warmup, --epochs, ...) is
    // refused where it is given, on the command line: TrainFlagsTests.
    public static TheoryData<FineTuneOptions, string> Invalid => new()
    {
        { new FineTuneOptions { Sft = new() { Updates = 0 } }, "Steps*" },
        { new FineTuneOptions { Sft = new() { LearningRate = double.NaN } }, "LearningRate*" },
        { new FineTuneOptions { Method = FineTuneMethod.KlSft, KlCoef = 0 }, "*--kl-coef > 0*" },
        { new FineTuneOptions { Method = FineTuneMethod.KlSft, KlCoef = 1, Sft = new() { ReplayFraction = 0.5 } }, "--replay*kl-sft*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, Grpo = new() { GroupSize = 1 } }, "GroupSize must be at least 2*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, Grpo = new() { LayoutPool = 4, Groups = 8 } }, "LayoutPool (4) must hold at least Groups (8)*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, Grpo = new() { ClipHigh = -0.1 } }, "ClipHigh must be a positive number*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, Grpo = new() { Groups = 0 } }, "Groups must be positive*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, Ppo = new() { Temperature = 0 } }, "Temperature*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, Grpo = new() { Epochs = 0 } }, "Epochs must be positive*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, Ppo = new() { ClipCoef = 0 } }, "ClipCoef must be a positive number*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, Ppo = new() { TargetKl = -1 } }, "TargetKl must be >= 0*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, Ppo = new() { MinibatchSize = 0 } }, "*MinibatchSize must be positive*" },
    };

    [Fact]
    public void Defaults_EachAlgorithmKeepsItsOwn()
    {
        var defaults = new FineTuneOptions();
        defaults.Ppo.MinibatchSize.Should().Be(256);
        defaults.Ppo.TargetKl.Should().Be(0.1);
        defaults.Grpo.MinibatchSize.Should().Be(64, "GRPO's minibatch is the SFT batch size, 64, unless --minibatch is given");
        defaults.Sft.BatchSize.Should().Be(64);
    }

    [Theory]
    [InlineData(FineTuneMethod.Sft, 3e-4)]
    [InlineData(FineTuneMethod.KlSft, 3e-4)]
    [InlineData(FineTuneMethod.Grpo, 6e-5)]
    [InlineData(FineTuneMethod.Hybrid, 6e-5)]
    [InlineData(FineTuneMethod.Ppo, 1e-4)]
    public void LearningRate_IsTheMethodsRecords(FineTuneMethod method, double expected)
    {
        FineTuneOptions.DefaultLearningRate(method).Should().Be(expected);
        new FineTuneOptions { Method = method }.LearningRate.Should().Be(expected);
    }

    [Fact]
    public void KlWeight_IsTheKlTermOfTheMethodsOwnRecord()
    {
        new FineTuneOptions { Method = FineTuneMethod.KlSft, KlCoef = 0.3 }.KlWeight.Should().Be(0.3);
        new FineTuneOptions { Method = FineTuneMethod.Grpo, KlCoef = 0.3, Grpo = new() { KlCoef = 0.1 } }.KlWeight.Should().Be(0.1);
        new FineTuneOptions { Method = FineTuneMethod.Hybrid, Grpo = new() { KlCoef = 0.1 } }.KlWeight.Should().Be(0.1);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadOptions_SaysWhatIsWrong(FineTuneOptions options, string message) =>
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage(message);

    [Fact]
    public void Validate_Defaults_Pass() => new FineTuneOptions().Invoking(o => o.Validate()).Should().NotThrow();
}
