using System.Globalization;
using System.Text;
using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Reports;

/// <summary>The report as Markdown: findings, tables, plots and rollout clips, images referenced relative to the report folder.</summary>
internal static class ReportMarkdown
{
    public static string Build(RazorResults r, IReadOnlyList<string> plots)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine($"# RL's Razor on the tabletop: what fine-tuning on `{r.NewTask}` made the policy forget").AppendLine();
        md.AppendLine(inv, $"Profile `{r.Profile}`, simulator {r.Simulator}, {r.Machine}. Started {r.Started:u}, wall time {r.WallTimeSeconds / 60:F1} min.");
        md.AppendLine(inv, $"Base checkpoint `{r.BaseCheckpoint}` (relative to this report) ({r.BaseOrigin}{(r.BaseOrigin == "trained" ? string.Format(inv, ", {0:F1} min", r.BaseTrainSeconds / 60) : "")}); KL probe over {r.KlProbeStates} new-task states.").AppendLine();
        if (r.PolicyInputs.Length > 0) md.AppendLine($"Policy inputs: {r.PolicyInputs}.").AppendLine();
        if (r.SuccessScoring.Length > 0) md.AppendLine($"Success rates: {Evaluation.SuccessScoringLabel.Describe(Evaluation.SuccessScoringLabel.Parse(r.SuccessScoring))}.").AppendLine();
        md.AppendLine("## Findings").AppendLine();
        foreach (var f in r.Findings) md.AppendLine($"- {f}");
        md.AppendLine().AppendLine("## Base policy").AppendLine();
        md.AppendLine("| task | success | 95% CI |").AppendLine("| --- | --- | --- |");
        md.AppendLine(Row(r.NewTask + " (new)", r.BaseNewTask));
        foreach (var (task, s) in r.BaseHeldOut) md.AppendLine(Row(task, s));
        md.AppendLine().AppendLine("## Checkpoints").AppendLine();
        md.AppendLine("Forward KL is E_s[KL(π₀ ‖ π)] on action prefixes sampled from π₀, reverse KL E_s[KL(π ‖ π₀)] on prefixes sampled from π, TV the per-token mean of each action token's total variation; wise-ft rows are weight interpolations (1 − α) θ₀ + α θ_sft of the SFT run's last checkpoint.").AppendLine();
        md.AppendLine($"| run | method | step | {r.NewTask} | prior tasks | forgetting | forward KL | reverse KL | TV (per-token mean) | weight L2 |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var c in r.Checkpoints)
            md.AppendLine(inv, $"| {c.Run} | {c.Method} | {(c.Alpha is { } a ? string.Format(inv, "α = {0:G3}", a) : c.Step.ToString(inv))} | {c.NewTask.Successes}/{c.NewTask.Episodes} | {c.PriorSuccess:P0} | {c.Forgetting:+0.00;-0.00;0.00} | {c.ForwardKl:F3} | {c.ReverseKl:F3} | {c.TotalVariation:F3} | {c.WeightChange:F2} |");
        SeedSection(r, md);
        LawSection(r, md);
        if (ReportWriter.ForecastLawFor(r) is { } law) AppendForecast(md, law);
        md.AppendLine().AppendLine("## Runs").AppendLine();
        md.AppendLine("| run | method | lr | KL coef | replay | steps | KL budget | last forward KL | wall (s) |").AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var run in r.Runs)
        {
            var budget = run.KlBudget is { } k ? k.ToString("G3", inv) + (run.StoppedAtStep is { } stop ? $" (stopped at step {stop})" : "") : "-";
            var last = run.LastForwardKl is { } kl ? kl.ToString("F3", inv) : "-";
            md.AppendLine(inv, $"| {run.Name} | {run.Method} | {run.LearningRate:G3} | {run.KlCoef:G3} | {run.ReplayFraction:G3} | {run.Steps} | {budget} | {last} | {run.WallTimeSeconds:F0} |");
        }
        StagesSection(r, md);
        md.AppendLine().AppendLine("## Plots").AppendLine();
        foreach (var p in plots) md.AppendLine($"![{p}]({p})").AppendLine();
        Rollouts(md, r);
        return md.ToString();
    }

    /// <summary>Per task, a row per policy with its success and its failure clip: what was learnt and what was forgotten, side by side.</summary>
    private static void Rollouts(StringBuilder md, RazorResults r)
    {
        if (r.Videos.Count == 0) return;
        md.AppendLine("## Rollouts").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Each policy acts greedily, as it is scored, on the same first {RolloutVideoRecorder.SeedsPerTask} evaluation seeds of every task; shown is the first success and the first failure among them. The bar under each clip fills as the episode runs: green from the step the task succeeds, red on the last step of a failure.").AppendLine();
        var policies = r.Videos.Select(v => v.Policy).Distinct().ToList();
        foreach (var task in r.Videos.Select(v => v.Task).Distinct())
        {
            md.AppendLine($"### {task}{(task == r.NewTask ? " (new task)" : " (prior task)")}").AppendLine();
            md.AppendLine("| policy | a success | a failure |").AppendLine("| --- | --- | --- |");
            foreach (var policy in policies)
                md.AppendLine($"| {policy} | {Clip(r.Videos, policy, task, true)} | {Clip(r.Videos, policy, task, false)} |");
            md.AppendLine();
        }
    }

    private static string Clip(IReadOnlyList<RolloutVideo> videos, string policy, string task, bool success)
    {
        var v = videos.FirstOrDefault(x => x.Policy == policy && x.Task == task && x.Success == success);
        return v is null
            ? $"none: every seed {(success ? "failed" : "succeeded")}"
            : string.Create(CultureInfo.InvariantCulture, $"![{v.Caption.Replace("[", "(").Replace("]", ")")}]({v.File}) seed {v.Seed}, {v.Steps} steps");
    }

    private static string Row(string task, TaskScore s) =>
        string.Format(CultureInfo.InvariantCulture, "| {0} | {1}/{2} ({3:P0}) | {4:P0}-{5:P0} |", task, s.Successes, s.Episodes, s.Rate, s.Low, s.High);

    /// <summary>The law with its bootstrap intervals (older results without them show n/a).</summary>
    /// <summary>Each configuration's checkpoints across run seeds, when some configuration ran more than one.</summary>
    private static void SeedSection(RazorResults r, StringBuilder md)
    {
        if (!r.SeedSpreads.Any(s => s.Seeds.Count > 1)) return;
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine().AppendLine("## Across run seeds").AppendLine();
        md.AppendLine("Mean over the run seeds with its 95% Student-t interval (the seeds' spread; each seed's Wilson interval is in its own row above).").AppendLine();
        md.AppendLine($"| configuration | method | step | seeds | {r.NewTask} | prior tasks | forward KL |").AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var s in r.SeedSpreads)
            md.AppendLine(inv, $"| {s.Configuration} | {s.Method} | {s.Step} | {string.Join(", ", s.Seeds)} | {Spread(s.NewTask, "P0")} | {Spread(s.PriorSuccess, "P0")} | {Spread(s.ForwardKl, "F2")} |");
    }

    private static string Spread(MeanInterval m, string format)
    {
        var inv = CultureInfo.InvariantCulture;
        return double.IsNaN(m.Low)
            ? m.Mean.ToString(format, inv)
            : $"{m.Mean.ToString(format, inv)} ({m.Low.ToString(format, inv)} to {m.High.ToString(format, inv)})";
    }

    private static void LawSection(RazorResults r, StringBuilder md)
    {
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine().AppendLine("## The forgetting law (fits of forgetting on each predictor)").AppendLine();
        md.AppendLine(inv, $"95% percentile-bootstrap intervals from {r.LawBootstrap.Resamples} resamples (seed {r.LawBootstrap.Seed}): over checkpoints drawn with replacement, and over episodes redrawn (each success count from Binomial(n, p̂), the base's too). The difference column is R²(forward KL) − R²(predictor) on the same resamples; an interval covering 0 means the two cannot be told apart.").AppendLine();
        md.AppendLine("| predictor | quadratic R² | 95% CI (checkpoints) | 95% CI (episodes) | linear R² | 95% CI | linear intercept | R²(fwd KL) − R² | 95% CI (checkpoints) | 95% CI (episodes) | points |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var l in r.Law)
            md.AppendLine(inv, $"| {l.Predictor} | {F3(l.RSquared)} | {Ci(l.RSquaredInterval)} | {Ci(l.RSquaredEpisodeInterval)} | {F3(l.LinearRSquared)} | {Ci(l.LinearRSquaredInterval)} | {(l.LinearCoefficients.Length > 0 ? l.LinearCoefficients[0].ToString("+0.000;-0.000;0.000", inv) : "n/a")} | {(l.Predictor == "forward_kl" ? "—" : l.DifferenceFromForwardKl.ToString("+0.000;-0.000;0.000", inv))} | {Ci(l.DifferenceInterval)} | {Ci(l.DifferenceEpisodeInterval)} | {l.Points} |");
        var families = r.Law.SelectMany(l => l.WithinMethod.Select(w => (l.Predictor, Fit: w))).ToList();
        if (families.Count == 0) return;
        md.AppendLine().AppendLine("Within each method family (quadratic R², its 95% CI over that family's checkpoints, linear R²):").AppendLine();
        var names = families.Select(f => f.Fit.Family).Distinct().ToList();
        md.AppendLine("| predictor | " + string.Join(" | ", names) + " |").AppendLine("| --- |" + string.Concat(names.Select(_ => " --- |")));
        foreach (var l in r.Law)
            md.AppendLine($"| {l.Predictor} | " + string.Join(" | ", names.Select(n => l.WithinMethod.FirstOrDefault(w => w.Family == n) is { } w
                ? double.IsFinite(w.RSquared) ? string.Format(inv, "{0:F2} {1}, lin {2:F2} (n = {3})", w.RSquared, Ci(w.RSquaredInterval), w.LinearRSquared, w.Points)
                  : string.Format(inv, "n/a (n = {0}{1})", w.Points, w.Points < 3 ? ", too few" : ", forgetting constant")
                : "")) + " |");
    }

    private static void StagesSection(RazorResults r, StringBuilder md)
    {
        if (r.Stages.Count == 0) return;
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine().AppendLine("## Where the wall time went").AppendLine();
        md.AppendLine("| stage | seconds | share |").AppendLine("| --- | --- | --- |");
        foreach (var stage in r.Stages)
            md.AppendLine(inv, $"| {stage.Stage} | {stage.Seconds:F1} | {(r.WallTimeSeconds > 0 ? stage.Seconds / r.WallTimeSeconds : 0):P0} |");
        md.AppendLine(inv, $"| (total wall time; rendering this report comes after it) | {r.WallTimeSeconds:F1} | |");
        if (r.Workers > 1)
            md.AppendLine().AppendLine(inv, $"{r.Workers} runs trained and were scored at once, so the training and evaluation rows add up every worker's time and together exceed the wall time.");
    }

    private static string F3(double value) => double.IsFinite(value) ? value.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static string Ci(Robotics.Policy.Metrics.ConfidenceInterval? i) =>
        i is null || !double.IsFinite(i.Low) ? "n/a" : string.Format(CultureInfo.InvariantCulture, "[{0:F3}, {1:F3}]", i.Low, i.High);

    private static void AppendForecast(StringBuilder md, ForecastLaw law)
    {
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine().AppendLine($"## The forecast ({ForecastLaw.FileName}, for `retention-check --forecast`)").AppendLine();
        md.AppendLine(inv, $"forgetting = {law.Coefficients[0]:F4} + {law.Coefficients[1]:F4} KL + {law.Coefficients[2]:F5} KL², fitted on {law.Points} checkpoints of " +
            $"{string.Join(", ", law.Methods)} (left out: {(law.ExcludedMethods.Count == 0 ? "none" : string.Join(", ", law.ExcludedMethods))}) over forward KL " +
            $"{law.KlMin:F2}-{law.KlMax:F2} nats; residual standard deviation {law.ResidualStdDev:F3}.");
        if (law.HeldOutRuns is { } v)
            md.AppendLine().AppendLine(inv, $"Each run held out in turn ({v.Runs} runs): {v.Predictions} checkpoints predicted, mean absolute error {v.MeanAbsoluteError:F3} " +
                $"(RMSE {v.RootMeanSquareError:F3}), {v.Coverage:P0} inside their 95% prediction interval; {v.Refused} refused (their KL outside the other runs' range).");
    }
}
