using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Razor;

/// <summary>
/// One predictor of forgetting and how well it explains forgetting across checkpoints: the quadratic fit the paper uses
/// (<see cref="Coefficients"/>, <see cref="RSquared"/>, as results.json always held them), its uncertainty, a linear fit
/// (the paper states forgetting is proportional to forward KL), the fit within each method family, and the paired
/// difference from forward KL's R^2. Intervals are null where there are too few points to fit.
/// </summary>
public sealed record PredictorFit(string Predictor, double[] Coefficients, double RSquared, int Points)
{
    /// <summary>95% interval of the quadratic R^2 over checkpoints resampled with replacement.</summary>
    public ConfidenceInterval? RSquaredInterval { get; init; }
    /// <summary>95% interval of the quadratic R^2 over episodes redrawn: every success count from Binomial(n, p_hat), the base's too.</summary>
    public ConfidenceInterval? RSquaredEpisodeInterval { get; init; }
    /// <summary>Least squares c0 + c1 x: c0 near 0 is what "proportional" means.</summary>
    public double[] LinearCoefficients { get; init; } = [];
    public double LinearRSquared { get; init; } = double.NaN;
    public ConfidenceInterval? LinearRSquaredInterval { get; init; }
    /// <summary>The quadratic fit within each method family (and over every checkpoint that is not plain SFT).</summary>
    public IReadOnlyList<FamilyFit> WithinMethod { get; init; } = [];
    /// <summary>R^2(forward KL) - R^2(this predictor), quadratic fits; 0 for forward KL itself.</summary>
    public double DifferenceFromForwardKl { get; init; } = double.NaN;
    /// <summary>Its 95% interval over checkpoint resamples (both fits on the same resample); covering 0 = cannot be told apart.</summary>
    public ConfidenceInterval? DifferenceInterval { get; init; }
    /// <summary>Its 95% interval over episode redraws.</summary>
    public ConfidenceInterval? DifferenceEpisodeInterval { get; init; }
}

/// <summary>The quadratic fit of forgetting on one predictor over the checkpoints of one method family.</summary>
public sealed record FamilyFit(string Family, int Points, double RSquared, ConfidenceInterval? RSquaredInterval, double LinearRSquared);
