namespace Robotics.Bridge;

/// <summary>
/// Executes the env's scripted expert action plus seeded Gaussian noise on the six motion dimensions (std
/// <c>noise</c> times the per-dimension scale), and records the clean expert action as the label, so demonstrations
/// hold recoveries from perturbed states. The gripper is never perturbed.
/// </summary>
public sealed class ExpertActor : IActor
{
    public ExpertActor(double noise = 0.0, ulong seed = 0) => throw new NotImplementedException();

    public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct) => throw new NotImplementedException();
}
