using System.CommandLine;
using Robotics.Bridge;
using Robotics.Experiments.Pretraining;
using Robotics.Experiments.Razor;
using Spectre.Console;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics pretrain</c>: makes the multi-task base policy by behaviour cloning, as the default razor profile expects it.</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Checkpoint folder (default: models/base-tiny, the committed base)" };
        var updates = new Option<int?>("--updates") { Description = "Behaviour-cloning updates (default: the default profile's)" };
        var demos = new Option<int?>("--demos") { Description = "Expert demonstrations per prior task" };
        var pixelsOnly = ExperimentOptions.PixelsOnly();
        var newTaskDemos = new Option<int?>("--new-task-demos") { Description = "Expert demonstrations of the new task (few: the base should succeed on it sometimes, not always)" };
        var sim = ExperimentOptions.Sim();
        var numEnvs = ExperimentOptions.NumEnvs(32);
        var command = new Command("pretrain", "Train the tiny multi-task base policy on expert demos of the prior tasks (and a few of pick_can); reports success per task.")
        {
            output, updates, demos, newTaskDemos, pixelsOnly, sim, numEnvs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = RazorProfile.Default.Pretrain;
            if (parse.GetValue(updates) is { } u) options = options with { Updates = u, EvaluateEvery = Math.Min(options.EvaluateEvery, u) };
            if (parse.GetValue(demos) is { } d) options = options with { DemosPerPriorTask = d };
            if (parse.GetValue(pixelsOnly)) options = options with { ObjectPoses = false };
            if (parse.GetValue(newTaskDemos) is { } nd) options = options with { NewTaskDemos = nd };
            options = options with { NumEnvs = parse.GetValue(numEnvs) };
            var dir = Path.GetFullPath(parse.GetValue(output) ?? RepositoryLayout.CommittedBase() ?? Path.Combine("models", "base-tiny"));
            await using var env = await VectorEnvFactory.CreateAsync(parse.GetValue(sim), ExperimentOptions.EnvFor(options, options.NumEnvs), ct);
            var hash = options.InputsHash(env.Spec.Backend);
            AnsiConsole.MarkupLine($"pretraining the base ({options.ModelConfig}, {options.Updates} updates, inputs hash {hash}) into {Markup.Escape(dir)}");
            var result = await new BasePolicyTrainer(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false })).TrainAsync(options, dir, hash, ct);
            var table = new Table().AddColumns("task", "success (95% CI)");
            foreach (var (task, s) in result.Success) table.AddRow(task, s.ToString());
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"base written to {Markup.Escape(dir)} in {result.WallTime.TotalMinutes:F1} min ({result.Updates} updates on {result.DemoSteps} demo steps)");
            return 0;
        });
        return command;
    }
}
