using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Razor;

/// <summary>How the law's intervals are drawn; results.json records them so an interval can be reproduced.</summary>
public sealed record LawBootstrap(int Resamples = 2_000, ulong Seed = 17);

/// <summary>
/// RL's Razor's empirical forgetting law: forgetting fitted as a quadratic in forward KL(pi_0 || pi) on new-task states,
/// beside the same fit for the alternative predictors the paper compares (reverse KL, total variation, weight change),
/// each with percentile-bootstrap intervals: over checkpoints (which checkpoints happened to be trained) and over
/// episodes (how each checkpoint's success counts happened to fall), and the paired interval of its R^2's difference
/// from forward KL's.
/// </summary>
internal static class ForgettingLaw
{
    public const string AllButSft = "all except sft";
    private const int MinimumPoints = 3;   // a quadratic through fewer points fits exactly and says nothing

    private static readonly (string Name, Func<CheckpointScore, double> Select)[] Predictors =
    [
        ("forward_kl", s => s.ForwardKl),
        ("reverse_kl", s => s.ReverseKl),
        ("total_variation", s => s.TotalVariation),
        ("weight_change_l2", s => s.WeightChange),
    ];

    /// <param name="baseHeldOut">The base's prior-task counts, redrawn with the checkpoints' in the episode bootstrap;
    /// without them the base's prior success is taken as exact.</param>
    public static IReadOnlyList<PredictorFit> Fit(IReadOnlyList<CheckpointScore> scores, IReadOnlyDictionary<string, TaskScore>? baseHeldOut = null, LawBootstrap? bootstrap = null)
    {
        bootstrap ??= new LawBootstrap();
        var n = scores.Count;
        if (n < MinimumPoints) return Predictors.Select(p => new PredictorFit(p.Name, [], double.NaN, n)).ToList();

        var x = Predictors.Select(p => scores.Select(p.Select).ToArray()).ToArray();
        var y = scores.Select(s => s.Forgetting).ToArray();
        var quadratic = x.Select(xs => PolynomialFit.Fit(xs, y, 2)).ToArray();
        var linear = x.Select(xs => PolynomialFit.Fit(xs, y, 1)).ToArray();

        // Checkpoints resampled: per predictor its quadratic R^2, then its linear R^2, all on the same rows.
        var overCheckpoints = Bootstrap.Resample(n, bootstrap.Resamples, bootstrap.Seed, 2 * x.Length, rows =>
        {
            var ys = rows.Select(r => y[r]).ToArray();
            return x.Select(xs => RSquared(rows.Select(r => xs[r]).ToArray(), ys, 2))
                .Concat(x.Select(xs => RSquared(rows.Select(r => xs[r]).ToArray(), ys, 1))).ToArray();
        });
        var overEpisodes = EpisodeBootstrap(scores, baseHeldOut, x, bootstrap);

        var fits = new List<PredictorFit>();
        for (var p = 0; p < Predictors.Length; p++)
        {
            var isForward = p == 0;
            fits.Add(new PredictorFit(Predictors[p].Name, quadratic[p].Coefficients, quadratic[p].RSquared, n)
            {
                RSquaredInterval = ConfidenceInterval.Percentile95(overCheckpoints[p]),
                RSquaredEpisodeInterval = overEpisodes is null ? null : ConfidenceInterval.Percentile95(overEpisodes[p]),
                LinearCoefficients = linear[p].Coefficients,
                LinearRSquared = linear[p].RSquared,
                LinearRSquaredInterval = ConfidenceInterval.Percentile95(overCheckpoints[x.Length + p]),
                WithinMethod = Families(scores, Predictors[p].Select, bootstrap with { Seed = bootstrap.Seed + 1_000UL * (ulong)(p + 1) }),
                DifferenceFromForwardKl = quadratic[0].RSquared - quadratic[p].RSquared,
                DifferenceInterval = isForward ? null : ConfidenceInterval.Percentile95(Differences(overCheckpoints[0], overCheckpoints[p])),
                DifferenceEpisodeInterval = isForward || overEpisodes is null ? null : ConfidenceInterval.Percentile95(Differences(overEpisodes[0], overEpisodes[p])),
            });
        }
        return fits;
    }

    /// <summary>
    /// The parametric bootstrap over episodes: each checkpoint's prior-task success counts (and the base's) redrawn from
    /// Binomial(n, p_hat), forgetting recomputed, the predictors kept (they are measured on a fixed state set, not on
    /// these episodes). Null when the scores carry no per-task counts.
    /// </summary>
    private static double[][]? EpisodeBootstrap(IReadOnlyList<CheckpointScore> scores, IReadOnlyDictionary<string, TaskScore>? baseHeldOut, double[][] x, LawBootstrap bootstrap)
    {
        if (scores.Any(s => s.HeldOut.Count == 0)) return null;
        var random = new SplitMixStream(bootstrap.Seed ^ 0x5EED_E915_0DE5UL);
        var values = x.Select(_ => new double[bootstrap.Resamples]).ToArray();
        var y = new double[scores.Count];
        for (var b = 0; b < bootstrap.Resamples; b++)
        {
            double? basePrior = baseHeldOut is { Count: > 0 } ? baseHeldOut.Values.Average(t => Redraw(t, random)) : null;
            for (var i = 0; i < scores.Count; i++)
            {
                var s = scores[i];
                var prior = s.HeldOut.Values.Average(t => Redraw(t, random));
                y[i] = (basePrior ?? s.Forgetting + s.PriorSuccess) - prior;
            }
            for (var p = 0; p < x.Length; p++) values[p][b] = RSquared(x[p], y, 2);
        }
        return values;
    }

    private static double Redraw(TaskScore t, SplitMixStream random) =>
        t.Episodes == 0 ? t.Rate : (double)random.NextBinomial(t.Episodes, (double)t.Successes / t.Episodes) / t.Episodes;

    private static IReadOnlyList<FamilyFit> Families(IReadOnlyList<CheckpointScore> scores, Func<CheckpointScore, double> select, LawBootstrap bootstrap)
    {
        var groups = scores.GroupBy(s => s.Method).Select(g => (Family: g.Key, Scores: g.ToList())).ToList();
        if (groups.Count > 1 && groups.Any(g => g.Family == "sft"))
            groups.Add((AllButSft, scores.Where(s => s.Method != "sft").ToList()));
        var fits = new List<FamilyFit>();
        for (var g = 0; g < groups.Count; g++)
        {
            var (family, members) = groups[g];
            if (members.Count < MinimumPoints) { fits.Add(new FamilyFit(family, members.Count, double.NaN, null, double.NaN)); continue; }
            var xs = members.Select(select).ToArray();
            var ys = members.Select(s => s.Forgetting).ToArray();
            var samples = Bootstrap.Resample(members.Count, bootstrap.Resamples, bootstrap.Seed + (ulong)g, 1,
                rows => [RSquared(rows.Select(r => xs[r]).ToArray(), rows.Select(r => ys[r]).ToArray(), 2)]);
            fits.Add(new FamilyFit(family, members.Count, RSquared(xs, ys, 2), ConfidenceInterval.Percentile95(samples[0]), RSquared(xs, ys, 1)));
        }
        return fits;
    }

    private static double RSquared(double[] x, double[] y, int degree) => PolynomialFit.Fit(x, y, degree).RSquared;

    private static IEnumerable<double> Differences(double[] a, double[] b) => a.Zip(b, (u, v) => u - v);
}
