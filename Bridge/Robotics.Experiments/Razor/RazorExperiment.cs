using System.Diagnostics;
using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.FineTuning;
using Robotics.Experiments.Logging;
using Robotics.Experiments.Pretraining;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Policy.Training;

namespace Robotics.Experiments.Razor;

/// <summary>
/// The RL-vs-SFT retention experiment: base policy -> new-task demos -> a sweep of fine-tuning runs (SFT at several
/// learning rates, KL-SFT, SFT with replay, GRPO) -> every checkpoint scored on the new task and the held-out tasks over
/// the same seeds, with forward/reverse KL and TV on one fixed set of new-task states -> the forgetting law -> results.
/// </summary>
public sealed class RazorExperiment(IVectorEnv env, RolloutCollector collector, bool progress = true)
{
    /// <param name="Resume">Continue an interrupted experiment in <paramref name="OutputDirectory"/>: a base it trained, the
    /// checkpoints it scored and each run's last complete checkpoint are kept; the rest is done as an uninterrupted run would.</param>
    public sealed record Settings(RazorProfile Profile, string OutputDirectory, string? CommittedBaseDirectory, bool FromScratch, string SimulatorName, bool Resume = false);

    public async Task<RazorResults> RunAsync(Settings settings, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var profile = settings.Profile;
        Directory.CreateDirectory(settings.OutputDirectory);

        var (basePolicy, baseOrigin, baseDir, baseSeconds) = await ObtainBaseAsync(settings, ct);
        using var _ = basePolicy;

        Say($"collecting {profile.NewTaskDemos} '{profile.NewTask}' demonstrations and {profile.ReplayDemosPerTask} per prior task for replay");
        var demos = new DemoCollector(env, collector);
        var newDemos = await demos.CollectAsync(profile.NewTask, profile.NewTaskDemos, profile.Pretrain.DemoNoise, 800_000, (int)profile.Pretrain.Seed + 11, ct);
        var replayEpisodes = new List<Episode>();
        var offset = 900_000UL;
        foreach (var task in profile.HeldOutTasks)
        {
            replayEpisodes.AddRange(await demos.CollectAsync(task, profile.ReplayDemosPerTask, profile.Pretrain.DemoNoise, offset, (int)profile.Pretrain.Seed + 13, ct));
            offset += 10_000;
        }
        var data = new FineTuneData(
            EpisodeTransitions.FromDemonstrations(newDemos, basePolicy),
            EpisodeTransitions.FromDemonstrations(replayEpisodes, basePolicy));

        var evaluator = new PolicyEvaluator(env, collector);
        var suite = EvaluationSuite.Retention(profile.NewTask, profile.NewTaskEvalEpisodes, profile.HeldOutTasks, profile.HeldOutEvalEpisodes);

        Say("scoring the base policy");
        var baseScores = await evaluator.EvaluateAsync(basePolicy, suite, ct);
        var basePrior = profile.HeldOutTasks.Average(t => baseScores[t].Rate);

        using var probe = await BuildKlProbeAsync(basePolicy, profile, ct);
        Say($"KL probe: {probe.States} '{profile.NewTask}' states from the base policy's own rollouts");

        var scores = new List<CheckpointScore>();
        var runs = new List<RunSummary>();
        var runner = new FineTuneRunner(env, collector, progress);
        foreach (var run in profile.Runs)
        {
            var runDir = Path.Combine(settings.OutputDirectory, "runs", run.Name);
            async Task ScoreAsync(VlaPolicy policy, int step)
            {
                var s = await evaluator.EvaluateAsync(policy, suite, ct);
                var divergence = probe.Measure(policy);
                var heldOut = profile.HeldOutTasks.ToDictionary(t => t, t => TaskScore.From(s[t]));
                var prior = heldOut.Values.Average(h => h.Rate);
                var score = new CheckpointScore(run.Name, run.MethodLabel, step, TaskScore.From(s[profile.NewTask]), heldOut, prior, basePrior - prior,
                    divergence.ForwardKl, divergence.ReverseKl, divergence.TotalVariation, WeightChange.L2(basePolicy.Model, policy.Model));
                scores.Add(score);
                CheckpointScoreLog.Append(runDir, score);
                Say($"  {run.Name} step {step}: {profile.NewTask} {s[profile.NewTask]}, prior {prior:P0} (base {basePrior:P0}), forward KL {divergence.ForwardKl:F3}");
            }

            if (settings.Resume) await ResumeScoresAsync(run, runDir, scores, ScoreAsync);
            var result = await runner.RunAsync(basePolicy, run, data, runDir, (policy, step, _) => ScoreAsync(policy, step), resume: settings.Resume, ct: ct, probe: probe);
            runs.Add(new RunSummary(run.Name, run.MethodLabel, run.LearningRate, run.KlCoef, run.ReplayFraction, run.Steps, result.WallTime.TotalSeconds)
            {
                KlBudget = run.KlBudget, StoppedAtStep = result.BudgetStop?.Step, LastForwardKl = result.LastKl?.ForwardKl,
            });
        }

        Say($"recording rollout videos: the base and each method's best checkpoint, a success and a failure per task over {RolloutVideoRecorder.SeedsPerTask} evaluation seeds");
        var shown = RolloutVideoRecorder.BestCheckpoints(scores)
            .Select(b => (b.Label, (Func<VlaPolicy>)(() => VlaPolicy.Load(new RunCheckpoints(Path.Combine(settings.OutputDirectory, "runs", b.Run)).PathFor(b.Step)))));
        var videos = await new RolloutVideoRecorder(env, collector).RecordAsync([("base", () => VlaPolicy.Load(baseDir)), .. shown], suite, settings.OutputDirectory, ct);

        var results = new RazorResults
        {
            Profile = profile.Name,
            Machine = MachineDescription.Current(),
            Simulator = settings.SimulatorName,
            Started = started,
            WallTimeSeconds = clock.Elapsed.TotalSeconds,
            NewTask = profile.NewTask,
            HeldOutTasks = profile.HeldOutTasks,
            BaseCheckpoint = baseDir,
            BaseOrigin = baseOrigin,
            PolicyInputs = DescribeInputs(basePolicy.Config),
            BaseTrainSeconds = baseSeconds,
            BaseNewTask = TaskScore.From(baseScores[profile.NewTask]),
            BaseHeldOut = profile.HeldOutTasks.ToDictionary(t => t, t => TaskScore.From(baseScores[t])),
            KlProbeStates = probe.States,
            KlProbeEpisodes = profile.KlProbeEpisodes,
            KlProbeMaxStates = profile.KlProbeMaxStates,
            KlProbeNumEnvs = env.Spec.NumEnvs,
            Runs = runs,
            Checkpoints = scores,
            Law = ForgettingLaw.Fit(scores),
            Matched = [.. MatchedComparison.Compare(scores, "grpo", "sft"), .. MatchedComparison.Compare(scores, "ppo", "sft")],
            Videos = videos,
            Findings = [],
        };
        return results with { Findings = RazorFindings.Describe(results) };
    }

