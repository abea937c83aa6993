using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Retention;

/// <summary>
/// The gate's statistics: scores base and candidate in batches of episodes and, after each batch, tests every task whose
/// verdict is still open. Per task the null "forgot" (margin p_c - m p_b below 0) is rejected, and the task holds, when the
/// margin's lower bound at the look's alpha is at or above 0; "holds" is rejected, and the task forgot, when the upper bound at
/// alpha / tasks is below 0 (Bonferroni over tasks: one forgotten task fails the whole gate, so every task gets a share).
/// Passing needs every task to hold (an intersection-union test, which needs no share). Alpha is spent over the looks by
/// <see cref="SequentialSchedule"/>, so each error rate stays at most 1 - confidence however many looks the run takes.
/// </summary>
internal sealed class SequentialRetentionTest(RetentionGateOptions options)
{
    /// <summary>Scores both policies on episodes [from, to) of each task (the same seeded episodes for both).</summary>
    public delegate Task<IReadOnlyDictionary<string, (SuccessRate Base, SuccessRate Candidate)>> BatchScorer(
        IReadOnlyList<string> tasks, int fromEpisode, int toEpisode, CancellationToken ct);

    /// <summary>The largest --episodes the "would decide" search considers.</summary>
    public const int SearchLimit = RetentionGateOptions.MaxEpisodes;

    public async Task<(IReadOnlyList<TaskRetention> Tasks, int Looks)> RunAsync(BatchScorer score, CancellationToken ct = default)
    {
        options.Validate();
        var schedule = SequentialSchedule.Create(options.Episodes, options.LookEvery, options.Alpha);
        var counts = options.Tasks.ToDictionary(t => t, _ => (Base: new SuccessRate(0, 0), Candidate: new SuccessRate(0, 0)));
        var decided = new Dictionary<string, TaskRetention>();
        var from = 0;
        var looks = 0;
        for (var k = 0; k < schedule.Looks.Count; k++)
        {
            var open = options.Tasks.Where(t => !decided.ContainsKey(t)).ToList();
            var batch = await score(open, from, schedule.Looks[k], ct);
            from = schedule.Looks[k];
            looks++;
            foreach (var task in open)
            {
                var (b, c) = counts[task];
                counts[task] = (Add(b, batch[task].Base), Add(c, batch[task].Candidate));
                var result = Decide(task, counts[task].Base, counts[task].Candidate, schedule.AlphaAtLook[k]);
                if (result.Verdict != TaskVerdict.Inconclusive) decided[task] = result;
            }
            if (decided.Count == options.Tasks.Count || decided.Values.Any(d => d.Verdict == TaskVerdict.Forgot)) break;
        }
        var finalLook = looks == schedule.Looks.Count;
        var tasks = options.Tasks.Select(t => decided.TryGetValue(t, out var d) ? d : Unresolved(t, counts[t].Base, counts[t].Candidate, schedule.AlphaAtLook[looks - 1], finalLook)).ToList();
        return (tasks, looks);
    }

    /// <summary>One look's test for one task, at the look's share <paramref name="alpha"/> of the error rate.</summary>
    public TaskRetention Decide(string task, SuccessRate baseRate, SuccessRate candidate, double alpha)
    {
        var m = options.MinRetention;
        var low = RetentionMargin.Bounds(baseRate, candidate, m, SequentialSchedule.Z(alpha)).Low;
        var high = RetentionMargin.Bounds(baseRate, candidate, m, SequentialSchedule.Z(alpha / options.Tasks.Count)).High;
        var verdict = low >= 0 ? TaskVerdict.Holds : high < 0 ? TaskVerdict.Forgot : TaskVerdict.Inconclusive;
        return new TaskRetention(task, baseRate, candidate, Policy.Metrics.Retention.RatioOf(baseRate.Rate, candidate.Rate), verdict, low, high, null);
    }

    /// <summary>
    /// The smallest --episodes (a multiple of --batch past those already run) at which the final look would decide, if the
    /// observed rates held; null when none up to <see cref="SearchLimit"/> would (the rates sit on the threshold).
    /// </summary>
    public int? EpisodesToDecide(double baseRate, double candidateRate, int episodesRun)
    {
        for (var n = episodesRun + options.LookEvery; n <= SearchLimit; n += options.LookEvery)
        {
            var alpha = SequentialSchedule.FinalAlpha(n, options.LookEvery, options.Alpha);
            var low = RetentionMargin.Bounds(baseRate, n, candidateRate, n, options.MinRetention, SequentialSchedule.Z(alpha)).Low;
            var high = RetentionMargin.Bounds(baseRate, n, candidateRate, n, options.MinRetention, SequentialSchedule.Z(alpha / options.Tasks.Count)).High;
            if (low >= 0 || high < 0) return n;
        }
        return null;
    }

    private TaskRetention Unresolved(string task, SuccessRate baseRate, SuccessRate candidate, double alpha, bool finalLook)
    {
        var result = Decide(task, baseRate, candidate, alpha);
        // Checked only once every episode has run: a base at 0 of the first batch may still succeed later.
        if (finalLook && baseRate.Successes == 0) return result with { Verdict = TaskVerdict.NothingToForget };
        return result with { EpisodesToDecide = EpisodesToDecide(baseRate.Rate, candidate.Rate, Math.Max(baseRate.Episodes, candidate.Episodes)) };
    }

    private static SuccessRate Add(SuccessRate a, SuccessRate b) => new(a.Successes + b.Successes, a.Episodes + b.Episodes);
}
