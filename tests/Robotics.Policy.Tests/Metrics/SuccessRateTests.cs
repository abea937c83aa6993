using Robotics.Policy.Metrics;

namespace Robotics.Policy.Tests.Metrics;

public class SuccessRateTests
{
    // Reference values from the closed-form Wilson interval computed with Python (z = 1.95996).
    [Theory]
    [InlineData(8, 10, 0.490162, 0.943318)]
    [InlineData(0, 30, 0.0, 0.113513)]
    [InlineData(30, 30, 0.886487, 1.0)]
    [InlineData(15, 30, 0.331541, 0.668459)]
    public void Wilson95_KnownCounts_MatchesReference(int successes, int n, double low, double high)
    {
        var (l, h) = new SuccessRate(successes, n).Wilson95;
        l.Should().BeApproximately(low, 1e-5);
        h.Should().BeApproximately(high, 1e-5);
    }

    [Fact]
    public void Wilson95_MoreEpisodes_NarrowsTheInterval()
    {
        var small = new SuccessRate(5, 10).Wilson95;
        var large = new SuccessRate(50, 100).Wilson95;
        (large.High - large.Low).Should().BeLessThan(small.High - small.Low);
    }

    [Fact]
    public void Retention_HalfKept_ReportsRatioAndForgetting()
    {
        var retention = new Retention("open_drawer", new SuccessRate(20, 20), new SuccessRate(10, 20));
        retention.Ratio.Should().BeApproximately(0.5, 1e-12);
        retention.Forgetting.Should().BeApproximately(0.5, 1e-12);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 0.4)]
    public void RatioOf_BaseNeverSucceeded_IsOneWhateverThePolicyDoes(double before, double after)
    {
        // One definition for the report and the CI gate: nothing to forget reads as all kept, and stays finite for JSON.
        Retention.RatioOf(before, after).Should().Be(1);
        new Retention("t", new SuccessRate(0, 20), new SuccessRate((int)(after * 20), 20)).Ratio.Should().Be(1);
    }

    [Fact]
    public void RatioOf_RateOutsideZeroToOne_Throws()
    {
        var act = () => Retention.RatioOf(1.5, 0.5);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void WilsonInterval_RateAndCountOverload_MatchesTheCountsOne()
    {
        SuccessRate.WilsonInterval(0.8, 10.0, 1.96).Should().Be(SuccessRate.WilsonInterval(8, 10, 1.96));
    }
}
