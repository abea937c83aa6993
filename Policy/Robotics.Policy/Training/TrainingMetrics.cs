namespace Robotics.Policy.Training;

/// <summary>Scalars from one update or iteration, keyed CleanRL-style ("losses/policy", "charts/success_rate").</summary>
public sealed record TrainingMetrics(int Step, IReadOnlyDictionary<string, double> Values)
{
    public double this[string key] => Values[key];
}
