using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Reports;

/// <summary>Writes results.json, the plots, report.md and a self-contained report.html (plots inlined) from one <see cref="RazorResults"/>.</summary>
public static class ReportWriter
{
    public const string ResultsFile = "results.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Write(RazorResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ResultsFile), JsonSerializer.Serialize(results, Json));
        Render(results, directory);
    }

    public static RazorResults Load(string resultsPath) =>
        JsonSerializer.Deserialize<RazorResults>(File.ReadAllText(resultsPath), Json)
        ?? throw new InvalidDataException($"{resultsPath} holds no results");

    /// <summary>Plots and documents from results alone, so a report can be re-rendered from a saved results.json.</summary>
    public static void Render(RazorResults results, string directory)
    {
        var plots = PlotRenderer.RenderAll(results, directory);
        var markdown = Markdown(results, plots.Select(Path.GetFileName).ToList()!);
        File.WriteAllText(Path.Combine(directory, "report.md"), markdown);
        File.WriteAllText(Path.Combine(directory, "report.html"), Html(results, plots));
    }

    private static string Markdown(RazorResults r, IReadOnlyList<string> plots)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine($"# RL's Razor on the tabletop: what fine-tuning on `{r.NewTask}` made the policy forget").AppendLine();
        md.AppendLine(inv, $"Profile `{r.Profile}`, simulator {r.Simulator}, {r.Machine}. Started {r.Started:u}, wall time {r.WallTimeSeconds / 60:F1} min.");
        md.AppendLine(inv, $"Base checkpoint `{r.BaseCheckpoint}` ({r.BaseOrigin}{(r.BaseOrigin == "trained" ? string.Format(inv, ", {0:F1} min", r.BaseTrainSeconds / 60) : "")}); KL probe over {r.KlProbeStates} new-task states.").AppendLine();
        if (r.PolicyInputs.Length > 0) md.AppendLine($"Policy inputs: {r.PolicyInputs}.").AppendLine();
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
        LawSection(r, md);
        md.AppendLine().AppendLine("## Runs").AppendLine();
        md.AppendLine("| run | method | lr | KL coef | replay | steps | wall (s) |").AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var run in r.Runs) md.AppendLine(inv, $"| {run.Name} | {run.Method} | {run.LearningRate:G3} | {run.KlCoef:G3} | {run.ReplayFraction:G3} | {run.Steps} | {run.WallTimeSeconds:F0} |");
        StagesSection(r, md);
        md.AppendLine();
        foreach (var p in plots) md.AppendLine($"![{p}]({p})").AppendLine();
        return md.ToString();
    }

    /// <summary>The law with its bootstrap intervals (older results without them show n/a).</summary>
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
    }

    private static string F3(double value) => double.IsFinite(value) ? value.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static string Ci(Robotics.Policy.Metrics.ConfidenceInterval? i) =>
        i is null || !double.IsFinite(i.Low) ? "n/a" : string.Format(CultureInfo.InvariantCulture, "[{0:F3}, {1:F3}]", i.Low, i.High);

    private static string Row(string task, TaskScore s) =>
        string.Format(CultureInfo.InvariantCulture, "| {0} | {1}/{2} ({3:P0}) | {4:P0}-{5:P0} |", task, s.Successes, s.Episodes, s.Rate, s.Low, s.High);

    private static string Html(RazorResults r, IReadOnlyList<string> plots)
    {
        var body = new StringBuilder();
        // The markdown tables are simple; render them as preformatted text beside the inlined images, so the file stands alone.
        body.Append("<pre>").Append(WebUtility.HtmlEncode(Markdown(r, []))).Append("</pre>");
        foreach (var p in plots)
            body.Append(CultureInfo.InvariantCulture, $"<p><img alt=\"{WebUtility.HtmlEncode(Path.GetFileName(p))}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(p))}\"/></p>");
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>RL's Razor report ({WebUtility.HtmlEncode(r.Profile)})</title>" +
               "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}pre{white-space:pre-wrap;font-size:13px}img{max-width:100%}</style></head>" +
               $"<body>{body}</body></html>";
    }
}
