using Robotics.Bridge.Tests.Fakes;
using Robotics.Bridge.Datasets;

namespace Robotics.Bridge.Tests.Datasets;

public sealed class DatasetSummaryTests
{
    [Fact]
    public void Compute_CountsEpisodesAndComputesActionQuantiles()
    {
        using var dir = new TempDirectory();
        var path = dir.File("d.msgpack");
        var episodes = new[] { EpisodeFactory.Make(1, steps: 10), EpisodeFactory.Make(2, steps: 20, success: false) };
        using (var writer = EpisodeDatasetWriter.Create(path, EpisodeFactory.Header()))
        {
            foreach (var e in episodes) writer.Write(e);
            writer.Complete();
        }

        var summary = DatasetSummary.Compute(path);

        summary.Episodes.Should().Be(2);
        summary.Steps.Should().Be(30);
        summary.Successes.Should().Be(1);
        summary.SizeBytes.Should().Be(new FileInfo(path).Length);
        summary.EpisodesPerTask.Should().Equal(new Dictionary<string, int> { ["pick_can"] = 2 });
        var dim0 = episodes.SelectMany(e => e.Actions.Where((_, i) => i % 7 == 0)).OrderBy(v => v).ToList();
        summary.ActionQ01[0].Should().BeApproximately(DatasetSummary.Quantile(dim0, 0.01), 1e-6f);
        summary.ActionQ99[0].Should().BeGreaterThan(summary.ActionQ01[0]);
        summary.ActionMean[0].Should().BeApproximately(dim0.Average(), 1e-5f);
    }

    [Fact]
    public void Quantile_InterpolatesLikeNumpy()
    {
        float[] sorted = [0, 1, 2, 3, 4];

        DatasetSummary.Quantile(sorted, 0.5).Should().Be(2);
        DatasetSummary.Quantile(sorted, 0.01).Should().BeApproximately(0.04f, 1e-6f);
        DatasetSummary.Quantile(sorted, 0.99).Should().BeApproximately(3.96f, 1e-6f);
    }
}
