using Robotics.Experiments.FineTuning;
using Robotics.Experiments.Razor;
using Robotics.Experiments.Reports;
using Robotics.Policy.Training;

namespace Robotics.Experiments.Tests.Razor;

public sealed class SeedSpreadTests
{
    [Fact]
    public void MeanInterval_ThreeSeeds_IsTheStudentTInterval()
    {
        // mean 0.7, sample sd 0.2, t(0.975, 2) = 4.302653: half-width 4.302653 * 0.2 / sqrt(3) = 0.496828.
        var m = MeanInterval.Of([0.5, 0.7, 0.9]);

        m.Mean.Should().BeApproximately(0.7, 1e-12);
        m.Low.Should().BeApproximately(0.7 - 0.496828, 1e-5);
        m.High.Should().BeApproximately(0.7 + 0.496828, 1e-5);
    }

    [Fact]
    public void MeanInterval_OfRates_StaysWithinZeroAndOne()
    {
        var m = MeanInterval.OfRates([0.9, 0.95, 1.0]);

        m.Mean.Should().BeApproximately(0.95, 1e-12);
        m.High.Should().Be(1.0);
        m.Low.Should().BeApproximately(0.95 - 4.302653 * 0.05 / Math.Sqrt(3), 1e-5);
    }

    [Fact]
    public void MeanInterval_OneSeed_HasNoInterval()
    {
        var m = MeanInterval.Of([0.4]);

        m.Mean.Should().Be(0.4);
        double.IsNaN(m.Low).Should().BeTrue();
        double.IsNaN(m.High).Should().BeTrue();
    }

    [Fact]
    public void Across_GroupsSeedsOfOneConfigurationByStep_AndLeavesInterpolationsOut()
    {
        RunSummary Run(string configuration, long seed) =>
            new($"{configuration}-s{seed}", "grpo", 6e-5, 0, 0, 30, 60) { Configuration = configuration, Seed = seed };
        var runs = new[] { Run("grpo-lr6e-5", 1), Run("grpo-lr6e-5", 2), Run("sft-lr1e-4", 1) };
        CheckpointScore At(string run, int step, double newTask, double kl) =>
            ScoreFixtures.Checkpoint("grpo", step, newTask, 0.9, kl) with { Run = run };
        var scores = new[]
        {
            At("grpo-lr6e-5-s1", 10, 0.50, 1.0), At("grpo-lr6e-5-s2", 10, 0.70, 3.0),
            At("grpo-lr6e-5-s1", 20, 0.60, 2.0), At("grpo-lr6e-5-s2", 20, 0.60, 2.0),
            At("sft-lr1e-4-s1", 10, 0.90, 5.0) with { Method = "sft" },
            At("wise-ft-sft-lr1e-4-s1", 10, 0.95, 4.0) with { Method = RazorExperiment.WiseFt, Alpha = 0.5 },
        };

        var spreads = SeedSpread.Across(runs, scores);

        spreads.Select(s => (s.Configuration, s.Step, s.Seeds.Count)).Should().Equal(("grpo-lr6e-5", 10, 2), ("grpo-lr6e-5", 20, 2), ("sft-lr1e-4", 10, 1));
        spreads[0].NewTask.Mean.Should().BeApproximately(0.6, 1e-9);
        spreads[0].ForwardKl.Mean.Should().BeApproximately(2.0, 1e-9);
        spreads[0].ForwardKl.Low.Should().BeLessThan(2.0);
        spreads[1].NewTask.Low.Should().BeApproximately(0.6, 1e-9, "two equal values have no spread");
    }

    [Fact]
    public void WithSeed_KeepsTheConfiguration_AndSetsTheSeedOfEveryRecordTheRunReads()
    {
        var hybrid = new FineTuneOptions { Method = FineTuneMethod.Hybrid, KlBudget = 1, Grpo = new GrpoOptions { LearningRate = 1e-5 } };

        var seeded = hybrid.WithSeed(3);

        seeded.Configuration.Should().Be(hybrid.Configuration);
        seeded.Name.Should().Be(hybrid.Configuration + "-s3").And.NotBe(hybrid.Name);
        (seeded.Sft.Seed, seeded.Grpo.Seed, seeded.Ppo.Seed, seeded.Seed).Should().Be((3L, 3L, 3L, 3L));
    }

