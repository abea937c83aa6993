namespace Robotics.Policy.Metrics;

/// <summary>
/// The nonparametric bootstrap (Efron 1979): rows drawn with replacement, a statistic computed on each resample. Several
/// statistics are computed on the same resample, so an interval of their difference is paired (both see the same rows).
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// <paramref name="resamples"/> resamples of <paramref name="rows"/> row indices; returns one array per statistic,
    /// holding its value on each resample (statistics[s][b]).
    /// </summary>
    public static double[][] Resample(int rows, int resamples, ulong seed, int statistics, Func<int[], double[]> compute)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"the bootstrap needs at least one row, got {rows}");
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), $"the bootstrap needs at least one resample, got {resamples}");
        var random = new SplitMixStream(seed);
        var values = Enumerable.Range(0, statistics).Select(_ => new double[resamples]).ToArray();
        var indices = new int[rows];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < rows; i++) indices[i] = random.NextIndex(rows);
            var result = compute(indices);
            if (result.Length != statistics) throw new InvalidOperationException($"the statistic returned {result.Length} values, expected {statistics}");
            for (var s = 0; s < statistics; s++) values[s][b] = result[s];
        }
        return values;
    }
}
