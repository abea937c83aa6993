using Robotics.Bridge;
using Robotics.Experiments.Evaluation;
using Robotics.Policy;

namespace Robotics.Experiments.Retention;

/// <summary>
/// Scores a base and a candidate checkpoint on the same seeded episodes of each task and decides whether the candidate
/// kept enough: the check a CI pipeline runs after a fine-tune. A task the base never solves cannot be forgotten, so it passes.
/// </summary>
public sealed class RetentionGate(IVectorEnv env, RolloutCollector collector)
{
    public async Task<RetentionVerdict> CheckAsync(VlaPolicy basePolicy, VlaPolicy candidate, RetentionGateOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var suite = EvaluationSuite.Create(options.Tasks, options.Episodes, firstSeed: 3_000_000);
        var evaluator = new PolicyEvaluator(env, collector);
        var before = await evaluator.EvaluateAsync(basePolicy, suite, ct);
        var after = await evaluator.EvaluateAsync(candidate, suite, ct);
        var tasks = options.Tasks.Select(t =>
        {
            var ratio = before[t].Rate <= 0 ? 1.0 : after[t].Rate / before[t].Rate;
            return new TaskRetention(t, before[t], after[t], ratio, ratio >= options.MinRetention - 1e-12);
        }).ToList();

        double? kl = null;
        if (options.MaxKl is not null)
        {
            var requests = options.Tasks.SelectMany(t => Enumerable.Range(0, 4).Select(i => new EpisodeRequest(t, 3_500_000UL + (ulong)i))).ToList();
            using var probe = await KlProbeFactory.FromBaseRolloutsAsync(env, collector, basePolicy, requests, options.KlStates, seed: 3_500_000, ct);
            kl = probe.Measure(candidate).ForwardKl;
        }
        var passed = tasks.All(t => t.Passed) && (kl is null || kl <= options.MaxKl);
        return new RetentionVerdict(tasks, kl, options.MaxKl, passed);
    }
}
