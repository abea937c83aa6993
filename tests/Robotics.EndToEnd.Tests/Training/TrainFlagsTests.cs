using System.CommandLine;
using Robotics.Cli.Commands;
using Robotics.Experiments.FineTuning;
using Robotics.Policy.Model;

namespace Robotics.EndToEnd.Tests.Training;

/// <summary><c>train</c>'s flags bind straight onto the method's record, in process (no simulator, no base loaded).</summary>
public sealed class TrainFlagsTests
{
    private static FineTuneOptions Bind(params string[] args)
    {
        var flags = new TrainFlags();
        var command = new Command("train");
        flags.AddTo(command);
        var parse = command.Parse([.. args, "--base", "unused", "--out", "unused"]);
        parse.Errors.Should().BeEmpty();
        return flags.Bind(parse).Options;
    }

    [Fact]
    public void RlUpdateFlags_ReachBothAlgorithms_AndEachKeepsItsOwnDefaults()
    {
        var ppo = Bind("ppo");
        var grpo = Bind("grpo");
        ppo.Ppo.MinibatchSize.Should().Be(256);
        ppo.Ppo.TargetKl.Should().Be(0.1);
        grpo.Grpo.MinibatchSize.Should().Be(64, "GRPO's minibatch is the run's batch size unless --minibatch is given");

        var setPpo = Bind("ppo", "--epochs", "4", "--minibatch", "128", "--clip", "0.1", "--target-kl", "0.02");
        var setGrpo = Bind("grpo", "--epochs", "4", "--minibatch", "128", "--clip", "0.1");

        (setPpo.Ppo.Epochs, setPpo.Ppo.MinibatchSize, setPpo.Ppo.ClipCoef, setPpo.Ppo.TargetKl).Should().Be((4, 128, 0.1, 0.02));
        (setGrpo.Grpo.Epochs, setGrpo.Grpo.MinibatchSize, setGrpo.Grpo.ClipCoef).Should().Be((4, 128, 0.1));
    }

    [Fact]
    public void Defaults_PerMethod_AsTheHelpSays()
    {
        var sft = Bind("sft");
        (sft.Steps, sft.CheckpointEvery, sft.LearningRate, sft.Seed).Should().Be((300, 100, 3e-4, 1L));
        var grpo = Bind("grpo");
        (grpo.Steps, grpo.CheckpointEvery, grpo.LearningRate).Should().Be((24, 6, 6e-5));
        Bind("ppo").LearningRate.Should().Be(1e-4);
        var hybrid = Bind("hybrid", "--kl-budget", "1", "--lr", "1e-5");
        (hybrid.Sft.Updates, hybrid.Sft.LearningRate, hybrid.Grpo.LearningRate, hybrid.Steps).Should().Be((100, 3e-4, 1e-5, 24), "the warm start keeps SFT's rate; --lr is its GRPO's");
    }

    [Theory]
    [InlineData("kl-sft", "--kl-coef", "0.3", 0.3, 0.0)]
    [InlineData("grpo", "--kl-coef", "0.3", 0.0, 0.3)]
    public void KlCoef_GoesToTheMethodThatReadsIt(string method, string flag, string value, double klSftBeta, double grpoPenalty)
    {
        var options = Bind(method, flag, value);
        (options.KlCoef, options.Grpo.KlCoef).Should().Be((klSftBeta, grpoPenalty));
    }

    [Theory]
    [InlineData("sft", "--epochs", "3", "--epochs applies to grpo, ppo")]
    [InlineData("grpo", "--dense-reward", "true", "--dense-reward shapes PPO's reward*")]
    [InlineData("sft", "--critic-warmup", "2", "--critic-warmup applies to PPO*")]
    [InlineData("grpo", "--target-kl", "0.05", "--target-kl stops PPO's epochs early*")]
    [InlineData("kl-sft", "--replay", "0.5", "--replay*kl-sft*")]
    public void AFlagOfAnotherMethod_IsRefusedNamingIt(string method, string flag, string value, string message)
    {
        var act = () => Bind(method, "--kl-coef", "1", flag, value);
        act.Should().Throw<ArgumentException>().WithMessage(message + "*");
    }

