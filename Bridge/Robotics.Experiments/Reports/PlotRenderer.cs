using Robotics.Experiments.Razor;
using ScottPlot;

namespace Robotics.Experiments.Reports;

/// <summary>The report's pictures: the paper's Pareto view, forgetting against forward KL with the fitted law, learning curves.</summary>
internal static class PlotRenderer
{
    public const int Width = 900;
    public const int Height = 600;

    public const string ParetoFile = "pareto.png";
    public const string LawFile = "forgetting_vs_kl.png";
    public const string CurvesFile = "learning_curves.png";

    public static IReadOnlyList<string> RenderAll(RazorResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        return [Pareto(results, Path.Combine(directory, ParetoFile)), Law(results, Path.Combine(directory, LawFile)), Curves(results, Path.Combine(directory, CurvesFile))];
    }

    /// <summary>New-task success (x) against mean prior-task success (y): up and to the right is learning without forgetting.</summary>
    public static string Pareto(RazorResults r, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        var colors = new Dictionary<string, Color>();
        foreach (var group in r.Checkpoints.GroupBy(c => c.Method))
        {
            var s = plot.Add.Scatter(group.Select(c => c.NewTask.Rate).ToArray(), group.Select(c => c.PriorSuccess).ToArray());
            s.LineWidth = 0;
            s.MarkerSize = 9;
            s.Color = colors[group.Key] = palette.GetColor(i++);
            s.LegendText = group.Key;
        }
        // The seeds' spread: each configuration's mean checkpoint with its 95% intervals on both axes, as a cross.
        foreach (var spread in r.SeedSpreads.Where(s => s.Seeds.Count > 1 && colors.ContainsKey(s.Method)))
        {
            var (x, y) = (spread.NewTask, spread.PriorSuccess);
            foreach (var arm in new[] { plot.Add.Line(x.Low, y.Mean, x.High, y.Mean), plot.Add.Line(x.Mean, y.Low, x.Mean, y.High) })
            {
                arm.Color = colors[spread.Method];
                arm.LineWidth = 1.5f;
                arm.MarkerSize = 0;
            }
        }
        var b = plot.Add.Scatter(new[] { r.BaseNewTask.Rate }, new[] { r.BaseHeldOut.Values.Average(v => v.Rate) });
        b.LineWidth = 0;
        b.MarkerSize = 14;
        b.MarkerShape = MarkerShape.FilledDiamond;
        b.Color = Colors.Black;
        b.LegendText = "base";
        plot.Title(r.SeedSpreads.Any(s => s.Seeds.Count > 1)
            ? $"{r.NewTask} vs prior tasks (crosses: seed means, 95% CI)"
            : $"New task ({r.NewTask}) vs prior tasks, every checkpoint");
        plot.XLabel($"{r.NewTask} success");
        plot.YLabel($"prior-task success ({string.Join(", ", r.HeldOutTasks)})");
        plot.Axes.SetLimits(-0.05, 1.05, -0.05, 1.05);
        // Beside the axes: learning without forgetting lands in the upper right, where a legend inside would hide it.
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>Forgetting against forward KL(pi_0 || pi) on new-task states, with the quadratic fit and its R^2.</summary>
    public static string Law(RazorResults r, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var group in r.Checkpoints.GroupBy(c => c.Method))
        {
            var s = plot.Add.Scatter(group.Select(c => c.ForwardKl).ToArray(), group.Select(c => c.Forgetting).ToArray());
            s.LineWidth = 0;
            s.MarkerSize = 9;
            s.Color = palette.GetColor(i++);
            s.LegendText = group.Key;
        }
        var fit = r.Law.FirstOrDefault(l => l.Predictor == "forward_kl");
        if (fit is { Coefficients.Length: 3 } && r.Checkpoints.Count > 0)
        {
            var max = r.Checkpoints.Max(c => c.ForwardKl);
            var xs = Enumerable.Range(0, 101).Select(k => max * k / 100.0).ToArray();
            var ys = xs.Select(x => fit.Coefficients[0] + fit.Coefficients[1] * x + fit.Coefficients[2] * x * x).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = Colors.Black;
            line.LegendText = $"quadratic fit, R² = {fit.RSquared:F2}";
        }
        plot.Title("Forgetting vs forward KL(base || fine-tuned) on new-task states");
        plot.XLabel("forward KL (nats, summed over 7 action tokens)");
        plot.YLabel("forgetting (prior-task success lost)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>New-task success by checkpoint step, one line per run.</summary>
    public static string Curves(RazorResults r, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        // Weight interpolations have no training steps: they are points in the Pareto and law plots, not curves.
        foreach (var run in r.Checkpoints.Where(c => c.Alpha is null).GroupBy(c => c.Run))
        {
            var points = run.OrderBy(c => c.Step).ToList();
            var total = r.Runs.FirstOrDefault(x => x.Name == run.Key)?.Steps ?? points.Max(p => p.Step);
            // Steps as a fraction of each run's length: SFT updates and RL iterations share one axis.
            var s = plot.Add.Scatter(points.Select(p => (double)p.Step / total).Prepend(0).ToArray(), points.Select(p => p.NewTask.Rate).Prepend(r.BaseNewTask.Rate).ToArray());
            s.Color = palette.GetColor(i++ % 10);
            s.LegendText = run.Key;
        }
        plot.Title($"{r.NewTask} success during fine-tuning");
        plot.XLabel("fraction of the run (SFT updates or RL iterations)");
        plot.YLabel($"{r.NewTask} success");
        plot.Axes.SetLimits(0, 1, -0.05, 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
