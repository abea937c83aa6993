using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Remote;
using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Logging;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics bench bridge</c>: env steps/s with 64x64 RGB in-process and over gRPC (one and two <c>serve-sim</c>
/// processes on loopback), the pipelined collector's gain, and episode dataset throughput with and without LZ4.
/// </summary>
internal static class BenchBridgeCommand
{
    /// <summary>Adds <c>bridge</c> under the <c>bench</c> command.</summary>
    public static Command AttachTo(Command bench)
    {
        var quick = new Option<bool>("--quick") { Description = "Shorter measurements (about 1 s a row instead of 4)." };
        var sizes = new Option<int[]>("--num-envs") { Description = "Batch sizes to measure.", DefaultValueFactory = _ => [16, 64], AllowMultipleArgumentsPerToken = true };
        var bridge = new Command("bridge", "Env steps/s (64x64 RGB) in-process vs one and two gRPC servers on loopback, pipelined collection, dataset MB/s with and without LZ4.")
        {
            quick, sizes,
        };
        bridge.SetAction((parse, ct) => RunAsync(parse.GetValue(quick), parse.GetValue(sizes) ?? [16, 64], ct));
        bench.Subcommands.Add(bridge);
        return bench;
    }

    private static async Task<int> RunAsync(bool quick, int[] sizes, CancellationToken ct)
    {
        var seconds = quick ? 1.0 : 4.0;
        var f = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(Markup.Escape($"machine: {MachineDescription.Current()}, .NET {Environment.Version}"));
        var cli = typeof(BenchBridgeCommand).Assembly.Location;
        await using var server1 = await SimulatorProcess.StartServeSimAsync(cli, ct: ct);
        await using var server2 = await SimulatorProcess.StartServeSimAsync(cli, ct: ct);

        var steps = new Table().AddColumns("N", "in-process steps/s", "1 server", "1 server (StepStream)", "2 servers", "gRPC overhead (1 server)");
        foreach (var n in sizes)
        {
            var options = new VectorEnvOptions { NumEnvs = n, Tasks = ["pick_can"], ImageSize = 64 };
            var local = await MeasureAsync(null, options, seconds, ct);
            var one = await MeasureAsync(server1.Url, options, seconds, ct);
            var stream = await MeasureAsync(server1.Url, options with { UseStepStream = true }, seconds, ct);
            var two = await MeasureAsync($"{server1.Url},{server2.Url}", options, seconds, ct);
            steps.AddRow(n.ToString(f), local.ToString("F0", f), one.ToString("F0", f), stream.ToString("F0", f), two.ToString("F0", f),
                string.Create(f, $"{100 * (local / one - 1):F0}% ({local / one:F2}x)"));
        }
        AnsiConsole.Write(steps);

        var pipeline = new Table().AddColumns("collector (1 server, N=16, actor 1 ms/env)", "env steps/s");
        var plain = await CollectRateAsync(server1.Url, groups: 1, ct);
        var split = await CollectRateAsync(server1.Url, groups: 2, ct);
        pipeline.AddRow("one group of 16", plain.ToString("F0", f));
        pipeline.AddRow("pipelined: two groups of 8", string.Create(f, $"{split:F0} ({split / plain:F2}x)"));
        AnsiConsole.Write(pipeline);

        AnsiConsole.Write(await DatasetTableAsync(ct));
        return ExitCodes.Success;
    }

    /// <summary>Env steps/s of a plain step loop with random actions; finished envs are reset at once.</summary>
    private static async Task<double> MeasureAsync(string? sim, VectorEnvOptions options, double seconds, CancellationToken ct)
    {
        await using var env = await VectorEnvFactory.CreateAsync(sim, options, ct);
        var actor = new RandomActor(1);
        var observation = await env.ResetAsync(ct: ct);
        long envSteps = 0;
        var clock = new Stopwatch();
        for (var i = 0; clock.Elapsed.TotalSeconds < seconds; i++)
        {
            if (i == 5) clock.Start(); // warm-up: JIT, connection, first renders
            var actions = (await actor.ActAsync(observation, ct)).Actions;
            observation = await env.StepAsync(actions, ct);
            if (clock.IsRunning) envSteps += env.Spec.NumEnvs;
            var done = Enumerable.Range(0, env.Spec.NumEnvs).Where(observation.Done).ToArray();
            if (done.Length > 0) observation = await env.ResetAsync(done, ct: ct);
        }
        return envSteps / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Collector throughput with an actor that computes for 1 ms per env, like a small policy on the CPU.</summary>
    private static async Task<double> CollectRateAsync(string sim, int groups, CancellationToken ct)
    {
        const int total = 16;
        var envs = new List<IVectorEnv>();
        try
        {
            for (var g = 0; g < groups; g++)
                envs.Add(await VectorEnvFactory.CreateAsync(sim, new VectorEnvOptions { NumEnvs = total / groups, Tasks = ["pick_can"], Seed = (ulong)g }, ct));
            var requests = Enumerable.Range(0, 48).Select(k => new EpisodeRequest("pick_can", (ulong)k)).ToArray();
            var collector = new RolloutCollector(new RolloutCollectorOptions { Progress = false });
            var clock = Stopwatch.StartNew();
            var episodes = await collector.CollectAsync(envs, new BusyActor(TimeSpan.FromMilliseconds(1)), requests, ct);
            return episodes.Sum(e => e.Steps) / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var env in envs) await env.DisposeAsync();
        }
    }

    private static async Task<Table> DatasetTableAsync(CancellationToken ct)
    {
        var f = CultureInfo.InvariantCulture;
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 16, Tasks = ["pick_can"] }, ct);
        var requests = Enumerable.Range(0, 16).Select(k => new EpisodeRequest("pick_can", (ulong)k)).ToArray();
        var episodes = await new RolloutCollector(new RolloutCollectorOptions { Progress = false }).CollectAsync(env, new ExpertActor(0.3, 1), requests, ct);
        var table = new Table().AddColumns("dataset (64x64 expert episodes)", "write MB/s", "read MB/s", "bytes/env step", "of raw");
        var dir = Path.Combine(Path.GetTempPath(), $"robotics-bench-{Environment.ProcessId}");
        try
        {
            foreach (var lz4 in new[] { false, true })
            {
                var path = Path.Combine(dir, lz4 ? "lz4.msgpack" : "plain.msgpack");
                const int repeats = 8;
                long rawBytes = 0, steps = 0;
                var write = Stopwatch.StartNew();
                using (var writer = EpisodeDatasetWriter.Create(path, DatasetHeader.For(env.Spec, "bench"), lz4))
                {
                    for (var r = 0; r < repeats; r++)
                    {
                        foreach (var e in episodes)
                        {
                            writer.Write(e);
                            rawBytes += e.Images.Length + 4L * (e.Proprio.Length + e.Actions.Length + e.Rewards.Length);
                            steps += e.Steps;
                        }
                    }
                    writer.Complete();
                }
                write.Stop();
                var read = Stopwatch.StartNew();
                var count = new EpisodeDatasetReader(path).Count();
                read.Stop();
                var size = new FileInfo(path).Length;
                table.AddRow(lz4 ? "LZ4" : "no compression", (rawBytes / 1e6 / write.Elapsed.TotalSeconds).ToString("F0", f),
                    (rawBytes / 1e6 / read.Elapsed.TotalSeconds).ToString("F0", f), ((double)size / steps).ToString("F0", f),
                    string.Create(f, $"{100.0 * size / rawBytes:F0}% ({count} episodes)"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return table;
    }

    /// <summary>Random actions after computing for a fixed time per env (a stand-in for policy inference).</summary>
    private sealed class BusyActor(TimeSpan perEnv) : IActor
    {
        private readonly RandomActor _random = new(7);

        public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
        {
            var until = Stopwatch.GetTimestamp() + (long)(perEnv.TotalSeconds * observation.NumEnvs * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(64);
            return _random.ActAsync(observation, ct);
        }
    }
}
