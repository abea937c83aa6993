using Robotics.Policy.Metrics;

namespace Robotics.Policy.Tests.Metrics;

public class BootstrapTests
{
    [Fact]
    public void Resample_SameSeed_GivesTheSameValuesAndAnotherSeedDifferent()
    {
        double[] data = [0.1, 0.4, 0.2, 0.9, 0.5, 0.3];
        double[] Mean(int[] rows) => [rows.Average(r => data[r])];

        var first = Bootstrap.Resample(data.Length, 500, seed: 3, statistics: 1, Mean)[0];
        var again = Bootstrap.Resample(data.Length, 500, seed: 3, statistics: 1, Mean)[0];
        var other = Bootstrap.Resample(data.Length, 500, seed: 4, statistics: 1, Mean)[0];

        again.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [Fact]
    public void Resample_MeanOfManyRows_IntervalMatchesTheStandardErrorAndCoversTheMean()
    {
        // 200 rows alternating 0 and 1: the bootstrap mean has standard error 0.5 / sqrt(200), so the 95% interval is about 0.5 +- 0.069.
        var data = Enumerable.Range(0, 200).Select(i => (double)(i % 2)).ToArray();

        var means = Bootstrap.Resample(data.Length, 2_000, seed: 11, statistics: 1, rows => [rows.Average(r => data[r])])[0];
        var interval = ConfidenceInterval.Percentile95(means);

        interval.Covers(0.5).Should().BeTrue();
        (interval.High - interval.Low).Should().BeApproximately(2 * 1.96 * 0.5 / Math.Sqrt(200), 0.02);
    }

    [Fact]
    public void Percentile95_OfZeroToHundred_IsTwoAndAHalfToNinetySevenAndAHalf()
    {
        var interval = ConfidenceInterval.Percentile95(Enumerable.Range(0, 101).Select(i => (double)i).Reverse());

        interval.Low.Should().BeApproximately(2.5, 1e-12);
        interval.High.Should().BeApproximately(97.5, 1e-12);
        interval.Covers(50).Should().BeTrue();
        interval.Covers(98).Should().BeFalse();
    }

    [Fact]
    public void NextBinomial_MeanAndEnds_AreThoseOfTheBinomial()
    {
        var random = new SplitMixStream(5);

        var draws = Enumerable.Range(0, 4_000).Select(_ => random.NextBinomial(50, 0.3)).ToArray();

        draws.Average().Should().BeApproximately(15, 0.2);            // n p; the mean of 4,000 draws has sd 0.05
        random.NextBinomial(50, 0).Should().Be(0);
        random.NextBinomial(50, 1).Should().Be(50);
        var act = () => random.NextBinomial(5, 1.5);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void NextIndex_CoversEveryIndexEvenly()
    {
        var random = new SplitMixStream(9);
        var counts = new int[7];

        for (var i = 0; i < 70_000; i++) counts[random.NextIndex(7)]++;

        counts.Should().OnlyContain(c => c > 9_600 && c < 10_400);
    }
}
