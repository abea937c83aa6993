using System.Diagnostics;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Benchmarks;

/// <summary>Random actions after computing for a fixed time per env (a stand-in for policy inference).</summary>
internal sealed class BusyActor(TimeSpan perEnv) : IActor
{
    private readonly RandomActor _random = new(7);

    public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(perEnv.TotalSeconds * observation.NumEnvs * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(64);
        return _random.ActAsync(observation, ct);
    }
}
