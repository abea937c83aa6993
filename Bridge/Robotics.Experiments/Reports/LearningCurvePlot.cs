using ScottPlot;

namespace Robotics.Experiments.Reports;

/// <summary>New-task success during GRPO (by iteration) and SFT (by samples seen), side by side in one PNG.</summary>
public static class LearningCurvePlot
{
    public static string Render(string task, IReadOnlyList<(int Iteration, double Success)> grpo, IReadOnlyList<(int Samples, double Success)> sft, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        var left = multi.GetPlot(0);
        var g = left.Add.Scatter(grpo.Select(p => (double)p.Iteration).ToArray(), grpo.Select(p => p.Success).ToArray());
        g.LegendText = "grpo";
        left.Title($"GRPO on {task}");
        left.XLabel("iteration");
        left.YLabel($"{task} success");
        left.Axes.SetLimitsY(-0.05, 1.05);
        var right = multi.GetPlot(1);
        var s = right.Add.Scatter(sft.Select(p => (double)p.Samples).ToArray(), sft.Select(p => p.Success).ToArray());
        s.LegendText = "sft";
        right.Title($"SFT on {task}");
        right.XLabel("samples seen");
        right.YLabel($"{task} success");
        right.Axes.SetLimitsY(-0.05, 1.05);
        multi.SavePng(path, 1200, 500);
        return path;
    }
}
