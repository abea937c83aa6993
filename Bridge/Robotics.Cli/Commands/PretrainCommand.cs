using System.CommandLine;
using Robotics.Experiments.Pretraining;
using Robotics.Experiments.Razor;
using Spectre.Console;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics pretrain</c>: makes the multi-task base policy by behaviour cloning, as the default razor profile expects it.</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Checkpoint folder (default: the committed base of --inputs, models/base-tiny or models/base-pixels)" };
        var updates = new Option<int?>("--updates") { Description = "Behaviour-cloning updates (default: the default profile's)" };
        var demos = new Option<int?>("--demos") { Description = "Expert demonstrations per prior task" };
        var inputs = ExperimentOptions.Inputs();
        var model = new Option<string>("--model")
        {
            Description = "Model config: tiny (OpenVLA's layout: decoder and LM head), tiny-mlp (DESIGN.md's baseline: an MLP head on the same vision encoder and projector, no decoder) or small",
            DefaultValueFactory = _ => RazorProfile.Default.Pretrain.ModelConfig,
        };
        model.AcceptOnlyFromAmong("tiny", "tiny-mlp", "small");
        var imageSize = new Option<int?>("--image-size") { Description = "Camera image width and height in pixels the base sees (default: the default profile's, 64); the policy's envs then render at this size" };
        imageSize.Validators.Add(r => { if (r.GetValue(imageSize) is < 16 or > 512) r.AddError("--image-size must be between 16 and 512 pixels"); });
        var imageShift = new Option<int>("--image-shift") { Description = "Random-shift augmentation (DrQ): move each training image by up to N pixels in x and y, edges replicated (default 0: none)" };
        var newTaskDemos = new Option<int?>("--new-task-demos") { Description = "Expert demonstrations of the new task (few: the base should succeed on it sometimes, not always)" };
        var rescore = new Option<bool>("--rescore") { Description = "Do not train: score the base already in --out on the held-out suite (200 new-task, 100 per prior task, greedy) and record it in its pretrain.json" };
        var sim = new SimulatorArguments();
        var numEnvs = ExperimentOptions.NumEnvs(32);
        var command = new Command("pretrain", "Train the tiny multi-task base policy on expert demos of the prior tasks (and a few of pick_can); reports success per task.")
        {
            output, updates, demos, newTaskDemos, inputs, model, imageSize, imageShift, rescore, sim.Url, sim.Token, numEnvs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = RazorProfile.Default.Pretrain;
            if (parse.GetValue(updates) is { } u) options = options with { Updates = u, EvaluateEvery = Math.Min(options.EvaluateEvery, u) };
            if (parse.GetValue(demos) is { } d) options = options with { DemosPerPriorTask = d };
            var objectPoses = ExperimentOptions.WithObjectPoses(parse.GetValue(inputs)!);
            options = options with { ObjectPoses = objectPoses };
            if (parse.GetValue(newTaskDemos) is { } nd) options = options with { NewTaskDemos = nd };
            if (parse.GetValue(imageSize) is { } size) options = options with { ImageSize = size };
            options = options with { NumEnvs = parse.GetValue(numEnvs), ModelConfig = parse.GetValue(model)!, ImageShift = parse.GetValue(imageShift) };
            // The committed base folders hold the default model's bases, which the razor loads: another model or camera size needs its own folder.
            var defaults = RazorProfile.Default.Pretrain;
            if (parse.GetValue(output) is null && options.ModelConfig != defaults.ModelConfig)
                throw new ArgumentException($"--model {options.ModelConfig} needs --out: {RepositoryLayout.BaseFolder(objectPoses)} holds the {defaults.ModelConfig} base the razor loads");
            if (parse.GetValue(output) is null && options.ImageSize != defaults.ImageSize)
                throw new ArgumentException($"--image-size {options.ImageSize} needs --out: {RepositoryLayout.BaseFolder(objectPoses)} holds the {defaults.ImageSize}-pixel base the razor loads");
            var dir = Path.GetFullPath(parse.GetValue(output) ?? RepositoryLayout.CommittedBase(objectPoses) ?? RepositoryLayout.BaseFolder(objectPoses));
            if (parse.GetValue(rescore))
            {
                // Scored in the envs it was trained for: its own camera size and inputs, whatever the flags say.
                CheckpointArguments.RequireFolder("--out", dir);
                using var trained = Robotics.Policy.VlaPolicy.Load(dir);
                options = options with { ImageSize = trained.Config.ImageSize, ObjectPoses = trained.Config.ObjectPoses };
            }
            await using var env = await sim.Bind(parse).OpenAsync(ExperimentOptions.EnvFor(options, options.NumEnvs), ct);
            var hash = options.InputsHash(env.Spec.Backend);
            var trainer = new BasePolicyTrainer(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }));
            if (parse.GetValue(rescore))
            {
                var (heldOut, errors) = await trainer.RescoreAsync(dir, options, ct);
                Print(heldOut, errors, "held-out success (greedy)");
                return 0;
            }
            AnsiConsole.MarkupLine($"pretraining the base ({options.ModelConfig}, {options.Updates} updates, inputs hash {hash}) into {Markup.Escape(dir)}");
            var result = await trainer.TrainAsync(options, dir, hash, ct);
            Print(result.HeldOut, result.ActionErrorMm, $"held-out success (greedy; {options.HeldOutNewTaskEpisodes} new-task, {options.HeldOutPriorEpisodes} per prior task)");
            AnsiConsole.MarkupLine($"base written to {Markup.Escape(dir)} in {result.WallTime.TotalMinutes:F1} min ({result.Updates} updates on {result.DemoSteps} demo steps)");
            return 0;
        });
        return command;
    }

    private static void Print(IReadOnlyDictionary<string, Robotics.Policy.Metrics.SuccessRate> scores, IReadOnlyDictionary<string, Robotics.Experiments.Evaluation.TranslationError> actionErrorMm, string title)
    {
        var table = new Table().Title(title).AddColumns("task", "success (95% CI)", "action error on expert states, mm: mean (x / y / z)");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var (task, s) in scores)
            table.AddRow(Markup.Escape(task), Markup.Escape(s.ToString()),
                actionErrorMm.TryGetValue(task, out var mm) ? string.Format(inv, "{0:F1} ({1:F1} / {2:F1} / {3:F1})", mm.Mean, mm.X, mm.Y, mm.Z) : "-");
        AnsiConsole.Write(table);
    }
}
