namespace Robotics.Policy.Metrics;

/// <summary>A least-squares polynomial y = c0 + c1 x + c2 x^2 ... and its coefficient of determination (NaN where y is constant).</summary>
public sealed record PolynomialFit(double[] Coefficients, double RSquared, int Points)
{
    public double Evaluate(double x)
    {
        double y = 0, power = 1;
        foreach (var c in Coefficients)
        {
            y += c * power;
            power *= x;
        }
        return y;
    }

    /// <summary>Fits by the normal equations (degree is 1-3 here, so they are well conditioned after centring x).</summary>
    public static PolynomialFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, int degree)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} points and y {y.Count}");
        if (degree < 0) throw new ArgumentOutOfRangeException(nameof(degree));
        var n = x.Count;
        var k = degree + 1;
        if (n < k) throw new ArgumentException($"a degree-{degree} fit needs at least {k} points, got {n}");

        // Centre and scale x so the normal equations stay well conditioned, then map the coefficients back.
        var mean = x.Average();
        var scale = Math.Max(1e-12, x.Max(v => Math.Abs(v - mean)));
        var a = new double[k, k + 1];
        for (var i = 0; i < n; i++)
        {
            var t = (x[i] - mean) / scale;
            var powers = new double[2 * k];
            powers[0] = 1;
            for (var p = 1; p < powers.Length; p++) powers[p] = powers[p - 1] * t;
            for (var r = 0; r < k; r++)
            {
                for (var c = 0; c < k; c++) a[r, c] += powers[r + c];
                a[r, k] += powers[r] * y[i];
            }
        }
        var scaled = SolveGaussian(a, k);
        var coefficients = Unscale(scaled, mean, scale);

        var yMean = y.Average();
        double ssRes = 0, ssTot = 0;
        var fit = new PolynomialFit(coefficients, 0, n);
        for (var i = 0; i < n; i++)
        {
            var e = y[i] - fit.Evaluate(x[i]);
            ssRes += e * e;
            ssTot += (y[i] - yMean) * (y[i] - yMean);
        }
        // R^2 is the share of y's variance explained: where y does not vary there is none to explain, and it is undefined
        // (NaN), not 1 (a bootstrap resample that drew one checkpoint n times would otherwise count as a perfect fit).
        var r2 = ssTot <= 1e-15 ? double.NaN : 1 - ssRes / ssTot;
        return fit with { RSquared = r2 };
    }

    private static double[] SolveGaussian(double[,] a, int k)
    {
        for (var col = 0; col < k; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < k; r++)
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (Math.Abs(a[pivot, col]) < 1e-12)
            {
                // Degenerate (e.g. all x equal): leave this coefficient at 0.
                continue;
            }
            for (var c = 0; c <= k; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (var r = 0; r < k; r++)
            {
                if (r == col) continue;
                var f = a[r, col] / a[col, col];
                for (var c = col; c <= k; c++) a[r, c] -= f * a[col, c];
            }
        }
        var solution = new double[k];
        for (var i = 0; i < k; i++) solution[i] = Math.Abs(a[i, i]) < 1e-12 ? 0 : a[i, k] / a[i, i];
        return solution;
    }

    /// <summary>Expands sum_j b_j ((x - m) / s)^j into powers of x.</summary>
    private static double[] Unscale(double[] b, double m, double s)
    {
        var result = new double[b.Length];
        for (var j = 0; j < b.Length; j++)
        {
            var factor = b[j] / Math.Pow(s, j);
            for (var i = 0; i <= j; i++)
            {
                result[i] += factor * Binomial(j, i) * Math.Pow(-m, j - i);
            }
        }
        return result;
    }

    private static double Binomial(int n, int k)
    {
        double r = 1;
        for (var i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
