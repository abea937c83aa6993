using System.Globalization;
using Robotics.Experiments.Razor;
using Spectre.Console;

namespace Robotics.Cli.Commands;

/// <summary>The console summary at the end of a razor run: the best checkpoint per method, the law, the findings.</summary>
internal static class RazorSummaryTable
{
    public static void Print(RazorResults r)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Title(Markup.Escape($"RL's Razor: fine-tuned on {r.NewTask}")).AddColumns("method", "checkpoint", Markup.Escape(r.NewTask), "prior tasks", "forgetting", "forward KL");
        var basePrior = r.BaseHeldOut.Values.Average(v => v.Rate);
        table.AddRow("base", "-", $"{r.BaseNewTask.Rate:P0}", $"{basePrior:P0}", "-", "0");
        foreach (var group in r.Checkpoints.GroupBy(c => c.Method))
        {
            var best = group.OrderByDescending(c => c.NewTask.Rate).ThenByDescending(c => c.PriorSuccess).First();
            // Cells are plain text: a confidence interval in brackets would otherwise read as markup.
            table.AddRow(new[] { group.Key, best.Alpha is { } a ? string.Format(inv, "{0} a={1:G3}", best.Run, a) : $"{best.Run}@{best.Step}", string.Format(inv, "{0:P0} [{1:P0}-{2:P0}]", best.NewTask.Rate, best.NewTask.Low, best.NewTask.High),
                $"{best.PriorSuccess:P0}", best.Forgetting.ToString("+0.00;-0.00;0.00", inv), best.ForwardKl.ToString("F3", inv) }.Select(c => new Text(c)));
        }
        AnsiConsole.Write(table);
        var law = new Table().Title("Forgetting law: quadratic fit of forgetting").AddColumns("predictor", "R^2", "95% CI (checkpoints)", "R^2(fwd KL) - R^2, 95% CI", "checkpoints");
        static string Ci(Robotics.Policy.Metrics.ConfidenceInterval? i) => i is null ? "-" : string.Format(CultureInfo.InvariantCulture, "{0:F2} to {1:F2}", i.Low, i.High);
        foreach (var l in r.Law)
            law.AddRow(new[] { l.Predictor, l.RSquared.ToString("F3", inv), Ci(l.RSquaredInterval), Ci(l.DifferenceInterval), l.Points.ToString(inv) }.Select(c => new Text(c)));
        AnsiConsole.Write(law);
        foreach (var f in r.Findings) AnsiConsole.MarkupLine($"- {Markup.Escape(f)}");
    }
}
