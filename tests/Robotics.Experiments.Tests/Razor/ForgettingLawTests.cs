using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Tests.Razor;

public class ForgettingLawTests
{
    [Fact]
    public void Fit_ForgettingQuadraticInForwardKl_GivesForwardKlRSquaredOneAndNoiseLess()
    {
        var rng = new Random(5);
        var checkpoints = Enumerable.Range(0, 12).Select(i =>
        {
            var kl = i * 0.5;
            var forgetting = 0.05 * kl + 0.01 * kl * kl;   // at most 0.55: the prior success stays a valid rate
            return ScoreFixtures.Checkpoint(i % 2 == 0 ? "sft" : "grpo", i, 0.5, 0.9 - forgetting, kl, reverseKl: rng.NextDouble() * 5, tv: rng.NextDouble(), weight: rng.NextDouble());
        }).ToList();

        var law = ForgettingLaw.Fit(checkpoints);

        law.Single(l => l.Predictor == "forward_kl").RSquared.Should().BeApproximately(1.0, 1e-9);
        law.Where(l => l.Predictor != "forward_kl").Should().OnlyContain(l => l.RSquared < 0.9);
    }

    [Fact]
    public void Compare_RlKeepsMoreAtMatchedSuccess_ReportsBothMethodsInTheSharedBand()
    {
        CheckpointScore[] scores =
        [
            ScoreFixtures.Checkpoint("grpo", 6, newTask: 0.55, prior: 0.85, forwardKl: 0.2),
            ScoreFixtures.Checkpoint("sft", 100, newTask: 0.50, prior: 0.30, forwardKl: 4.0),
            ScoreFixtures.Checkpoint("sft", 200, newTask: 0.90, prior: 0.10, forwardKl: 6.0),
        ];

        var bands = MatchedComparison.Compare(scores, "grpo", "sft");

        bands.Should().ContainSingle();
        bands[0].NewTaskLow.Should().BeApproximately(0.5, 1e-9);
        bands[0].PriorA.Should().BeApproximately(0.85, 1e-9);
        bands[0].PriorB.Should().BeApproximately(0.30, 1e-9);
    }

    [Fact]
    public void Findings_SftKeepsMore_SayTheDirectionDidNotHold()
    {
        CheckpointScore[] scores =
        [
            ScoreFixtures.Checkpoint("grpo", 6, newTask: 0.5, prior: 0.2, forwardKl: 3.0),
            ScoreFixtures.Checkpoint("sft", 100, newTask: 0.5, prior: 0.8, forwardKl: 0.5),
            ScoreFixtures.Checkpoint("sft", 200, newTask: 0.6, prior: 0.7, forwardKl: 1.0),
        ];

        var findings = RazorFindings.Describe(ScoreFixtures.Results(scores));

        findings.Should().Contain(f => f.Contains("did NOT hold", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.15, true)]    // the best GRPO checkpoint's interval reaches down to the base's 20%: it has not learned
    [InlineData(0.45, false)]   // its interval lies above the base's 20%: the comparison stands
    public void Findings_MatchedComparison_SaysWhenRlHasNotLearnedTheNewTask(double rlLow, bool caveat)
    {
        var learned = new TaskScore(12, 20, 0.6, rlLow, 0.8);
        CheckpointScore[] scores =
        [
            ScoreFixtures.Checkpoint("grpo", 6, newTask: 0.6, prior: 0.9, forwardKl: 0.5) with { NewTask = learned },
            ScoreFixtures.Checkpoint("sft", 100, newTask: 0.6, prior: 0.5, forwardKl: 3.0),
        ];

        var matched = RazorFindings.Describe(ScoreFixtures.Results(scores)).Single(f => f.StartsWith("At matched", StringComparison.Ordinal));

        matched.Should().Contain("grpo kept more");
        matched.Contains("have not learned the new task", StringComparison.Ordinal).Should().Be(caveat);
    }

    [Fact]
    public void Findings_BaseThatKnowsNothing_SaysTheRunCannotAnswerAndMakesNoLawClaim()
    {
        CheckpointScore[] scores =
        [
            ScoreFixtures.Checkpoint("grpo", 6, newTask: 0.05, prior: 0.0, forwardKl: 0.3, basePrior: 0.05),
            ScoreFixtures.Checkpoint("sft", 100, newTask: 0.05, prior: 0.05, forwardKl: 4.0, basePrior: 0.05),
            ScoreFixtures.Checkpoint("sft", 200, newTask: 0.0, prior: 0.0, forwardKl: 2.0, basePrior: 0.05),
        ];
        var results = ScoreFixtures.Results(scores) with
        {
            BaseHeldOut = new Dictionary<string, TaskScore> { ["open_drawer"] = ScoreFixtures.Score(1, 20) },
        };

        var findings = RazorFindings.Describe(results);

        findings.Should().Contain(f => f.Contains("little it can forget", StringComparison.Ordinal));
        findings.Should().Contain(f => f.Contains("cannot be tested", StringComparison.Ordinal));
        findings.Should().NotContain(f => f.Contains("best predictor", StringComparison.Ordinal));
    }
}
