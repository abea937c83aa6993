using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Razor;

/// <summary>One predictor of forgetting and how well a quadratic in it explains forgetting across checkpoints.</summary>
public sealed record PredictorFit(string Predictor, double[] Coefficients, double RSquared, int Points);

/// <summary>
/// RL's Razor's empirical forgetting law: forgetting fitted as a quadratic in forward KL(pi_0 || pi) on new-task states,
/// beside the same fit for the alternative predictors the paper compares (reverse KL, total variation, weight change).
/// </summary>
public static class ForgettingLaw
{
    public static IReadOnlyList<PredictorFit> Fit(IReadOnlyList<CheckpointScore> scores)
    {
        var predictors = new (string Name, Func<CheckpointScore, double> Select)[]
        {
            ("forward_kl", s => s.ForwardKl),
            ("reverse_kl", s => s.ReverseKl),
            ("total_variation", s => s.TotalVariation),
            ("weight_change_l2", s => s.WeightChange),
        };
        var y = scores.Select(s => s.Forgetting).ToArray();
        var fits = new List<PredictorFit>();
        foreach (var (name, select) in predictors)
        {
            if (scores.Count < 3) { fits.Add(new PredictorFit(name, [], double.NaN, scores.Count)); continue; }
            var fit = PolynomialFit.Fit(scores.Select(select).ToArray(), y, 2);
            fits.Add(new PredictorFit(name, fit.Coefficients, fit.RSquared, fit.Points));
        }
        return fits;
    }
}
