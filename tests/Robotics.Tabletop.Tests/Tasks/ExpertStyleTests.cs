using Robotics.Sim.V1;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Tests.Tasks;

/// <summary>The second demonstrator: pick_can's slow_high expert succeeds as the default one does, and moves differently.</summary>
public class ExpertStyleTests
{
    private const int Episodes = 100;

    private sealed record Trace(EnvStep Last, float LargestStep, float MeanAlignedHeight);

    /// <summary>Runs <see cref="Episodes"/> pick_can episodes acting with <paramref name="actions"/>; records the largest
    /// commanded translation on any axis and, per episode, the tool-centre point's height when it first comes within
    /// 1 cm of the can's axis (where the expert hovers before it descends).</summary>
    private static Trace Run(Func<EnvStep, float[]> actions)
    {
        var seeds = Enumerable.Range(0, Episodes).Select(i => 5_000UL + (ulong)i).ToArray();
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = Episodes, Tasks = ["pick_can"] });
        float largest = 0;
        var aligned = new float?[Episodes];
        var batch = Rollouts.Run(env, seeds, b =>
        {
            var a = actions(b);
            for (var i = 0; i < b.NumEnvs; i++)
            {
                if (b.Done(i)) continue;
                for (var axis = 0; axis < 3; axis++) largest = MathF.Max(largest, MathF.Abs(a[i * ActionSpace.Dim + axis]));
                var s = env.State(i);
                if (aligned[i] is null && ExpertMath.XyDistance(s.Tcp, s.Can) < 0.01f) aligned[i] = s.Tcp.Z;
            }
            return a;
        });
        return new Trace(batch, largest, aligned.Where(z => z is not null).Average(z => z!.Value));
    }

    [Fact]
    public void SlowHigh_PickCan_SucceedsOnAtLeast95Of100Seeds()
    {
        var styled = Run(b => b.StyledExpertActions[ExpertStyles.SlowHigh]);

        styled.Last.Success.Count(s => s).Should().BeGreaterThanOrEqualTo(95, "a second demonstrator must still be a demonstrator");
        styled.Last.PhysicsError.Should().NotContain(true);
    }

    [Fact]
    public void SlowHigh_PickCan_MovesSlowerAndHoversHigherThanTheDefaultExpert()
    {
        var standard = Run(b => b.ExpertActions!);
        var styled = Run(b => b.StyledExpertActions[ExpertStyles.SlowHigh]);

        standard.LargestStep.Should().BeApproximately(0.03f, 1e-4f, "the default expert takes the full 3 cm step");
        styled.LargestStep.Should().BeLessThanOrEqualTo(0.02f + 1e-6f);
        styled.MeanAlignedHeight.Should().BeGreaterThan(standard.MeanAlignedHeight + 0.02f, "it hovers 4 cm higher before descending");
        styled.Last.ElapsedSteps.Average().Should().BeGreaterThan(standard.Last.ElapsedSteps.Average(), "slower moves take more steps");
    }

    [Fact]
    public void Styles_TaskWithoutTheStyle_GetsItsDefaultExpertsAction()
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = 2, Tasks = ["open_drawer", "pick_can"] });
        var batch = env.Reset(null, [3, 4]);

        TaskSuite.Get("open_drawer").ExpertStyles.Should().BeEmpty();
        TaskSuite.Get("pick_can").ExpertStyles.Should().Equal(ExpertStyles.SlowHigh);
        batch.StyledExpertActions.Keys.Should().Equal(ExpertStyles.All);
        var styled = batch.StyledExpertActions[ExpertStyles.SlowHigh];
        styled.AsSpan(0, ActionSpace.Dim).ToArray().Should().Equal(batch.ExpertActions!.AsSpan(0, ActionSpace.Dim).ToArray(), "open_drawer has no slow_high style");
        styled.AsSpan(ActionSpace.Dim, ActionSpace.Dim).ToArray().Should().NotEqual(batch.ExpertActions!.AsSpan(ActionSpace.Dim, ActionSpace.Dim).ToArray());
    }
}
