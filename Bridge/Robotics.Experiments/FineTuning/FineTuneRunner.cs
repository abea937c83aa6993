using System.Diagnostics;
using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Logging;
using Robotics.Policy;
using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// Runs one fine-tuning method from the base policy, writing a checkpoint every K steps (and handing it to the caller,
/// who evaluates it), metrics to JSONL and TensorBoard, and resuming from the last complete checkpoint when asked.
/// Every source of randomness is derived from the run's seed and step, so a resumed run ends where an uninterrupted one would.
/// </summary>
public sealed class FineTuneRunner(IVectorEnv env, RolloutCollector collector, bool progress = true)
{
    public delegate Task CheckpointHandler(VlaPolicy policy, int step, string checkpointPath);

    public async Task<FineTuneResult> RunAsync(VlaPolicy basePolicy, FineTuneOptions options, FineTuneData data, string runDirectory,
        CheckpointHandler? onCheckpoint = null, bool resume = false, CancellationToken ct = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var checkpoints = new RunCheckpoints(runDirectory);
        var latest = resume ? checkpoints.Latest() : null;
        var startStep = latest?.Step ?? 0;
        if (!resume && Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
        Directory.CreateDirectory(runDirectory);

        using var policy = latest is { } l ? VlaPolicy.Load(l.Path) : basePolicy.Clone();
        using var trainer = CreateTrainer(options, policy, basePolicy, data);
        if (latest is { } c)
        {
            trainer.LoadExtras(c.Path);
            trainer.Optimizer.Load(Path.Combine(c.Path, RunCheckpoints.OptimizerFile));
            trainer.FastForward(c.Step);
        }
        using var log = new MetricsLog(runDirectory, append: resume, keepUpToStep: startStep);
        var bar = new ConsoleProgress(options.Name, options.Steps, progress, startStep);
        var written = new List<string>();
        for (var step = startStep + 1; step <= options.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            var metrics = await trainer.StepAsync(step, ct);
            log.Write(metrics);
            bar.Report(step, Summary(metrics));
            if (options.IsCheckpointStep(step))
            {
                var path = checkpoints.PathFor(step);
                policy.Save(path);
                trainer.SaveExtras(path);
                // Written last: its presence marks the checkpoint complete (RunCheckpoints.Latest).
                trainer.Optimizer.Save(Path.Combine(path, RunCheckpoints.OptimizerFile));
                written.Add(path);
                if (onCheckpoint is not null) await onCheckpoint(policy, step, path);
            }
        }
        return new FineTuneResult(options, written, clock.Elapsed, startStep);
    }

    private static string Summary(TrainingMetrics metrics) =>
        string.Join(" ", metrics.Values.Where(kv => kv.Key.StartsWith("losses/", StringComparison.Ordinal) || kv.Key.StartsWith("charts/success", StringComparison.Ordinal))
            .Take(3).Select(kv => $"{kv.Key[(kv.Key.IndexOf('/') + 1)..]} {kv.Value:F3}"));

    private IFineTuneTrainer CreateTrainer(FineTuneOptions options, VlaPolicy policy, VlaPolicy basePolicy, FineTuneData data) => options.Method switch
    {
        FineTuneMethod.Sft => new SupervisedTrainer(new Sft(policy, data.RequireDemos(options), SftOptionsFor(options), data.PriorTaskDemos)),
        FineTuneMethod.KlSft => new SupervisedTrainer(new KlSft(policy, basePolicy, data.RequireDemos(options), SftOptionsFor(options))),
        FineTuneMethod.Grpo => new GrpoTrainer(env, collector, policy, basePolicy, options),
        FineTuneMethod.Ppo => new PpoTrainer(env, collector, policy, options),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "unknown method"),
    };

    private static SftOptions SftOptionsFor(FineTuneOptions o) => new()
    {
        BatchSize = o.BatchSize,
        Updates = o.Steps,
        Seed = o.Seed,
        ReplayFraction = o.ReplayFraction,
        KlCoef = o.KlCoef,
        Optimizer = new OptimizerOptions { LearningRate = o.LearningRate, WarmupUpdates = 10 },
    };
}
