using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Tests.Tasks;

/// <summary>The shaped reward is a potential difference: its sum telescopes, a loop earns nothing, progress earns something.</summary>
public class ShapedRewardTests
{
    private static float Potential(TabletopVectorEnv env, int i) => TabletopTask.For("pick_can").Potential(env.State(i));

    [Fact]
    public void ShapedReward_SumsToThePotentialDifference_AndALoopBackToTheStartEarnsNothing()
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = 1, Tasks = ["pick_can"] });
        var batch = env.Reset(null, [7]);
        var start = Potential(env, 0);
        var total = 0.0;
        // 6 steps of +2 cm in x and y (well above the objects), then 6 back, then a few still steps to settle.
        float[] Move(float d) => [d, d, 0, 0, 0, 0, 1];
        foreach (var action in Enumerable.Repeat(Move(0.02f), 6).Concat(Enumerable.Repeat(Move(-0.02f), 6)).Concat(Enumerable.Repeat(Move(0), 4)))
        {
            batch = env.Step(action);
            total += batch.ShapedReward![0];
        }

        var end = Potential(env, 0);
        total.Should().BeApproximately(end - start, 1e-4, "the per-step terms telescope to Phi(s_T) - Phi(s_0)");
        Math.Abs(total).Should().BeLessThan(0.01, "the hand is back where it started, so the loop earned (almost) no shaping");
        // On the way out the hand moved away from the can: shaping was negative there, so a loop is not free reward in pieces either.
        start.Should().BeInRange(-1f, 1.5f);
    }

    [Fact]
    public void ShapedReward_ExpertPickingTheCan_EarnsPositiveShaping()
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = 2, Tasks = ["pick_can"] });
        var batch = env.Reset(null, [7, 42]);
        var totals = new double[2];
        while (!(batch.Done(0) && batch.Done(1)))
        {
            batch = env.Step(batch.ExpertActions!);
            for (var i = 0; i < 2; i++) totals[i] += batch.ShapedReward![i];
        }

        batch.Success.Should().AllBeEquivalentTo(true);
        totals.Should().OnlyContain(t => t > 0.5, "reaching, grasping and lifting each raise the potential");
    }

    [Fact]
    public void ShapedReward_TaskWithoutAPotential_IsZero()
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = 1, Tasks = ["open_drawer"] });
        var batch = env.Reset(null, [3]);
        for (var k = 0; k < 5; k++) batch = env.Step(batch.ExpertActions!);
        batch.ShapedReward.Should().Equal(0f);
    }
}
