using System.Diagnostics;
using Robotics.Policy;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Model;

namespace Robotics.EndToEnd.Tests.PythonAdapter;

/// <summary>
/// ManiSkill demonstrations to a fine-tuned checkpoint, as a user runs it: a trajectory.h5 in ManiSkill's layout (written by
/// python3-h5py), <c>dataset import --format maniskill</c>, then <c>train sft --demos-file</c> against the Python adapter's fake
/// backend with a pixel-only policy (the fake, like ManiSkill, offers no object poses).
/// </summary>
public sealed class TrainFromManiSkillDemosTests : IDisposable
{
    private const string Task = "FakePickCan-v1";
    private readonly string _dir = Directory.CreateTempSubdirectory("maniskill-sft-").FullName;

    [Fact]
    public async Task TrainSft_DemosImportedFromManiSkill_RunsAgainstThePythonAdapterAndWritesCheckpoints()
    {
        var trajectory = WriteTrajectory();
        var demos = Path.Combine(_dir, "demos.msgpack");
        var basePath = PixelOnlyBase();

        var import = await CliProcess.RunAsync("dataset", "import", trajectory, "--format", "maniskill", "--out", demos,
            "--instruction", "pick coke can", "--image-size", "64");
        import.ExitCode.Should().Be(0, "stderr: {0}", import.Stderr);
        import.Stdout.Should().Contain("4 episodes").And.Contain("18 steps").And.Contain($"task {Task}").And.Contain("64x64");

        await using var server = await PythonAdapterServer.StartFakeAsync();
        var run = Path.Combine(_dir, "run");
        var train = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), "train", "sft", "--base", basePath, "--out", run, "--task", Task,
            "--demos-file", demos, "--sim", server.Address.ToString().TrimEnd('/'), "--num-envs", "1", "--steps", "4", "--checkpoint-every", "2");

        train.ExitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", train.Stderr, train.Stdout);
        Directory.GetDirectories(run, "step-*").Select(Path.GetFileName).Should().BeEquivalentTo("step-000002", "step-000004");
        using var trained = VlaPolicy.Load(Path.Combine(run, "step-000004"));
        trained.Config.ObjectPoses.Should().BeFalse();
    }

    [Fact]
    public async Task TrainSft_DemosOfAnotherImageSize_ExitsTwoSayingHowToReimport()
    {
        var demos = Path.Combine(_dir, "demos.msgpack");
        var import = await CliProcess.RunAsync("dataset", "import", WriteTrajectory(), "--format", "maniskill", "--out", demos, "--instruction", "pick coke can");
        import.ExitCode.Should().Be(0, "stderr: {0}", import.Stderr);

        await using var server = await PythonAdapterServer.StartFakeAsync();
        var train = await CliProcess.RunAsync("train", "sft", "--base", PixelOnlyBase(), "--out", Path.Combine(_dir, "run"), "--task", Task,
            "--demos-file", demos, "--sim", server.Address.ToString().TrimEnd('/'), "--num-envs", "1", "--steps", "2");

        train.ExitCode.Should().Be(2, "stdout: {0}", train.Stdout);
        train.Stderr.Should().Contain("48x64").And.Contain("--image-size 64");
    }

    /// <summary>A tiny pixel-only policy for the fake's 8 joint positions.</summary>
    private string PixelOnlyBase()
    {
        var config = VlaConfig.Tiny with { ProprioDim = 8 };
        var statistics = ActionStatistics.FromActions(Enumerable.Range(0, 70).Select(i => (float)Math.Sin(i) * 0.03f).ToArray(), 7);
        using var policy = VlaPolicy.Create(config, ActionNormalizer.FromStatistics(statistics), WordTokenizer.FromInstructions(["pick coke can"], config.VocabSize), seed: 5);
        var path = Path.Combine(_dir, "base");
        policy.Save(path);
        return path;
    }

    private string WriteTrajectory()
    {
        var script = Path.Combine(PythonAdapterServer.RepositoryRoot(), "tests", "Robotics.Bridge.Tests", "Datasets", "ManiSkill", "write_maniskill_trajectory.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, Path.Combine(_dir, "ms"), "--env-id", Task }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, "write_maniskill_trajectory.py needs python3-h5py (scripts/setup.sh): {0}", stderr);
        return Path.Combine(_dir, "ms", "trajectory.h5");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
