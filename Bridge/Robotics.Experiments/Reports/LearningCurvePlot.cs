using ScottPlot;

namespace Robotics.Experiments.Reports;

/// <summary>New-task success during GRPO (by iteration) and SFT (by samples seen), side by side in one PNG.</summary>
public static class LearningCurvePlot
{
    public static string Render(string task, IReadOnlyList<(int Iteration, double Success)> grpo, IReadOnlyList<(int Samples, double Success)> sft, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        Curve(multi.GetPlot(0), "grpo", $"GRPO on {task}", "iteration", task, grpo.Select(p => ((double)p.Iteration, p.Success)));
        Curve(multi.GetPlot(1), "sft", $"SFT on {task}", "samples seen", task, sft.Select(p => ((double)p.Samples, p.Success)));
        multi.SavePng(path, 1200, 500);
        return path;
    }

    private static void Curve(Plot plot, string legend, string title, string xLabel, string task, IEnumerable<(double X, double Success)> points)
    {
        var list = points.ToList();
        var scatter = plot.Add.Scatter(list.Select(p => p.X).ToArray(), list.Select(p => p.Success).ToArray());
        scatter.LegendText = legend;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel($"{task} success");
        plot.Axes.SetLimitsY(-0.05, 1.05);
    }
}
