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
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, DenseReward = true }, "--dense-reward shapes PPO's reward*" },
        { new FineTuneOptions { Method = FineTuneMethod.Sft, CriticWarmup = 2 }, "--critic-warmup applies to PPO*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, LayoutPool = 4, Groups = 8 }, "LayoutPool (4) must hold at least Groups (8)*" },
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, ClipHigh = -0.1 }, "ClipHigh must be a positive number*" },
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
