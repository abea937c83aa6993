using Robotics.Experiments.Retention;

namespace Robotics.Experiments.Tests.Retention;

public sealed class SequentialScheduleTests
{
    [Fact]
    public void Create_FiveLooks_SpendsExactlyAlphaAndLittleEarly()
    {
        var schedule = SequentialSchedule.Create(100, 20, 0.05);

        schedule.Looks.Should().Equal(20, 40, 60, 80, 100);
        schedule.AlphaAtLook.Sum().Should().BeApproximately(0.05, 1e-12);
        schedule.AlphaAtLook.Should().OnlyContain(a => a > 0);
        schedule.AlphaAtLook[0].Should().BeLessThan(1e-4, "O'Brien-Fleming-like spending: only a clear result stops at the first look");
        schedule.AlphaAtLook[^1].Should().Be(SequentialSchedule.FinalAlpha(100, 20, 0.05));
    }

    [Fact]
    public void Create_OneLook_TestsAtTheFullAlpha()
    {
        var schedule = SequentialSchedule.Create(30, 30, 0.05);

        schedule.Looks.Should().Equal(30);
        schedule.AlphaAtLook.Should().Equal(0.05);
        SequentialSchedule.FinalAlpha(30, 30, 0.05).Should().Be(0.05);
    }

    [Fact]
    public void Create_BatchNotDividingTheMaximum_EndsAtTheMaximum()
    {
        var schedule = SequentialSchedule.Create(50, 20, 0.05);

        schedule.Looks.Should().Equal(20, 40, 50);
        schedule.AlphaAtLook[^1].Should().BeApproximately(SequentialSchedule.FinalAlpha(50, 20, 0.05), 1e-15);
    }

    [Fact]
    public void Z_FivePercentOneSided_IsTheNormalQuantile()
    {
        SequentialSchedule.Z(0.05).Should().BeApproximately(1.644854, 1e-6);
    }
}
