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
        { new FineTuneOptions { Method = FineTuneMethod.Grpo, TargetKl = 0.05 }, "--target-kl stops PPO's epochs early*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, ClipCoef = 0 }, "ClipCoef must be a positive number*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, TargetKl = -1 }, "TargetKl must be >= 0*" },
        { new FineTuneOptions { Method = FineTuneMethod.Ppo, Minibatch = 0 }, "*MinibatchSize must be positive*" },
    };

    [Fact]
    public void RlUpdateOptions_ReachBothAlgorithms_AndEachKeepsItsOwnDefaults()
    {
        var defaults = new FineTuneOptions();
        defaults.Ppo.MinibatchSize.Should().Be(256);
        defaults.Ppo.TargetKl.Should().Be(0.1);
        defaults.Grpo.MinibatchSize.Should().Be(64, "GRPO's minibatch is the run's batch size unless --minibatch is given");

        var set = new FineTuneOptions { Epochs = 4, Minibatch = 128, ClipCoef = 0.1, TargetKl = 0.02 };

        (set.Ppo.Epochs, set.Ppo.MinibatchSize, set.Ppo.ClipCoef, set.Ppo.TargetKl).Should().Be((4, 128, 0.1, 0.02));
        (set.Grpo.Epochs, set.Grpo.MinibatchSize, set.Grpo.ClipCoef).Should().Be((4, 128, 0.1));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadOptions_SaysWhatIsWrong(FineTuneOptions options, string message) =>
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage(message);

    [Fact]
    public void Validate_Defaults_Pass() => new FineTuneOptions().Invoking(o => o.Validate()).Should().NotThrow();
}
