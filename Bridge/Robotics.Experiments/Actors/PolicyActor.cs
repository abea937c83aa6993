using Robotics.Policy;
using Robotics.Policy.Training;
using TorchSharp;
using Robotics.Bridge.Rollouts;
using Robotics.Sim.V1;

namespace Robotics.Experiments.Actors;

/// <summary>
/// Lets a <see cref="VlaPolicy"/> drive a vector env without the policy knowing the bridge: observations in, actions out,
/// with the chosen bins and their log-probabilities as each step's <see cref="ActorStep"/> (what GRPO and PPO learn from).
/// </summary>
public sealed class PolicyActor : IActor, IDisposable
{
    private readonly VlaPolicy _policy;
    private readonly DecodingMode _mode;
    private readonly float _temperature;
    private readonly torch.Generator? _generator;
    private readonly IReadOnlyList<bool>? _sampledTokens;

    /// <param name="sampledTokens">When sampling: which of the 7 tokens are drawn (the rest greedy); null = all.</param>
    public PolicyActor(VlaPolicy policy, DecodingMode mode, float temperature = 1f, long seed = 0, IReadOnlyList<bool>? sampledTokens = null)
    {
        _policy = policy;
        _mode = mode;
        _temperature = temperature;
        _sampledTokens = sampledTokens;
        _generator = mode == DecodingMode.Sample ? new torch.Generator((ulong)seed) : null;
    }

    public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var batch = new ObservationBatch(observation.NumEnvs, observation.ImageHeight, observation.ImageWidth,
            observation.Images, observation.ProprioDim, observation.Proprio, observation.Instructions);
        var step = _policy.Act(batch, _mode, _temperature, _generator, useKvCache: true, _sampledTokens);
        var tokens = ActionBins.Tokens;
        var steps = Enumerable.Range(0, observation.NumEnvs)
            .Select(i => new ActorStep(step.Bins.AsSpan(i * tokens, tokens).ToArray(), step.LogProbs.AsSpan(i * tokens, tokens).ToArray()))
            .ToArray();
        return ValueTask.FromResult(new ActorOutput(step.Actions, Steps: steps));
    }

    /// <summary>Frees the native sampling generator.</summary>
    public void Dispose() => _generator?.Dispose();
}
