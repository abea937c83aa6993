using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Pretraining;
using Robotics.Policy;
using Robotics.Tabletop;

namespace Robotics.Experiments.Tests.Pretraining;

/// <summary>A base pretrained with <c>--inputs pixels</c> takes no object pose anywhere in its input.</summary>
public sealed class PixelBaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pixel-base-").FullName;

    [Fact]
    public async Task Pretrain_Pixels_ProjectorInputIsImageKeypointsAndTheGrippersOwnStateOnly()
    {
        var options = new PretrainOptions
        {
            ObjectPoses = false, PriorTasks = ["open_drawer"], DemosPerPriorTask = 2, NewTaskDemos = 2, Updates = 2, EvaluateEvery = 2,
            EvaluationEpisodes = 1, HeldOutNewTaskEpisodes = 1, HeldOutPriorEpisodes = 1, NumEnvs = 2,
        };
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 2, Tasks = ["pick_can"], ObjectPoses = false });
        var path = Path.Combine(_dir, "base");

        await new BasePolicyTrainer(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }), progress: false).TrainAsync(options, path, "test");

        using var policy = VlaPolicy.Load(path);
        var c = policy.Config;
        c.ObjectPoses.Should().BeFalse();
        c.ProprioDim.Should().Be(TabletopVectorEnv.DefaultProprioNames.Count, "tool-centre point, hand rotation and finger opening: the gripper's own state");
        var fc1 = policy.Model.named_parameters().Single(p => p.name.StartsWith("projector.", StringComparison.Ordinal) && p.name.EndsWith("fc1.weight", StringComparison.Ordinal));
        var instruction = c.ProjectorSeesInstruction ? c.Width : 0;
        fc1.parameter.shape[1].Should().Be(2 * c.Keypoints + TabletopVectorEnv.DefaultProprioNames.Count + instruction,
            "the projector sees the image's keypoints, the gripper's state and the pooled instruction, nothing else");
        File.ReadAllText(Path.Combine(path, BasePolicyTrainer.ResultFile)).Should().Contain("\"ObjectPoses\": false");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
