using Robotics.Bridge.Datasets;
using Robotics.Policy.Language;

namespace Robotics.EndToEnd.Tests.Datasets;

/// <summary><c>robotics dataset export/import --format lerobot</c> as a user runs them: expert demos out to LeRobot and back, unchanged.</summary>
public sealed class LeRobotCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lerobot-cli-").FullName;

    [Fact]
    public async Task ExportThenImport_GivesBackTheSameEpisodes()
    {
        var demos = Path.Combine(_dir, "demos.msgpack");
        var lerobot = Path.Combine(_dir, "lerobot");
        var back = Path.Combine(_dir, "back.msgpack");
        (await CliProcess.RunAsync("demos", "--task", "open_drawer", "--episodes", "3", "--num-envs", "3", "--out", demos)).ExitCode.Should().Be(0);

        var export = await CliProcess.RunAsync("dataset", "export", "--format", "lerobot", demos, lerobot);
        var import = await CliProcess.RunAsync("dataset", "import", lerobot, "--format", "lerobot", "--out", back);

        export.ExitCode.Should().Be(0, export.Stderr);
        export.Stdout.Should().Contain("LeRobot v2.1, 3 episodes");
        import.ExitCode.Should().Be(0, import.Stderr);
        var original = new EpisodeDatasetReader(demos).ToList();
        var roundTrip = new EpisodeDatasetReader(back).ToList();
        roundTrip.Should().HaveCount(3);
        for (var i = 0; i < original.Count; i++)
        {
            var (a, e) = (roundTrip[i], original[i]);
            (a.Task, a.Instruction, a.Seed, a.Steps, a.Success).Should().Be((e.Task, e.Instruction, e.Seed, e.Steps, e.Success));
            a.Images.Should().Equal(e.Images);
            a.Actions.Should().Equal(e.Actions);
            a.Proprio.Should().Equal(e.Proprio);
            a.Rewards.Should().Equal(e.Rewards);
        }
        new EpisodeDatasetReader(back).Header.Should().BeEquivalentTo(new EpisodeDatasetReader(demos).Header);
    }

    [Fact]
    public async Task Export_UnknownFormat_IsAUsageError()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync("dataset", "export", "--format", "rlds", "x.msgpack", _dir);

        exitCode.Should().Be(2);
        stderr.Should().Contain("lerobot");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
