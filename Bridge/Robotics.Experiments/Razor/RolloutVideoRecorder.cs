using System.Globalization;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.Reports;
using Robotics.Policy;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Razor;

/// <summary>
/// Records what forgetting looks like: for the base and each method's best checkpoint, one success and one failure
/// per task, every policy acting greedily (as it is scored) on the same evaluation seeds, as GIFs under videos/.
/// A policy that succeeds (or fails) on every seed has no video of the other outcome for that task.
/// </summary>
internal sealed class RolloutVideoRecorder(IVectorEnv env, RolloutCollector collector)
{
    public const string Folder = "videos";

    /// <summary>Seeds per task each policy is rolled out on: enough to find both outcomes usually, few enough to cost little.</summary>
    public const int SeedsPerTask = 6;

    /// <summary>The policies to show: the base, then per method (in run order) its best checkpoint by new-task success, then prior-task success, then the earliest step.</summary>
    public static IReadOnlyList<(string Label, int Step, string Run)> BestCheckpoints(IReadOnlyList<CheckpointScore> scores) =>
        scores.GroupBy(s => s.Method)
            .Select(g => g.OrderByDescending(s => s.NewTask.Rate).ThenByDescending(s => s.PriorSuccess).ThenBy(s => s.Step).First())
            .Select(s => (string.Create(CultureInfo.InvariantCulture, $"{s.Method} ({s.Run} step {s.Step})"), s.Step, s.Run))
            .ToList();

    /// <param name="policies">Each policy with its label (its first word names the files: "base" or the method); loaded one at a time, so only one fine-tuned copy is in memory.</param>
    public async Task<IReadOnlyList<RolloutVideo>> RecordAsync(IReadOnlyList<(string Label, Func<VlaPolicy> Load)> policies,
        EvaluationSuite seeds, string reportDirectory, CancellationToken ct = default)
    {
        var folder = Path.Combine(reportDirectory, Folder);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); // a resumed experiment records afresh
        Directory.CreateDirectory(folder);
        var requests = seeds.SeedsByTask.SelectMany(kv => kv.Value.Take(SeedsPerTask).Select(seed => new EpisodeRequest(kv.Key, seed))).ToList();
        var videos = new List<RolloutVideo>();
        for (var p = 0; p < policies.Count; p++)
        {
            using var policy = policies[p].Load();
            using var actor = new PolicyActor(policy, DecodingMode.Greedy);
            var episodes = await collector.CollectAsync(env, actor, requests, ct);
            foreach (var task in seeds.SeedsByTask.Keys)
            {
                foreach (var outcome in new[] { true, false })
                {
                    var shown = episodes.FirstOrDefault(e => e is not null && e.Task == task && !e.PhysicsError && e.Success == outcome);
                    if (shown is null) continue;
                    var file = string.Create(CultureInfo.InvariantCulture, $"{Folder}/{policies[p].Label.Split(' ')[0]}-{task}-{(outcome ? "success" : "failure")}-seed{shown.Seed}.gif");
                    EpisodeGif.Write(Path.Combine(reportDirectory, file), shown);
                    videos.Add(new RolloutVideo(policies[p].Label, task, shown.Seed, shown.Success, shown.Steps, file, EpisodeGif.Caption(shown)));
                }
            }
        }
        return videos;
    }
}
