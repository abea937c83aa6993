using System.Globalization;

namespace Robotics.Experiments.Razor;

/// <summary>Plain-language findings, computed from the numbers (never asserted in advance): what held and what did not.</summary>
internal static class RazorFindings
{
    public static IReadOnlyList<string> Describe(RazorResults r)
    {
        var f = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        var basePrior = r.BaseHeldOut.Values.Average(s => s.Rate);
        f.Add(string.Format(inv, "Base policy: {0} {1:P0} ({2}/{3}); prior tasks {4:P0} on average.", r.NewTask, r.BaseNewTask.Rate, r.BaseNewTask.Successes, r.BaseNewTask.Episodes, basePrior));
        if (basePrior < 0.3)
            f.Add(string.Format(inv, "The base solves only {0:P0} of its prior tasks, so there is little it can forget: this run cannot show whether RL forgets less than SFT. Train a competent base first (`robotics pretrain`, aim >= 60% per prior task).", basePrior));

        foreach (var method in r.Checkpoints.Select(c => c.Method).Distinct())
        {
            var best = r.Checkpoints.Where(c => c.Method == method).OrderByDescending(c => c.NewTask.Rate).ThenByDescending(c => c.PriorSuccess).First();
            var where = best.Alpha is { } alpha ? string.Format(inv, "{0} alpha {1:G3}", best.Run, alpha) : string.Format(inv, "{0} step {1}", best.Run, best.Step);
            f.Add(string.Format(inv, "{0}: best {1} success {2:P0} (95% CI {3:P0}-{4:P0}) at {5}, where prior-task success was {6:P0} (base {7:P0}) and forward KL {8:F2} nats.",
                method, r.NewTask, best.NewTask.Rate, best.NewTask.Low, best.NewTask.High, where, best.PriorSuccess, basePrior, best.ForwardKl));
        }

        foreach (var rl in new[] { "grpo", "ppo" })
        {
            var bands = r.Matched.Where(b => b.MethodA == rl && b.MethodB == "sft").ToList();
            if (bands.Count == 0)
            {
                if (r.Checkpoints.Any(c => c.Method == rl))
                    f.Add($"{rl} vs sft: no band of matched {r.NewTask} success holds checkpoints of both, so they cannot be compared at equal new-task success.");
                continue;
            }
            var rlPrior = bands.Average(b => b.PriorA);
            var sftPrior = bands.Average(b => b.PriorB);
            var verdict = rlPrior > sftPrior + 0.05 ? $"{rl} kept more of the prior tasks, as the paper reports"
                : sftPrior > rlPrior + 0.05 ? $"sft kept more of the prior tasks: the paper's direction did NOT hold here"
                : "the two kept about the same (within 5 points)";
            // A comparison at matched success means little if the RL method never got past the base on the new task.
            var rlBest = r.Checkpoints.Where(c => c.Method == rl).MaxBy(c => c.NewTask.Low)!;
            var caveat = rlBest.NewTask.Low > r.BaseNewTask.Rate ? ""
                : string.Format(inv, " But no {0} checkpoint is above the base's {1} success ({2:P0}) beyond its 95% interval: this compares checkpoints that have not learned the new task.",
                    rl, r.NewTask, r.BaseNewTask.Rate);
            f.Add(string.Format(inv, "At matched {0} success ({1} band(s) of 10 points), prior-task success averaged {2:P0} for {3} vs {4:P0} for sft: {5}.{6}",
                r.NewTask, bands.Count, rlPrior, rl, sftPrior, verdict, caveat));
        }

        var fits = r.Law.Where(l => double.IsFinite(l.RSquared)).OrderByDescending(l => l.RSquared).ToList();
        var spread = r.Checkpoints.Count == 0 ? 0 : r.Checkpoints.Max(c => c.Forgetting) - r.Checkpoints.Min(c => c.Forgetting);
        if (spread < 0.1)
        {
            f.Add(string.Format(inv, "Forgetting varied by only {0:P0} across the checkpoints (the base knew {1:P0} of its prior tasks), so the forgetting law cannot be tested on this run; the R^2 values say nothing.", spread, basePrior));
        }
        else if (fits.Count > 0)
        {
            f.AddRange(DescribeLaw(r.Law));
        }
        var seeds = r.Runs.Select(run => run.Seed).Distinct().Count();
        f.Add(seeds > 1
            ? $"Each configuration ran {seeds} run seeds (\"Across run seeds\" gives their means and 95% intervals); each run's success rates carry the Wilson 95% intervals shown, so differences inside them are not evidence."
            : "Each run is one seed; success rates carry the Wilson 95% intervals shown, so differences inside them are not evidence.");
        return f;
    }

