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
        var method = new Argument<string>("method") { Description = "sft, grpo, ppo, kl-sft or hybrid (an SFT warm start under --kl-budget, then GRPO)" };
        method.AcceptOnlyFromAmong("sft", "grpo", "ppo", "kl-sft", "hybrid");
        var basePath = new Option<string>("--base") { Description = "Base checkpoint folder", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder (checkpoints, metrics.jsonl, tensorboard/)", Required = true };
        var task = new Option<string>("--task") { Description = "The new task", DefaultValueFactory = _ => "pick_can" };
        var lr = new Option<double?>("--lr")
        {
            Description = $"Learning rate (default: {DefaultLr(FineTuneMethod.Sft)} for SFT, {DefaultLr(FineTuneMethod.Grpo)} for GRPO, {DefaultLr(FineTuneMethod.Ppo)} for PPO)",
        };
        var steps = new Option<int?>("--steps") { Description = "Updates (SFT) or iterations (RL)" };
        var every = new Option<int?>("--checkpoint-every") { Description = "Checkpoint every K steps" };
        var klCoef = new Option<double>("--kl-coef") { Description = "KL-SFT's beta, or GRPO's KL penalty (default 0)" };
        var replay = new Option<double>("--replay") { Description = "SFT: fraction of each batch from prior-task demos" };
        var replayTasks = new Option<string>("--replay-tasks") { Description = "Prior tasks whose demos --replay mixes in", DefaultValueFactory = _ => "open_drawer,close_drawer,put_on_towel" };
        var demos = new Option<int>("--demos") { Description = "New-task demonstrations for SFT (with --demos-file: at most this many from the file)", DefaultValueFactory = _ => 150 };
        var demosFile = new Option<string?>("--demos-file")
        {
            Description = "SFT / KL-SFT: read the new-task demonstrations from this episode dataset (its episodes of --task, e.g. from `dataset import`) instead of collecting them with the simulator's expert",
        };
        var resume = new Option<bool>("--resume") { Description = "Resume from the last complete checkpoint in --out" };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 1 };
        var groups = new Option<int?>("--groups") { Description = "GRPO: initial states per iteration (default 8)" };
        var groupSize = new Option<int?>("--group-size") { Description = "GRPO: sampled rollouts per initial state (default 8)" };
        var epochs = new Option<int?>("--epochs") { Description = "GRPO and PPO: passes over each iteration's rollouts, with ratio clipping (default 2)" };
        var minibatch = new Option<int?>("--minibatch") { Description = "GRPO and PPO: steps per optimiser step (default 64 for GRPO, 256 for PPO)" };
        var clip = new Option<double?>("--clip") { Description = "GRPO and PPO: clip range of the probability ratio (default 0.2; with --clip-high, the lower one)" };
        var targetKl = new Option<double?>("--target-kl") { Description = "PPO: stop an iteration's epochs once the approximate KL to the acting policy exceeds this; 0: never (default 0.1)" };
        var temperature = new Option<float?>("--temperature") { Description = "RL: sampling temperature of the rollouts (default 1)" };
        var denseReward = new Option<bool>("--dense-reward") { Description = "PPO: add the simulator's potential-based shaping (reach, upright, grasp, lift: Phi(s') - Phi(s) each step) to the success reward" };
        var criticWarmup = new Option<int>("--critic-warmup") { Description = "PPO: iterations at the start that train only the value head" };
        var ppoEpisodes = new Option<int?>("--episodes") { Description = "PPO: episodes per iteration (default 32)" };
        var exploreRotation = new Option<bool>("--explore-rotation") { Description = "RL: sample the rotation tokens too (default: translation and gripper sampled, rotation greedy and out of the loss)" };
        var clipHigh = new Option<double?>("--clip-high") { Description = "GRPO: upper clip of the probability ratio (default 0.2, as the lower; DAPO uses 0.28)" };
        var dynamicSampling = new Option<bool?>("--dynamic-sampling") { Description = "GRPO: true|false: drop groups whose rollouts all succeeded or all failed and collect fresh ones to refill, up to 3 rounds (default true)" };
        var layoutPool = new Option<int?>("--layout-pool") { Description = "GRPO: draw initial states from a fixed pool of this many training layouts, revisited across iterations; 0: fresh every iteration (default 100)" };
        var klBudget = new Option<double?>("--kl-budget")
        {
            Description = "How far the policy may move: forward KL(base || policy) on the run's probe of new-task states, nats. sft/grpo/ppo stop at the last checkpoint under it; kl-sft steers its beta to hold the KL near it",
        };
        var warmupSteps = new Option<int?>("--warmup-steps") { Description = "hybrid: at most this many SFT updates (lr 3e-4) before GRPO; --kl-budget stops them earlier (default 100)" };
        var klEvery = new Option<int?>("--kl-every") { Description = "Measure forward KL on the probe every N steps and at each checkpoint (default: 25 for sft and kl-sft, 10 for kl-sft with --kl-budget, 1 for grpo, ppo and hybrid's GRPO; 5 in hybrid's warm start)" };
        var sim = ExperimentOptions.Sim();
        var numEnvs = ExperimentOptions.NumEnvs(32);
        var command = new Command("train", "Fine-tune a base checkpoint on a new task with SFT, GRPO, PPO or KL-constrained SFT.")
        {
            method, basePath, output, task, lr, steps, every, klCoef, replay, replayTasks, demos, demosFile, resume, seed, groups, groupSize, epochs, minibatch, clip, targetKl, temperature, denseReward, criticWarmup, ppoEpisodes, exploreRotation, clipHigh, dynamicSampling, layoutPool, klBudget, klEvery, warmupSteps, sim, numEnvs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var m = parse.GetValue(method) switch { "sft" => FineTuneMethod.Sft, "kl-sft" => FineTuneMethod.KlSft, "grpo" => FineTuneMethod.Grpo, "hybrid" => FineTuneMethod.Hybrid, _ => FineTuneMethod.Ppo };
            var rl = m is FineTuneMethod.Grpo or FineTuneMethod.Ppo;
            var iterations = rl || m == FineTuneMethod.Hybrid;   // its --steps count GRPO iterations
            var options = new FineTuneOptions
            {
                Method = m,
                Task = parse.GetValue(task)!,
                LearningRate = parse.GetValue(lr) ?? FineTuneOptions.DefaultLearningRate(m),
                Steps = parse.GetValue(steps) ?? (iterations ? 24 : 300),
                CheckpointEvery = parse.GetValue(every) ?? (iterations ? 6 : 100),
                KlCoef = parse.GetValue(klCoef),
                ReplayFraction = parse.GetValue(replay),
                Seed = parse.GetValue(seed),
                DenseReward = parse.GetValue(denseReward),
                CriticWarmup = parse.GetValue(criticWarmup),
                ExploreRotation = parse.GetValue(exploreRotation),
                ClipHigh = parse.GetValue(clipHigh),

                KlBudget = parse.GetValue(klBudget),
                KlEvery = parse.GetValue(klEvery),
            };
            if (parse.GetValue(groups) is { } g) options = options with { Groups = g };
            if (parse.GetValue(groupSize) is { } gs) options = options with { GroupSize = gs };
            var rlOnly = new (string Name, bool Given)[] { ("--epochs", parse.GetValue(epochs) is not null), ("--minibatch", parse.GetValue(minibatch) is not null), ("--clip", parse.GetValue(clip) is not null) };
            if (!(rl || m == FineTuneMethod.Hybrid) && rlOnly.FirstOrDefault(o => o.Given) is { Name: { } given })
                throw new ArgumentException($"{given} applies to grpo, ppo and the hybrid's GRPO, not to {parse.GetValue(method)}");
            if (parse.GetValue(epochs) is { } ep) options = options with { Epochs = ep };
            if (parse.GetValue(minibatch) is { } mb) options = options with { Minibatch = mb };
            if (parse.GetValue(clip) is { } cl) options = options with { ClipCoef = cl };
            if (parse.GetValue(targetKl) is { } tk) options = options with { TargetKl = tk };
            if (parse.GetValue(dynamicSampling) is { } ds) options = options with { DynamicSampling = ds };
            if (parse.GetValue(layoutPool) is { } pool) options = options with { LayoutPool = pool };
            if (parse.GetValue(ppoEpisodes) is { } pe) options = options with { PpoEpisodes = pe };
            if (parse.GetValue(temperature) is { } temp) options = options with { Temperature = temp };
            if (parse.GetValue(warmupSteps) is { } ws) options = options with { WarmupSteps = ws };
            options.Validate();
            if (rl && parse.GetValue(demosFile) is not null) throw new ArgumentException("--demos-file is for sft and kl-sft; grpo and ppo learn from their own rollouts");
            CheckpointArguments.RequireFolder("--base", parse.GetValue(basePath)!);
            using var basePolicy = VlaPolicy.Load(parse.GetValue(basePath)!);
            // Other tasks (replay demos) travel with each reset.
            await using var env = await VectorEnvFactory.CreateAsync(parse.GetValue(sim), PolicyEnvOptions.For(basePolicy.Config, parse.GetValue(numEnvs), [options.Task]), ct);
            var collector = new RolloutCollector(new RolloutCollectorOptions { Progress = false });
            var data = FineTuneData.None;
            if (!rl)
            {
                var fromFile = parse.GetValue(demosFile) is { } file ? DemosFile.Load(file, options.Task, parse.GetValue(demos), basePolicy.Config) : null;
                var priorTasks = options.ReplayFraction > 0 ? ExperimentOptions.SplitTasks(parse.GetValue(replayTasks)!) : [];
                data = await new DemoCollector(env, collector).CollectFineTuneDataAsync(
                    new FineTuneDemoPlan(options.Task, parse.GetValue(demos), priorTasks, 30, 0.3, NewTaskSeed: (int)options.Seed, PriorTaskSeed: (int)options.Seed + 1),
                    basePolicy, fromFile, ct);
            }
            var result = await new FineTuneRunner(env, collector).RunAsync(basePolicy, options, data, Path.GetFullPath(parse.GetValue(output)!), resume: parse.GetValue(resume), ct: ct);
            AnsiConsole.MarkupLine(Markup.Escape($"{options.Name}: {result.Checkpoints.Count} checkpoint(s) in {result.WallTime.TotalMinutes:F1} min" + (result.ResumedFromStep > 0 ? $", resumed from step {result.ResumedFromStep}" : "")
                + (result.LastKl is { } kl ? $", forward KL {kl.ForwardKl:F3} at step {kl.Step}" : "")
                + (result.BudgetStop is { } stop ? $"; stopped by its KL budget ({stop.Describe()})" : "")));
            return 0;
        });
        return command;
    }

    private static string DefaultLr(FineTuneMethod method) =>
        FineTuneOptions.DefaultLearningRate(method).ToString("0e-0", System.Globalization.CultureInfo.InvariantCulture);
}
