namespace Robotics.Tabletop.Tests;

public class TabletopVectorEnvTests
{
    private static TabletopVectorEnv Create(int n = 2, string task = "pick_can", bool wrist = false) =>
        TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = n, Tasks = [task], WristCamera = wrist });

    [Fact]
    public void Reset_SameSeed_ReplaysIdenticalImages()
    {
        using var a = Create(1, "put_on_plate");
        using var b = Create(1, "put_on_plate");
        var first = a.Reset(null, [99]);
        var second = b.Reset(null, [99]);
        for (var k = 0; k < 12; k++)
        {
            first = a.Step(first.ExpertActions!);
            second = b.Step(second.ExpertActions!);
        }

        first.Images.Should().Equal(second.Images);
        first.Proprio.Should().Equal(second.Proprio);
        a.Reset(null, [100]).Images.Should().NotEqual(b.Reset(null, [99]).Images, "another seed places the objects elsewhere");
    }

    [Fact]
    public void Reset_Subset_LeavesOtherEnvsAlone()
    {
        using var env = Create(3);
        var batch = env.Reset(null, [1, 2, 3]);
        batch = env.Step(batch.ExpertActions!);

        var after = env.Reset([1], [50], ["open_drawer"]);

        after.ElapsedSteps.Should().Equal(1, 0, 1);
        after.Tasks.Should().Equal("pick_can", "open_drawer", "pick_can");
        after.Instructions[1].Should().Be("open the drawer");
        after.EpisodeSeeds.Should().Equal(1UL, 50UL, 3UL);
        after.Images.AsSpan(0, 64 * 64 * 3).ToArray().Should().Equal(batch.Images.AsSpan(0, 64 * 64 * 3).ToArray());
    }

    [Fact]
    public void Step_FinishedEnv_StaysFrozenWithZeroReward()
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = 1, Tasks = ["pick_can"], MaxEpisodeSteps = 2 });
        var batch = env.Reset(null, [3]);
        batch = env.Step(batch.ExpertActions!);
        batch = env.Step(batch.ExpertActions!);
        batch.Truncated[0].Should().BeTrue();

        var frozen = env.Step(new float[7] { 0.03f, 0, 0, 0, 0, 0, 0 });

        frozen.ElapsedSteps[0].Should().Be(2);
        frozen.Reward[0].Should().Be(0);
        frozen.Truncated[0].Should().BeTrue();
        frozen.Images.Should().Equal(batch.Images);
    }

    [Fact]
    public void Step_GripperMoves_ImageAndProprioChange()
    {
        using var env = Create(1, wrist: true);
        var before = env.Reset(null, [8]);

        var after = env.Step(new float[] { 0, 0.03f, -0.03f, 0, 0, 0, 0 });

        after.Images.Should().NotEqual(before.Images);
        after.WristImages.Should().NotBeNull().And.HaveCount(64 * 64 * 3);
        (after.Proprio[1] - before.Proprio[1]).Should().BeApproximately(0.03f, 0.005f);
        after.Proprio[6].Should().BeLessThan(before.Proprio[6], "the gripper closed");
        env.ProprioNames.Should().HaveCount(env.ProprioDim);
    }

    [Fact]
    public void ObjectPoses_AppendTheScene_AfterTheSameProprio()
    {
        using var plain = Create(1, "open_drawer");
        using var posed = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = 1, Tasks = ["open_drawer"], ObjectPoses = true });
        var a = plain.Reset(null, [5]);
        var b = posed.Reset(null, [5]);
        for (var k = 0; k < 30; k++)
        {
            a = plain.Step(a.ExpertActions!);
            b = posed.Step(b.ExpertActions!);
        }

        posed.ProprioDim.Should().Be(7 + TabletopVectorEnv.ObjectPoseNames.Count);
        posed.ProprioNames.Should().HaveCount(posed.ProprioDim).And.EndWith("drawer_opening");
        b.Proprio.Take(7).Should().Equal(a.Proprio, "object poses only append to proprio");
        b.Images.Should().Equal(a.Images);
        var value = (string name) => b.Proprio[posed.ProprioNames.ToList().IndexOf(name)];
        value("drawer_opening").Should().BeGreaterThan(0.05f, "the expert has pulled the drawer open");
        (value("handle_x") - b.Proprio[0]).Should().BeInRange(-0.03f, 0.03f, "the gripper holds the handle it pulled");
        value("can_x").Should().Be(0, "open_drawer parks the can out of view");
    }

    [Fact]
    public void Step_BlowUpInOneEnv_FlagsOnlyThatEnv()
    {
        using var env = Create(2);
        var batch = env.Reset(null, [1, 2]);
        env.World(0).SetQpos(env.Ids.CanQpos, double.NaN);

        batch = env.Step(batch.ExpertActions!);

        batch.PhysicsError.Should().Equal(true, false);
        batch.Terminated.Should().Equal(true, false);
        batch.Success[0].Should().BeFalse();
        batch = env.Step(batch.ExpertActions!);
        batch.ElapsedSteps.Should().Equal(1, 2);
        batch.Proprio.Should().OnlyContain(v => float.IsFinite(v));
    }

    [Theory]
    [InlineData(13, "13 values")]
    [InlineData(0, "0 values")]
    public void Step_WrongActionLength_Throws(int length, string expected)
    {
        using var env = Create(2);
        var act = () => env.Step(new float[length]);
        act.Should().Throw<ArgumentException>().WithMessage($"*[2,7]*{expected}*");
    }

    [Fact]
    public void Step_NaNAction_ThrowsNamingTheEnv()
    {
        using var env = Create(2);
        var actions = new float[14];
        actions[9] = float.NaN;
        var act = () => env.Step(actions);
        act.Should().Throw<ArgumentException>().WithMessage("*env 1, dimension 2*finite*");
    }

    [Fact]
    public void Reset_BadInput_Throws()
    {
        using var env = Create(2);
        env.Invoking(e => e.Reset([2], null)).Should().Throw<ArgumentException>().WithMessage("*env id 2*0..1*");
        env.Invoking(e => e.Reset([0], null, ["fly"])).Should().Throw<ArgumentException>().WithMessage("*fly*pick_can*");
        env.Invoking(e => e.Reset([0, 1], [1])).Should().Throw<ArgumentException>().WithMessage("*1 seeds for 2*");
        var create = () => TabletopVectorEnv.Create(new TabletopOptions { Tasks = ["nope"] });
        create.Should().Throw<ArgumentException>().WithMessage("*nope*");
    }
}
