using System.Diagnostics;
using Robotics.Bridge.Rollouts;
using Robotics.Sim.V1;

namespace Robotics.Experiments.Benchmarks;

/// <summary>Wraps an actor and accumulates the time spent inside it, so a collection's wall time splits into policy and simulator.</summary>
internal sealed class TimedActor(IActor inner) : IActor
{
    private readonly Stopwatch _clock = new();

    public TimeSpan Elapsed => _clock.Elapsed;
    public long Steps { get; private set; }

    public async ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
    {
        _clock.Start();
        try
        {
            Steps += observation.NumEnvs;
            return await inner.ActAsync(observation, ct);
        }
        finally
        {
            _clock.Stop();
        }
    }
}
