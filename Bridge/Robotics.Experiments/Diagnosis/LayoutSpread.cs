namespace Robotics.Experiments.Diagnosis;

/// <summary>
/// The binomial check of DESIGN.md: K sampled rollouts on each of N layouts. If every layout shared one success rate p
/// (the pooled rate), the number of layouts with zero successes would be Binomial(N, (1-p)^K), and the number with K
/// successes Binomial(N, p^K). Many more zero-success layouts than that means failures are layout-specific (a group
/// that never succeeds gives GRPO no gradient); counts inside the 95% range look like noise, which RL can sharpen away.
/// </summary>
public sealed record LayoutSpread(int Layouts, int SamplesPerLayout, int Successes,
    int ZeroSuccessLayouts, double ExpectedZero, int ZeroLow, int ZeroHigh,
    int AllSuccessLayouts, double ExpectedAll, int AllLow, int AllHigh)
{
    public double PooledRate => Layouts == 0 ? 0 : (double)Successes / (Layouts * SamplesPerLayout);

    /// <summary>"layout-specific" when zero- or all-success layouts exceed the top of their 95% range, else "noise-like".</summary>
    public string Verdict => ZeroSuccessLayouts > ZeroHigh || AllSuccessLayouts > AllHigh ? "layout-specific" : "noise-like";

    public static LayoutSpread From(IReadOnlyList<int> successesPerLayout, int samplesPerLayout)
    {
        if (samplesPerLayout < 1) throw new ArgumentException($"samples per layout must be positive, got {samplesPerLayout}");
        if (successesPerLayout.Any(s => s < 0 || s > samplesPerLayout))
            throw new ArgumentException($"every layout's successes must lie in [0, {samplesPerLayout}]");
        var n = successesPerLayout.Count;
        var total = successesPerLayout.Sum();
        var p = n == 0 ? 0 : (double)total / (n * samplesPerLayout);
        var qZero = Math.Pow(1 - p, samplesPerLayout);
        var qAll = Math.Pow(p, samplesPerLayout);
        var (zLow, zHigh) = Range95(n, qZero);
        var (aLow, aHigh) = Range95(n, qAll);
        return new LayoutSpread(n, samplesPerLayout, total,
            successesPerLayout.Count(s => s == 0), n * qZero, zLow, zHigh,
            successesPerLayout.Count(s => s == samplesPerLayout), n * qAll, aLow, aHigh);
    }

    /// <summary>The central 95% range of Binomial(n, q): the 2.5% and 97.5% quantiles of its exact CDF.</summary>
    public static (int Low, int High) Range95(int n, double q)
    {
        if (n == 0) return (0, 0);
        var cdf = 0.0;
        int? low = null;
        for (var k = 0; k <= n; k++)
        {
            cdf += Pmf(n, k, q);
            if (low is null && cdf >= 0.025) low = k;
            if (cdf >= 0.975 - 1e-12) return (low ?? k, k);
        }
        return (low ?? n, n);
    }

    private static double Pmf(int n, int k, double q)
    {
        if (q <= 0) return k == 0 ? 1 : 0;
        if (q >= 1) return k == n ? 1 : 0;
        // In logs: C(n, k) overflows doubles for a few hundred layouts.
        var logChoose = LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
        return Math.Exp(logChoose + k * Math.Log(q) + (n - k) * Math.Log(1 - q));
    }

    private static double LogFactorial(int n)
    {
        var sum = 0.0;
        for (var i = 2; i <= n; i++) sum += Math.Log(i);
        return sum;
    }
}
