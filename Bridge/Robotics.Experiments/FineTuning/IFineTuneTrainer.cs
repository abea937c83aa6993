using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>One step of a fine-tuning method: an update (supervised) or a collect-and-update iteration (RL).</summary>
internal interface IFineTuneTrainer : IDisposable
{
    PolicyOptimizer Optimizer { get; }
    Task<TrainingMetrics> StepAsync(int step, CancellationToken ct);
    /// <summary>Restores any step-dependent state (sampler positions) after a resume.</summary>
    void FastForward(int steps);
}