    [Theory]
    [InlineData("sft", "--kl-coef", "0.3", "--kl-coef applies to kl-sft, grpo, hybrid, not to sft")]
    [InlineData("ppo", "--kl-coef", "0.3", "--kl-coef applies to kl-sft, grpo, hybrid, not to ppo")]
    [InlineData("ppo", "--groups", "4", "--groups applies to grpo, hybrid, not to ppo")]
    [InlineData("sft", "--layout-pool", "0", "--layout-pool applies to grpo, hybrid, not to sft")]
    [InlineData("grpo", "--episodes", "16", "--episodes applies to ppo, not to grpo")]
    [InlineData("kl-sft", "--temperature", "2", "--temperature applies to grpo, ppo, hybrid, not to kl-sft")]
    [InlineData("grpo", "--replay", "0.5", "--replay applies to sft, hybrid, not to grpo")]
    [InlineData("ppo", "--demos", "10", "--demos applies to sft, kl-sft, hybrid, not to ppo")]
    [InlineData("grpo", "--warmup-steps", "10", "--warmup-steps applies to hybrid, not to grpo")]
    public void AFlagNoCodeOfTheMethodReads_IsRefused(string method, string flag, string value, string message)
    {
        var act = () => Bind(method, flag, value);
        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void AFlagLeftAtItsDefault_IsNotAFlagGiven()
    {
        // --demos and --replay-tasks have defaults; not writing them must not count as giving them to GRPO.
        var act = () => Bind("grpo");
        act.Should().NotThrow();
        Bind("grpo", "--groups", "4", "--kl-coef", "0.1").Grpo.Groups.Should().Be(4);
    }

    [Fact]
    public void DemosFile_WithAnRlMethod_IsRefused()
    {
        var act = () => Bind("ppo", "--demos-file", "demos.episodes");
        act.Should().Throw<ArgumentException>().WithMessage("--demos-file is for sft and kl-sft*");
    }

    [Theory]
    [InlineData("grpo")]
    [InlineData("sft")]
    [InlineData("ppo")]
    public void Freeze_ReachesEveryMethodsRun(string method)
    {
        Bind(method, "--freeze", "decoder,head").Frozen.Should().Equal(ModelPart.Decoder, ModelPart.Head);
        Bind(method).Frozen.Should().BeEmpty("nothing is frozen unless asked");
    }

    [Fact]
    public void Freeze_UnknownPart_IsRefusedWithTheKnownNames()
    {
        var act = () => Bind("grpo", "--freeze", "trunk");
        act.Should().Throw<ArgumentException>().WithMessage("unknown model part 'trunk'*decoder*");
    }

    [Theory]
    [InlineData("sft")]
    [InlineData("kl-sft")]
    public void DemoStyle_ReachesTheSupervisedRun_AndNamesIt(string method)
    {
        var extra = method == "kl-sft" ? new[] { "--kl-coef", "0.3" } : [];
        var options = Bind([method, "--demo-style", "slow_high", .. extra]);

        options.DemoStyle.Should().Be("slow_high");
        options.MethodLabel.Should().Be($"{method}@slow_high", "the report keeps another demonstrator's runs apart");
        options.Name.Should().Contain("@slow_high");
        Bind([method, .. extra]).DemoStyle.Should().BeNull("the default expert unless asked");
    }

    [Theory]
    [InlineData("grpo")]
    [InlineData("ppo")]
    public void DemoStyle_WithAnRlMethod_IsRefused(string method)
    {
        var act = () => Bind(method, "--demo-style", "slow_high");
        act.Should().Throw<ArgumentException>().WithMessage("--demo-style picks the demonstrations of sft*own rollouts");
    }
}
