using System.Text.RegularExpressions;
using Robotics.Experiments.Razor;
using Robotics.Experiments.Reports;
using Robotics.Experiments.Tests.Razor;

namespace Robotics.Experiments.Tests.Reports;

/// <summary>report.html as a rendered page: real headings and tables, every plot and clip inlined, no machine paths.</summary>
public sealed class HtmlReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("html-report-").FullName;

    private RazorResults ResultsWithVideos()
    {
        var checkpoints = Enumerable.Range(1, 4).Select(i => ScoreFixtures.Checkpoint(i % 2 == 0 ? "sft" : "grpo", i * 50, 0.2 * i, 0.9 - 0.1 * i, 0.3 * i)).ToList();
        Directory.CreateDirectory(Path.Combine(_dir, "videos"));
        var videos = new List<RolloutVideo>();
        foreach (var (policy, success) in new[] { ("base", true), ("base", false), ("sft (sft-run step 200)", true) })
        {
            var episode = EpisodeFixtures.Moving(steps: 12, success);
            var file = $"videos/{policy.Split(' ')[0]}-{(success ? "s" : "f")}.gif";
            EpisodeGif.Write(Path.Combine(_dir, file), episode);
            videos.Add(new RolloutVideo(policy, "pick_can", episode.Seed, success, episode.Steps, file, EpisodeGif.Caption(episode)));
        }
        // As the experiment records it: the absolute path of this machine's checkpoint folder.
        return ScoreFixtures.Results(checkpoints) with { Videos = videos, BaseCheckpoint = Path.Combine(_dir, "base") };
    }

    [Fact]
    public void Write_ResultsWithVideos_RendersTablesHeadingsAndInlinedImagesWithoutMarkdownOrMachinePaths()
    {
        ReportWriter.Write(ResultsWithVideos(), _dir);

        var html = File.ReadAllText(Path.Combine(_dir, ReportWriter.HtmlFile));
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("<h1").And.Contain("<h2").And.NotContain("<pre>");
        Regex.Matches(html, "<table>").Count.Should().BeGreaterThanOrEqualTo(5, "base, checkpoints, law, runs and a rollout table");
        Regex.Matches(html, "<th>").Count.Should().BeGreaterThan(10);
        var sources = Regex.Matches(html, "<img src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        sources.Count(s => s.StartsWith("data:image/png;base64,", StringComparison.Ordinal)).Should().Be(3, "the three plots");
        sources.Count(s => s.StartsWith("data:image/gif;base64,", StringComparison.Ordinal)).Should().Be(3, "the three clips");
        sources.Should().OnlyContain(s => s.StartsWith("data:", StringComparison.Ordinal), "the page stands alone");
        var text = Regex.Replace(html, "data:[^\"]*", "");
        text.Should().NotContain("|---").And.NotContain("| --- |").And.NotContain("![").And.NotContain("](");
        text.Split('\n').Should().NotContain(line => line.TrimStart().StartsWith('#'), "headings are rendered, not raw Markdown");
        text.Should().NotContain(_dir, "paths are relative to the report");
        text.Should().Contain("<code>base</code>", "the base checkpoint is named relative to the report");
        text.Should().Contain("none: every seed succeeded", "sft has no failure clip to show").And.Contain("seed 7, 12 steps");
        File.ReadAllText(Path.Combine(_dir, ReportWriter.ResultsFile)).Should().NotContain(_dir);
    }

    [Fact]
    public void Render_VideosMissingFromTheFolder_LeavesThemOutInsteadOfLinkingNothing()
    {
        var results = ResultsWithVideos();
        var elsewhere = Path.Combine(_dir, "elsewhere");

        ReportWriter.Render(results, elsewhere);

        var html = File.ReadAllText(Path.Combine(elsewhere, ReportWriter.HtmlFile));
        html.Should().NotContain("src=\"data:image/gif").And.NotContain("Rollouts");
        Regex.Matches(html, "data:image/png;base64,").Count.Should().Be(3);
    }

    [Fact]
    public async Task Write_Report_ShowsAsANonBlankPageInHeadlessChromium()
    {
        ReportWriter.Write(ResultsWithVideos(), _dir);

        var screenshot = await HeadlessChromium.ScreenshotAsync(Path.Combine(_dir, ReportWriter.HtmlFile));

        HeadlessChromium.GreyVariance(screenshot).Should().BeGreaterThan(200, "text, tables and plots, not a blank page");
        HeadlessChromium.InkedRows(screenshot).Should().BeGreaterThan(0.5, "the rendered report fills most of a 2400-pixel-high window");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
