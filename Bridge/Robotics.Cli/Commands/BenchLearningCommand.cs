using System.CommandLine;
using System.Globalization;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Benchmarks;
using Robotics.Experiments.Reports;
using Robotics.Policy;
using Robotics.Tabletop.Benchmarks;
using Spectre.Console;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics bench learning</c>: rollout, SFT and GRPO throughput end to end, and short learning curves. Rollout
/// env steps/s are also given as a share of the tabletop's raw physics + render ceiling (<see cref="SimBenchmark.RawStepsPerSecond"/>,
/// in this process, same N and image size), measured in the same run so that both see the same machine load.
/// </summary>
internal static class BenchLearningCommand
{
    public static Command AttachTo(Command bench)
    {
        var basePath = new Option<string?>("--base") { Description = "Base checkpoint (default: the committed models/base-tiny)" };
        var quick = new Option<bool>("--quick") { Description = "Fewer iterations and episodes (a minute or two)" };
        var output = new Option<string>("--out") { Description = "Where the learning-curve PNG goes", DefaultValueFactory = _ => Path.Combine("out", "bench-learning") };
        var numEnvs = ExperimentOptions.NumEnvs(32);
        var sim = new SimulatorArguments();
        var command = new Command("learning", "Rollout env steps/s (simulator vs policy time), SFT samples/s, GRPO iteration time, and GRPO/SFT learning curves on pick_can.")
        {
            basePath, quick, output, numEnvs, sim.Url, sim.Token,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(basePath) ?? RepositoryLayout.CommittedBase() ?? throw new ArgumentException("no --base given and no committed base found");
            using var policy = VlaPolicy.Load(path);
            var q = parse.GetValue(quick);
            var settings = new LearningBenchmark.Settings("pick_can", GrpoIterations: q ? 2 : 8, SftUpdates: q ? 20 : 200, SftEvalEvery: q ? 10 : 50, EvalEpisodes: q ? 8 : 32, RolloutEpisodes: q ? 16 : 64);
            var envOptions = PolicyEnvOptions.For(policy.Config, parse.GetValue(numEnvs), ["pick_can"]);
            var ceiling = SimBenchmark.RawStepsPerSecond(envOptions.NumEnvs, TimeSpan.FromSeconds(q ? 2 : 5), envOptions.ImageSize);
            AnsiConsole.MarkupLine(Markup.Escape($"raw physics + render ceiling: {ceiling:F0} env steps/s (N = {envOptions.NumEnvs}, {envOptions.ImageSize}x{envOptions.ImageSize})"));
            await using var env = await sim.Bind(parse).OpenAsync(envOptions, ct);
            var result = await new LearningBenchmark(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }))
                .RunAsync(policy, settings, line => AnsiConsole.MarkupLine(Markup.Escape(line)), ct);

            var f = CultureInfo.InvariantCulture;
            var table = new Table().Title($"bench learning ({result.NumEnvs} envs): {Markup.Escape(result.Machine)}").AddColumns("measure", "value");
            table.AddRow("rollout env steps/s (policy sampling + simulator)", result.RolloutStepsPerSecond.ToString("F0", f));
            table.AddRow(string.Create(f, $"  of the raw physics + render ceiling ({ceiling:F0} env steps/s, same N, in-process)"), (result.RolloutStepsPerSecond / ceiling).ToString("P0", f));
            table.AddRow("  time in simulator + bridge / in policy", string.Create(f, $"{result.RolloutSimulatorShare:P0} / {result.RolloutPolicyShare:P0}"));
            table.AddRow("SFT samples/s (batch 64)", result.SftSamplesPerSecond.ToString("F0", f));
            table.AddRow($"GRPO iteration ({result.GrpoEpisodesPerIteration} episodes), s", string.Create(f, $"{result.GrpoIterationSeconds:F1} (collect {result.GrpoCollectSeconds:F1}, update {result.GrpoUpdateSeconds:F1})"));
            AnsiConsole.Write(table);
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(outDir);
            var png = LearningCurvePlot.Render("pick_can", result.GrpoCurve, result.SftCurve, Path.Combine(outDir, "learning_curves.png"));
            AnsiConsole.MarkupLine($"learning curves: {Markup.Escape(png)}");
            return 0;
        });
        bench.Subcommands.Add(command);
        return bench;
    }
}
