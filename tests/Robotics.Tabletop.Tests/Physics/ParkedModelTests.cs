using System.Runtime.InteropServices;
using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Tests.Physics;

/// <summary>
/// Parked objects out of collision and out of the rendered scene (SceneModels) must not change anything an env
/// reports: the committed base policy and the README's numbers were produced with the full model.
/// </summary>
public class ParkedModelTests
{
    public static TheoryData<string> TaskIds => new(TaskSuite.All.Select(t => t.Id));

    [Theory]
    [MemberData(nameof(TaskIds))]
    public void ExpertEpisode_ParkedOutOfScene_BitIdenticalToFullModel(string task)
    {
        ulong[] seeds = [7, 42, 1234];
        var options = new TabletopOptions { NumEnvs = seeds.Length, Tasks = [task] };
        using var fast = TabletopVectorEnv.Create(options);
        using var reference = TabletopVectorEnv.Create(options, parkedOutOfScene: false);
        var a = fast.Reset(null, seeds);
        var b = reference.Reset(null, seeds);
        fast.World(0).Model.Should().NotBe(fast.Models.Full.Handle, $"{task} parks some objects, so it steps a parked copy");

        for (var step = 0; step <= TaskSuite.Get(task).MaxEpisodeSteps && !Enumerable.Range(0, seeds.Length).All(b.Done); step++)
        {
            for (var i = 0; i < seeds.Length; i++)
                MemoryMarshal.AsBytes(fast.World(i).Qpos).SequenceEqual(MemoryMarshal.AsBytes(reference.World(i).Qpos)).Should().BeTrue($"env {i} (seed {seeds[i]}) has the same qpos bits after step {step}");
            a.Images.Should().Equal(b.Images, $"step {step} renders the same pixels");
            a.Success.Should().Equal(b.Success);
            a = fast.Step(b.ExpertActions);
            b = reference.Step(b.ExpertActions);
        }

        b.Success.Should().AllBeEquivalentTo(true);
        a.ElapsedSteps.Should().Equal(b.ElapsedSteps);
    }

    [Fact]
    public void Reset_OtherTask_StepsWithThatTasksModel()
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = 2, Tasks = ["pick_can"] });
        var pickCan = env.World(0).Model;

        env.Reset([0], [5], ["open_drawer"]);
        var drawer = env.World(0).Model;
        env.Reset([0], [6], ["pick_can"]);

        drawer.Should().NotBe(pickCan, "open_drawer parks the can and the cubes, pick_can the cabinet");
        env.World(0).Model.Should().Be(pickCan, "one copy per set of parked objects, shared by every env");
        env.World(1).Model.Should().Be(pickCan);
    }
}
