using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Pretraining;

/// <summary>Collects successful scripted-expert demonstrations per task (the paper keeps only successful demos).</summary>
public sealed class DemoCollector(IVectorEnv env, RolloutCollector collector)
{
    /// <summary>Seeds from <paramref name="firstSeed"/> upwards; failures are dropped and more seeds tried until <paramref name="count"/> succeed.</summary>
    public async Task<IReadOnlyList<Episode>> CollectAsync(string task, int count, double noise, ulong firstSeed, int seed, CancellationToken ct = default)
    {
        if (!env.Spec.HasExpert) throw new InvalidOperationException($"the simulator '{env.Spec.Backend}' offers no scripted expert, so it cannot make demonstrations");
        var kept = new List<Episode>(count);
        var next = firstSeed;
        var attempts = 0;
        while (kept.Count < count)
        {
            var batch = Math.Max(env.Spec.NumEnvs, (int)((count - kept.Count) * 1.15) + 2);
            var requests = Enumerable.Range(0, batch).Select(i => new EpisodeRequest(task, next + (ulong)i)).ToList();
            next += (ulong)batch;
            attempts += batch;
            var episodes = await collector.CollectAsync(env, new ExpertActor(noise, (ulong)(seed + attempts)), requests, ct);
            kept.AddRange(episodes.Where(e => e.Success && !e.PhysicsError && !e.Aborted).Take(count - kept.Count));
            if (attempts > 4 * count + 64)
                throw new InvalidOperationException($"the expert succeeded on only {kept.Count} of {attempts} '{task}' episodes with noise {noise}: lower the noise or fix the expert");
        }
        return kept;
    }
}
