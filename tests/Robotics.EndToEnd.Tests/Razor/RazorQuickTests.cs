using System.Text.Json;
using System.Text.RegularExpressions;
using Robotics.Experiments.Tests.Reports;

namespace Robotics.EndToEnd.Tests.Razor;

/// <summary><c>robotics razor --profile quick</c> end to end: demos, a quick base, every method, evaluation, the report.</summary>
public sealed class RazorQuickTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("razor-quick-").FullName;

    [Fact]
    public async Task Razor_QuickProfile_WritesResultsReportAndPlotsForEveryMethod()
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(TimeSpan.FromMinutes(8), "razor", "--profile", "quick", "--out", _out, "--workers", "1");

        exitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", stderr, stdout);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "results.json")));
        var checkpoints = results.RootElement.GetProperty("Checkpoints").EnumerateArray().ToList();
        checkpoints.Select(c => c.GetProperty("Method").GetString()).Distinct().Should().BeEquivalentTo("sft", "kl-sft", "sft-replay", "sft@slow_high", "grpo", "wise-ft");
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
        await ReportIsOneRenderedPageWithItsVideosAsync(results.RootElement);

        await TwoWorkers_GiveTheSameResultsInTheSameOrderAsync(checkpoints);
        await ResumeAfterACrash_EndsWithTheSameScoresAsync(checkpoints);
    }

    private static string Key(JsonElement c) => $"{c.GetProperty("Run").GetString()}@{c.GetProperty("Step").GetInt32()}: " +
        $"{c.GetProperty("NewTask").GetProperty("Successes").GetInt32()} {c.GetProperty("PriorSuccess").GetDouble():F4} {c.GetProperty("ForwardKl").GetDouble():F4}";

    /// <summary>
    /// <c>--workers 2</c>, fresh in another folder: two runs train at once, each in its own env, and every checkpoint scores
    /// as with one worker, listed in the profile's order.
    /// </summary>
    private async Task TwoWorkers_GiveTheSameResultsInTheSameOrderAsync(List<JsonElement> oneWorker)
    {
        var other = Directory.CreateTempSubdirectory("razor-quick-workers-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await CliProcess.RunAsync(TimeSpan.FromMinutes(8), "razor", "--profile", "quick", "--out", other, "--workers", "2");

            exitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", stderr, stdout);
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(other, "results.json")));
            results.RootElement.GetProperty("Workers").GetInt32().Should().Be(2);
            results.RootElement.GetProperty("Checkpoints").EnumerateArray().Select(Key).Should().Equal(oneWorker.Select(Key));
            File.ReadAllText(Path.Combine(other, "report.md")).Should().Contain("2 runs trained and were scored at once");
        }
        finally { Directory.Delete(other, recursive: true); }
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
        resumed.Select(Key).Order().Should().Equal(whole.Select(Key).Order());
    }

    /// <summary>
    /// The base and each method's best checkpoint, a success and a failure clip per task where the seeds hold one, each
    /// a GIF with a frame per step; all of them inlined into report.html, which chromium shows as a page.
    /// </summary>
    private async Task ReportIsOneRenderedPageWithItsVideosAsync(JsonElement results)
    {
        var videos = results.GetProperty("Videos").EnumerateArray().ToList();
        videos.Select(v => v.GetProperty("Policy").GetString()!.Split(' ')[0]).Distinct().Should().BeEquivalentTo("base", "sft", "kl-sft", "sft-replay", "sft@slow_high", "grpo");
        videos.Select(v => v.GetProperty("Task").GetString()).Distinct().Should().BeEquivalentTo("pick_can", "open_drawer", "close_drawer");
        long total = 0;
        foreach (var v in videos)
        {
            var path = Path.Combine(_out, v.GetProperty("File").GetString()!);
            total += new FileInfo(path).Length;
            var (_, _, frames) = GifFrames.Decode(path);
            frames.Should().HaveCount(v.GetProperty("Steps").GetInt32(), "a frame per step of the episode");
            frames.Should().OnlyContain(f => GifFrames.GreyVariance(f, 64 * 64) > 50, $"{path} shows the camera image, not a blank");
        }
        total.Should().BeLessThan(1_000_000, "the clips stay a modest part of the report");

        var html = File.ReadAllText(Path.Combine(_out, "report.html"));
        var sources = Regex.Matches(html, "<img src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        sources.Should().OnlyContain(s => s.StartsWith("data:", StringComparison.Ordinal), "the page stands alone");
        sources.Count(s => s.StartsWith("data:image/gif", StringComparison.Ordinal)).Should().Be(videos.Count);
        html.Should().Contain("<table>").And.NotContain("| --- |").And.NotContain(_out, "paths are relative to the report");
        var screenshot = await HeadlessChromium.ScreenshotAsync(Path.Combine(_out, "report.html"));
        HeadlessChromium.GreyVariance(screenshot).Should().BeGreaterThan(200, "the quick report shows as a page, not a blank");
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
