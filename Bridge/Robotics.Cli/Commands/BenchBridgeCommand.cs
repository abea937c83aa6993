using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Robotics.Bridge.Benchmarks;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Remote;
using Robotics.Experiments.Logging;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics bench bridge</c>: env steps/s with 64x64 RGB in-process and over gRPC (one and two <c>serve-sim</c>
/// processes on loopback), the pipelined collector's gain, and episode dataset throughput with and without LZ4. The
/// measuring is <see cref="BridgeBenchmark"/>'s; this command starts the servers and prints the tables.
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
            var local = await BridgeBenchmark.StepsPerSecondAsync(null, options, seconds, ct);
            var one = await BridgeBenchmark.StepsPerSecondAsync(server1.Url, options, seconds, ct);
            var stream = await BridgeBenchmark.StepsPerSecondAsync(server1.Url, options with { UseStepStream = true }, seconds, ct);
            var two = await BridgeBenchmark.StepsPerSecondAsync($"{server1.Url},{server2.Url}", options, seconds, ct);
            steps.AddRow(n.ToString(f), local.ToString("F0", f), one.ToString("F0", f), stream.ToString("F0", f), two.ToString("F0", f),
                string.Create(f, $"{100 * (local / one - 1):F0}% ({local / one:F2}x)"));
        }
        AnsiConsole.Write(steps);

        var pipeline = new Table().AddColumns("collector (1 server, N=16, actor 1 ms/env)", "env steps/s");
        var plain = await BridgeBenchmark.CollectStepsPerSecondAsync(server1.Url, groups: 1, ct);
        var split = await BridgeBenchmark.CollectStepsPerSecondAsync(server1.Url, groups: 2, ct);
        pipeline.AddRow("one group of 16", plain.ToString("F0", f));
        pipeline.AddRow("pipelined: two groups of 8", string.Create(f, $"{split:F0} ({split / plain:F2}x)"));
        AnsiConsole.Write(pipeline);

        AnsiConsole.Write(await DatasetTableAsync(ct));
        return ExitCodes.Success;
    }

    private static async Task<Table> DatasetTableAsync(CancellationToken ct)
    {
        var f = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("dataset (64x64 expert episodes)", "write MB/s", "read MB/s", "bytes/env step", "of raw");
        foreach (var row in await BridgeBenchmark.DatasetThroughputAsync(ct))
        {
            table.AddRow(row.Lz4 ? "LZ4" : "no compression", row.WriteMegabytesPerSecond.ToString("F0", f), row.ReadMegabytesPerSecond.ToString("F0", f),
                row.BytesPerEnvStep.ToString("F0", f), string.Create(f, $"{100.0 * row.FractionOfRaw:F0}% ({row.Episodes} episodes)"));
        }
        return table;
    }
}
