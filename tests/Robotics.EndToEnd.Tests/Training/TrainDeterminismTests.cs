using System.Diagnostics;
using System.Text.Json.Nodes;
using Robotics.Cli.Commands;

namespace Robotics.EndToEnd.Tests.Training;

/// <summary>
/// Determinism across processes, as a user sees it: the same <c>train grpo</c> command run twice writes the same metrics,
/// and a run killed after a checkpoint and resumed in a new process ends as the uninterrupted one. Each run starts a new
/// .NET process, whose randomised string hashing and <c>HashCode</c> seed would expose any per-process seed.
/// </summary>
public sealed class TrainDeterminismTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("train-determinism-").FullName;

    // close_drawer sampled at T=2: the committed base succeeds about half the time, so groups are mixed and the update runs.
    private static string[] Train(string output, int steps, params string[] extra) =>
    [
        "train", "grpo", "--base", CommittedBase(), "--out", output, "--task", "close_drawer", "--temperature", "2",
        "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--checkpoint-every", "1",
        "--groups", "2", "--group-size", "4", "--num-envs", "8", "--seed", "5", .. extra,
    ];

    [Fact]
    public async Task TrainGrpo_RunTwiceInTwoProcesses_WritesIdenticalMetrics()
    {
        var first = Path.Combine(_dir, "first");
        var second = Path.Combine(_dir, "second");
        await RunOk(Train(first, 2));
        await RunOk(Train(second, 2));

        var a = Metrics(first);
        var b = Metrics(second);
        a.Should().HaveCount(3, "the KL monitor's step-0 line, then two iterations");
        a.Sum(m => m["charts/active_steps"]?.GetValue<double>() ?? 0).Should().BePositive("the update must run for the comparison to mean anything");
        b.Select(m => m.ToJsonString()).Should().Equal(a.Select(m => m.ToJsonString()));
        File.ReadAllBytes(Path.Combine(second, "step-000002", "model.safetensors"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(first, "step-000002", "model.safetensors")));
    }

    [Fact]
    public async Task TrainGrpo_KilledAfterACheckpointAndResumedInANewProcess_EndsAsTheUninterruptedRun()
    {
        var whole = Path.Combine(_dir, "whole");
        var resumed = Path.Combine(_dir, "resumed");
        await RunOk(Train(whole, 3));

        // Kill the second run as soon as its first checkpoint is complete (the optimizer file is written last).
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "robotics.dll"));
        foreach (var arg in Train(resumed, 3)) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["ROBOTICS_TORCH_THREADS"] = "1";
        using (var process = Process.Start(start)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var marker = Path.Combine(resumed, "step-000001", "optimizer.bin");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(marker) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(20);
            process.HasExited.Should().BeFalse("the run must be killed mid-way, not after it finished");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Directory.Exists(Path.Combine(resumed, "step-000003")).Should().BeFalse();

        await RunOk(Train(resumed, 3, "--resume"));

        Metrics(resumed).Select(m => m.ToJsonString()).Should().Equal(Metrics(whole).Select(m => m.ToJsonString()));
        File.ReadAllBytes(Path.Combine(resumed, "step-000003", "model.safetensors"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(whole, "step-000003", "model.safetensors")));
    }

    private static async Task RunOk(string[] args)
    {
        var run = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), args);
        run.ExitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", run.Stderr, run.Stdout);
    }

    /// <summary>metrics.jsonl without wall-clock fields (time, perf/*), which differ between runs by nature.</summary>
    private static List<JsonObject> Metrics(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Where(l => l.Length > 0).Select(l =>
        {
            var o = JsonNode.Parse(l)!.AsObject();
            foreach (var key in o.Select(kv => kv.Key).Where(k => k == "time" || k.StartsWith("perf/", StringComparison.Ordinal)).ToList()) o.Remove(key);
            return o;
        }).ToList();

    private static string CommittedBase() => RepositoryLayout.CommittedBase()
        ?? throw new DirectoryNotFoundException($"no Robotics.sln above {AppContext.BaseDirectory}");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
