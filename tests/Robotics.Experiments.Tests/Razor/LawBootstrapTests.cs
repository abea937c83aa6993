using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Tests.Razor;

public class LawBootstrapTests
{
    private static readonly LawBootstrap Resamples = new(Resamples: 500, Seed: 3);

    /// <summary>Twelve checkpoints whose forgetting is exactly quadratic in forward KL; the other predictors are noise.</summary>
    private static List<CheckpointScore> ExactInForwardKl()
    {
        var rng = new Random(5);
        return Enumerable.Range(0, 12).Select(i =>
        {
            var kl = i * 0.5;
            var forgetting = 0.05 * kl + 0.01 * kl * kl;   // at most 0.55: the prior success stays a valid rate
            return ScoreFixtures.Checkpoint(i % 2 == 0 ? "sft" : "grpo", i, 0.5, 0.9 - forgetting, kl, reverseKl: rng.NextDouble() * 5, tv: rng.NextDouble(), weight: rng.NextDouble());
        }).ToList();
    }

    [Fact]
    public void Fit_ExactQuadratic_HasRSquaredOneWithADegenerateIntervalAndADifferenceAboveZero()
    {
        var law = ForgettingLaw.Fit(ExactInForwardKl(), bootstrap: Resamples);

        var forward = law.Single(l => l.Predictor == "forward_kl");
        forward.RSquared.Should().BeApproximately(1, 1e-9);
        forward.RSquaredInterval!.Low.Should().BeApproximately(1, 1e-9);
        forward.RSquaredInterval.High.Should().BeApproximately(1, 1e-9);
        forward.DifferenceInterval.Should().BeNull("forward KL is not compared with itself");
        forward.LinearRSquared.Should().BeInRange(0.95, 1 - 1e-6, "the curve is nearly but not exactly a line");
        foreach (var other in law.Where(l => l.Predictor != "forward_kl"))
        {
            other.DifferenceFromForwardKl.Should().BeApproximately(1 - other.RSquared, 1e-12);
            other.DifferenceInterval!.Low.Should().BeGreaterThan(0, $"{other.Predictor} is noise, so forward KL must be told apart from it");
        }
    }

    [Fact]
    public void Fit_PureNoise_DifferenceIntervalsCoverZero()
    {
        var rng = new Random(8);
        var checkpoints = Enumerable.Range(0, 20).Select(i => ScoreFixtures.Checkpoint("sft", i, 0.5, rng.NextDouble(),
            forwardKl: rng.NextDouble(), reverseKl: rng.NextDouble(), tv: rng.NextDouble(), weight: rng.NextDouble())).ToList();

        var law = ForgettingLaw.Fit(checkpoints, bootstrap: Resamples);

        law.Where(l => l.Predictor != "forward_kl").Should().OnlyContain(l => l.DifferenceInterval!.Covers(0));
        var findings = RazorFindings.Describe(ScoreFixtures.Results(checkpoints) with { Law = law });
        findings.Should().Contain(f => f.Contains("cannot be told apart", StringComparison.Ordinal));
        findings.Should().Contain(f => f.Contains("not shown to be the best predictor", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_ExactQuadratic_FindingsSayForwardKlIsBestBeyondTheIntervals()
    {
        var checkpoints = ExactInForwardKl();
        var results = ScoreFixtures.Results(checkpoints) with { Law = ForgettingLaw.Fit(checkpoints, bootstrap: Resamples) };

        var findings = RazorFindings.Describe(results);

        findings.Should().Contain(f => f.Contains("best predictor of forgetting among those compared, beyond the bootstrap intervals", StringComparison.Ordinal));
        findings.Should().NotContain(f => f.Contains("cannot be told apart", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_SameSeed_GivesTheSameIntervals()
    {
        var rng = new Random(2);
        var checkpoints = Enumerable.Range(0, 10).Select(i => ScoreFixtures.Checkpoint("sft", i, 0.5, rng.NextDouble(), forwardKl: i + rng.NextDouble())).ToList();

        var first = ForgettingLaw.Fit(checkpoints, bootstrap: Resamples);
        var again = ForgettingLaw.Fit(checkpoints, bootstrap: Resamples);
        var otherSeed = ForgettingLaw.Fit(checkpoints, bootstrap: Resamples with { Seed = 4 });

        again[0].RSquaredInterval.Should().Be(first[0].RSquaredInterval);
        again[0].RSquaredEpisodeInterval.Should().Be(first[0].RSquaredEpisodeInterval);
        otherSeed[0].RSquaredInterval.Should().NotBe(first[0].RSquaredInterval);
    }

    [Fact]
    public void Fit_EveryCountAllOrNothing_HasADegenerateEpisodeInterval()
    {
        // Redrawing from Binomial(n, 0) or Binomial(n, 1) changes nothing, so the episode bootstrap has no spread.
        var checkpoints = Enumerable.Range(0, 8).Select(i => ScoreFixtures.Checkpoint("sft", i, 0.5, i % 2, forwardKl: i * 0.3 + (i % 3) * 0.1)).ToList();

        var forward = ForgettingLaw.Fit(checkpoints, bootstrap: Resamples).Single(l => l.Predictor == "forward_kl");

        forward.RSquaredEpisodeInterval!.Low.Should().BeApproximately(forward.RSquared, 1e-9);
        forward.RSquaredEpisodeInterval.High.Should().BeApproximately(forward.RSquared, 1e-9);
    }

    [Fact]
    public void Fit_FewEpisodes_EpisodeIntervalIsWiderThanWithMany()
    {
        // The same success rates on 10 and on 1,000 episodes: counts from 10 episodes redraw far more loosely.
        List<CheckpointScore> Checkpoints(int episodes) => Enumerable.Range(0, 10).Select(i =>
        {
            var prior = 0.9 - 0.05 * i;
            var c = ScoreFixtures.Checkpoint("sft", i, 0.5, prior, forwardKl: 0.2 * i);
            var successes = (int)Math.Round(prior * episodes);
            return c with { HeldOut = new Dictionary<string, TaskScore> { ["open_drawer"] = new(successes, episodes, (double)successes / episodes, 0, 1) } };
        }).ToList();
        double Width(List<CheckpointScore> c)
        {
            var i = ForgettingLaw.Fit(c, bootstrap: Resamples).Single(l => l.Predictor == "forward_kl").RSquaredEpisodeInterval!;
            return i.High - i.Low;
        }

        Width(Checkpoints(10)).Should().BeGreaterThan(5 * Width(Checkpoints(1_000)));
    }

    [Fact]
    public void Fit_TwoFamilies_FitsEachAndEverythingButSft()
    {
        var law = ForgettingLaw.Fit(ExactInForwardKl(), bootstrap: Resamples);

        var families = law.Single(l => l.Predictor == "forward_kl").WithinMethod;
        families.Select(f => f.Family).Should().BeEquivalentTo("sft", "grpo", ForgettingLaw.AllButSft);
        families.Should().OnlyContain(f => f.Points == 6 && Math.Abs(f.RSquared - 1) < 1e-9, "each family's forgetting is the same exact quadratic");
    }

    [Fact]
    public void Fit_FewerThanThreeCheckpoints_HasNoFitAndNoIntervals()
    {
        var law = ForgettingLaw.Fit([ScoreFixtures.Checkpoint("sft", 1, 0.5, 0.5, 1), ScoreFixtures.Checkpoint("sft", 2, 0.5, 0.4, 2)]);

        law.Should().OnlyContain(l => double.IsNaN(l.RSquared) && l.RSquaredInterval == null && l.DifferenceInterval == null);
    }
}
