using Robotics.Experiments.Reports;
using Robotics.Experiments.Tests.Razor;
using SkiaSharp;

namespace Robotics.Experiments.Tests.Reports;

public class ReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("razor-report-").FullName;

    [Fact]
    public void Render_FromSavedResultsJson_WritesNonBlankPlotsOfTheRightSizeAndBothDocuments()
    {
        var checkpoints = Enumerable.Range(1, 6).Select(i =>
            ScoreFixtures.Checkpoint(i % 2 == 0 ? "sft" : "grpo", i * 50, 0.1 * i, 0.9 - 0.1 * i, 0.3 * i)).ToList();
        var results = ScoreFixtures.Results(checkpoints);
        ReportWriter.Write(results, _dir);

        // Re-render from the JSON alone, as a user would after the run.
        var reloaded = ReportWriter.Load(Path.Combine(_dir, ReportWriter.ResultsFile));
        var second = Path.Combine(_dir, "again");
        ReportWriter.Render(reloaded, second);

        foreach (var name in new[] { PlotRenderer.ParetoFile, PlotRenderer.LawFile, PlotRenderer.CurvesFile })
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(second, name));
            bitmap.Width.Should().Be(PlotRenderer.Width);
            bitmap.Height.Should().Be(PlotRenderer.Height);
            bitmap.Pixels.Select(p => (uint)p).Distinct().Count().Should().BeGreaterThan(10, $"{name} should not be blank");
        }
        File.ReadAllText(Path.Combine(second, "report.md")).Should().Contain("| predictor | quadratic R² |").And.Contain("pick_can");
        File.ReadAllText(Path.Combine(second, "report.html")).Should().Contain("data:image/png;base64,");
        reloaded.Checkpoints.Should().HaveCount(6);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
