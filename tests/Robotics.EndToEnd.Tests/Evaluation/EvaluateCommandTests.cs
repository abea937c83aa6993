using System.Text.Json;
using Robotics.Cli.Commands;

namespace Robotics.EndToEnd.Tests.Evaluation;

/// <summary><c>robotics evaluate --scoring</c>: the scoring reaches the simulator and is named in the console and the JSON.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robotics-evaluate-").FullName;

    [Theory]
    [InlineData("once", "success_once")]
    [InlineData("at-end", "success_at_end")]
    public async Task Scoring_IsAppliedAndNamed(string option, string name)
    {
        var json = Path.Combine(_dir, $"{option}.json");

        var (code, stdout, stderr) = await CliProcess.RunAsync("evaluate", "--policy", RepositoryLayout.CommittedBase()!, "--task", "close_drawer",
            "--episodes", "2", "--prior-tasks", "", "--num-envs", "2", "--scoring", option, "--out", json);

        code.Should().Be(0, stderr);
        stdout.Should().Contain($"({name})");
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        written.RootElement.GetProperty("Scoring").GetString().Should().Be(name);
        written.RootElement.GetProperty("Scores").GetProperty("close_drawer").GetProperty("Episodes").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task UnknownScoring_IsRefusedNamingTheChoices()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync("evaluate", "--policy", RepositoryLayout.CommittedBase()!, "--scoring", "sometimes");

        code.Should().NotBe(0);
        (stdout + stderr).Should().Contain("sometimes").And.Contain("at-end");
    }

    [Fact]
    public async Task MedianDecoding_IsNamedInTheJson_AndRefusedWithATemperature()
    {
        var json = Path.Combine(_dir, "median.json");

        var (code, _, stderr) = await CliProcess.RunAsync("evaluate", "--policy", RepositoryLayout.CommittedBase()!, "--task", "close_drawer",
            "--episodes", "2", "--prior-tasks", "", "--num-envs", "2", "--decoding", "median", "--out", json);
        var (mixed, stdout2, stderr2) = await CliProcess.RunAsync("evaluate", "--policy", RepositoryLayout.CommittedBase()!, "--decoding", "median", "--temperature", "1");

        code.Should().Be(0, stderr);
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        written.RootElement.GetProperty("Decoding").GetString().Should().Be("median");
        mixed.Should().NotBe(0);
        (stdout2 + stderr2).Should().Contain("cannot be combined with --temperature");
    }

    [Fact]
    public async Task SampleTokens_WithoutATemperature_IsRefused_EvenWhenItNamesEveryToken()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync("evaluate", "--policy", RepositoryLayout.CommittedBase()!, "--sample-tokens", "translation,rotation,gripper");

        code.Should().NotBe(0);
        (stdout + stderr).Should().Contain("--sample-tokens needs --temperature");
    }

    [Fact]
    public void SampleTokens_NamesTokenKinds_AndRefusesUnknownOnes()
    {
        EvaluateCommand.TokenKinds("translation,gripper").Should().Equal(Robotics.Policy.Training.ActionBins.TranslationAndGripper);
        EvaluateCommand.TokenKinds("rotation").Should().Equal(false, false, false, true, true, true, false);
        var unknown = () => EvaluateCommand.TokenKinds("translation,wrist");
        unknown.Should().Throw<ArgumentException>().WithMessage("*wrist*");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
