using Robotics.Policy;
using TorchSharp;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Model;

namespace Robotics.EndToEnd.Tests.Razor;

/// <summary>The CI gate's exit codes: 0 for a checkpoint that kept its behaviour, 1 for one that drifted, 2 for a usage error, 3 when the episodes cannot tell.</summary>
public sealed class RetentionCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("retention-check-").FullName;

    private (string Base, string Damaged) Checkpoints()
    {
        var statistics = ActionStatistics.FromActions(Enumerable.Range(0, 70).Select(i => (float)Math.Sin(i) * 0.03f).ToArray(), 7);
        var config = VlaConfig.Tiny;
        var tokenizer = WordTokenizer.FromInstructions(["open the drawer", "close the drawer"], config.VocabSize);
        using var policy = VlaPolicy.Create(config, ActionNormalizer.FromStatistics(statistics), tokenizer, seed: 3);
        var basePath = Path.Combine(_dir, "base");
        policy.Save(basePath);
        // Deliberate damage: every weight scaled and shifted, so the action distributions move far from the base's.
        using (torch.no_grad())
        {
            foreach (var p in policy.Model.parameters()) p.mul_(3).add_(0.05);
        }
        var damaged = Path.Combine(_dir, "damaged");
        policy.Save(damaged);
        return (basePath, damaged);
    }

    [Fact]
    public async Task RetentionCheck_BaseAgainstItself_ExitsZero_AndDamagedExitsOne()
    {
        var (basePath, damaged) = Checkpoints();
        string[] common = ["--tasks", "open_drawer", "--episodes", "4", "--num-envs", "4", "--max-kl", "0.5"];

        var same = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), ["retention-check", "--base", basePath, "--candidate", basePath, .. common, "--json"]);
        var drifted = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), ["retention-check", "--base", basePath, "--candidate", damaged, .. common]);

        same.ExitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", same.Stderr, same.Stdout);
        same.Stdout.Should().Contain("\"Passed\": true");
        drifted.ExitCode.Should().Be(1, "stderr: {0}\nstdout: {1}", drifted.Stderr, drifted.Stdout);
        drifted.Stdout.Should().Contain("FAIL");
    }

    // The committed base against itself on 4 episodes: the same successes, but 4 episodes cannot show 90% retention.
    [Fact]
    public async Task RetentionCheck_TooFewEpisodes_ExitsThreeNamingTheEpisodesThatWouldDecide()
    {
        var committed = Path.Combine(PythonAdapter.PythonAdapterServer.RepositoryRoot(), "models", "base-tiny");

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(TimeSpan.FromMinutes(4),
            ["retention-check", "--base", committed, "--candidate", committed, "--tasks", "close_drawer", "--episodes", "4", "--num-envs", "4", "--json"]);

        exitCode.Should().Be(3, "stderr: {0}\nstdout: {1}", stderr, stdout);
        stdout.Should().Contain("\"Outcome\": \"Inconclusive\"").And.Contain("\"EpisodesToDecide\": ");
        stdout.Should().NotContain("\"EpisodesToDecide\": null");
    }

    [Fact]
    public async Task RetentionCheck_MissingCheckpoint_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(_dir, "nope");
        var (exitCode, _, stderr) = await CliProcess.RunAsync("retention-check", "--base", missing, "--candidate", missing);

        exitCode.Should().Be(2);
        stderr.Should().Contain("nope");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
