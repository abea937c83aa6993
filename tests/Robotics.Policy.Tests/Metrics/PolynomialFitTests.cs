using Robotics.Policy.Metrics;

namespace Robotics.Policy.Tests.Metrics;

public class PolynomialFitTests
{
    [Fact]
    public void Fit_ExactQuadratic_RecoversCoefficientsWithRSquaredOne()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        var y = x.Select(v => 1.5 - 2 * v + 0.25 * v * v).ToArray();

        var fit = PolynomialFit.Fit(x, y, 2);

        fit.Coefficients.Should().HaveCount(3);
        fit.Coefficients[0].Should().BeApproximately(1.5, 1e-9);
        fit.Coefficients[1].Should().BeApproximately(-2, 1e-9);
        fit.Coefficients[2].Should().BeApproximately(0.25, 1e-9);
        fit.RSquared.Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Fit_NoisyData_MatchesNumpyPolyfit()
    {
        // numpy.polyfit(x, y, 2) on these points: c = [0.05979868, 0.25674065, -0.01998066], R^2 = 0.98710315.
        double[] x = [0.1, 0.5, 1.0, 2.0, 3.5, 4.0, 6.0];
        double[] y = [0.05, 0.2, 0.3, 0.55, 0.7, 0.72, 0.9];

        var fit = PolynomialFit.Fit(x, y, 2);

        fit.Coefficients[0].Should().BeApproximately(0.05979868, 1e-6);
        fit.Coefficients[1].Should().BeApproximately(0.25674065, 1e-6);
        fit.Coefficients[2].Should().BeApproximately(-0.01998066, 1e-6);
        fit.RSquared.Should().BeApproximately(0.98710315, 1e-6);
    }

    [Fact]
    public void Fit_UnrelatedNoise_HasLowRSquared()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] y = [1, -1, 1, -1, 1, -1, 1, -1];
        PolynomialFit.Fit(x, y, 2).RSquared.Should().BeLessThan(0.2);
    }

    [Fact]
    public void Fit_TooFewPoints_Throws()
    {
        var act = () => PolynomialFit.Fit([1.0, 2.0], [1.0, 2.0], 2);
        act.Should().Throw<ArgumentException>().WithMessage("*at least 3 points*");
    }

    [Fact]
    public void Fit_ConstantY_HasUndefinedRSquared()
    {
        double[] x = [0, 1, 2, 3];
        double[] y = [0.4, 0.4, 0.4, 0.4];

        var fit = PolynomialFit.Fit(x, y, 2);

        double.IsNaN(fit.RSquared).Should().BeTrue("there is no variance in y to explain");
        fit.Evaluate(1.5).Should().BeApproximately(0.4, 1e-12);
    }
}
