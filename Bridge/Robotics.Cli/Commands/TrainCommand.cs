using System.CommandLine;
using Robotics.Experiments.Actors;
using Robotics.Experiments.FineTuning;
using Robotics.Experiments.Pretraining;
using Robotics.Policy;
using Spectre.Console;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics train sft|grpo|ppo|kl-sft</c>: one fine-tuning run from a base checkpoint, resumable.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var flags = new TrainFlags();
        var command = new Command("train", "Fine-tune a base checkpoint on a new task with SFT, GRPO, PPO or KL-constrained SFT.");
        flags.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var run = flags.Bind(parse);
            var options = run.Options;
            var rl = options.Method is FineTuneMethod.Grpo or FineTuneMethod.Ppo;
            CheckpointArguments.RequireFolder("--base", run.BasePath);
            using var basePolicy = VlaPolicy.Load(run.BasePath);
            // Other tasks (replay demos) travel with each reset.
            await using var env = await run.Sim.OpenAsync(PolicyEnvOptions.For(basePolicy.Config, run.NumEnvs, [options.Task]), ct);
            var collector = new RolloutCollector(new RolloutCollectorOptions { Progress = false });
            var data = FineTuneData.None;
            if (!rl)
            {
                if (run.DemosFile is not null && options.DemoStyle is not null)
                    throw new ArgumentException("--demo-style picks the simulator expert's style and --demos-file reads recorded demonstrations: give one of them");
                var fromFile = run.DemosFile is { } file ? DemosFile.Load(file, options.Task, run.Demos, basePolicy.Config) : null;
                var priorTasks = options.ReplayFraction > 0 ? run.ReplayTasks : [];
                data = await new DemoCollector(env, collector).CollectFineTuneDataAsync(
                    new FineTuneDemoPlan(options.Task, run.Demos, priorTasks, 30, 0.3, NewTaskSeed: (int)options.Seed, PriorTaskSeed: (int)options.Seed + 1, NewTaskStyle: options.DemoStyle),
                    basePolicy, fromFile, ct);
            }
            var result = await new FineTuneRunner(env, collector).RunAsync(basePolicy, options, data, Path.GetFullPath(run.Output), resume: run.Resume, ct: ct);
            AnsiConsole.MarkupLine(Markup.Escape($"{options.Name}: {result.Checkpoints.Count} checkpoint(s) in {result.WallTime.TotalMinutes:F1} min" + (result.ResumedFromStep > 0 ? $", resumed from step {result.ResumedFromStep}" : "")
                + (result.LastKl is { } kl ? $", forward KL {kl.ForwardKl:F3} at step {kl.Step}" : "")
                + (result.BudgetStop is { } stop ? $"; stopped by its KL budget ({stop.Describe()})" : "")));
            return 0;
        });
        return command;
    }
}
