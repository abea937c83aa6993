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
        if (ForecastLawFor(results) is { } law) law.Save(Path.Combine(directory, ForecastLaw.FileName));
        Render(results, directory);
    }

    /// <summary>The forecast law from a razor's checkpoints, validated run by run; null when there are too few checkpoints to fit it.</summary>
    public static ForecastLaw? ForecastLawFor(RazorResults results)
    {
        if (!ForecastLaw.CanFit(results.Checkpoints.Where(c => !ForecastLaw.OffLawMethods.Contains(c.Method)).ToList())) return null;
        return ForecastLaw.Fit(results.Checkpoints, results.NewTask, results.KlProbeEpisodes, results.KlProbeMaxStates)
            with { KlProbeNumEnvs = results.KlProbeNumEnvs, HeldOutRuns = ForecastValidation.LeaveOneRunOut(results.Checkpoints, results.NewTask) };
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
        md.AppendLine($"| run | method | step | {r.NewTask} | prior tasks | forgetting | forward KL | reverse KL | TV | weight L2 |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var c in r.Checkpoints)
            md.AppendLine(inv, $"| {c.Run} | {c.Method} | {c.Step} | {c.NewTask.Successes}/{c.NewTask.Episodes} | {c.PriorSuccess:P0} | {c.Forgetting:+0.00;-0.00;0.00} | {c.ForwardKl:F3} | {c.ReverseKl:F3} | {c.TotalVariation:F3} | {c.WeightChange:F2} |");
        md.AppendLine().AppendLine("## The forgetting law (quadratic fit of forgetting on each predictor)").AppendLine();
        md.AppendLine("| predictor | R² | points |").AppendLine("| --- | --- | --- |");
        foreach (var l in r.Law) md.AppendLine(inv, $"| {l.Predictor} | {l.RSquared:F3} | {l.Points} |");
        if (ForecastLawFor(r) is { } law) AppendForecast(md, law);
        md.AppendLine().AppendLine("## Runs").AppendLine();
        md.AppendLine("| run | method | lr | KL coef | replay | steps | KL budget | last forward KL | wall (s) |").AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var run in r.Runs)
        {
            var budget = run.KlBudget is { } k ? k.ToString("G3", inv) + (run.StoppedAtStep is { } s ? $" (stopped at step {s})" : "") : "-";
            var last = run.LastForwardKl is { } kl ? kl.ToString("F3", inv) : "-";
            md.AppendLine(inv, $"| {run.Name} | {run.Method} | {run.LearningRate:G3} | {run.KlCoef:G3} | {run.ReplayFraction:G3} | {run.Steps} | {budget} | {last} | {run.WallTimeSeconds:F0} |");
        }
        md.AppendLine();
        foreach (var p in plots) md.AppendLine($"![{p}]({p})").AppendLine();
        return md.ToString();
    }

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
