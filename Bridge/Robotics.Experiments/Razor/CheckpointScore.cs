namespace Robotics.Experiments.Razor;

/// <summary>A success count with its Wilson 95% interval, as results.json stores it.</summary>
public sealed record TaskScore(int Successes, int Episodes, double Rate, double Low, double High)
{
    public static TaskScore From(Robotics.Policy.Metrics.SuccessRate s) => new(s.Successes, s.Episodes, s.Rate, s.Wilson95.Low, s.Wilson95.High);
}

/// <summary>One evaluated checkpoint: new-task success, retention of the held-out tasks, and the candidate predictors of forgetting
/// (<see cref="ReverseKl"/> is E_s[KL(pi || pi_0)] with the action prefixes sampled from pi; <see cref="TotalVariation"/> is the per-token mean).</summary>
public sealed record CheckpointScore(
    string Run,
    string Method,
    int Step,
    TaskScore NewTask,
    IReadOnlyDictionary<string, TaskScore> HeldOut,
    double PriorSuccess,
    double Forgetting,
    double ForwardKl,
    double ReverseKl,
    double TotalVariation,
    double WeightChange)
{
    /// <summary>For a weight interpolation (method "wise-ft"): theta = (1 - a) theta_0 + a theta_sft; null for a trained checkpoint.</summary>
    public double? Alpha { get; init; }
}
