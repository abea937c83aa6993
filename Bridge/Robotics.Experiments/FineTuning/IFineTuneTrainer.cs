using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>One step of a fine-tuning method: an update (supervised) or a collect-and-update iteration (RL).</summary>
internal interface IFineTuneTrainer : IDisposable
{
    PolicyOptimizer Optimizer { get; }
    Task<TrainingMetrics> StepAsync(int step, CancellationToken ct);
    /// <summary>Restores any step-dependent state (sampler positions, iteration counters) after a resume.</summary>
    void FastForward(int steps);
    /// <summary>Writes what the trainer owns besides the policy (a value head); the optimizer state is written after it.</summary>
    void SaveExtras(string checkpointPath) { }
    void LoadExtras(string checkpointPath) { }
}
