using MathNet.Numerics.Distributions;

namespace Robotics.Experiments.Retention;

/// <summary>
/// When the gate looks at its counts (after every batch of episodes, up to the maximum) and how much of its error rate
/// alpha each look may spend. The spending follows Lan and DeMets' (1983) O'Brien-Fleming-like function
/// alpha(t) = 2 - 2 Phi(z_{1 - alpha/2} / sqrt(t)), t = episodes so far / maximum: early looks spend almost nothing, so only
/// a clear result stops a run early, and the last look keeps most of alpha. Each look tests at its own increment
/// alpha(t_k) - alpha(t_{k-1}); by the union bound the chance of any wrong decision over all looks is at most alpha,
/// whatever the correlation between looks (more conservative than the exact group-sequential boundaries, and simpler).
/// </summary>
internal sealed record SequentialSchedule(IReadOnlyList<int> Looks, IReadOnlyList<double> AlphaAtLook)
{
    public static SequentialSchedule Create(int maxEpisodes, int batch, double alpha)
    {
        if (maxEpisodes < 1) throw new ArgumentException($"the maximum number of episodes must be positive, got {maxEpisodes}");
        if (batch < 1) throw new ArgumentException($"--batch must be positive, got {batch}");
        if (alpha is <= 0 or >= 1 || double.IsNaN(alpha)) throw new ArgumentException($"alpha must lie in (0, 1), got {alpha}");
        var looks = new List<int>();
        for (var n = Math.Min(batch, maxEpisodes); ; n = Math.Min(n + batch, maxEpisodes))
        {
            looks.Add(n);
            if (n == maxEpisodes) break;
        }
        var spent = 0.0;
        var alphas = new List<double>();
        foreach (var n in looks)
        {
            var cumulative = n == maxEpisodes ? alpha : Spent((double)n / maxEpisodes, alpha);
            alphas.Add(cumulative - spent);
            spent = cumulative;
        }
        return new SequentialSchedule(looks, alphas);
    }

    /// <summary>The alpha the last look of a run of <paramref name="maxEpisodes"/> tests at (what <see cref="Create"/> gives its last look).</summary>
    public static double FinalAlpha(int maxEpisodes, int batch, double alpha)
    {
        var previous = (maxEpisodes - 1) / batch * batch;   // the look before the last, 0 when there is one look
        return previous <= 0 ? alpha : alpha - Spent((double)previous / maxEpisodes, alpha);
    }

    /// <summary>The normal quantile a one-sided test at level <paramref name="alpha"/> compares against.</summary>
    public static double Z(double alpha) => Normal.InvCDF(0, 1, 1 - alpha);

    private static double Spent(double t, double alpha) => 2 - 2 * Normal.CDF(0, 1, Normal.InvCDF(0, 1, 1 - alpha / 2) / Math.Sqrt(t));
}
