using Robotics.Experiments.Razor;
using Robotics.Experiments.Reports;

namespace Robotics.Experiments.Tests.Razor;

public sealed class ForecastLawTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("law-").FullName;

    private static double Law(double kl) => 0.05 + 0.02 * kl + 0.01 * kl * kl;

    /// <summary>Two runs (sft, grpo) on a known quadratic, plus deterministic +-<paramref name="noise"/>, and one replay run far off the law.</summary>
    private static List<CheckpointScore> Checkpoints(double noise)
    {
        var scores = new List<CheckpointScore>();
        for (var i = 0; i <= 8; i++)
        {
            var kl = i * 1.0;
            var method = i % 2 == 0 ? "sft" : "grpo";
            var forgetting = Law(kl) + (i % 3 == 0 ? noise : -noise / 2);
            scores.Add(ScoreFixtures.Checkpoint(method, i, 0.5, 0.9 - forgetting, kl) with { Run = $"{method}-run" });
        }
        scores.Add(ScoreFixtures.Checkpoint("sft-replay", 1, 0.9, 0.9, 6) with { Run = "replay-run" });
        return scores;
    }

    [Fact]
    public void Predict_ExactConstructedLaw_ReturnsTheKnownValueAndIgnoresReplay()
    {
        var law = ForecastLaw.Fit(Checkpoints(noise: 0), "pick_can", 16, 640);

        law.Coefficients.Should().BeEquivalentTo([0.05, 0.02, 0.01], o => o.WithStrictOrdering().Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-9)).WhenTypeIs<double>());
        law.Methods.Should().Equal("grpo", "sft");
        law.ExcludedMethods.Should().Equal("sft-replay");
        law.Points.Should().Be(9);
        (law.KlMin, law.KlMax).Should().Be((0.0, 8.0));
        var forecast = law.Predict(4.5, "sft");
        forecast.Forgetting.Should().BeApproximately(Law(4.5), 1e-9);
        forecast.Trusted.Should().BeTrue();
    }

    [Fact]
    public void Predict_NoisyLaw_IntervalFromTheResidualsCoversTheTruth()
    {
        var law = ForecastLaw.Fit(Checkpoints(noise: 0.02), "pick_can", 16, 640);

        var forecast = law.Predict(4.5, "grpo");

        law.ResidualStdDev.Should().BeInRange(0.005, 0.03);
        forecast.Forgetting.Should().BeApproximately(Law(4.5), 0.02);
        forecast.Low.Should().BeLessThan(Law(4.5));
        forecast.High.Should().BeGreaterThan(Law(4.5));
        (forecast.High - forecast.Low).Should().BeGreaterThan(2 * law.ResidualStdDev, "a prediction interval is wider than the residual spread");
        law.Predict(8, "grpo").High.Should().BeGreaterThan(law.Predict(8, "grpo").Low);
    }

    [Theory]
    [InlineData(9.5, "sft", "outside the range")]
    [InlineData(4.0, "sft-replay", "off the law")]
    [InlineData(4.0, "ppo", "not fitted on 'ppo'")]
    [InlineData(4.0, null, "not given")]
    public void Predict_OutsideWhatWasFitted_SaysWhyInsteadOfExtrapolatingSilently(double kl, string? method, string reason)
    {
        var law = ForecastLaw.Fit(Checkpoints(noise: 0.02), "pick_can", 16, 640);

        var forecast = law.Predict(kl, method);

        forecast.Trusted.Should().BeFalse();
        forecast.Problems.Should().ContainSingle().Which.Should().Contain(reason);
        double.IsFinite(forecast.Forgetting).Should().BeTrue("the number is still shown, marked untrusted");
    }

    [Fact]
    public void SaveAndLoad_RoundTrip_PredictsTheSame()
    {
        var law = ForecastLaw.Fit(Checkpoints(noise: 0.02), "pick_can", 16, 640);
        var path = Path.Combine(_dir, ForecastLaw.FileName);

        law.Save(path);
        var loaded = ForecastLaw.Load(path);

        loaded.Predict(3.3, "sft").Should().BeEquivalentTo(law.Predict(3.3, "sft"));
        loaded.KlProbeEpisodes.Should().Be(16);
    }

    [Fact]
    public void Load_MissingFile_IsAUsageError()
    {
        var act = () => ForecastLaw.Load(Path.Combine(_dir, "none.json"));
        act.Should().Throw<FileNotFoundException>().WithMessage("*--forecast*");
    }

    [Fact]
    public void LeaveOneRunOut_ConstructedRuns_PredictsTheHeldOutRunCloselyAndRefusesItsExtrapolations()
    {
        // Three runs that interleave in KL, so each held-out run lies mostly inside the others' range.
        var scores = Enumerable.Range(0, 12).Select(i => ScoreFixtures.Checkpoint("sft", i, 0.5, 0.9 - Law(0.5 * i) - (i % 2 == 0 ? 0.01 : -0.01), 0.5 * i)
            with { Run = $"run{i % 3}" }).ToList();

        var validation = ForecastValidation.LeaveOneRunOut(scores, "pick_can");

        validation.Should().NotBeNull();
        validation!.Runs.Should().Be(3);
        (validation.Predictions + validation.Refused).Should().Be(12);
        validation.Refused.Should().BeGreaterThan(0, "the lowest and highest KL lie outside the other runs' range");
        validation.MeanAbsoluteError.Should().BeLessThan(0.03);
    }

    [Fact]
    public void ForecastLawFor_RazorResults_FitsAndValidates()
    {
        var results = ScoreFixtures.Results(Checkpoints(noise: 0.02)) with { KlProbeEpisodes = 16, KlProbeMaxStates = 640 };

        var law = ReportWriter.ForecastLawFor(results);

        law.Should().NotBeNull();
        law!.HeldOutRuns.Should().NotBeNull();
        law.KlProbeMaxStates.Should().Be(640);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
