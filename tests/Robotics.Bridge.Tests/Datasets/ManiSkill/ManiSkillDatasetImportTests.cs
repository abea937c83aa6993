using Robotics.Bridge.Datasets.ManiSkill;
using Robotics.Bridge.Datasets;

namespace Robotics.Bridge.Tests.Datasets.ManiSkill;

/// <summary>ManiSkill demonstrations (trajectory.h5 written by h5py in ManiSkill's layout) become an episode dataset.</summary>
public sealed class ManiSkillDatasetImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Import_TwinControlMode_WritesEveryEpisodeWithObservationsBeforeEachAction()
    {
        var h5 = ManiSkillTrajectoryFixture.Write(_dir.Path);

        var result = ManiSkillDatasetImport.Import(h5, _dir.File("demos.msgpack"), new ManiSkillImportOptions { Instruction = "pick coke can" });

        result.Episodes.Should().Be(4);
        result.Steps.Should().Be(ManiSkillTrajectoryFixture.Lengths.Sum());
        result.Successes.Should().Be(2);
        var reader = new EpisodeDatasetReader(result.Path);
        reader.Header.Backend.Should().Be("maniskill3");
        reader.Header.Tasks.Should().Equal("FakePickCan-v1");
        reader.Header.Camera.Should().Be(ManiSkillTrajectoryFixture.Camera);
        (reader.Header.ImageHeight, reader.Header.ImageWidth, reader.Header.ProprioDim).Should().Be((48, 64, 8));
        var episodes = reader.ToList();
        using var file = ManiSkillTrajectoryFile.Open(h5);
        for (var e = 0; e < episodes.Count; e++)
        {
            var episode = episodes[e];
            var steps = ManiSkillTrajectoryFixture.Lengths[e];
            (episode.Task, episode.Instruction, episode.Seed, episode.Steps).Should().Be(("FakePickCan-v1", "pick coke can", (ulong)(1000 + e), steps));
            episode.Success.Should().Be(e % 2 == 0);
            episode.Rewards.Should().Equal(Enumerable.Range(0, steps).Select(t => e % 2 == 0 && t == steps - 1 ? 1f : 0f));
            // qpos[t, k] = (8t + k) / 100 + e in the file: the first T rows, row-major.
            episode.Proprio.Should().Equal(Enumerable.Range(0, steps * 8).Select(i => i / 100f + e), (a, b) => Math.Abs(a - b) < 1e-5);
            var raw = file.Read(file.Metadata.Episodes[e], ManiSkillTrajectoryFixture.Camera);
            raw.Rgb.Length.Should().Be((steps + 1) * 48 * 64 * 3);
            episode.Images.Should().Equal(raw.Rgb[..(steps * 48 * 64 * 3)]);
            for (var t = 0; t < steps; t++)
            {
                var native = ManiSkillTrajectoryFixture.NativeAction(e, t);
                var action = episode.Actions.AsSpan(t * 7, 7).ToArray();
                action[..3].Should().Equal(native[..3], (x, y) => Math.Abs(x - y) < 1e-6);
                var (roll, pitch, yaw) = ManiSkillActions.XyzToSxyz(native[3], native[4], native[5]);
                action[3..6].Should().Equal([(float)roll, (float)pitch, (float)yaw], (x, y) => Math.Abs(x - y) < 1e-6);
                action[6].Should().Be(t < 2 ? 1f : 0f);
            }
        }
    }

    [Fact]
    public void Import_WithImageSize_AreaResizesEachFrameToTheSquare()
    {
        var h5 = ManiSkillTrajectoryFixture.Write(_dir.Path);

        var result = ManiSkillDatasetImport.Import(h5, _dir.File("demos.msgpack"), new ManiSkillImportOptions { Instruction = "x", ImageSize = 32, Task = "pick_can" });

        var first = new EpisodeDatasetReader(result.Path).First();
        using var file = ManiSkillTrajectoryFile.Open(h5);
        var raw = file.Read(file.Metadata.Episodes[0], ManiSkillTrajectoryFixture.Camera);
        (first.ImageHeight, first.ImageWidth, first.Task).Should().Be((32, 32, "pick_can"));
        first.Images.Should().Equal(AreaResize.Frames(raw.Rgb.AsSpan(0, 5 * 48 * 64 * 3), 5, 48, 64, 32, 32));
    }

    [Fact]
    public void Import_SuccessesOnly_SkipsTheFailures()
    {
        var h5 = ManiSkillTrajectoryFixture.Write(_dir.Path);

        var result = ManiSkillDatasetImport.Import(h5, _dir.File("demos.msgpack"), new ManiSkillImportOptions { Instruction = "x", SuccessesOnly = true });

        (result.Episodes, result.Skipped, result.Successes).Should().Be((2, 2, 2));
        new EpisodeDatasetReader(result.Path).Select(e => e.Seed).Should().Equal(1000UL, 1002UL);
    }

    [Fact]
    public void Import_JointPositionDemos_FailsSayingHowToConvertThem()
    {
        var h5 = ManiSkillTrajectoryFixture.Write(_dir.Path, "--control-mode", "pd_joint_pos");

        var import = () => ManiSkillDatasetImport.Import(h5, _dir.File("demos.msgpack"), new ManiSkillImportOptions { Instruction = "x" });

        import.Should().Throw<NotSupportedException>().WithMessage("*pd_joint_pos*replay_trajectory*--target-control-mode pd_ee_delta_pose*");
        File.Exists(_dir.File("demos.msgpack")).Should().BeFalse();
    }

    [Fact]
    public void Import_WithoutObservations_FailsSayingToReplayWithImages()
    {
        var h5 = ManiSkillTrajectoryFixture.Write(_dir.Path, "--no-obs");

        var import = () => ManiSkillDatasetImport.Import(h5, _dir.File("demos.msgpack"), new ManiSkillImportOptions { Instruction = "x" });

        import.Should().Throw<InvalidDataException>().WithMessage("*no camera RGB*-o rgb*");
    }

    [Fact]
    public void Import_UnknownEnvWithoutInstruction_AsksForOne()
    {
        var h5 = ManiSkillTrajectoryFixture.Write(_dir.Path);

        var import = () => ManiSkillDatasetImport.Import(h5, _dir.File("demos.msgpack"), new ManiSkillImportOptions());

        import.Should().Throw<ArgumentException>().WithMessage("*FakePickCan-v1*--instruction*");
    }

    [Fact]
    public void Open_WithoutItsJson_NamesTheMissingFile()
    {
        var h5 = ManiSkillTrajectoryFixture.Write(_dir.Path);
        File.Delete(_dir.File("trajectory.json"));

        var open = () => ManiSkillTrajectoryFile.Open(h5);

        open.Should().Throw<FileNotFoundException>().WithMessage("*trajectory.json*");
    }

    public void Dispose() => _dir.Dispose();
}
