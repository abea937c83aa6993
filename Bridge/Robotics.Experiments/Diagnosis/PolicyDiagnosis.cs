using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Diagnosis;

/// <summary>One layout's K sampled rollouts: successes, where the target stood at the start, and how each one ended.</summary>
public sealed record LayoutOutcome(ulong Seed, int Successes, int Samples, float? TargetX, float? TargetY, IReadOnlyDictionary<string, int> Endings);

/// <summary>What <c>robotics diagnose</c> found: per-layout outcomes, the binomial check, and the failure classes.</summary>
public sealed record DiagnosisResult(
    string Task, int Layouts, int SamplesPerLayout, float Temperature, ulong FirstSeed,
    LayoutSpread Spread, IReadOnlyList<LayoutOutcome> Outcomes, IReadOnlyDictionary<string, int> Endings, bool Classified);

/// <summary>
/// Answers "why does my policy fail?": K sampled rollouts on each of N held-out layouts, the binomial check of whether
/// the failures are noise or layout-specific, and each failure classified from the recorded state (when the env records
/// the objects' poses, as the tabletop does on request).
/// </summary>
public sealed class PolicyDiagnosis(IVectorEnv env, RolloutCollector collector, IReadOnlyList<string>? proprioNames)
{
    public async Task<DiagnosisResult> RunAsync(VlaPolicy policy, string task, int layouts, int samples, float temperature,
        ulong firstSeed, long seed, CancellationToken ct = default)
    {
        if (layouts < 1 || samples < 1) throw new ArgumentException($"layouts and samples must be positive, got {layouts} and {samples}");
        var requests = Enumerable.Range(0, layouts).SelectMany(l => Enumerable.Repeat(new EpisodeRequest(task, firstSeed + (ulong)l), samples)).ToList();
        using var policyActor = new PolicyActor(policy, DecodingMode.Sample, temperature, seed);
        var actor = new ProprioTrimmingActor(policyActor, policy.Config.ProprioDim);
        var episodes = await collector.CollectAsync(env, actor, requests, ct);
        var columns = proprioNames is null ? null : PickStateColumns.For(task, proprioNames);

        var outcomes = new List<LayoutOutcome>();
        for (var l = 0; l < layouts; l++)
        {
            var group = episodes.Skip(l * samples).Take(samples).Where(e => e is { Aborted: false }).ToArray();
            var endings = group.Select(e => Ending(e, columns)).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
            float? x = null, y = null;
            if (columns is not null && group.Length > 0)
            {
                x = group[0].Proprio[columns.TargetX];
                y = group[0].Proprio[columns.TargetX + 1];
            }
            outcomes.Add(new LayoutOutcome(firstSeed + (ulong)l, group.Count(e => e.Success && !e.PhysicsError), group.Length, x, y, endings));
        }
        var spread = LayoutSpread.From(outcomes.Select(o => o.Successes * samples / Math.Max(1, o.Samples)).ToArray(), samples);
        var totals = outcomes.SelectMany(o => o.Endings).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        return new DiagnosisResult(task, layouts, samples, temperature, firstSeed, spread, outcomes, totals, columns is not null);
    }

    private static string Ending(Episode e, PickStateColumns? columns) =>
        (columns is null
            ? e.Success && !e.PhysicsError ? FailureKind.Success : e.PhysicsError ? FailureKind.BlewUp : FailureKind.Other
            : FailureClassifier.Classify(e, columns)).ToString();
}
