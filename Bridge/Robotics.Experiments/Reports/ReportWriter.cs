using System.Text.Json;
using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Reports;

/// <summary>
/// Writes results.json, the plots, report.md and report.html from one <see cref="RazorResults"/>. The HTML page is the
/// Markdown rendered (tables, headings) with every plot and video inlined, so the one file can be mailed or archived;
/// paths the documents hold are relative to the report folder, so the folder can move.
/// </summary>
public static class ReportWriter
{
    public const string ResultsFile = "results.json";
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Write(RazorResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        results = Relative(results, directory);
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

    /// <summary>
    /// Plots and documents from results alone, so a report can be re-rendered from a saved results.json. Videos are
    /// files the experiment recorded: a folder without them (re-rendered elsewhere) gets a report without them.
    /// </summary>
    public static void Render(RazorResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        results = Relative(results, directory);
        var plots = PlotRenderer.RenderAll(results, directory).Select(Path.GetFileName).ToList();
        var present = results with { Videos = [.. results.Videos.Where(v => File.Exists(Path.Combine(directory, v.File)))] };
        var markdown = ReportMarkdown.Build(present, plots!);
        File.WriteAllText(Path.Combine(directory, MarkdownFile), markdown);
        File.WriteAllText(Path.Combine(directory, HtmlFile), HtmlPage.Render(markdown, directory, $"RL's Razor report ({results.Profile})"));
    }

    /// <summary>An absolute base checkpoint path as seen from the report folder (the machine's own layout stays out of the report).</summary>
    private static RazorResults Relative(RazorResults r, string directory) => Path.IsPathRooted(r.BaseCheckpoint)
        ? r with { BaseCheckpoint = Path.GetRelativePath(Path.GetFullPath(directory), r.BaseCheckpoint) }
        : r;
}
