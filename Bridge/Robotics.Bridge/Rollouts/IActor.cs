using Robotics.Sim.V1;

namespace Robotics.Bridge.Rollouts;

/// <summary>
/// Chooses one action per env from a batch of observations (images, proprio, instructions). Policies implement it
/// without knowing where the envs run. The collector calls it one batch at a time.
/// </summary>
public interface IActor
{
    ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct);
}
