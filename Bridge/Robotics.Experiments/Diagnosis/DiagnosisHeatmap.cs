using ScottPlot;

namespace Robotics.Experiments.Diagnosis;

/// <summary>
/// Success over the table: each layout's success rate binned by where its target stood at the start, on a 10 x 10 grid
/// spanning the observed positions (the tabletop draws objects from a 10 x 10 grid); empty cells stay blank.
/// </summary>
public static class DiagnosisHeatmap
{
    public const int Cells = 10;

    /// <summary>Mean success per cell, [row = y bin, column = x bin], NaN where no layout fell; null without target positions.</summary>
    public static double[,]? Grid(DiagnosisResult result, out (double Min, double Max) xRange, out (double Min, double Max) yRange)
    {
        var placed = result.Outcomes.Where(o => o.TargetX is not null && o.TargetY is not null && o.Samples > 0).ToArray();
        xRange = yRange = (0, 0);
        if (placed.Length == 0) return null;
        xRange = (placed.Min(o => o.TargetX!.Value), placed.Max(o => o.TargetX!.Value));
        yRange = (placed.Min(o => o.TargetY!.Value), placed.Max(o => o.TargetY!.Value));
        var sum = new double[Cells, Cells];
        var count = new int[Cells, Cells];
        foreach (var o in placed)
        {
            var col = Bin(o.TargetX!.Value, xRange);
            var row = Bin(o.TargetY!.Value, yRange);
            sum[row, col] += (double)o.Successes / o.Samples;
            count[row, col]++;
        }
        var grid = new double[Cells, Cells];
        for (var r = 0; r < Cells; r++)
            for (var c = 0; c < Cells; c++)
                grid[r, c] = count[r, c] == 0 ? double.NaN : sum[r, c] / count[r, c];
        return grid;
    }

    public static string? Render(DiagnosisResult result, string path)
    {
        var grid = Grid(result, out var x, out var y);
        if (grid is null) return null;
        var plot = new Plot();
        // ScottPlot draws row 0 at the top; flip so +y is up, as on the table seen from above.
        var flipped = new double[Cells, Cells];
        for (var r = 0; r < Cells; r++)
            for (var c = 0; c < Cells; c++)
                flipped[r, c] = grid[Cells - 1 - r, c];
        var heatmap = plot.Add.Heatmap(flipped);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(x.Min, x.Max == x.Min ? x.Min + 1e-3 : x.Max, y.Min, y.Max == y.Min ? y.Min + 1e-3 : y.Max);
        plot.Add.ColorBar(heatmap).Label = "success rate";
        plot.Title($"{result.Task}: success per target position ({result.Layouts} layouts x {result.SamplesPerLayout} samples, T={result.Temperature})");
        plot.XLabel("target x at start (m)");
        plot.YLabel("target y at start (m)");
        plot.SavePng(path, 800, 640);
        return path;
    }

    private static int Bin(double value, (double Min, double Max) range) =>
        range.Max <= range.Min ? 0 : Math.Clamp((int)((value - range.Min) / (range.Max - range.Min) * Cells), 0, Cells - 1);
}
