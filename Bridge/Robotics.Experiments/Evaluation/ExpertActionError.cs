using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Actors;
using Robotics.Policy;

namespace Robotics.Experiments.Evaluation;

/// <summary>
/// How far a policy's greedy action lands from the expert's on the expert's own states: the mean absolute error of the
/// translation (x, y, z), in millimetres, per task. Closed-loop success is the verdict; this says by how much a policy
/// that fails misses (DESIGN.md's pixel policies were 8-15 mm off where a grasp tolerates a few).
/// </summary>
public sealed class ExpertActionError(IVectorEnv env, RolloutCollector collector)
{
    /// <summary>The expert's episodes start here, each task <see cref="TaskSeedStride"/> later: away from demos and evaluation.</summary>
    public const ulong FirstSeed = 3_000_000;
    public const ulong TaskSeedStride = 10_000;
    /// <summary>Expert episodes per task that pretraining measures on (a constant, not an option: options make the base's inputs hash).</summary>
    public const int EpisodesPerTask = 8;
    private const int Batch = 64;

    /// <summary>Mean |policy - expert| of x, y and z over every step of <paramref name="episodesPerTask"/> noise-free expert episodes per task, mm.</summary>
    public async Task<IReadOnlyDictionary<string, TranslationError>> MeasureAsync(VlaPolicy policy, IReadOnlyList<string> tasks, int episodesPerTask, CancellationToken ct = default)
    {
        if (!env.Spec.HasExpert) throw new InvalidOperationException($"the simulator '{env.Spec.Backend}' has no scripted expert to compare against");
        var errors = new Dictionary<string, TranslationError>();
        for (var k = 0; k < tasks.Count; k++)
        {
            var requests = Enumerable.Range(0, episodesPerTask).Select(i => new EpisodeRequest(tasks[k], FirstSeed + (ulong)k * TaskSeedStride + (ulong)i)).ToList();
            var episodes = await collector.CollectAsync(env, new ExpertActor(), requests, ct);
            // The steps in episode order, as the training sets hold them; the expert's continuous actions in the same order.
            var states = EpisodeTransitions.FromDemonstrations(episodes, policy);
            var labels = episodes.SelectMany(e => e.Actions).ToArray();
            var sum = new double[3];
            long count = 0;
            for (var start = 0; start < states.Count; start += Batch)
            {
                var rows = Enumerable.Range(start, Math.Min(Batch, states.Count - start)).ToArray();
                var step = policy.Act(states.Observations(rows), DecodingMode.Greedy);
                for (var i = 0; i < rows.Length; i++, count++)
                    for (var axis = 0; axis < 3; axis++)
                        sum[axis] += Math.Abs(step.Actions[i * Episode.ActionDim + axis] - labels[rows[i] * Episode.ActionDim + axis]);
            }
            double Mm(int axis) => count == 0 ? double.NaN : 1000 * sum[axis] / count;
            errors[tasks[k]] = new TranslationError(Mm(0), Mm(1), Mm(2));
        }
        return errors;
    }
}

/// <summary>
/// Mean absolute translation error per axis, mm, in the simulator's frame. On the tabletop the front camera looks along -x
/// from x = 0.62 m (its image rows are x and z mixed, its columns y): it sees y directly and x, the depth, only as
/// foreshortened rows, so a pixel policy whose x error dwarfs its y error lacks a view, not data.
/// </summary>
public sealed record TranslationError(double X, double Y, double Z)
{
    /// <summary>The mean over the three axes (what pretrain.json's <c>Translation</c> holds).</summary>
    public double Mean => (X + Y + Z) / 3;
}
