using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
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

    /// <summary>Mean |policy - expert| of x, y, z over every step of <paramref name="episodesPerTask"/> noise-free expert episodes per task, mm.</summary>
    public async Task<IReadOnlyDictionary<string, double>> MeasureAsync(VlaPolicy policy, IReadOnlyList<string> tasks, int episodesPerTask, CancellationToken ct = default)
    {
        if (!env.Spec.HasExpert) throw new InvalidOperationException($"the simulator '{env.Spec.Backend}' has no scripted expert to compare against");
        var errors = new Dictionary<string, double>();
        for (var k = 0; k < tasks.Count; k++)
        {
            var requests = Enumerable.Range(0, episodesPerTask).Select(i => new EpisodeRequest(tasks[k], FirstSeed + (ulong)k * TaskSeedStride + (ulong)i)).ToList();
            var episodes = await collector.CollectAsync(env, new ExpertActor(), requests, ct);
            double sum = 0;
            long count = 0;
            foreach (var (obs, labels) in Batches(episodes))
            {
                var step = policy.Act(obs, DecodingMode.Greedy);
                for (var row = 0; row < obs.BatchSize; row++)
                    for (var axis = 0; axis < 3; axis++, count++)
                        sum += Math.Abs(step.Actions[row * Episode.ActionDim + axis] - labels[row * Episode.ActionDim + axis]);
            }
            errors[tasks[k]] = count == 0 ? double.NaN : 1000 * sum / count;
        }
        return errors;
    }

    /// <summary>Every step of the episodes as observation batches of up to <see cref="Batch"/>, with the expert's actions.</summary>
    private static IEnumerable<(ObservationBatch Observations, float[] Labels)> Batches(IReadOnlyList<Episode> episodes)
    {
        var steps = episodes.SelectMany(e => Enumerable.Range(0, e.Steps).Select(t => (Episode: e, T: t))).ToList();
        for (var start = 0; start < steps.Count; start += Batch)
        {
            var chunk = steps.Skip(start).Take(Batch).ToList();
            var first = chunk[0].Episode;
            int h = first.ImageHeight, w = first.ImageWidth, p = first.ProprioDim, bytes = h * w * 3;
            var images = new byte[chunk.Count * bytes];
            var proprio = new float[chunk.Count * p];
            var labels = new float[chunk.Count * Episode.ActionDim];
            for (var i = 0; i < chunk.Count; i++)
            {
                var (e, t) = chunk[i];
                e.Images.AsSpan(t * bytes, bytes).CopyTo(images.AsSpan(i * bytes));
                e.Proprio.AsSpan(t * p, p).CopyTo(proprio.AsSpan(i * p));
                e.Actions.AsSpan(t * Episode.ActionDim, Episode.ActionDim).CopyTo(labels.AsSpan(i * Episode.ActionDim));
            }
            yield return (new ObservationBatch(chunk.Count, h, w, images, p, proprio, [.. chunk.Select(c => c.Episode.Instruction)]), labels);
        }
    }
}
