namespace Robotics.Policy.Training;

/// <summary>A policy sampling episodes with one seeded generator (see <see cref="IRolloutSource.Open"/>).</summary>
public interface IRolloutSession : IDisposable
{
    /// <summary>One rollout per layout seed, in their order; null where the simulator aborted the episode (a dead server, not the policy).</summary>
    Task<IReadOnlyList<Rollout?>> CollectAsync(IReadOnlyList<ulong> layoutSeeds, CancellationToken ct);
}
