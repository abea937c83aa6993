using Robotics.Experiments.Evaluation;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Retention;

/// <summary>
/// Scores a base and a candidate checkpoint on the same seeded episodes of each task, in batches, and decides from
/// confidence bounds (<see cref="SequentialRetentionTest"/>) whether the candidate kept enough: the check a CI pipeline runs
/// after a fine-tune. It passes, fails, or says the episodes cannot tell and how many would.
/// </summary>
public sealed class RetentionGate(IVectorEnv env, RolloutCollector collector)
{
    private const ulong FirstSeed = 3_000_000;

    public async Task<RetentionVerdict> CheckAsync(VlaPolicy basePolicy, VlaPolicy candidate, RetentionGateOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var evaluator = new PolicyEvaluator(env, collector);
        async Task<IReadOnlyDictionary<string, (SuccessRate, SuccessRate)>> ScoreAsync(IReadOnlyList<string> tasks, int from, int to, CancellationToken token)
        {
            var suite = Suite(options.Tasks, tasks, from, to);
            var before = await evaluator.EvaluateAsync(basePolicy, suite, token);
            var after = await evaluator.EvaluateAsync(candidate, suite, token);
            return tasks.ToDictionary(t => t, t => (before[t], after[t]));
        }
        var (results, looks) = await new SequentialRetentionTest(options).RunAsync(ScoreAsync, ct);

        double? kl = null;
        if (options.MaxKl is not null)
        {
            var requests = options.Tasks.SelectMany(t => Enumerable.Range(0, 4).Select(i => new EpisodeRequest(t, 3_500_000UL + (ulong)i))).ToList();
            using var probe = await KlProbeFactory.FromBaseRolloutsAsync(env, collector, basePolicy, requests, options.KlStates, seed: 3_500_000, ct);
            kl = probe.Measure(candidate).ForwardKl;
        }
        var outcome = Outcome(results, kl, options.MaxKl);
        var run = results.Max(r => Math.Max(r.Base.Episodes, r.Candidate.Episodes));
        return new RetentionVerdict(results, kl, options.MaxKl, outcome, options.Confidence, options.MinRetention, run, options.Episodes, looks);
    }

    /// <summary>Fail when a task forgot or the KL is over its limit; pass when every task holds; otherwise the episodes could not tell.</summary>
    public static GateOutcome Outcome(IReadOnlyList<TaskRetention> tasks, double? forwardKl, double? maxKl)
    {
        if (tasks.Any(t => t.Verdict == TaskVerdict.Forgot) || forwardKl > maxKl) return GateOutcome.Fail;
        return tasks.All(t => t.Passed) ? GateOutcome.Pass : GateOutcome.Inconclusive;
    }

    /// <summary>Episodes [from, to) of the given tasks; a task's seeds depend only on its place in the full list, so every look and every run sees the same episodes.</summary>
    private static EvaluationSuite Suite(IReadOnlyList<string> allTasks, IReadOnlyList<string> tasks, int from, int to) =>
        new(tasks.ToDictionary(t => t, t => (IReadOnlyList<ulong>)Enumerable.Range(from, to - from)
            .Select(i => FirstSeed + 10_000UL * (ulong)IndexOf(allTasks, t) + (ulong)i).ToArray()));

    private static int IndexOf(IReadOnlyList<string> tasks, string task)
    {
        for (var i = 0; i < tasks.Count; i++) if (tasks[i] == task) return i;
        throw new ArgumentException($"'{task}' is not among the gate's tasks");
    }
}
