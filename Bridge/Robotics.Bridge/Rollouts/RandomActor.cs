using Robotics.Sim.V1;

namespace Robotics.Bridge.Rollouts;

/// <summary>
/// Seeded uniform random actions: x/y/z in ±3 cm, roll/pitch/yaw in ±0.3 rad (the tabletop's step limits) and the
/// gripper open or closed. A baseline, and a cheap actor for benchmarks and tests.
/// </summary>
public sealed class RandomActor : IActor
{
    private static readonly float[] Limits = [0.03f, 0.03f, 0.03f, 0.3f, 0.3f, 0.3f];

    private readonly SeededNormal _random;

    public RandomActor(ulong seed = 0) => _random = new SeededNormal(seed);

    public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
    {
        var actions = new float[observation.NumEnvs * Episode.ActionDim];
        for (var i = 0; i < actions.Length; i++)
        {
            var d = i % Episode.ActionDim;
            actions[i] = d < Limits.Length
                ? (float)((2 * _random.NextUniform() - 1) * Limits[d])
                : _random.NextUniform() < 0.5 ? 0f : 1f;
        }
        return ValueTask.FromResult(new ActorOutput(actions));
    }
}
