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
        checkpoints.Select(c => c.GetProperty("Method").GetString()).Distinct().Should().BeEquivalentTo("sft", "kl-sft", "sft-replay", "grpo", "wise-ft");
        checkpoints.Should().OnlyContain(c => c.GetProperty("ForwardKl").GetDouble() >= 0);
        checkpoints.Where(c => c.GetProperty("Method").GetString() == "wise-ft").Should().OnlyContain(c => c.GetProperty("Alpha").GetDouble() > 0 && c.GetProperty("Alpha").GetDouble() < 1);
        results.RootElement.GetProperty("BaseNewTask").GetProperty("Episodes").GetInt32().Should().BeGreaterThan(checkpoints[0].GetProperty("NewTask").GetProperty("Episodes").GetInt32());
        results.RootElement.GetProperty("Stages").EnumerateArray().Select(s => s.GetProperty("Stage").GetString())
            .Should().Contain(["demos", "training", "checkpoint evaluation", "KL probe + weight L2", "law fit and findings"]);
        results.RootElement.GetProperty("Law")[0].GetProperty("RSquaredInterval").ValueKind.Should().NotBe(JsonValueKind.Undefined);
        results.RootElement.GetProperty("BaseOrigin").GetString().Should().Be("trained");
        foreach (var file in new[] { "report.md", "report.html", "pareto.png", "forgetting_vs_kl.png", "learning_curves.png" })
            new FileInfo(Path.Combine(_out, file)).Length.Should().BeGreaterThan(1000, file);
        stdout.Should().Contain("Forgetting law");

        await ResumeAfterACrash_EndsWithTheSameScoresAsync(checkpoints);
    }

    /// <summary>
    /// A crash mid-run (the last checkpoint of the sft run half-written, its score line torn) and <c>--resume</c>: the base,
    /// every other score and the sft run's first checkpoint are kept, the rest is redone and scores as the whole run did.
    /// </summary>
    private async Task ResumeAfterACrash_EndsWithTheSameScoresAsync(List<JsonElement> whole)
    {
        var sftRun = Path.Combine(_out, "runs", whole.First(c => c.GetProperty("Method").GetString() == "sft").GetProperty("Run").GetString()!);
        var last = Directory.GetDirectories(sftRun, "step-*").Order().Last();
        File.Delete(Path.Combine(last, "optimizer.bin"));   // written last: without it the checkpoint is incomplete
        var scoreLines = File.ReadAllLines(Path.Combine(sftRun, "scores.jsonl"));
        File.WriteAllLines(Path.Combine(sftRun, "scores.jsonl"), [.. scoreLines[..^1], scoreLines[^1][..20]]);
        File.Delete(Path.Combine(_out, "results.json"));

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(TimeSpan.FromMinutes(5), "razor", "--profile", "quick", "--out", _out, "--resume");

        exitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", stderr, stdout);
        stdout.Should().Contain("reusing the base").And.Contain("resuming after step");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "results.json")));
        var resumed = results.RootElement.GetProperty("Checkpoints").EnumerateArray().ToList();
        string Key(JsonElement c) => $"{c.GetProperty("Run").GetString()}@{c.GetProperty("Step").GetInt32()}: " +
            $"{c.GetProperty("NewTask").GetProperty("Successes").GetInt32()} {c.GetProperty("ForwardKl").GetDouble():F4}";
        resumed.Select(Key).Order().Should().Equal(whole.Select(Key).Order());
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
