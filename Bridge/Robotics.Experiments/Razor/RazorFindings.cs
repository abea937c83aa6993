using System.Globalization;

namespace Robotics.Experiments.Razor;

/// <summary>Plain-language findings, computed from the numbers (never asserted in advance): what held and what did not.</summary>
public static class RazorFindings
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
            f.Add(string.Format(inv, "{0}: best {1} success {2:P0} (95% CI {3:P0}-{4:P0}) at {5} step {6}, where prior-task success was {7:P0} (base {8:P0}) and forward KL {9:F2} nats.",
                method, r.NewTask, best.NewTask.Rate, best.NewTask.Low, best.NewTask.High, best.Run, best.Step, best.PriorSuccess, basePrior, best.ForwardKl));
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
            var forward = r.Law.First(l => l.Predictor == "forward_kl");
            f.Add(string.Format(inv, "Forgetting law over {0} checkpoints: quadratic in forward KL R^2 = {1:F2}; {2}. The paper reports 0.96 (ParityMNIST) and 0.71 (LLMs).",
                forward.Points, forward.RSquared, string.Join(", ", r.Law.Where(l => l.Predictor != "forward_kl").Select(l => string.Format(inv, "{0} {1:F2}", l.Predictor, l.RSquared)))));
            f.Add(fits[0].Predictor == "forward_kl"
                ? "Forward KL was the best predictor of forgetting among those compared."
                : $"Forward KL was not the best predictor here: {fits[0].Predictor} fitted better.");
        }
        f.Add("Each run is one seed; success rates carry the Wilson 95% intervals shown, so differences inside them are not evidence.");
        return f;
    }
}
