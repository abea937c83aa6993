using Robotics.Experiments.Razor;
using Robotics.Experiments.Reports;
using Robotics.Experiments.Tests.Razor;

namespace Robotics.Experiments.Tests.Reports;

public class ReportLawSectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("razor-law-report-").FullName;

    private static RazorResults Results()
    {
        var rng = new Random(3);
        var checkpoints = Enumerable.Range(1, 8).Select(i => ScoreFixtures.Checkpoint(i % 2 == 0 ? "sft" : "kl-sft", i * 50, 0.1 * i, 0.9 - 0.05 * i - 0.1 * rng.NextDouble(),
            forwardKl: 0.3 * i, reverseKl: rng.NextDouble(), tv: 0.05 * i, weight: rng.NextDouble())).ToList();
        checkpoints.Add(ScoreFixtures.Checkpoint(RazorExperiment.WiseFt, 400, 0.4, 0.7, 0.8) with { Run = "wise-ft-sft-run", Alpha = 0.3 });
        var results = ScoreFixtures.Results(checkpoints) with
        {
            Law = ForgettingLaw.Fit(checkpoints, bootstrap: new LawBootstrap(Resamples: 300)),
            LawBootstrap = new LawBootstrap(Resamples: 300),
            Stages = [new StageTime("training", 120), new StageTime("checkpoint evaluation", 300)],
        };
        return results with { Findings = RazorFindings.Describe(results) };
    }

    [Fact]
    public void Write_ResultsWithIntervalsAlphaAndStages_SurviveTheJsonRoundTrip()
    {
        var results = Results();

        ReportWriter.Write(results, _dir);
        var reloaded = ReportWriter.Load(Path.Combine(_dir, ReportWriter.ResultsFile));

        reloaded.Law.Select(l => l.RSquaredInterval).Should().Equal(results.Law.Select(l => l.RSquaredInterval));
        reloaded.Law.Select(l => l.DifferenceInterval).Should().Equal(results.Law.Select(l => l.DifferenceInterval));
        reloaded.Law[0].WithinMethod.Select(w => w.Family).Should().Equal(results.Law[0].WithinMethod.Select(w => w.Family));
        reloaded.Checkpoints.Single(c => c.Method == RazorExperiment.WiseFt).Alpha.Should().Be(0.3);
        reloaded.Stages.Should().Equal(results.Stages);
        reloaded.LawBootstrap.Should().Be(results.LawBootstrap);
    }

    [Fact]
    public void Markdown_ShowsTheIntervalsTheFamiliesTheStagesAndTheAlpha()
    {
        ReportWriter.Write(Results(), _dir);

        var md = File.ReadAllText(Path.Combine(_dir, "report.md"));

        md.Should().Contain("95% CI (checkpoints)").And.Contain("R²(fwd KL) − R²").And.Contain("linear R²");
        md.Should().Contain("Within each method family").And.Contain("all except sft");
        md.Should().Contain("## Where the wall time went").And.Contain("| checkpoint evaluation | 300.0 |");
        md.Should().Contain("| wise-ft-sft-run | wise-ft | α = 0.3 |");
        md.Should().Contain("TV (per-token mean)").And.Contain("prefixes sampled from π");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
