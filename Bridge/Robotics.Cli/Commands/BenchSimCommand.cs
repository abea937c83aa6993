using System.CommandLine;
using System.Globalization;
using Robotics.Bridge.Remote;
using Robotics.Experiments.Logging;
using Robotics.Tabletop;
using Robotics.Tabletop.Benchmarks;
using Spectre.Console;
using Robotics.Tabletop.Tasks;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics bench sim</c>: the tabletop's expert success per task, env steps/s (64x64 RGB) for N = 1, 16, 64
/// in-process and through gRPC (a serve-sim child process on loopback) next to the raw physics + render ceiling,
/// and the server's peak memory. A benchmark, not a test: numbers depend on the machine and its load.
/// </summary>
internal static class BenchSimCommand
{
    public static Command AttachTo(Command bench)
    {
        var sim = new Command("sim", "Tabletop: expert success per task over seeds, env steps/s in-process / gRPC / raw ceiling, server peak memory.");
        var episodes = new Option<int>("--episodes") { Description = "Seeds per task for expert success.", DefaultValueFactory = _ => 100 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per throughput cell.", DefaultValueFactory = _ => 3 };
        var sizes = new Option<int[]>("--num-envs") { Description = "Batch sizes.", DefaultValueFactory = _ => [1, 16, 64], AllowMultipleArgumentsPerToken = true };
        sim.Options.Add(episodes);
        sim.Options.Add(seconds);
        sim.Options.Add(sizes);
        sim.SetAction((parse, ct) => RunAsync(parse.GetValue(episodes), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(sizes) ?? [1, 16, 64], ct));
        bench.Subcommands.Add(sim);
        return bench;
    }

    private static async Task<int> RunAsync(int episodes, TimeSpan cell, int[] sizes, CancellationToken ct)
    {
        var f = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine($"[bold]machine[/]: {Markup.Escape(MachineDescription.Current())}, load average {MachineDescription.LoadAverage()} at start");

        var success = new Table().AddColumns("task", "expert success", "mean steps", "physics errors");
        var allPass = true;
        foreach (var task in TaskSuite.All)
        {
            ct.ThrowIfCancellationRequested();
            var r = SimBenchmark.ExpertSuccess(task.Id, episodes);
            var rate = (double)r.Successes / r.Episodes;
            allPass &= rate >= 0.95;
            success.AddRow(task.Id, $"{(rate >= 0.95 ? "[green]" : "[red]")}{r.Successes}/{r.Episodes} ({rate.ToString("P0", f)})[/]",
                r.MeanSteps.ToString("F1", f), r.PhysicsErrors.ToString(f));
        }
        AnsiConsole.Write(success);

        // This program's own serve-sim on a free loopback port, quiet so that its log lines do not mix into the tables.
        var serveSim = SimulatorProcess.ServeSim(typeof(BenchSimCommand).Assembly.Location);
        serveSim.Environment["Logging__LogLevel__Default"] = "Warning";
        await using var server = await SimulatorProcess.StartAsync(serveSim, TimeSpan.FromSeconds(120), ct);
        var throughput = new Table().AddColumns("N", "raw ceiling", "in-process", "of raw", "gRPC unary", "gRPC stream", "best gRPC of in-process");
        foreach (var n in sizes)
        {
            ct.ThrowIfCancellationRequested();
            var raw = SimBenchmark.RawStepsPerSecond(n, cell);
            var inProcess = SimBenchmark.InProcessStepsPerSecond(n, cell);
            var unary = await SimBenchmark.GrpcStepsPerSecond(server.Address, n, cell, stream: false);
            var stream = await SimBenchmark.GrpcStepsPerSecond(server.Address, n, cell, stream: true);
            throughput.AddRow(n.ToString(f), raw.ToString("F0", f), inProcess.ToString("F0", f), (inProcess / raw).ToString("P0", f),
                unary.ToString("F0", f), stream.ToString("F0", f), (Math.Max(unary, stream) / inProcess).ToString("P0", f));
        }
        AnsiConsole.MarkupLine("[bold]env steps/s[/], 64x64 RGB front camera, pick_can expert actions, finished envs reset:");
        AnsiConsole.Write(throughput);
        AnsiConsole.MarkupLine($"[bold]server peak memory[/] (VmHWM of the serve-sim process after the N = {sizes.Max()} sessions): {server.PeakResidentBytes() / 1048576.0:F0} MiB");
        return allPass ? 0 : 1;
    }
}
