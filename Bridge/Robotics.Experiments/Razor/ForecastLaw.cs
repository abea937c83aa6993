using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Robotics.Experiments.Razor;

/// <summary>
/// The forgetting law as a forecast: forgetting = c0 + c1 KL + c2 KL^2 fitted by least squares on the razor's checkpoints
/// (forward KL on the new task's states), with what a prediction needs to carry an interval: (X'X)^-1 and the residual
/// standard deviation s (n - 3 degrees of freedom), so a new KL x0 gets the ordinary least-squares prediction interval
/// y(x0) +- t_{n-3} s sqrt(1 + x0'(X'X)^-1 x0). It holds only where it was fitted: the KL range and the methods it saw.
/// Saved beside the razor's report as forgetting-law.json; <c>retention-check --forecast</c> reads it.
/// </summary>
public sealed record ForecastLaw
{
    public const string FileName = "forgetting-law.json";
    /// <summary>Methods that sit off the law by construction: replay keeps the prior tasks' own states, which KL on new-task states cannot see.</summary>
    public static readonly IReadOnlyList<string> OffLawMethods = ["sft-replay"];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public required string NewTask { get; init; }
    public required double[] Coefficients { get; init; }
    public required double[][] XtXInverse { get; init; }
    public required double ResidualStdDev { get; init; }
    public required int Points { get; init; }
    public required double KlMin { get; init; }
    public required double KlMax { get; init; }
    public required IReadOnlyList<string> Methods { get; init; }
    public IReadOnlyList<string> ExcludedMethods { get; init; } = [];
    /// <summary>How the razor's KL probe was built (episodes from seed 4,000,000 and the most states), so a forecast measures KL the same way.</summary>
    public int KlProbeEpisodes { get; init; }
    public int KlProbeMaxStates { get; init; }
    /// <summary>The envs those rollouts ran in (0: not recorded); the same base, settings and env count give the same states.</summary>
    public int KlProbeNumEnvs { get; init; }
    /// <summary>The law checked on runs it was not fitted on (null when there were too few runs).</summary>
    public ForecastValidation? HeldOutRuns { get; init; }

    /// <summary>Fits on every checkpoint except those of <see cref="OffLawMethods"/>; needs 4 points (3 coefficients and one degree of freedom).</summary>
    public static ForecastLaw Fit(IReadOnlyList<CheckpointScore> scores, string newTask, int probeEpisodes, int probeMaxStates)
    {
        var used = scores.Where(s => !OffLawMethods.Contains(s.Method)).ToList();
        if (!CanFit(used)) throw new ArgumentException($"the forecast needs at least 4 checkpoints off replay, at 3 or more distinct KL values, to fit a quadratic with a residual spread; got {used.Count}");
        var x = Matrix<double>.Build.DenseOfRowArrays(used.Select(s => Row(s.ForwardKl)));
        var y = Vector<double>.Build.DenseOfEnumerable(used.Select(s => s.Forgetting));
        var xtxInverse = (x.TransposeThisAndMultiply(x)).Inverse();
        var beta = xtxInverse * x.TransposeThisAndMultiply(y);
        var residuals = y - x * beta;
        var law = new ForecastLaw
        {
            NewTask = newTask,
            Coefficients = beta.ToArray(),
            XtXInverse = xtxInverse.ToRowArrays(),
            ResidualStdDev = Math.Sqrt(residuals.DotProduct(residuals) / (used.Count - 3)),
            Points = used.Count,
            KlMin = used.Min(s => s.ForwardKl),
            KlMax = used.Max(s => s.ForwardKl),
            Methods = used.Select(s => s.Method).Distinct().Order(StringComparer.Ordinal).ToList(),
            ExcludedMethods = scores.Select(s => s.Method).Distinct().Where(OffLawMethods.Contains).ToList(),
            KlProbeEpisodes = probeEpisodes,
            KlProbeMaxStates = probeMaxStates,
        };
        return law;
    }

    /// <summary>
    /// Forgetting predicted from forward KL alone, with a two-sided prediction interval at <paramref name="confidence"/>.
    /// A KL outside the fitted range, or a method the law was not fitted on, is not refused silently: the forecast says why it cannot be trusted.
    /// </summary>
    public ForgettingForecast Predict(double forwardKl, string? method, double confidence = 0.95)
    {
        if (!double.IsFinite(forwardKl) || forwardKl < 0) throw new ArgumentException($"forward KL must be a non-negative number, got {forwardKl}");
        if (confidence is <= 0 or >= 1) throw new ArgumentException($"the confidence must lie in (0, 1), got {confidence}");
        var x0 = Vector<double>.Build.DenseOfArray(Row(forwardKl));
        var predicted = x0.DotProduct(Vector<double>.Build.DenseOfArray(Coefficients));
        var leverage = x0.DotProduct(Matrix<double>.Build.DenseOfRowArrays(XtXInverse) * x0);
        var half = StudentT.InvCDF(0, 1, Points - 3, 1 - (1 - confidence) / 2) * ResidualStdDev * Math.Sqrt(1 + leverage);
        var problems = new List<string>();
        if (forwardKl < KlMin || forwardKl > KlMax)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"forward KL {forwardKl:F3} lies outside the range the law was fitted on ({KlMin:F3}-{KlMax:F3} nats): an extrapolation"));
        if (method is null)
            problems.Add($"the candidate's method was not given (--method): the law holds for {string.Join(", ", Methods)} only");
        else if (!Methods.Contains(method))
            problems.Add(ExcludedMethods.Contains(method) || OffLawMethods.Contains(method)
                ? $"'{method}' sits off the law (replay keeps the prior tasks' own states, which KL on new-task states cannot see)"
                : $"the law was not fitted on '{method}' (only {string.Join(", ", Methods)})");
        return new ForgettingForecast(forwardKl, method, predicted, predicted - half, predicted + half, confidence, problems);
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static ForecastLaw Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--forecast: no law file at '{path}' (the razor writes {FileName} beside its report)", path);
        var law = JsonSerializer.Deserialize<ForecastLaw>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no law");
        if (law.Coefficients.Length != 3 || law.XtXInverse.Length != 3 || law.Points < 4)
            throw new InvalidDataException($"{path} is not a quadratic forgetting law with its fit statistics");
        return law;
    }

    /// <summary>Whether these (on-law) checkpoints determine a quadratic and leave a degree of freedom for its spread.</summary>
    public static bool CanFit(IReadOnlyCollection<CheckpointScore> onLaw) => onLaw.Count >= 4 && onLaw.Select(s => s.ForwardKl).Distinct().Count() >= 3;

    private static double[] Row(double kl) => [1, kl, kl * kl];
}
