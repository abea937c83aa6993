using Robotics.Cli.Commands;

namespace Robotics.EndToEnd.Tests.Training;

/// <summary>An RL update option given to a method it does not apply to is refused, not silently ignored.</summary>
public sealed class TrainOptionsTests
{
    [Theory]
    [InlineData("sft", "--epochs", "3", "--epochs applies to grpo, ppo")]
    [InlineData("kl-sft", "--clip", "0.1", "--clip applies to grpo, ppo")]
    [InlineData("grpo", "--target-kl", "0.05", "--target-kl stops PPO's epochs early")]
    public async Task AnOptionOfAnotherMethod_IsRefusedNamingIt(string method, string option, string value, string message)
    {
        var output = Path.Combine(Path.GetTempPath(), $"robotics-train-options-{Guid.NewGuid():N}");

        var (code, stdout, stderr) = await CliProcess.RunAsync("train", method, "--base", RepositoryLayout.CommittedBase()!, "--out", output, "--kl-coef", "1", option, value);

        code.Should().NotBe(0);
        (stdout + stderr).Should().Contain(message);
        Directory.Exists(output).Should().BeFalse("nothing is written for a refused command");
    }
}
