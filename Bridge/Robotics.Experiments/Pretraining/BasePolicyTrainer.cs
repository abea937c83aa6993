using System.Diagnostics;
using System.Text.Json;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.Logging;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Policy.Training;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Model;

namespace Robotics.Experiments.Pretraining;

/// <summary>
/// Makes the multi-task base policy: expert demonstrations of the prior tasks (and a few of the new task), the action
/// normaliser from their statistics, then behaviour cloning with periodic closed-loop evaluation (loss is no guide to
/// success here, see DESIGN.md's probe).
/// </summary>
public sealed class BasePolicyTrainer(IVectorEnv env, RolloutCollector collector, bool progress = true)
{
    public const string ResultFile = "pretrain.json";

    /// <summary>
    /// The base's words: those of the demonstrations and of every instruction the simulator offers (its describe
    /// response: the tabletop's tasks in process, a remote server's own otherwise), so held-out and new-task words have
    /// ids even when unseen in training.
    /// </summary>
    internal static WordTokenizer Vocabulary(IEnumerable<string> demoInstructions, EnvSpec spec, int vocabSize) =>
        WordTokenizer.FromInstructions(demoInstructions.Concat(spec.TaskInstructions).Distinct(), vocabSize);

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

        var statistics = ActionStatistics.FromActions(episodes.SelectMany(e => e.Actions).ToArray(), Episode.ActionDim);
        var proprio = ActionStatistics.FromActions(episodes.SelectMany(e => e.Proprio).ToArray(), episodes[0].ProprioDim);
        var config = VlaConfig.Preset(options.ModelConfig) with
        {
            ImageSize = options.ImageSize,
            ProprioDim = episodes[0].ProprioDim,
            ObjectPoses = options.ObjectPoses,
            ProprioMean = proprio.Mean,
            ProprioStd = proprio.Std.Select(s => Math.Max(s, 1e-3f)).ToArray(),
        };
        var tokenizer = Vocabulary(episodes.Select(e => e.Instruction), env.Spec, config.VocabSize);
        // Dimensions the experts barely use (rotation: they only level the gripper) would have q01 ~ q99, and OpenVLA's
        // normalisation would blow their noise up to the whole [-1, 1] range; leave those unnormalised (a constant bin).
        var mask = Enumerable.Range(0, Episode.ActionDim).Select(d => d < 6 && statistics.Q99[d] - statistics.Q01[d] > 1e-3f).ToArray();
        using var policy = VlaPolicy.Create(config, ActionNormalizer.FromStatistics(statistics, mask), tokenizer, options.Seed);

        var data = EpisodeTransitions.FromDemonstrations(episodes, policy);
        var sftOptions = new SftOptions
        {
            BatchSize = options.BatchSize,
            Updates = options.Updates,
            Seed = options.Seed,
            LearningRate = options.LearningRate,
            WarmupUpdates = 200,
            Cosine = true,
            ImageShift = options.ImageShift,
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

        var trainingTime = clock.Elapsed;
        var heldOut = await ScoreHeldOutAsync(policy, options, ct);
        var actionError = await MeasureActionErrorAsync(policy, options, ct);
        var result = new BasePolicyResult(checkpointDirectory, inputsHash, success, options.Updates, data.Count, trainingTime, heldOut) { ActionErrorMm = actionError };
        await File.WriteAllTextAsync(Path.Combine(checkpointDirectory, ResultFile),
            JsonSerializer.Serialize(new
            {
                options, result.InputsHash, Success = Json(success), result.Updates, result.DemoSteps, WallTimeSeconds = result.WallTime.TotalSeconds,
                HeldOut = new { options.HeldOutNewTaskEpisodes, options.HeldOutPriorEpisodes, Decoding = "greedy", Success = Json(heldOut) },
                ActionErrorMm = ActionErrorJson(actionError),
            }, new JsonSerializerOptions { WriteIndented = true }), ct);
        return result;
    }

    /// <summary>
    /// Scores an existing base on the held-out suite and records it in its result file (the rest of the file unchanged):
    /// for a base trained before the suite's size changed, without retraining it.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, SuccessRate> HeldOut, IReadOnlyDictionary<string, TranslationError> ActionErrorMm)> RescoreAsync(
        string checkpointDirectory, PretrainOptions options, CancellationToken ct = default)
    {
        var file = Path.Combine(checkpointDirectory, ResultFile);
        var node = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file, ct))!.AsObject();
        using var policy = VlaPolicy.Load(checkpointDirectory);
        var heldOut = await ScoreHeldOutAsync(policy, options, ct);
        var actionError = await MeasureActionErrorAsync(policy, options, ct);
        node["HeldOut"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(new
        {
            options.HeldOutNewTaskEpisodes, options.HeldOutPriorEpisodes, Decoding = "greedy", Success = Json(heldOut),
        }));
        node["ActionErrorMm"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(ActionErrorJson(actionError)));
        await File.WriteAllTextAsync(file, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
        return (heldOut, actionError);
    }

    /// <summary>Translation error of the greedy action against the noise-free expert on its own states (see <see cref="ExpertActionError"/>).</summary>
    private async Task<IReadOnlyDictionary<string, TranslationError>> MeasureActionErrorAsync(VlaPolicy policy, PretrainOptions options, CancellationToken ct)
    {
        var errors = await new ExpertActionError(env, collector).MeasureAsync(policy, [.. options.AllTasks], ExpertActionError.EpisodesPerTask, ct);
        Say("action error on expert states (mm, x/y/z): " + string.Join(", ", errors.Select(kv => $"{kv.Key} {kv.Value.X:F1}/{kv.Value.Y:F1}/{kv.Value.Z:F1}")));
        return errors;
    }

    private static object ActionErrorJson(IReadOnlyDictionary<string, TranslationError> errors) => new
    {
        Episodes = ExpertActionError.EpisodesPerTask, FirstSeed = ExpertActionError.FirstSeed,
        Translation = errors.ToDictionary(kv => kv.Key, kv => kv.Value.Mean),
        TranslationPerAxis = errors.ToDictionary(kv => kv.Key, kv => new[] { kv.Value.X, kv.Value.Y, kv.Value.Z }),
    };

    /// <summary>Greedy success on the retention suite (new task from seed 1,000,000, prior tasks from 2,000,000).</summary>
    public async Task<IReadOnlyDictionary<string, SuccessRate>> ScoreHeldOutAsync(VlaPolicy policy, PretrainOptions options, CancellationToken ct = default)
    {
        var suite = EvaluationSuite.Retention(options.NewTask, options.HeldOutNewTaskEpisodes, options.PriorTasks, options.HeldOutPriorEpisodes);
        var scores = await new PolicyEvaluator(env, collector).EvaluateAsync(policy, suite, ct);
        Say("held-out: " + string.Join(", ", scores.Select(kv => $"{kv.Key} {kv.Value}")));
        return scores;
    }

    private static Dictionary<string, object> Json(IReadOnlyDictionary<string, SuccessRate> scores) => scores.ToDictionary(kv => kv.Key, kv => (object)new
    {
        kv.Value.Successes, kv.Value.Episodes, kv.Value.PhysicsErrors, kv.Value.Rate, Wilson95 = new[] { kv.Value.Wilson95.Low, kv.Value.Wilson95.High },
    });

    private void Say(string line)
    {
        if (progress) Spectre.Console.AnsiConsole.MarkupLine(Spectre.Console.Markup.Escape(line));
    }
}
