namespace Robotics.Policy.Training;

/// <summary>
/// Where GRPO and PPO get their episodes: the port Policy owns and the experiments implement on the simulator (over the
/// bridge or in process). It knows the policy, never the transport.
/// </summary>
public interface IRolloutSource
{
    /// <summary>
    /// A sampling session of <paramref name="policy"/>: one generator seeded with <paramref name="seed"/>, whose draws continue
    /// across the session's collections (GRPO's dynamic-sampling rounds share one).
    /// </summary>
    /// <param name="sampledTokens">Which of the 7 tokens are drawn (the rest greedy); null = all.</param>
    IRolloutSession Open(VlaPolicy policy, float temperature, long seed, IReadOnlyList<bool>? sampledTokens);
}
