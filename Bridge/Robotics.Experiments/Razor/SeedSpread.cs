using MathNet.Numerics.Distributions;

namespace Robotics.Experiments.Razor;

/// <summary>A mean over run seeds with its 95% Student-t interval (mean +- t(0.975, n - 1) s / sqrt(n)); NaN bounds for one seed.</summary>
public sealed record MeanInterval(double Mean, double Low, double High)
{
    /// <summary>For success rates: the interval cut to [0, 1], which a t-interval over a few seeds can overshoot.</summary>
    public static MeanInterval OfRates(IReadOnlyList<double> rates)
    {
        var m = Of(rates);
        return double.IsNaN(m.Low) ? m : m with { Low = Math.Max(0, m.Low), High = Math.Min(1, m.High) };
    }

    public static MeanInterval Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("a mean needs at least one value");
        var mean = values.Average();
        if (values.Count == 1) return new MeanInterval(mean, double.NaN, double.NaN);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
        return new MeanInterval(mean, mean - half, mean + half);
    }
}

/// <summary>
/// One configuration's checkpoint at one step across its run seeds: new-task success, prior-task success and forward KL,
/// each as a mean with its 95% interval over the seeds (the seeds' spread, not the episodes': each seed's own Wilson
/// interval is in its checkpoint row).
/// </summary>
public sealed record SeedSpread(string Configuration, string Method, int Step, IReadOnlyList<long> Seeds, MeanInterval NewTask, MeanInterval PriorSuccess, MeanInterval ForwardKl)
{
    /// <summary>Every trained checkpoint grouped by its run's configuration and step (weight interpolations are not runs and are left out).</summary>
    public static IReadOnlyList<SeedSpread> Across(IReadOnlyList<RunSummary> runs, IReadOnlyList<CheckpointScore> scores)
    {
        var runOf = runs.ToDictionary(r => r.Name);
        return scores
            .Where(c => c.Alpha is null && runOf.ContainsKey(c.Run))
            .GroupBy(c => (runOf[c.Run].Configuration, c.Method, c.Step))
            .Select(g => new SeedSpread(g.Key.Configuration, g.Key.Method, g.Key.Step,
                [.. g.Select(c => runOf[c.Run].Seed)],
                MeanInterval.OfRates([.. g.Select(c => c.NewTask.Rate)]),
                MeanInterval.OfRates([.. g.Select(c => c.PriorSuccess)]),
                MeanInterval.Of([.. g.Select(c => c.ForwardKl)])))
            .ToList();
    }
}
