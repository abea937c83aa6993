using System.Text.Json;

namespace Robotics.EndToEnd.Tests.Razor;

/// <summary><c>robotics razor --profile quick</c> end to end: demos, a quick base, every method, evaluation, the report.</summary>
public sealed class RazorQuickTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("razor-quick-").FullName;

    [Fact]
    public async Task Razor_QuickProfile_WritesResultsReportAndPlotsForEveryMethod()
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(TimeSpan.FromMinutes(8), "razor", "--profile", "quick", "--out", _out);

        exitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", stderr, stdout);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "results.json")));
        var checkpoints = results.RootElement.GetProperty("Checkpoints").EnumerateArray().ToList();
        checkpoints.Select(c => c.GetProperty("Method").GetString()).Distinct().Should().BeEquivalentTo("sft", "kl-sft", "sft-replay", "grpo");
        checkpoints.Should().OnlyContain(c => c.GetProperty("ForwardKl").GetDouble() >= 0);
        results.RootElement.GetProperty("BaseOrigin").GetString().Should().Be("trained");
        foreach (var file in new[] { "report.md", "report.html", "pareto.png", "forgetting_vs_kl.png", "learning_curves.png" })
            new FileInfo(Path.Combine(_out, file)).Length.Should().BeGreaterThan(1000, file);
        stdout.Should().Contain("Forgetting law");
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
