using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Actors;
using Robotics.Experiments.FineTuning;
using Robotics.Policy;

namespace Robotics.Experiments.Pretraining;

/// <summary>Collects successful scripted-expert demonstrations per task (the paper keeps only successful demos).</summary>
public sealed class DemoCollector(IVectorEnv env, RolloutCollector collector)
{
    /// <summary>Seeds from <paramref name="firstSeed"/> upwards; failures are dropped and more seeds tried until <paramref name="count"/> succeed.
    /// <paramref name="style"/>: one of the task's expert styles (<see cref="EnvSpec.ExpertStyles"/>); null = the default expert.</summary>
    public async Task<IReadOnlyList<Episode>> CollectAsync(string task, int count, double noise, ulong firstSeed, int seed, CancellationToken ct = default,
        string? style = null)
    {
        if (!env.Spec.HasExpert) throw new InvalidOperationException($"the simulator '{env.Spec.Backend}' offers no scripted expert, so it cannot make demonstrations");
        env.Spec.RequireExpertStyle(task, style);
        var kept = new List<Episode>(count);
        var next = firstSeed;
        var attempts = 0;
        while (kept.Count < count)
        {
            var batch = Math.Max(env.Spec.NumEnvs, (int)((count - kept.Count) * 1.15) + 2);
            var requests = Enumerable.Range(0, batch).Select(i => new EpisodeRequest(task, next + (ulong)i)).ToList();
            next += (ulong)batch;
            attempts += batch;
            var episodes = await collector.CollectAsync(env, new ExpertActor(noise, (ulong)(seed + attempts), style), requests, ct);
            kept.AddRange(episodes.Where(e => e.Success && !e.PhysicsError && !e.Aborted).Take(count - kept.Count));
            if (attempts > 4 * count + 64)
                throw new InvalidOperationException($"the expert{(style is null ? "" : $" ({style})")} succeeded on only {kept.Count} of {attempts} '{task}' episodes with noise {noise}: lower the noise or fix the expert");
        }
        return kept;
    }

    /// <summary>
    /// The demonstrations of <paramref name="plan"/> as a fine-tuning run's data: the new task's (collected, or
    /// <paramref name="newTaskEpisodes"/> when given, e.g. read from a file) and each prior task's, as the base
    /// policy's transitions. No prior tasks: no replay data (null).
    /// </summary>
    public async Task<FineTuneData> CollectFineTuneDataAsync(FineTuneDemoPlan plan, VlaPolicy basePolicy, IReadOnlyList<Episode>? newTaskEpisodes = null,
        CancellationToken ct = default)
    {
        var newTask = newTaskEpisodes
            ?? await CollectAsync(plan.NewTask, plan.NewTaskDemos, plan.Noise, FineTuneDemoPlan.NewTaskFirstSeed, plan.NewTaskSeed, ct, plan.NewTaskStyle);
        var prior = new List<Episode>();
        var firstSeed = FineTuneDemoPlan.PriorTaskFirstSeed;
        foreach (var task in plan.PriorTasks)
        {
            prior.AddRange(await CollectAsync(task, plan.PriorDemosPerTask, plan.Noise, firstSeed, plan.PriorTaskSeed, ct));
            firstSeed += FineTuneDemoPlan.PriorTaskSeedStride;
        }
        return new FineTuneData(
            EpisodeTransitions.FromDemonstrations(newTask, basePolicy),
            plan.PriorTasks.Count == 0 ? null : EpisodeTransitions.FromDemonstrations(prior, basePolicy));
    }
}
