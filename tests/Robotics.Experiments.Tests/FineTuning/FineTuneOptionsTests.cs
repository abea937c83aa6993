using Robotics.Experiments.FineTuning;

namespace Robotics.Experiments.Tests.FineTuning;

public sealed class FineTuneOptionsTests
{
    public static TheoryData<FineTuneOptions, string> Invalid => new()
    {
        { new FineTuneOptions { Steps = 0 }, "Steps*" },
        { new FineTuneOptions { LearningRate = double.NaN }, "LearningRate*" },
        { new FineTuneOptions { Method = FineTuneMethod.KlSft, KlCoef = 0 }, "*--kl-coef > 0*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, GroupSize = 1 }, "GroupSize must be at least 2*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, Groups = 0 }, "Groups must be positive*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, Temperature = 0 }, "Temperature*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, Epochs = 0 }, "Epochs must be positive*" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadOptions_SaysWhatIsWrong(FineTuneOptions options, string message) =>
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage(message);

    [Fact]
    public void Validate_Defaults_Pass() => new FineTuneOptions().Invoking(o => o.Validate()).Should().NotThrow();
}
