using Robotics.Experiments.Diagnosis;

namespace Robotics.Experiments.Tests.Diagnosis;

public sealed class LayoutSpreadTests
{
    [Fact]
    public void From_LayoutsThatAlwaysOrNeverSucceed_IsLayoutSpecific()
    {
        // 48 layouts x 8 samples: 24 never succeed, 24 always do. Pooled p = 0.5, so one shared rate expects
        // 48 * 0.5^8 = 0.19 zero-success layouts (95% range 0-1): 24 is far outside it.
        var spread = LayoutSpread.From([.. Enumerable.Repeat(0, 24), .. Enumerable.Repeat(8, 24)], 8);

        spread.PooledRate.Should().BeApproximately(0.5, 1e-12);
        spread.ExpectedZero.Should().BeApproximately(48 * Math.Pow(0.5, 8), 1e-9);
        spread.ZeroSuccessLayouts.Should().Be(24);
        spread.ZeroHigh.Should().BeLessThan(3);
        spread.Verdict.Should().Be("layout-specific");
    }

    [Fact]
    public void From_SuccessesSpreadAsOneBinomial_IsNoiseLike()
    {
        // Per-layout counts shaped like Binomial(8, 0.5): 1, 8, 28, 56, 70, 56, 28, 8, 1 scaled to 256 layouts.
        int[] shape = [1, 8, 28, 56, 70, 56, 28, 8, 1];
        var counts = shape.SelectMany((n, k) => Enumerable.Repeat(k, n)).ToArray();

        var spread = LayoutSpread.From(counts, 8);

        spread.Layouts.Should().Be(256);
        spread.ZeroSuccessLayouts.Should().Be(1);
        spread.ExpectedZero.Should().BeApproximately(1.0, 1e-9);
        spread.ZeroSuccessLayouts.Should().BeInRange(spread.ZeroLow, spread.ZeroHigh);
        spread.AllSuccessLayouts.Should().BeInRange(spread.AllLow, spread.AllHigh);
        spread.Verdict.Should().Be("noise-like");
    }

    [Fact]
    public void Range95_MatchesTheExactBinomialQuantiles()
    {
        // Binomial(10, 0.5): P(X <= 1) = 0.0107, P(X <= 2) = 0.0547 -> 2.5% quantile 2; P(X <= 7) = 0.9453, P(X <= 8) = 0.9893 -> 97.5% quantile 8.
        LayoutSpread.Range95(10, 0.5).Should().Be((2, 8));
        LayoutSpread.Range95(20, 0).Should().Be((0, 0));
        LayoutSpread.Range95(20, 1).Should().Be((20, 20));
    }

    [Fact]
    public void From_CountOutsideZeroToSamples_Throws()
    {
        var act = () => LayoutSpread.From([0, 9], 8);
        act.Should().Throw<ArgumentException>();
    }
}
