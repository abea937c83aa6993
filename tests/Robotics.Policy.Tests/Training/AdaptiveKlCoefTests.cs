using Robotics.Policy.Training;

namespace Robotics.Policy.Tests.Training;

public sealed class AdaptiveKlCoefTests
{
    [Theory]
    [InlineData(0.5, 1.0)]    // inside [target/1.5, 1.5 target]: unchanged
    [InlineData(0.2, 0.5)]    // below: halved
    [InlineData(0.9, 2.0)]    // above: doubled
    public void Update_MeasuredKl_FollowsPposRule(double measured, double expected)
    {
        var beta = new AdaptiveKlCoef(target: 0.5, initial: 1);

        beta.Update(measured).Should().Be(expected);
    }

    [Fact]
    public void Update_LongFarAbove_StaysBounded()
    {
        var beta = new AdaptiveKlCoef(0.1, 1);
        for (var i = 0; i < 100; i++) beta.Update(10);
        beta.Value.Should().Be(AdaptiveKlCoef.Max);
    }

    [Fact]
    public void Create_NonPositiveTarget_Throws()
    {
        var act = () => new AdaptiveKlCoef(0, 1);
        act.Should().Throw<ArgumentException>();
    }
}
