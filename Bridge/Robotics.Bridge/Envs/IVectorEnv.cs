using Robotics.Sim.V1;

namespace Robotics.Bridge.Envs;

/// <summary>
/// N envs reset and stepped together, in-process or over gRPC.
/// <para>
/// Reset rule (no auto-reset, unlike Gymnasium's vector envs): an env whose episode ends (terminated, truncated or a
/// physics error) is frozen: later steps ignore its action and return its final observation with the same done
/// flags and reward 0, until the caller resets it. So every transition a caller sees belongs to one episode, and
/// the final observation is never replaced by the next episode's first one. Backends without partial reset
/// (<see cref="EnvSpec.PartialReset"/> false) accept only resets of all envs at once.
/// </para>
/// Not thread-safe: one call at a time.
/// </summary>
public interface IVectorEnv : IAsyncDisposable
{
    EnvSpec Spec { get; }

    /// <summary>
    /// Resets <paramref name="envIds"/> (null = all) with one seed each (null = derived from the env's root seed)
    /// and optionally one task each (only where <see cref="EnvSpec.PerEnvTask"/>). The result covers all N envs.
    /// </summary>
    Task<EnvStep> ResetAsync(IReadOnlyList<int>? envIds = null, IReadOnlyList<ulong>? seeds = null,
        IReadOnlyList<string>? tasks = null, CancellationToken ct = default);

    /// <summary>Applies one action per env, float32 [N*ActionDim], and advances the running envs by one control step.</summary>
    Task<EnvStep> StepAsync(float[] actions, CancellationToken ct = default);
}
