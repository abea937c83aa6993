using System.Diagnostics;
using System.Globalization;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Logging;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Policy.Training;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// Runs one fine-tuning method from the base policy, writing a checkpoint every K steps (and handing it to the caller,
/// who evaluates it), metrics to JSONL and TensorBoard, and resuming from the last complete checkpoint when asked.
/// Every source of randomness is derived from the run's seed and step, so a resumed run ends where an uninterrupted one would.
/// It watches forgetting as it happens: forward KL(base || policy) on a fixed probe of new-task states at step 0 and every
/// <see cref="FineTuneOptions.KlProbeInterval"/> steps, and a KL budget stops the run (or, for KL-SFT, steers its beta).
/// </summary>
public sealed class FineTuneRunner(IVectorEnv env, RolloutCollector collector, bool progress = true)
{
    public delegate Task CheckpointHandler(VlaPolicy policy, int step, string checkpointPath);

    /// <summary>KL-SFT's current beta, written into each checkpoint of a budgeted run so a resume continues the controller.</summary>
    public const string KlCoefFile = "kl-coef.txt";

    /// <param name="probe">The forward-KL probe to monitor with (the razor shares one over its runs); null: the run's own,
    /// collected once from the base's rollouts and stored in the run folder (<see cref="RunKlProbe"/>).</param>
    public async Task<FineTuneResult> RunAsync(VlaPolicy basePolicy, FineTuneOptions options, FineTuneData data, string runDirectory,
        CheckpointHandler? onCheckpoint = null, bool resume = false, CancellationToken ct = default, ForwardKlProbe? probe = null)
    {
        options.Validate();
        if (!resume && Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
        Directory.CreateDirectory(runDirectory);
        if (options.Method == FineTuneMethod.Hybrid) return await RunHybridAsync(basePolicy, options, data, runDirectory, onCheckpoint, resume, probe, ct);
        return await RunPhaseAsync(basePolicy, null, options, data, runDirectory, onCheckpoint, resume, probe, ct);
    }

    /// <summary>
    /// The hybrid: the SFT warm start runs in warmup/ (its own checkpoints and metrics, stopped by the KL budget), then GRPO
    /// continues from the warm start's last checkpoint in the run folder itself, every KL still measured against the base.
    /// warmup/start.txt records which warm-start step GRPO began from, so a resume after the warm start skips it.
    /// </summary>
    private async Task<FineTuneResult> RunHybridAsync(VlaPolicy basePolicy, FineTuneOptions options, FineTuneData data, string runDirectory,
        CheckpointHandler? onCheckpoint, bool resume, ForwardKlProbe? probe, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var ownProbe = probe is null ? await RunKlProbe.LoadOrCollectAsync(env, collector, basePolicy, options, runDirectory, ct) : null;
        using var _ = ownProbe;
        var shared = probe ?? ownProbe!;
        var warmupDirectory = Path.Combine(runDirectory, "warmup");
        var startFile = Path.Combine(warmupDirectory, "start.txt");
        FineTuneResult? warmup = null;
        if (!(resume && File.Exists(startFile)))
        {
            Directory.CreateDirectory(warmupDirectory);
            warmup = await RunPhaseAsync(basePolicy, null, options.WarmupPhase, data, warmupDirectory, null, resume, shared, ct);
            File.WriteAllText(startFile, (new RunCheckpoints(warmupDirectory).Latest()?.Step ?? 0).ToString(CultureInfo.InvariantCulture));
        }
        var startStep = int.Parse(File.ReadAllText(startFile), CultureInfo.InvariantCulture);
        using var start = startStep > 0 ? VlaPolicy.Load(new RunCheckpoints(warmupDirectory).PathFor(startStep)) : null;
        if (progress) Spectre.Console.AnsiConsole.MarkupLine(Spectre.Console.Markup.Escape($"{options.Name}: GRPO from the warm start's step {startStep}"));
        var grpo = await RunPhaseAsync(basePolicy, start, options.GrpoPhase, FineTuneData.None, runDirectory, onCheckpoint, resume, shared, ct);
        return grpo with { Options = options, WallTime = clock.Elapsed, Warmup = warmup, WarmupStartStep = startStep };
    }

    /// <param name="start">The policy training starts from (null: the base); KL is always measured against the base.</param>
    private async Task<FineTuneResult> RunPhaseAsync(VlaPolicy basePolicy, VlaPolicy? start, FineTuneOptions options, FineTuneData data, string runDirectory,
        CheckpointHandler? onCheckpoint, bool resume, ForwardKlProbe? probe, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var checkpoints = new RunCheckpoints(runDirectory);
        var latest = resume ? checkpoints.Latest() : null;
        var startStep = latest?.Step ?? 0;

        using var policy = latest is { } l ? VlaPolicy.Load(l.Path) : (start ?? basePolicy).Clone();
        // Before the trainer makes its optimiser, which keeps only trainable parameters (a resumed run freezes the same ones).
        policy.Freeze(options.Frozen);
        var (trainer, klSft) = CreateTrainer(options, policy, basePolicy, data);
        using var _ = trainer;
        var controller = options.AdaptsKlCoef ? new AdaptiveKlCoef(options.KlBudget!.Value, options.InitialKlCoef) : null;
        if (latest is { } c)
        {
            trainer.LoadExtras(c.Path);
            trainer.Optimizer.Load(Path.Combine(c.Path, RunCheckpoints.OptimizerFile));
            trainer.FastForward(c.Step);
            if (controller is not null) controller.Restore(double.Parse(File.ReadAllText(Path.Combine(c.Path, KlCoefFile)), CultureInfo.InvariantCulture));
        }
        if (klSft is not null) klSft.KlCoef = controller?.Value ?? options.InitialKlCoef;

        var ownProbe = probe is null ? await RunKlProbe.LoadOrCollectAsync(env, collector, basePolicy, options, runDirectory, ct) : null;
        var kl = probe ?? ownProbe!;
        using var __ = ownProbe;
        using var log = new MetricsLog(runDirectory, append: resume, keepUpToStep: startStep);
        // Step 0 is where the phase starts (the base: KL 0); a resumed run already logged it, and measures its checkpoint only to know where it stands.
        var last = (Step: startStep, Divergence: kl.Measure(policy));
        if (startStep == 0) log.Write(new TrainingMetrics(0, KlMetrics(last.Divergence)));
        (int Step, double Kl)? lastCheckpoint = startStep > 0 ? (startStep, last.Divergence.ForwardKl) : null;

        var bar = new ConsoleProgress(options.Name, options.Steps, progress, startStep);
        var written = new List<string>();
        KlBudgetStop? stop = null;
        for (var step = startStep + 1; step <= options.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            var metrics = await trainer.StepAsync(step, ct);
            Dictionary<string, double>? extra = null;
            if (step % options.KlProbeInterval == 0 || options.IsCheckpointStep(step))
            {
                last = (step, kl.Measure(policy));
                extra = KlMetrics(last.Divergence);
                if (controller is not null) klSft!.KlCoef = controller.Update(last.Divergence.ForwardKl);
            }
            log.Write(metrics, extra);
            bar.Report(step, Summary(metrics, last.Step, last.Divergence.ForwardKl));
            if (options.StopsAtKlBudget && extra is not null && last.Divergence.ForwardKl > options.KlBudget!.Value)
            {
                // Over budget: this step's weights are not kept, so the run's last checkpoint is the last one under it.
                stop = new KlBudgetStop(options.KlBudget.Value, step, last.Divergence.ForwardKl, lastCheckpoint?.Step, lastCheckpoint?.Kl);
                if (progress) Spectre.Console.AnsiConsole.MarkupLine(Spectre.Console.Markup.Escape($"{options.Name}: {stop.Describe()}"));
                break;
            }
            if (options.IsCheckpointStep(step))
            {
                var path = checkpoints.PathFor(step);
                policy.Save(path);
                trainer.SaveExtras(path);
                if (controller is not null) File.WriteAllText(Path.Combine(path, KlCoefFile), controller.Value.ToString("R", CultureInfo.InvariantCulture));
                // Written last: its presence marks the checkpoint complete (RunCheckpoints.Latest).
                trainer.Optimizer.Save(Path.Combine(path, RunCheckpoints.OptimizerFile));
                written.Add(path);
                lastCheckpoint = (step, last.Divergence.ForwardKl);
                if (onCheckpoint is not null) await onCheckpoint(policy, step, path);
            }
        }
        return new FineTuneResult(options, written, clock.Elapsed, startStep) { LastKl = (last.Step, last.Divergence.ForwardKl), BudgetStop = stop };
    }

    /// <summary>The monitor's scalars, namespaced as the trainers' own ("kl/forward" is the forgetting law's predictor).</summary>
    public static Dictionary<string, double> KlMetrics(DivergenceReport d) => new()
    {
        ["kl/forward"] = d.ForwardKl,
        ["kl/reverse"] = d.ReverseKl,
        ["kl/total_variation"] = d.TotalVariation,
    };

    private static string Summary(TrainingMetrics metrics, int klStep, double forwardKl) =>
        string.Join(" ", metrics.Values.Where(kv => kv.Key.StartsWith("losses/", StringComparison.Ordinal) || kv.Key.StartsWith("charts/success", StringComparison.Ordinal))
            .Take(3).Select(kv => $"{kv.Key[(kv.Key.IndexOf('/') + 1)..]} {kv.Value:F3}"))
        + string.Create(CultureInfo.InvariantCulture, $" forward_kl {forwardKl:F3} (step {klStep})");

    private (AlgorithmAdapter Trainer, KlSft? KlSft) CreateTrainer(FineTuneOptions options, VlaPolicy policy, VlaPolicy basePolicy, FineTuneData data)
    {
        var rollouts = new BridgeRolloutSource(env, collector, options.Task);
        switch (options.Method)
        {
            case FineTuneMethod.Sft: return (AlgorithmAdapter.For(new Sft(policy, data.RequireDemos(options), options.Sft, data.PriorTaskDemos)), null);
            case FineTuneMethod.KlSft:
                var klSft = new KlSft(policy, basePolicy, data.RequireDemos(options), options.Sft, options.InitialKlCoef);
                return (AlgorithmAdapter.For(klSft), klSft);
            case FineTuneMethod.Grpo: return (AlgorithmAdapter.For(new Grpo(policy, rollouts, options.Grpo, basePolicy)), null);
            case FineTuneMethod.Ppo: return (AlgorithmAdapter.For(new Ppo(policy, rollouts, options.Ppo)), null);
            default: throw new ArgumentOutOfRangeException(nameof(options), options.Method, "unknown method");
        }
    }
}
