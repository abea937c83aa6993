namespace Robotics.Policy.Actions;

/// <summary>Per-dimension statistics of raw actions, as OpenVLA's <c>norm_stats</c> keep them (q01/q99 are numpy's linear-interpolated percentiles).</summary>
public sealed record ActionStatistics(float[] Q01, float[] Q99, float[] Mean, float[] Std, float[] Min, float[] Max, long Count)
{
    /// <summary>Statistics of <paramref name="actions"/>, row-major [N, dim].</summary>
    public static ActionStatistics FromActions(float[] actions, int dim)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (dim <= 0) throw new ArgumentOutOfRangeException(nameof(dim), dim, "dimension must be positive");
        if (actions.Length == 0 || actions.Length % dim != 0)
            throw new ArgumentException($"expected a non-empty [N, {dim}] array, got {actions.Length} values", nameof(actions));
        var n = actions.Length / dim;
        var q01 = new float[dim]; var q99 = new float[dim]; var mean = new float[dim]; var std = new float[dim];
        var min = new float[dim]; var max = new float[dim];
        var column = new double[n];
        for (var d = 0; d < dim; d++)
        {
            for (var i = 0; i < n; i++)
            {
                var v = actions[i * dim + d];
                if (!float.IsFinite(v)) throw new ArgumentException($"action row {i}, dimension {d} is {v}", nameof(actions));
                column[i] = v;
            }
            Array.Sort(column);
            q01[d] = (float)Percentile(column, 0.01);
            q99[d] = (float)Percentile(column, 0.99);
            var m = column.Average();
            mean[d] = (float)m;
            std[d] = (float)Math.Sqrt(column.Sum(v => (v - m) * (v - m)) / n);
            min[d] = (float)column[0];
            max[d] = (float)column[^1];
        }
        return new ActionStatistics(q01, q99, mean, std, min, max, n);
    }

    // numpy.quantile's default ("linear"): index q * (n - 1), interpolated between its neighbours.
    private static double Percentile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
