using System.Diagnostics;
using System.Text.Json;
using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.Logging;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Policy.Training;

namespace Robotics.Experiments.Pretraining;

/// <summary>
/// Makes the multi-task base policy: expert demonstrations of the prior tasks (and a few of the new task), the action
/// normaliser from their statistics, then behaviour cloning with periodic closed-loop evaluation (loss is no guide to
/// success here, see DESIGN.md's probe).
/// </summary>
public sealed class BasePolicyTrainer(IVectorEnv env, RolloutCollector collector, bool progress = true)
{
    public const string ResultFile = "pretrain.json";

    public async Task<BasePolicyResult> TrainAsync(PretrainOptions options, string checkpointDirectory, string inputsHash, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var demos = new DemoCollector(env, collector);
        var episodes = new List<Episode>();
        var taskIndex = 0UL;
        foreach (var (task, count) in options.PriorTasks.Select(t => (t, options.DemosPerPriorTask)).Append((options.NewTask, options.NewTaskDemos)))
        {
            if (count == 0) continue;
            var collected = await demos.CollectAsync(task, count, options.DemoNoise, firstSeed: taskIndex++ * 100_000, seed: (int)options.Seed, ct);
            episodes.AddRange(collected);
            Say($"demos: {collected.Count} successful '{task}' episodes, {collected.Sum(e => e.Steps)} steps");
        }

        var statistics = ActionStatistics.FromActions(episodes.SelectMany(e => e.Actions).ToArray(), 7);
        var proprio = ActionStatistics.FromActions(episodes.SelectMany(e => e.Proprio).ToArray(), episodes[0].ProprioDim);
        var config = VlaConfig.Preset(options.ModelConfig) with
        {
            ImageSize = options.ImageSize,
            ProprioDim = episodes[0].ProprioDim,
            ObjectPoses = options.ObjectPoses,
            ProprioMean = proprio.Mean,
            ProprioStd = proprio.Std.Select(s => Math.Max(s, 1e-3f)).ToArray(),
        };
        // Every instruction the tabletop knows, so held-out and new-task words have ids even when unseen in training.
        var instructions = episodes.Select(e => e.Instruction).Concat(Robotics.Tabletop.TaskSuite.All.Select(t => t.Instruction)).Distinct();
        var tokenizer = WordTokenizer.FromInstructions(instructions, config.VocabSize);
        // Dimensions the experts barely use (rotation: they only level the gripper) would have q01 ~ q99, and OpenVLA's
        // normalisation would blow their noise up to the whole [-1, 1] range; leave those unnormalised (a constant bin).
        var mask = Enumerable.Range(0, 7).Select(d => d < 6 && statistics.Q99[d] - statistics.Q01[d] > 1e-3f).ToArray();
        using var policy = VlaPolicy.Create(config, ActionNormalizer.FromStatistics(statistics, mask), tokenizer, options.Seed);

        var data = EpisodeTransitions.FromDemonstrations(episodes, policy);
        var sftOptions = new SftOptions
        {
            BatchSize = options.BatchSize,
            Updates = options.Updates,
            Seed = options.Seed,
            Optimizer = new OptimizerOptions { LearningRate = options.LearningRate, WarmupUpdates = 200, Cosine = true, WeightDecay = 0.01 },
        };
        using var sft = new Sft(policy, data, sftOptions);
        using var log = new MetricsLog(Path.Combine(checkpointDirectory + ".log"));
        var evaluator = new PolicyEvaluator(env, collector);
        var suite = EvaluationSuite.Create(options.AllTasks, options.EvaluationEpisodes);
        var bar = new ConsoleProgress("pretrain", options.Updates, progress);

        IReadOnlyDictionary<string, SuccessRate> success = new Dictionary<string, SuccessRate>();
        for (var update = 1; update <= options.Updates; update++)
        {
            var metrics = sft.Update();
            if (update % 50 == 0) log.Write(metrics);
            bar.Report(update, $"loss {metrics["losses/sft"]:F3}");
            if (update % options.EvaluateEvery == 0 || update == options.Updates)
            {
                success = await evaluator.EvaluateAsync(policy, suite, ct);
                log.Write(metrics, success.ToDictionary(kv => $"charts/success/{kv.Key}", kv => kv.Value.Rate));
                Say($"update {update}: " + string.Join(", ", success.Select(kv => $"{kv.Key} {kv.Value}")));
                // Saved at every evaluation (atomically), so a run stopped early still leaves its latest scored base.
                policy.Save(checkpointDirectory);
            }
        }

        var result = new BasePolicyResult(checkpointDirectory, inputsHash, success, options.Updates, data.Count, clock.Elapsed);
        await File.WriteAllTextAsync(Path.Combine(checkpointDirectory, ResultFile),
            JsonSerializer.Serialize(new { options, result.InputsHash, Success = success.ToDictionary(kv => kv.Key, kv => new { kv.Value.Successes, kv.Value.Episodes, kv.Value.Rate, Wilson95 = new[] { kv.Value.Wilson95.Low, kv.Value.Wilson95.High } }), result.Updates, result.DemoSteps, WallTimeSeconds = result.WallTime.TotalSeconds },
                new JsonSerializerOptions { WriteIndented = true }), ct);
        return result;
    }

    private void Say(string line)
    {
        if (progress) Spectre.Console.AnsiConsole.MarkupLine(Spectre.Console.Markup.Escape(line));
    }
}
