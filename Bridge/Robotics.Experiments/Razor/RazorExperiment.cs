using System.Diagnostics;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.FineTuning;
using Robotics.Experiments.Logging;
using Robotics.Experiments.Pretraining;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Policy.Model;

namespace Robotics.Experiments.Razor;

/// <summary>
/// The RL-vs-SFT retention experiment: base policy -> new-task demos -> a sweep of fine-tuning runs (SFT at several
/// learning rates, KL-SFT, SFT with replay, GRPO) -> every checkpoint scored on the new task and the held-out tasks over
/// the same seeds, with forward/reverse KL and TV on one fixed set of new-task states -> the forgetting law -> results.
/// </summary>
/// <param name="openEnv">Opens another env like <paramref name="env"/>, one for each worker beyond the first
/// (<see cref="Settings.Workers"/>); null: the sweep runs on <paramref name="env"/> alone.</param>
public sealed class RazorExperiment(IVectorEnv env, RolloutCollector collector, bool progress = true, Func<CancellationToken, Task<IVectorEnv>>? openEnv = null)
{
    /// <param name="Resume">Continue an interrupted experiment in <paramref name="OutputDirectory"/>: a base it trained, the
    /// checkpoints it scored and each run's last complete checkpoint are kept; the rest is done as an uninterrupted run would.</param>
    /// <param name="Scoring">How the env scores success: the razor's RL needs episodes that end at success, so its env scores success once; recorded so the report can say so.</param>
    /// <param name="Workers">Fine-tuning runs trained and scored at once, each in its own env with its own copy of the base (both
    /// cores busy); at the same libtorch thread count the results are the same for any count, only the wall time changes
    /// (the thread count itself changes floating-point sums, and so sampled actions).</param>
    public sealed record Settings(RazorProfile Profile, string OutputDirectory, string? CommittedBaseDirectory, bool FromScratch, string SimulatorName, bool Resume = false,
        Robotics.Sim.V1.SuccessScoring Scoring = Robotics.Sim.V1.SuccessScoring.SuccessOnce, int Workers = 1);

    // Stage names as results.json and the report give them.
    private const string BaseStage = "base (load or train)";
    private const string DemosStage = "demos";
    private const string BaseEvaluationStage = "base evaluation";
    internal const string TrainingStage = "training";
    internal const string EvaluationStage = "checkpoint evaluation";
    internal const string ProbeStage = "KL probe + weight L2";
    internal const string InterpolationStage = "weight interpolation";
    private const string VideoStage = "rollout videos";
    private const string LawStage = "law fit and findings";

