namespace Robotics.Bridge;

/// <summary>Uniform random actions in [-1, 1] on the motion dimensions and a random gripper in [0, 1]; seeded.</summary>
public sealed class RandomActor : IActor
{
    public RandomActor(ulong seed = 0) => throw new NotImplementedException();

    public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct) => throw new NotImplementedException();
}
