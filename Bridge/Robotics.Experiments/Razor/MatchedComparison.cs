namespace Robotics.Experiments.Razor;

/// <summary>Prior-task success of two methods' checkpoints whose new-task success falls in the same band.</summary>
public sealed record MatchedBand(double NewTaskLow, double NewTaskHigh, string MethodA, double PriorA, int CountA, string MethodB, double PriorB, int CountB);

/// <summary>
/// The paper's headline comparison: at matched new-task success, which method kept more of the prior tasks.
/// Checkpoints are grouped into new-task success bands; a band counts where both methods have a checkpoint.
/// </summary>
internal static class MatchedComparison
{
    public static IReadOnlyList<MatchedBand> Compare(IReadOnlyList<CheckpointScore> scores, string methodA, string methodB, double bandWidth = 0.1)
    {
        var bands = new List<MatchedBand>();
        for (var low = 0.0; low < 1.0 - 1e-9; low += bandWidth)
        {
            var high = low + bandWidth;
            bool InBand(CheckpointScore s) => s.NewTask.Rate >= low - 1e-9 && (s.NewTask.Rate < high - 1e-9 || (high >= 1 - 1e-9 && s.NewTask.Rate <= 1));
            var a = scores.Where(s => s.Method == methodA && InBand(s)).ToList();
            var b = scores.Where(s => s.Method == methodB && InBand(s)).ToList();
            if (a.Count > 0 && b.Count > 0)
                bands.Add(new MatchedBand(low, high, methodA, a.Average(s => s.PriorSuccess), a.Count, methodB, b.Average(s => s.PriorSuccess), b.Count));
        }
        return bands;
    }
}