    [Fact]
    public void Profile_RunsEveryConfigurationAtEverySeed_AndRefusesRepeatedSeeds()
    {
        var profile = RazorProfile.Quick with { RunSeeds = [1, 2, 3] };

        var runs = profile.SeededRuns().ToList();

        runs.Should().HaveCount(RazorProfile.Quick.Runs.Count * 3);
        runs.Select(r => r.Name).Should().OnlyHaveUniqueItems();
        runs.Take(3).Select(r => r.Seed).Should().Equal(1L, 2L, 3L);
        RazorProfile.Quick.SeededRuns().Select(r => r.Name).Should().Equal(RazorProfile.Quick.Runs.Select(r => r.Name), "one seed, 1, is the sweep as it was");
        var repeated = () => (RazorProfile.Quick with { RunSeeds = [1, 1] }).Validate();
        repeated.Should().Throw<ArgumentException>().WithMessage("run seeds must be distinct*");
    }

    [Fact]
    public void Markdown_ShowsTheSeedTable_OnlyWhenAConfigurationRanSeveralSeeds()
    {
        var one = ScoreFixtures.Results([ScoreFixtures.Checkpoint("sft", 10, 0.5, 0.9, 1.0)]);
        var spread = new SeedSpread("grpo-lr6e-5", "grpo", 30, [1, 2, 3], MeanInterval.Of([0.6, 0.7, 0.8]), MeanInterval.OfRates([0.9, 0.95, 1.0]), MeanInterval.Of([2, 3, 4]));

        ReportMarkdown.Build(one, []).Should().NotContain("## Across run seeds");
        var md = ReportMarkdown.Build(one with { SeedSpreads = [spread] }, []);
        md.Should().Contain("## Across run seeds").And.Contain("| grpo-lr6e-5 | grpo | 30 | 1, 2, 3 | 70 % (45 % to 95 %) | 95 % (83 % to 100 %) |");
    }

    [Fact]
    public void Findings_SayHowManyRunSeeds()
    {
        var one = ScoreFixtures.Results([ScoreFixtures.Checkpoint("sft", 10, 0.5, 0.9, 1.0)]);
        var run = one.Runs[0];
        var three = one with { Runs = [.. new long[] { 1, 2, 3 }.Select(seed => run with { Name = $"{run.Name}-s{seed}", Seed = seed })] };

        RazorFindings.Describe(one).Should().Contain(f => f.StartsWith("Each run is one seed"));
        RazorFindings.Describe(three).Should().Contain(f => f.StartsWith("Each configuration ran 3 run seeds"));
    }

    [Fact]
    public void Pareto_DrawsTheSeedSpread_AsCrossesInTheMethodsColour()
    {
        var dir = Directory.CreateTempSubdirectory("razor-seed-pareto-").FullName;
        try
        {
            var one = ScoreFixtures.Results([ScoreFixtures.Checkpoint("grpo", 30, 0.6, 0.9, 2.0), ScoreFixtures.Checkpoint("grpo", 30, 0.8, 0.7, 3.0)]);
            var spread = new SeedSpread("grpo-lr6e-5", "grpo", 30, [1, 2], MeanInterval.OfRates([0.6, 0.8]), MeanInterval.OfRates([0.9, 0.7]), MeanInterval.Of([2, 3]));

            var without = File.ReadAllBytes(PlotRenderer.Pareto(one, Path.Combine(dir, "a.png")));
            var with = File.ReadAllBytes(PlotRenderer.Pareto(one with { SeedSpreads = [spread] }, Path.Combine(dir, "b.png")));

            with.Should().NotEqual(without, "the crosses and the title that names them are drawn");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
