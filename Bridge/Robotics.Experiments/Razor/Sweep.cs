using System.Collections.Concurrent;
using System.Diagnostics;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.FineTuning;
using Robotics.Policy;
using Robotics.Policy.Merging;
using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Razor;

/// <summary>
/// The razor's sweep: every fine-tuning run of the profile trained, each checkpoint scored on the retention suite and the
/// KL probe, and WiSE-FT's interpolations of each plain SFT run. Runs go to <see cref="Workers"/> workers at once, each
/// with its own env and its own copy of the base, so two cores train two runs; a run's numbers depend only on the run
/// (its seeds, its env's size, libtorch's thread count), so at one thread count the results are the same for any worker
/// count, in the order of <see cref="RazorProfile.SeededRuns"/>.
/// </summary>
internal sealed class Sweep(RazorProfile profile, RazorExperiment.Settings settings, StageClock stages, EvaluationSuite suite,
    ForwardKlProbe probe, string baseDirectory, double basePrior, Action<string> say)
{
    public int Workers { get; } = Math.Max(1, settings.Workers);

    /// <summary>One run's scored checkpoints (its WiSE-FT interpolations after them) and its summary.</summary>
    private sealed record RunOutcome(IReadOnlyList<CheckpointScore> Scores, RunSummary Summary);

    public async Task<(List<CheckpointScore> Scores, List<RunSummary> Runs)> RunAsync(IVectorEnv env, VlaPolicy basePolicy, RolloutCollector collector,
        Func<CancellationToken, Task<IVectorEnv>>? openEnv, FineTuneData data, IReadOnlyDictionary<string, FineTuneData> styledData, bool progress, CancellationToken ct)
    {
        var runs = profile.SeededRuns().ToList();
        if (Workers > 1 && openEnv is null)
            throw new ArgumentException($"{Workers} workers need an env each: the experiment was given no way to open more than one");
        var outcomes = new RunOutcome?[runs.Count];
        var queue = new ConcurrentQueue<int>(Schedule(runs));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);

        async Task WorkAsync(IVectorEnv workerEnv, VlaPolicy workerBase)
        {
            var runner = new FineTuneRunner(workerEnv, collector, progress);
            var evaluator = new PolicyEvaluator(workerEnv, collector);
            while (!failed.IsCancellationRequested && queue.TryDequeue(out var i))
                outcomes[i] = await RunOneAsync(runs[i], runner, evaluator, workerBase, data, styledData, failed.Token);
        }

        async Task WorkerAsync(int worker)
        {
            try
            {
                if (worker == 0) { await WorkAsync(env, basePolicy); return; }
                // Its own env and base: nothing a run mutates or caches is shared with another worker's run.
                await using var workerEnv = await openEnv!(failed.Token);
                using var workerBase = VlaPolicy.Load(baseDirectory);
                await WorkAsync(workerEnv, workerBase);
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }

        if (Workers == 1) await WorkerAsync(0);
        // Task.Run: each worker on its own thread, so the two runs' libtorch and MuJoCo calls overlap.
        else await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(w), CancellationToken.None)));

        var done = outcomes.Select((o, i) => o ?? throw new InvalidOperationException($"run {runs[i].Name} did not finish")).ToList();
        return ([.. done.SelectMany(o => o.Scores)], [.. done.Select(o => o.Summary)]);
    }

    /// <summary>
    /// Which runs start first: RL before SFT-like runs, each kind in profile order. The longest runs first leave the short
    /// ones to fill the other workers' time (with one worker the order changes nothing but the log).
    /// </summary>
    internal static IEnumerable<int> Schedule(IReadOnlyList<FineTuneOptions> runs) =>
        Enumerable.Range(0, runs.Count).OrderBy(i => runs[i].Method is FineTuneMethod.Grpo or FineTuneMethod.Ppo or FineTuneMethod.Hybrid ? 0 : 1);

    private async Task<RunOutcome> RunOneAsync(FineTuneOptions run, FineTuneRunner runner, PolicyEvaluator evaluator, VlaPolicy basePolicy,
        FineTuneData data, IReadOnlyDictionary<string, FineTuneData> styledData, CancellationToken ct)
    {
        var runDir = Path.Combine(settings.OutputDirectory, "runs", run.Name);
        var scores = new List<CheckpointScore>();
        // The time this run's checkpoints spent being scored: its training is the rest of its wall time. Counted here, not
        // from the shared stage clock, which other workers' scoring moves meanwhile.
        var scoring = TimeSpan.Zero;
        async Task ScoreAsync(VlaPolicy policy, int step)
        {
            var clock = Stopwatch.StartNew();
            var score = await MeasureAsync(evaluator, basePolicy, policy, run.Name, run.MethodLabel, step, alpha: null, ct);
            scoring += clock.Elapsed;
            scores.Add(score);
            CheckpointScoreLog.Append(runDir, score);
        }

        if (settings.Resume) await ResumeScoresAsync(run, runDir, scores, ScoreAsync);
        // Scoring a resume left unscored happens before the runner starts, so outside its wall time.
        scoring = TimeSpan.Zero;
        var result = await runner.RunAsync(basePolicy, run, run.DemoStyle is { } demoStyle ? styledData[demoStyle] : data, runDir,
            (policy, step, _) => ScoreAsync(policy, step), resume: settings.Resume, ct: ct, probe: probe);
        stages.Add(RazorExperiment.TrainingStage, result.WallTime - scoring);
        var summary = new RunSummary(run.Name, run.MethodLabel, run.LearningRate, run.KlWeight, run.ReplayFraction, run.Steps, result.WallTime.TotalSeconds)
        {
            KlBudget = run.KlBudget, StoppedAtStep = result.BudgetStop?.Step, LastForwardKl = result.LastKl?.ForwardKl,
            Configuration = run.Configuration, Seed = run.Seed,
        };

        if (run.MethodLabel == "sft" && profile.WiseFtAlphas.Count > 0)
        {
            using var endpoint = VlaPolicy.Load(new RunCheckpoints(runDir).PathFor(run.Steps));
            foreach (var alpha in profile.WiseFtAlphas)
            {
                using var merged = stages.Time(RazorExperiment.InterpolationStage, () => WeightInterpolation.Interpolate(basePolicy, endpoint, alpha));
                scores.Add(await MeasureAsync(evaluator, basePolicy, merged, $"wise-ft-{run.Name}", RazorExperiment.WiseFt, run.Steps, alpha, ct));
            }
        }
        return new RunOutcome(scores, summary);
    }

    private async Task<CheckpointScore> MeasureAsync(PolicyEvaluator evaluator, VlaPolicy basePolicy, VlaPolicy policy, string run, string method, int step, double? alpha, CancellationToken ct)
    {
        var s = await stages.TimeAsync(RazorExperiment.EvaluationStage, () => evaluator.EvaluateAsync(policy, suite, ct));
        // One probe for all workers: its measurements are taken one at a time (it is read-only, but costs little to keep simple).
        DivergenceReport divergence;
        double weightChange;
        lock (probe) (divergence, weightChange) = stages.Time(RazorExperiment.ProbeStage, () => (probe.Measure(policy), WeightChange.L2(basePolicy.Model, policy.Model)));
        var heldOut = profile.HeldOutTasks.ToDictionary(t => t, t => TaskScore.From(s[t]));
        var prior = heldOut.Values.Average(h => h.Rate);
        var label = alpha is { } a ? $"alpha {a:G3}" : $"step {step}";
        say($"  {run} {label}: {profile.NewTask} {s[profile.NewTask]}, prior {prior:P0} (base {basePrior:P0}), forward KL {divergence.ForwardKl:F3}");
        return new CheckpointScore(run, method, step, TaskScore.From(s[profile.NewTask]), heldOut, prior, basePrior - prior,
            divergence.ForwardKl, divergence.ReverseKl, divergence.TotalVariation, weightChange) { Alpha = alpha };
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
        if (latest > 0) say($"{run.Name}: resuming after step {latest} ({kept.Count} checkpoint score(s) kept, {missing.Count} to score again)");
        foreach (var step in missing)
        {
            using var policy = VlaPolicy.Load(checkpoints.PathFor(step));
            await scoreAsync(policy, step);
        }
    }
}
