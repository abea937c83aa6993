namespace Robotics.Experiments.Evaluation;

/// <summary>A fixed list of seeds per task: every policy is scored on exactly these episodes.</summary>
public sealed record EvaluationSuite(IReadOnlyDictionary<string, IReadOnlyList<ulong>> SeedsByTask)
{
    /// <summary>Seeds 1,000,000 + task offset + i: disjoint from training seeds, which start at 0.</summary>
    public static EvaluationSuite Create(IEnumerable<string> tasks, int episodesPerTask, ulong firstSeed = 1_000_000)
    {
        var seeds = new Dictionary<string, IReadOnlyList<ulong>>();
        var offset = 0UL;
        foreach (var task in tasks)
        {
            seeds[task] = Enumerable.Range(0, episodesPerTask).Select(i => firstSeed + offset + (ulong)i).ToArray();
            offset += 10_000;
        }
        return new EvaluationSuite(seeds);
    }

    /// <summary>
    /// The suite a retention experiment scores every policy on: the new task's seeds from 1,000,000, each prior task's
    /// from 2,000,000 (+10,000 per task). The razor and <c>robotics evaluate</c> share it, so their numbers are on the same episodes.
    /// </summary>
    public static EvaluationSuite Retention(string newTask, int newTaskEpisodes, IReadOnlyList<string> priorTasks, int priorEpisodes)
    {
        var newSuite = Create([newTask], newTaskEpisodes);
        var priorSuite = Create(priorTasks, priorEpisodes, firstSeed: 2_000_000);
        return new EvaluationSuite(newSuite.SeedsByTask.Concat(priorSuite.SeedsByTask).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    public IEnumerable<string> Tasks => SeedsByTask.Keys;
}
