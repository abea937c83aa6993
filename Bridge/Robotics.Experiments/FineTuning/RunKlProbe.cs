using Robotics.Experiments.Evaluation;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// A run's own forward-KL probe: new-task states from the base's sampled rollouts, collected once and stored in the run
/// folder (kl-probe.episodes), so a resumed run measures on exactly the states the interrupted one did.
/// </summary>
public static class RunKlProbe
{
    public const string FileName = "kl-probe.episodes";
    /// <summary>Rollout seeds and sampling seed: the KL-probe band (see <see cref="Robotics.Policy.Training.TrainingSeeds"/>), the razor's own.</summary>
    private const ulong FirstSeed = 4_000_000;

    public static async Task<ForwardKlProbe> LoadOrCollectAsync(IVectorEnv env, RolloutCollector collector, VlaPolicy basePolicy,
        FineTuneOptions options, string runDirectory, CancellationToken ct)
    {
        var path = Path.Combine(runDirectory, FileName);
        IReadOnlyList<Episode> episodes;
        if (File.Exists(path)) episodes = new EpisodeDatasetReader(path).ToList();
        else
        {
            var requests = Enumerable.Range(0, options.KlProbeEpisodes).Select(i => new EpisodeRequest(options.Task, FirstSeed + (ulong)i)).ToList();
            episodes = await KlProbeFactory.CollectAsync(env, collector, basePolicy, requests, (long)FirstSeed, ct);
            using var writer = EpisodeDatasetWriter.Create(path, DatasetHeader.For(env.Spec, "kl-probe: the base's sampled rollouts"));
            foreach (var e in episodes) writer.Write(e);
            writer.Complete();
        }
        return KlProbeFactory.FromEpisodes(basePolicy, episodes, options.KlProbeStates, (long)FirstSeed);
    }
}