    /// <summary>
    /// The law with its uncertainty: forward KL's fits and intervals, the fit within each method family, and each other
    /// predictor against forward KL, "cannot be told apart" wherever the paired interval of the R^2 difference covers 0.
    /// </summary>
    private static IEnumerable<string> DescribeLaw(IReadOnlyList<PredictorFit> law)
    {
        var inv = CultureInfo.InvariantCulture;
        var forward = law.First(l => l.Predictor == "forward_kl");
        yield return string.Format(inv, "Forgetting law over {0} checkpoints: quadratic in forward KL R^2 = {1:F2} (95% CI {2} resampling checkpoints{3}); linear R^2 = {4:F2}{5}, intercept {6:+0.00;-0.00} (proportional would be 0). The paper reports 0.96 (ParityMNIST) and 0.71 (LLMs).",
            forward.Points, forward.RSquared, Show(forward.RSquaredInterval),
            forward.RSquaredEpisodeInterval is { } e ? $", {Show(e)} redrawing episodes" : "",
            forward.LinearRSquared, forward.LinearRSquaredInterval is { } li ? $" (95% CI {Show(li)})" : "",
            forward.LinearCoefficients.Length > 0 ? forward.LinearCoefficients[0] : double.NaN);
        var families = forward.WithinMethod.Where(w => double.IsFinite(w.RSquared)).ToList();
        if (families.Count > 0)
            yield return "Within each method family, quadratic in forward KL: " + string.Join("; ", families.Select(w =>
                string.Format(inv, "{0} R^2 = {1:F2} (95% CI {2}, {3} checkpoints)", w.Family, w.RSquared, Show(w.RSquaredInterval), w.Points))) + ".";

        var untold = new List<string>();
        var worse = new List<string>();
        var better = new List<string>();
        foreach (var other in law.Where(l => l.Predictor != "forward_kl" && double.IsFinite(l.RSquared)))
        {
            var interval = other.DifferenceInterval;
            var line = string.Format(inv, "{0} (R^2 {1:F2}; difference {2:+0.00;-0.00;0.00}, 95% CI {3}{4})", other.Predictor, other.RSquared, other.DifferenceFromForwardKl, Show(interval, signed: true),
                other.DifferenceEpisodeInterval is { } de ? $", redrawing episodes {Show(de, signed: true)}" : "");
            // Told apart only where neither source of chance (which checkpoints, which episodes) could erase the difference.
            var intervals = new[] { interval, other.DifferenceEpisodeInterval }.OfType<Robotics.Policy.Metrics.ConfidenceInterval>().ToList();
            if (interval is null || intervals.Any(i => i.Covers(0))) untold.Add(line);
            else if (intervals.All(i => i.Low > 0)) worse.Add(line);
            else if (intervals.All(i => i.High < 0)) better.Add(line);
            else untold.Add(line);
        }
        if (worse.Count > 0) yield return "Forward KL fitted better than " + string.Join(", ", worse) + ".";
        if (untold.Count > 0) yield return "Forward KL and " + string.Join(", ", untold) + " cannot be told apart: an interval of R^2(forward KL) - R^2(other), over checkpoints or over episodes, covers 0.";
        if (better.Count > 0) yield return "Forward KL fitted worse than " + string.Join(", ", better) + ".";
        yield return untold.Count == 0 && better.Count == 0 && worse.Count > 0
            ? "Forward KL was the best predictor of forgetting among those compared, beyond the bootstrap intervals."
            : "Forward KL is not shown to be the best predictor: the intervals above do not separate it from every other.";
    }

    private static string Show(Robotics.Policy.Metrics.ConfidenceInterval? i, bool signed = false) =>
        i is null || !double.IsFinite(i.Low) ? "n/a"
        : string.Format(CultureInfo.InvariantCulture, signed ? "[{0:+0.00;-0.00;0.00}, {1:+0.00;-0.00;0.00}]" : "[{0:F2}, {1:F2}]", i.Low, i.High);
}
