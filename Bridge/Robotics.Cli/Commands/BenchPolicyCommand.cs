using System.CommandLine;
using System.Globalization;
using Robotics.Experiments.Logging;
using Robotics.Policy;
using Robotics.Policy.Benchmarks;
using Spectre.Console;
using Robotics.Policy.Model;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics bench policy</c>: acting and training throughput of the tiny and small policies against this machine's matmul ceiling.</summary>
internal static class BenchPolicyCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks of the toolkit's parts.");
        var policy = new Command("policy", "Actions/s at batch 1/16/64 (greedy, KV cache on/off), training samples/s at batch 64, FLOP/s vs the matmul ceiling, peak and steady memory.");
        var quick = new Option<bool>("--quick") { Description = "A short run (about 30 s): fewer seconds per row and 200 instead of 2,000 memory-loop steps." };
        var configs = new Option<string[]>("--configs") { Description = "Configs to measure.", DefaultValueFactory = _ => ["tiny", "small"], AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads (0: libtorch's default). On a shared, loaded machine 1 thread is often faster than 2 spinning ones." };
        policy.Options.Add(quick);
        policy.Options.Add(threads);
        policy.Options.Add(configs);
        policy.SetAction(parseResult =>
        {
            if (parseResult.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(parseResult.GetValue(threads));
            return Run(parseResult.GetValue(quick), parseResult.GetValue(configs) ?? ["tiny", "small"]);
        });
        bench.Subcommands.Add(policy);
        return bench;
    }

    private static int Run(bool quick, string[] configNames)
    {
        var seconds = quick ? 0.5 : 2.0;
        var f = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine($"[bold]machine[/]: {Markup.Escape(MachineDescription.Current())}, {MachineDescription.Probe().Architecture}, load average {MachineDescription.LoadAverage()}, torch threads {TorchSharp.torch.get_num_threads()}");
        var ceiling = PolicyBenchmark.MatmulCeiling(quick ? 1024 : 2048);
        AnsiConsole.MarkupLine($"[bold]matmul ceiling[/] (float32, large square): {ceiling / 1e9:F1} GFLOP/s");

        var act = new Table().AddColumns("config", "params", "batch", "KV cache", "actions/s", "ms/call");
        var train = new Table().AddColumns("config", "batch", "samples/s", "updates/s", "GFLOP/s", "of ceiling");
        foreach (var name in configNames)
        {
            var config = VlaConfig.Preset(name);
            using var p = PolicyBenchmark.CreatePolicy(config);
            foreach (var batch in new[] { 1, 16, 64 })
            {
                foreach (var cache in new[] { true, false })
                {
                    var row = PolicyBenchmark.MeasureAct(p, batch, cache, seconds);
                    act.AddRow(name, (config.ParameterCount() / 1e6).ToString("F2", f) + "M", batch.ToString(f), cache ? "on" : "off", row.ActionsPerSecond.ToString("F0", f), row.MillisecondsPerCall.ToString("F1", f));
                }
            }
            var t = PolicyBenchmark.MeasureTraining(p, 64, seconds * 2);
            train.AddRow(name, "64", t.SamplesPerSecond.ToString("F0", f), t.UpdatesPerSecond.ToString("F1", f), (t.AchievedFlops / 1e9).ToString("F1", f), (t.AchievedFlops / ceiling).ToString("P0", f));
        }
        AnsiConsole.Write(act);
        AnsiConsole.Write(train);

        using (var tiny = PolicyBenchmark.CreatePolicy(VlaConfig.Tiny))
        {
            var memory = PolicyBenchmark.MeasureMemory(tiny, quick ? 200 : 2000);
            AnsiConsole.MarkupLine($"[bold]memory[/]: RSS {memory.RssBeforeBytes / 1048576.0:F1} MiB before, {memory.RssAfterBytes / 1048576.0:F1} MiB after {memory.Steps} batch-1 tiny steps ({(memory.RssAfterBytes - memory.RssBeforeBytes) / 1048576.0:+0.0;-0.0} MiB)");
        }
        AnsiConsole.MarkupLine($"[bold]peak RSS[/]: {PolicyBenchmark.PeakResidentBytes() / 1048576.0:F0} MiB");
        return 0;
    }
}