    private async Task<(VlaPolicy Policy, string Origin, string Directory, double Seconds)> ObtainBaseAsync(Settings settings, CancellationToken ct)
    {
        var options = settings.Profile.Pretrain with { NumEnvs = env.Spec.NumEnvs };
        var hash = options.InputsHash(settings.SimulatorName);
        var committed = settings.CommittedBaseDirectory;
        if (!settings.FromScratch && committed is not null && CommittedBase.Matches(committed, hash))
        {
            Say($"base: loading the committed checkpoint {committed} (inputs hash {hash} matches)");
            return (VlaPolicy.Load(committed), "committed", committed, 0);
        }
        var dir = Path.Combine(settings.OutputDirectory, "base");
        if (settings.Resume && CommittedBase.Matches(dir, hash))
        {
            Say($"base: reusing the base this experiment trained in {dir} (inputs hash {hash} matches)");
            return (VlaPolicy.Load(dir), "trained", dir, CommittedBase.TrainingSeconds(dir));
        }
        Say(committed is null || settings.FromScratch
            ? $"base: training from scratch into {dir}"
            : $"base: the committed checkpoint does not match these inputs (hash {hash}); retraining into {dir}");
        var result = await new BasePolicyTrainer(env, collector, progress).TrainAsync(options, dir, hash, ct);
        Say($"base: trained in {result.WallTime.TotalMinutes:F1} min");
        return (VlaPolicy.Load(dir), "trained", dir, result.WallTime.TotalSeconds);
    }

    /// <summary>
    /// Keeps the scores of the run's complete checkpoints and scores those a crash left unscored (the checkpoint was
    /// written, its evaluation was cut off); the runner then continues after the last complete checkpoint.
    /// </summary>
    private async Task ResumeScoresAsync(FineTuneOptions run, string runDir, List<CheckpointScore> scores, Func<VlaPolicy, int, Task> scoreAsync)
    {
        var checkpoints = new RunCheckpoints(runDir);
        var latest = checkpoints.Latest()?.Step ?? 0;
        var kept = CheckpointScoreLog.Read(runDir, latest);
        scores.AddRange(kept);
        var missing = Enumerable.Range(1, latest).Where(run.IsCheckpointStep).Except(kept.Select(k => k.Step)).ToList();
        if (latest > 0) Say($"{run.Name}: resuming after step {latest} ({kept.Count} checkpoint score(s) kept, {missing.Count} to score again)");
        foreach (var step in missing)
        {
            using var policy = VlaPolicy.Load(checkpoints.PathFor(step));
            await scoreAsync(policy, step);
        }
    }

    private async Task<ForwardKlProbe> BuildKlProbeAsync(VlaPolicy basePolicy, RazorProfile profile, CancellationToken ct)
    {
        var requests = Enumerable.Range(0, profile.KlProbeEpisodes).Select(i => new EpisodeRequest(profile.NewTask, 4_000_000UL + (ulong)i)).ToList();
        return await KlProbeFactory.FromBaseRolloutsAsync(env, collector, basePolicy, requests, profile.KlProbeMaxStates, seed: 4_000_000, ct);
    }

    private void Say(string line)
    {
        if (progress) Spectre.Console.AnsiConsole.MarkupLine(Spectre.Console.Markup.Escape(line));
    }

    private static string DescribeInputs(VlaConfig config) => config.ObjectPoses
        ? $"{config.ImageSize}x{config.ImageSize} image, instruction, proprio and the simulator's object poses ({config.ProprioDim} values: privileged state, not pixels alone)"
        : $"{config.ImageSize}x{config.ImageSize} image, instruction and proprio ({config.ProprioDim} values): pixels, no object poses";
}
