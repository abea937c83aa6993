using System.CommandLine;
using Robotics.Experiments.Razor;
using Robotics.Experiments.Reports;
using Spectre.Console;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics razor</c>: the RL-vs-SFT retention experiment, end to end, with its report.</summary>
internal static class RazorCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "quick (minutes, proves the pipeline, claims nothing) or default (the real experiment, ~30 min on 2 cores)", DefaultValueFactory = _ => "default" };
        profile.AcceptOnlyFromAmong("quick", "default");
        var output = new Option<string?>("--out") { Description = "Report folder (default: out/razor-PROFILE)" };
        var sim = new SimulatorArguments();
        var fromScratch = new Option<bool>("--from-scratch") { Description = "Retrain the base policy instead of loading the committed one (and report how long it took)" };
        var numEnvs = new Option<int?>("--num-envs") { Description = "Parallel environments (default: the profile's)" };
        var newTask = new Option<string?>("--new-task") { Description = "The task to fine-tune on (default pick_can; another simulator's suite names its own)" };
        var inputs = ExperimentOptions.Inputs();
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted experiment in --out: keeps its base, its scored checkpoints and each run's last complete checkpoint" };
        var priorTasks = new Option<string?>("--prior-tasks") { Description = "Comma-separated held-out tasks the base learns and retention is scored on" };
        var seeds = new Option<string?>("--seeds") { Description = "Comma-separated run seeds: every configuration of the sweep runs once per seed, and the report gives each configuration's mean and 95% interval across them (default: the profile's, 1)" };
        var workers = new Option<int>("--workers")
        {
            Description = "Fine-tuning runs trained and scored at once, each in its own env with cores/N libtorch threads (unless ROBOTICS_TORCH_THREADS says); at the same thread count the results are the same for any N, only the wall time changes (default: 2, or 1 on a one-core machine)",
            // Two: measured here, the sweep took 27.6 min with two workers on 2 cores against 57.6 with one (README).
            DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount),
        };
        workers.Validators.Add(r => { if (r.GetValue(workers) is < 1 or > 16) r.AddError("--workers must be between 1 and 16"); });
        var command = new Command("razor", "Run the RL-vs-SFT retention experiment: base, fine-tuning sweep, evaluation, forgetting law, report.")
        {
            profile, output, sim.Url, sim.Token, workers, fromScratch, numEnvs, newTask, priorTasks, inputs, resume, seeds,
        };
        command.SetAction(async (parse, ct) =>
        {
            var chosen = RazorProfile.Named(parse.GetValue(profile)!);
            var objectPoses = ExperimentOptions.WithObjectPoses(parse.GetValue(inputs)!);
            chosen = chosen with { Pretrain = chosen.Pretrain with { ObjectPoses = objectPoses } };
            if (parse.GetValue(newTask) is { } task) chosen = chosen with { Pretrain = chosen.Pretrain with { NewTask = task } };
            if (parse.GetValue(priorTasks) is { } prior)
                chosen = chosen with { Pretrain = chosen.Pretrain with { PriorTasks = ExperimentOptions.SplitTasks(prior) } };
            if (parse.GetValue(seeds) is { } list) chosen = chosen with { RunSeeds = ParseSeeds(list) };
            var outDir = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("out", $"razor-{chosen.Name}"));
            var envs = parse.GetValue(numEnvs) ?? chosen.NumEnvs;
            var envOptions = ExperimentOptions.EnvFor(chosen.Pretrain, envs);
            var connection = sim.Bind(parse);
            await using var env = await connection.OpenAsync(envOptions, ct);
            TorchThreads.ShareAmong(parse.GetValue(workers));
            var collector = new RolloutCollector(new RolloutCollectorOptions { Progress = false });
            var experiment = new RazorExperiment(env, collector, openEnv: c => connection.OpenAsync(envOptions, c));
            AnsiConsole.MarkupLine($"[bold]razor[/] profile [bold]{chosen.Name}[/], {envs} envs on {Markup.Escape(env.Spec.Backend)}, report in {Markup.Escape(outDir)}");
            var results = await experiment.RunAsync(new RazorExperiment.Settings(chosen, outDir, RepositoryLayout.CommittedBase(objectPoses), parse.GetValue(fromScratch), env.Spec.Backend, parse.GetValue(resume), envOptions.Scoring, parse.GetValue(workers)), ct);
            var rendering = System.Diagnostics.Stopwatch.StartNew();
            ReportWriter.Write(results, outDir);
            // After results.json is written, so only the console can say how long the report itself took.
            AnsiConsole.MarkupLine($"report written in {rendering.Elapsed.TotalSeconds:F1} s");
            RazorSummaryTable.Print(results);
            AnsiConsole.MarkupLine($"report: {Markup.Escape(Path.Combine(outDir, "report.html"))} ({results.WallTimeSeconds / 60:F1} min)");
            return 0;
        });
        return command;
    }

    /// <summary>"1,2,3" as run seeds; anything that is not a whole number is refused, naming it.</summary>
    internal static IReadOnlyList<long> ParseSeeds(string list) =>
        [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s =>
            long.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seed) && seed >= 0
                ? seed
                : throw new ArgumentException($"--seeds takes comma-separated whole numbers >= 0, got '{s}'"))];
}
