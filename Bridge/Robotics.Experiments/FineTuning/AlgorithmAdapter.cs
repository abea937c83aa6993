using Robotics.Policy.Training;
using TorchSharp;
using Robotics.Policy.Model;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// Any fine-tuning algorithm as the runner drives it: one step (an update for SFT and KL-SFT, a collect-and-update
/// iteration for GRPO and PPO), its optimiser, what a resume restores, and what a checkpoint holds besides the policy.
/// The algorithms themselves are in Policy/Training; this only adapts their calls.
/// </summary>
internal sealed class AlgorithmAdapter : IDisposable
{
    private const string ValueHeadFile = "value_head.bin";

    private readonly Func<int, CancellationToken, Task<TrainingMetrics>> _step;
    private readonly Action<int> _fastForward;
    private readonly IDisposable _owner;
    private readonly torch.nn.Module? _valueHead;

    private AlgorithmAdapter(Func<int, CancellationToken, Task<TrainingMetrics>> step, Action<int> fastForward, PolicyOptimizer optimizer,
        IDisposable owner, torch.nn.Module? valueHead = null)
    {
        _step = step;
        _fastForward = fastForward;
        Optimizer = optimizer;
        _owner = owner;
        _valueHead = valueHead;
    }

    public static AlgorithmAdapter For(Sft sft) => new((_, _) => Task.FromResult(sft.Update()), sft.FastForward, sft.Optimizer, sft);
    public static AlgorithmAdapter For(KlSft klSft) => new((_, _) => Task.FromResult(klSft.Update()), klSft.FastForward, klSft.Optimizer, klSft);
    // Seeds, the sampling generator and the minibatch order derive from the step; only the iteration counter moves.
    public static AlgorithmAdapter For(Grpo grpo) => new(grpo.IterateAsync, steps => grpo.Iteration = steps, grpo.Optimizer, grpo);
    public static AlgorithmAdapter For(Ppo ppo) => new(ppo.IterateAsync, steps => ppo.Iteration = steps, ppo.Optimizer, ppo, ppo.ValueHead);

    public PolicyOptimizer Optimizer { get; }

    public Task<TrainingMetrics> StepAsync(int step, CancellationToken ct) => _step(step, ct);

    /// <summary>Restores any step-dependent state (sampler positions, iteration counters) after a resume.</summary>
    public void FastForward(int steps) => _fastForward(steps);

    /// <summary>Writes what the method owns besides the policy (PPO's value head); the optimizer state is written after it.</summary>
    public void SaveExtras(string checkpointPath) => _valueHead?.save(Path.Combine(checkpointPath, ValueHeadFile));

    public void LoadExtras(string checkpointPath) => _valueHead?.load(Path.Combine(checkpointPath, ValueHeadFile));

    public void Dispose() => _owner.Dispose();
}
