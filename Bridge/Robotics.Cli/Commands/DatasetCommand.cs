using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Rollouts;
using Robotics.Policy.Language;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics dataset info FILE</c>: what an episode dataset holds, and its action statistics.</summary>
internal static class DatasetCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Episode dataset (.msgpack)." };
        var info = new Command("info", "Episodes, steps, success, size and per-dimension action statistics (q01/q99, which the policy's normaliser uses).") { file };
        info.SetAction(parse => Info(parse.GetValue(file)!));
        return new Command("dataset", "Inspect episode datasets, import them from ManiSkill or LeRobot, and export them in LeRobot's layout.") { info, LeRobotDatasetCommands.Export(), DatasetImportCommand.Create() };
    }

    private static int Info(string path)
    {
        DatasetSummary s;
        try
        {
            s = DatasetSummary.Compute(path);
        }
        catch (DatasetCorruptException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        var h = s.Header;
        var f = CultureInfo.InvariantCulture;
        var overview = new Table().AddColumns("field", "value").HideHeaders();
        overview.AddRow("file", Markup.Escape(s.Path));
        overview.AddRow("schema", h.SchemaVersion.ToString(f));
        overview.AddRow("backend", Markup.Escape(h.Backend));
        overview.AddRow("source", Markup.Escape(h.Source));
        overview.AddRow("camera", Markup.Escape($"{h.Camera} {h.ImageHeight}x{h.ImageWidth} RGB"));
        overview.AddRow("episodes", Markup.Escape(string.Join(", ", s.EpisodesPerTask.Select(kv => $"{kv.Key} {kv.Value}")) + $" (total {s.Episodes})"));
        overview.AddRow("steps", string.Create(f, $"{s.Steps} ({(s.Episodes == 0 ? 0 : (double)s.Steps / s.Episodes):F1} per episode)"));
        overview.AddRow("success", string.Create(f, $"{s.Successes}/{s.Episodes} ({100 * s.SuccessRate:F1}%)"));
        overview.AddRow("size", string.Create(f, $"{s.SizeBytes / 1e6:F2} MB ({(s.Steps == 0 ? 0 : (double)s.SizeBytes / s.Steps):F0} bytes/step)"));
        AnsiConsole.Write(overview);
        var actions = new Table().AddColumns("action", "q01", "q99", "mean", "std");
        for (var d = 0; d < s.ActionQ01.Length; d++)
        {
            var name = d < h.ActionNames.Count ? h.ActionNames[d] : $"a{d}";
            actions.AddRow(Markup.Escape(name), s.ActionQ01[d].ToString("F4", f), s.ActionQ99[d].ToString("F4", f),
                s.ActionMean[d].ToString("F4", f), s.ActionStd[d].ToString("F4", f));
        }
        AnsiConsole.Write(actions);
        return ExitCodes.Success;
    }
}
