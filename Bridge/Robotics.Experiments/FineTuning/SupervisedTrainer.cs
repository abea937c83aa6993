using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>SFT, SFT with replay and KL-SFT: one gradient update per step.</summary>
internal sealed class SupervisedTrainer : IFineTuneTrainer
{
    private readonly Func<TrainingMetrics> _update;
    private readonly Action<int> _fastForward;
    private readonly IDisposable _owner;

    public SupervisedTrainer(Sft sft) : this(sft.Update, sft.FastForward, sft.Optimizer, sft) { }
    public SupervisedTrainer(KlSft klSft) : this(klSft.Update, klSft.FastForward, klSft.Optimizer, klSft) { }

    private SupervisedTrainer(Func<TrainingMetrics> update, Action<int> fastForward, PolicyOptimizer optimizer, IDisposable owner)
    {
        _update = update;
        _fastForward = fastForward;
        Optimizer = optimizer;
        _owner = owner;
    }

    public PolicyOptimizer Optimizer { get; }
    public Task<TrainingMetrics> StepAsync(int step, CancellationToken ct) => Task.FromResult(_update());
    public void FastForward(int steps) => _fastForward(steps);
    public void Dispose() => _owner.Dispose();
}