    public async Task<RazorResults> RunAsync(Settings settings, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var stages = new StageClock();
        var started = DateTimeOffset.UtcNow;
        var profile = settings.Profile;
        profile.Validate();
        Directory.CreateDirectory(settings.OutputDirectory);

        var (basePolicy, baseOrigin, baseDir, baseSeconds) = await stages.TimeAsync(BaseStage, () => ObtainBaseAsync(settings, ct));
        using var _ = basePolicy;

        Say($"collecting {profile.NewTaskDemos} '{profile.NewTask}' demonstrations and {profile.ReplayDemosPerTask} per prior task for replay");
        var data = await stages.TimeAsync(DemosStage, () => CollectDemosAsync(profile, basePolicy, ct));
        // Runs on another demonstrator's data: the new task's demos in that expert style, the same replay demos.
        var styledData = new Dictionary<string, FineTuneData>();
        foreach (var style in profile.Runs.Select(r => r.DemoStyle).OfType<string>().Distinct())
        {
            Say($"collecting {profile.NewTaskDemos} '{profile.NewTask}' demonstrations from the '{style}' expert");
            var styled = await stages.TimeAsync(DemosStage, () => new DemoCollector(env, collector).CollectFineTuneDataAsync(
                DemoPlan(profile) with { PriorTasks = [], NewTaskStyle = style }, basePolicy, ct: ct));
            styledData[style] = data with { NewTaskDemos = styled.NewTaskDemos };
        }

        var evaluator = new PolicyEvaluator(env, collector);
        var suite = EvaluationSuite.Retention(profile.NewTask, profile.NewTaskEvalEpisodes, profile.HeldOutTasks, profile.HeldOutEvalEpisodes);
        // The same seed layout, longer: the checkpoints' episodes are the first of the base's.
        var baseSuite = EvaluationSuite.Retention(profile.NewTask, profile.BaseNewTaskEvalEpisodes, profile.HeldOutTasks, profile.BaseHeldOutEvalEpisodes);

        Say($"scoring the base policy on {profile.BaseNewTaskEvalEpisodes} '{profile.NewTask}' episodes and {profile.BaseHeldOutEvalEpisodes} per prior task");
        var baseScores = await stages.TimeAsync(BaseEvaluationStage, () => evaluator.EvaluateAsync(basePolicy, baseSuite, ct));
        var baseHeldOut = profile.HeldOutTasks.ToDictionary(t => t, t => TaskScore.From(baseScores[t]));
        var basePrior = baseHeldOut.Values.Average(t => t.Rate);

        using var probe = await stages.TimeAsync(ProbeStage, () => BuildKlProbeAsync(basePolicy, profile, ct));
        Say($"KL probe: {probe.States} '{profile.NewTask}' states from the base policy's own rollouts");

        var sweep = new Sweep(profile, settings, stages, suite, probe, baseDir, basePrior, Say);
        var (scores, runs) = await sweep.RunAsync(env, basePolicy, collector, openEnv, data, styledData, progress, ct);

        Say($"recording rollout videos: the base and each method's best checkpoint, a success and a failure per task over {RolloutVideoRecorder.SeedsPerTask} evaluation seeds");
        var shown = RolloutVideoRecorder.BestCheckpoints(scores.Where(c => c.Method != WiseFt).ToList())
            .Select(b => (b.Label, (Func<VlaPolicy>)(() => VlaPolicy.Load(new RunCheckpoints(Path.Combine(settings.OutputDirectory, "runs", b.Run)).PathFor(b.Step)))));
        var videos = await stages.TimeAsync(VideoStage, () => new RolloutVideoRecorder(env, collector).RecordAsync([("base", () => VlaPolicy.Load(baseDir)), .. shown], suite, settings.OutputDirectory, ct));

        var results = stages.Time(LawStage, () =>
        {
            var measured = new RazorResults
            {
                Profile = profile.Name,
                Machine = MachineDescription.Current(),
                Simulator = settings.SimulatorName,
                Started = started,
                NewTask = profile.NewTask,
                HeldOutTasks = profile.HeldOutTasks,
                BaseCheckpoint = baseDir,
                BaseOrigin = baseOrigin,
                PolicyInputs = DescribeInputs(basePolicy.Config),
                SuccessScoring = Evaluation.SuccessScoringLabel.Name(settings.Scoring),
                BaseTrainSeconds = baseSeconds,
                BaseNewTask = TaskScore.From(baseScores[profile.NewTask]),
                BaseHeldOut = baseHeldOut,
                KlProbeStates = probe.States,
                KlProbeEpisodes = profile.KlProbeEpisodes,
                KlProbeMaxStates = profile.KlProbeMaxStates,
                KlProbeNumEnvs = env.Spec.NumEnvs,
                Runs = runs,
                Checkpoints = scores,
                SeedSpreads = SeedSpread.Across(runs, scores),
                Law = ForgettingLaw.Fit(scores, baseHeldOut, profile.LawBootstrap),
                LawBootstrap = profile.LawBootstrap,
                Matched = [.. MatchedComparison.Compare(scores, "grpo", "sft"), .. MatchedComparison.Compare(scores, "ppo", "sft")],
                Videos = videos,
                Workers = sweep.Workers,
                Findings = [],
            };
            return measured with { Findings = RazorFindings.Describe(measured) };
        });
        return results with { WallTimeSeconds = clock.Elapsed.TotalSeconds, Stages = stages.Stages() };
    }

    /// <summary>The method label of WiSE-FT's interpolated checkpoints.</summary>
    public const string WiseFt = "wise-ft";

    private Task<FineTuneData> CollectDemosAsync(RazorProfile profile, VlaPolicy basePolicy, CancellationToken ct) =>
        new DemoCollector(env, collector).CollectFineTuneDataAsync(DemoPlan(profile), basePolicy, ct: ct);

    /// <summary>The profile's demonstrations: the new task's and, for replay, the prior tasks'.</summary>
    private static FineTuneDemoPlan DemoPlan(RazorProfile profile) =>
        new(profile.NewTask, profile.NewTaskDemos, profile.HeldOutTasks, profile.ReplayDemosPerTask, profile.Pretrain.DemoNoise,
            NewTaskSeed: (int)profile.Pretrain.Seed + 11, PriorTaskSeed: (int)profile.Pretrain.Seed + 13);

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
