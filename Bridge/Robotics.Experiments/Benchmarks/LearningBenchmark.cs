using System.Diagnostics;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.FineTuning;
using Robotics.Experiments.Logging;
using Robotics.Experiments.Pretraining;
using Robotics.Policy;
using Robotics.Policy.Training;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Benchmarks;

/// <summary>
/// End-to-end learning throughput on this machine: sampled rollouts (time split between simulator and policy), SFT
/// samples/s, one GRPO iteration at the default settings (collect vs update), and short learning curves for GRPO (success
/// per iteration) and SFT (success by samples seen) on the new task from the base.
/// </summary>
public sealed class LearningBenchmark(IVectorEnv env, RolloutCollector collector)
{
    public sealed record Settings(string Task, int GrpoIterations, int SftUpdates, int SftEvalEvery, int EvalEpisodes, int RolloutEpisodes);

    public async Task<LearningBenchmarkResult> RunAsync(VlaPolicy basePolicy, Settings settings, Action<string> say, CancellationToken ct = default)
    {
        // 1. Rollouts: sampled actions, as RL collects them.
        using var sampler = new PolicyActor(basePolicy, DecodingMode.Sample, 1f, seed: 5);
        var timed = new TimedActor(sampler);
        var clock = Stopwatch.StartNew();
        await collector.CollectAsync(env, timed, Enumerable.Range(0, settings.RolloutEpisodes).Select(i => new EpisodeRequest(settings.Task, 4_100_000UL + (ulong)i)).ToList(), ct);
        var wall = clock.Elapsed.TotalSeconds;
        var rolloutRate = timed.Steps / wall;
        var policyShare = timed.Elapsed.TotalSeconds / wall;
        say($"rollouts: {rolloutRate:F0} env steps/s, policy {policyShare:P0} of the time, simulator and bridge {1 - policyShare:P0}");

        // 2. SFT throughput and curve (success by samples seen).
        var demos = await new DemoCollector(env, collector).CollectAsync(settings.Task, 60, 0.3, 800_000, 3, ct);
        var data = EpisodeTransitions.FromDemonstrations(demos, basePolicy);
        var evaluator = new PolicyEvaluator(env, collector);
        var suite = EvaluationSuite.Create([settings.Task], settings.EvalEpisodes);
        var sftCurve = new List<(int, double)> { (0, (await evaluator.EvaluateAsync(basePolicy, suite, ct))[settings.Task].Rate) };
        double sftSeconds = 0;
        using (var policy = basePolicy.Clone())
        using (var sft = new Sft(policy, data, new SftOptions { Updates = settings.SftUpdates, Seed = 0, LearningRate = 3e-4 }))
        {
            for (var u = 1; u <= settings.SftUpdates; u++)
            {
                var t = Stopwatch.StartNew();
                sft.Update();
                sftSeconds += t.Elapsed.TotalSeconds;
                if (u % settings.SftEvalEvery == 0)
                    sftCurve.Add((u * 64, (await evaluator.EvaluateAsync(policy, suite, ct))[settings.Task].Rate));
            }
        }
        var sftRate = settings.SftUpdates * 64 / Math.Max(1e-9, sftSeconds);
        say($"sft: {sftRate:F0} samples/s; curve {string.Join(", ", sftCurve.Select(c => $"{c.Item1}:{c.Item2:P0}"))}");

        // 3. GRPO at the default settings: wall time per iteration split into collection and update, and its curve.
        var options = new FineTuneOptions { Method = FineTuneMethod.Grpo, Task = settings.Task, Grpo = new() { Iterations = settings.GrpoIterations }, CheckpointEvery = 1 };
        var grpoCurve = new List<(int, double)> { (0, sftCurve[0].Item2) };
        var runDir = Directory.CreateTempSubdirectory("bench-grpo-").FullName;
        double collect = 0, update = 0;
        try
        {
            await new FineTuneRunner(env, collector, progress: false).RunAsync(basePolicy, options, FineTuneData.None, runDir, async (policy, step, _) =>
                grpoCurve.Add((step, (await evaluator.EvaluateAsync(policy, suite, ct))[settings.Task].Rate)), ct: ct);
            // The trainer logs each iteration's collection and update time; the runner's step-0 row (the base's KL) has neither.
            foreach (var line in File.ReadLines(Path.Combine(runDir, "metrics.jsonl")))
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                if (!json.RootElement.TryGetProperty("perf/collect_seconds", out var collectSeconds)) continue;
                collect += collectSeconds.GetDouble();
                update += json.RootElement.GetProperty("perf/update_seconds").GetDouble();
            }
        }
        finally
        {
            Directory.Delete(runDir, recursive: true);
        }
        collect /= settings.GrpoIterations;
        update /= settings.GrpoIterations;
        say($"grpo: {collect + update:F1} s per iteration ({options.Grpo.Groups * options.Grpo.GroupSize} episodes: collect {collect:F1} s, update {update:F1} s); curve {string.Join(", ", grpoCurve.Select(c => $"{c.Item1}:{c.Item2:P0}"))}");

        return new LearningBenchmarkResult(MachineDescription.Current(), env.Spec.NumEnvs, rolloutRate, 1 - policyShare, policyShare, sftRate,
            collect + update, collect, update, options.Grpo.Groups * options.Grpo.GroupSize, grpoCurve, sftCurve);
    }
}
