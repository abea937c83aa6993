using Robotics.Experiments.FineTuning;
using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Tests.Razor;

/// <summary>Which runs the sweep's workers take first: the long RL runs, so the short SFT runs fill the other workers' time.</summary>
public sealed class SweepScheduleTests
{
    [Fact]
    public void Schedule_StartsRlRunsFirst_AndKeepsProfileOrderWithinEachKind()
    {
        var runs = RazorProfile.Default.SeededRuns().ToList();

        var order = Sweep.Schedule(runs).ToList();

        order.Should().BeEquivalentTo(Enumerable.Range(0, runs.Count), "every run is scheduled once");
        var rl = runs.Select((r, i) => (r, i)).Where(x => x.r.Method is FineTuneMethod.Grpo or FineTuneMethod.Ppo).Select(x => x.i).ToList();
        rl.Should().NotBeEmpty("the default profile has an RL run");
        order.Take(rl.Count).Should().Equal(rl);
        order.Skip(rl.Count).Should().BeInAscendingOrder();
    }
}
