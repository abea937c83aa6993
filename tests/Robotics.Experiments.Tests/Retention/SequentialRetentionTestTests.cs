using Robotics.Experiments.Retention;
using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Tests.Retention;

public sealed class SequentialRetentionTestTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static RetentionGateOptions Options(int episodes, int batch, params string[] tasks) =>
        new() { Tasks = tasks.Length == 0 ? ["t"] : tasks, Episodes = episodes, Batch = batch, MinRetention = 0.9, Confidence = 0.95 };

    /// <summary>Episode i succeeds at a rate of exactly p over any prefix (up to rounding): counts without randomness.</summary>
    private static bool Succeeds(double p, int i) => Math.Floor((i + 1) * p) > Math.Floor(i * p);

    private static SequentialRetentionTest.BatchScorer Scorer(IReadOnlyDictionary<string, (double Base, double Candidate)> rates, List<int>? calls = null) =>
        (tasks, from, to, _) =>
        {
            calls?.Add(to);
            IReadOnlyDictionary<string, (SuccessRate, SuccessRate)> counts = tasks.ToDictionary(t => t, t =>
            {
                var range = Enumerable.Range(from, to - from).ToList();
                return (new SuccessRate(range.Count(i => Succeeds(rates[t].Base, i)), range.Count),
                        new SuccessRate(range.Count(i => Succeeds(rates[t].Candidate, i)), range.Count));
            });
            return Task.FromResult(counts);
        };

    [Fact]
    public void Decide_BaseAllOfTwentyCandidateSeventeen_IsInconclusiveAndNamesTheEpisodesThatWouldDecide()
    {
        // The example: point estimates say 85% < 90% ("forgot"), but the intervals overlap.
        var test = new SequentialRetentionTest(Options(20, 20));

        var result = test.Decide("t", new SuccessRate(20, 20), new SuccessRate(17, 20), 0.05);
        var needed = test.EpisodesToDecide(1.0, 0.85, 20);

        result.Verdict.Should().Be(TaskVerdict.Inconclusive);
        result.MarginLow.Should().BeNegative();
        result.MarginHigh.Should().BePositive();
        needed.Should().NotBeNull().And.BeGreaterThan(20);
        var atNeeded = new SequentialRetentionTest(Options(needed!.Value, 20)).Decide("t", new SuccessRate(needed.Value, needed.Value),
            new SuccessRate((int)Math.Round(0.85 * needed.Value), needed.Value), SequentialSchedule.FinalAlpha(needed.Value, 20, 0.05));
        atNeeded.Verdict.Should().Be(TaskVerdict.Forgot, "at the named number of episodes the same rates decide");
    }

    [Fact]
    public void Decide_CandidateFarBelow_Forgot()
    {
        var result = new SequentialRetentionTest(Options(30, 30)).Decide("t", new SuccessRate(28, 30), new SuccessRate(8, 30), 0.05);

        result.Verdict.Should().Be(TaskVerdict.Forgot);
        result.MarginHigh.Should().BeNegative();
    }

    [Fact]
    public void Decide_CandidateAsGoodOnFiftyEpisodes_Holds()
    {
        var result = new SequentialRetentionTest(Options(50, 50)).Decide("t", new SuccessRate(50, 50), new SuccessRate(50, 50), 0.05);

        result.Verdict.Should().Be(TaskVerdict.Holds);
        result.MarginLow.Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void Decide_CandidateAsGoodOnTwentyEpisodes_IsInconclusive()
    {
        // 20/20 does not show a rate above 90% at 95% confidence (Wilson lower bound 88%), so "holds" cannot be claimed.
        var result = new SequentialRetentionTest(Options(20, 20)).Decide("t", new SuccessRate(20, 20), new SuccessRate(20, 20), 0.05);

        result.Verdict.Should().Be(TaskVerdict.Inconclusive);
    }

    [Fact]
    public async Task RunAsync_ClearForgetting_FailsAtTheFirstLook()
    {
        var calls = new List<int>();
        var test = new SequentialRetentionTest(Options(100, 20, "a", "b"));

        var (tasks, looks) = await test.RunAsync(Scorer(new Dictionary<string, (double, double)> { ["a"] = (1, 0), ["b"] = (0.9, 0.9) }, calls));

        looks.Should().Be(1);
        calls.Should().Equal(20);
        tasks.Single(t => t.Task == "a").Verdict.Should().Be(TaskVerdict.Forgot);
        RetentionGate.Outcome(tasks, null, null).Should().Be(GateOutcome.Fail);
    }

    [Fact]
    public async Task RunAsync_CandidateHolds_PassesBeforeTheLastLook()
    {
        var calls = new List<int>();
        var test = new SequentialRetentionTest(Options(100, 20, "a", "b"));

        var (tasks, looks) = await test.RunAsync(Scorer(new Dictionary<string, (double, double)> { ["a"] = (1, 1), ["b"] = (0.5, 0.9) }, calls));

        tasks.Should().OnlyContain(t => t.Verdict == TaskVerdict.Holds);
        looks.Should().BeLessThan(5, "a clear pass stops early");
        calls.Should().BeInAscendingOrder().And.HaveCount(looks);
        RetentionGate.Outcome(tasks, null, null).Should().Be(GateOutcome.Pass);
    }

    [Fact]
    public async Task RunAsync_TooFewEpisodes_IsInconclusiveWithTheEpisodesThatWouldDecide()
    {
        var test = new SequentialRetentionTest(Options(20, 20));

        var (tasks, looks) = await test.RunAsync(Scorer(new Dictionary<string, (double, double)> { ["t"] = (1, 0.85) }));

        looks.Should().Be(1);
        var t = tasks.Single();
        t.Verdict.Should().Be(TaskVerdict.Inconclusive);
        t.Base.Should().Be(new SuccessRate(20, 20));
        t.Candidate.Should().Be(new SuccessRate(17, 20));
        t.EpisodesToDecide.Should().BeGreaterThan(20);
        RetentionGate.Outcome(tasks, null, null).Should().Be(GateOutcome.Inconclusive);
    }

    [Fact]
    public async Task RunAsync_RatesOnTheThreshold_NoNumberOfEpisodesDecides()
    {
        var test = new SequentialRetentionTest(Options(20, 10));

        var (tasks, _) = await test.RunAsync(Scorer(new Dictionary<string, (double, double)> { ["t"] = (1, 0.9) }));

        tasks.Single().Verdict.Should().Be(TaskVerdict.Inconclusive);
        tasks.Single().EpisodesToDecide.Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_BaseNeverSucceeds_NothingToForgetDoesNotBlockAPass()
    {
        var test = new SequentialRetentionTest(Options(60, 20, "never", "easy"));

        var (tasks, looks) = await test.RunAsync(Scorer(new Dictionary<string, (double, double)> { ["never"] = (0, 0), ["easy"] = (1, 1) }));

        looks.Should().Be(3, "a base at zero is only judged once every episode has run");
        tasks.Single(t => t.Task == "never").Verdict.Should().Be(TaskVerdict.NothingToForget);
        tasks.Single(t => t.Task == "never").Retention.Should().Be(1);
        RetentionGate.Outcome(tasks, null, null).Should().Be(GateOutcome.Pass);
    }

    [Fact]
    public void Outcome_KlOverItsLimit_FailsEvenWhenEveryTaskHolds()
    {
        var holds = new TaskRetention("t", new SuccessRate(50, 50), new SuccessRate(50, 50), 1, TaskVerdict.Holds, 0.05, 0.15, null);

        RetentionGate.Outcome([holds], forwardKl: 2.5, maxKl: 2.0).Should().Be(GateOutcome.Fail);
        RetentionGate.Outcome([holds], forwardKl: 1.5, maxKl: 2.0).Should().Be(GateOutcome.Pass);
    }

    // The error control, simulated: at the threshold (p_c = 0.9 p_b exactly) a wrong "forgot" must come at most 5% of the
    // time, and just past it (p_c = 0.85 p_b, truly forgotten) a wrong "holds" at most 5%, over all five looks.
    [Theory]
    [InlineData(0.8, 0.72, TaskVerdict.Forgot)]
    [InlineData(0.8, 0.68, TaskVerdict.Holds)]
    public async Task RunAsync_SimulatedAtTheThreshold_WrongVerdictsStayUnderAlpha(double baseRate, double candidateRate, TaskVerdict wrong)
    {
        var random = new Random(12345);
        var test = new SequentialRetentionTest(Options(100, 20));
        const int replications = 2000;
        var wrongCount = 0;
        var episodes = 0L;
        for (var r = 0; r < replications; r++)
        {
            var (tasks, _) = await test.RunAsync((tasks, from, to, _) =>
            {
                var n = to - from;
                IReadOnlyDictionary<string, (SuccessRate, SuccessRate)> counts = tasks.ToDictionary(t => t, _ =>
                    (new SuccessRate(Enumerable.Range(0, n).Count(_ => random.NextDouble() < baseRate), n),
                     new SuccessRate(Enumerable.Range(0, n).Count(_ => random.NextDouble() < candidateRate), n)));
                return Task.FromResult(counts);
            });
            if (tasks.Single().Verdict == wrong) wrongCount++;
            episodes += tasks.Single().Base.Episodes;
        }
        output.WriteLine($"p_base {baseRate}, p_candidate {candidateRate}: wrong '{wrong}' in {wrongCount}/{replications}, mean episodes {episodes / (double)replications:F1}");

        ((double)wrongCount / replications).Should().BeLessThan(0.05);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    public void Decide_BaseNeverSucceeded_RetentionIsOneAsTheReportStatesIt(int candidateSuccesses)
    {
        // The gate's verdict and the razor's report read one definition of the zero-base ratio (Retention.RatioOf).
        var result = new SequentialRetentionTest(Options(20, 20)).Decide("t", new SuccessRate(0, 20), new SuccessRate(candidateSuccesses, 20), 0.05);
        var reported = new Policy.Metrics.Retention("t", new SuccessRate(0, 20), new SuccessRate(candidateSuccesses, 20));

        result.Retention.Should().Be(1);
        result.Retention.Should().Be(reported.Ratio);
    }
}
