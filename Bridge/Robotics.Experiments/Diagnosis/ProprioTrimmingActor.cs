using Robotics.Bridge.Rollouts;
using Robotics.Sim.V1;

namespace Robotics.Experiments.Diagnosis;

/// <summary>
/// Shows the inner actor only the first <paramref name="keep"/> proprio values of each env, so a policy that takes no
/// object poses can act in an env that records them (for the diagnosis, never as the policy's input).
/// </summary>
internal sealed class ProprioTrimmingActor(IActor inner, int keep) : IActor
{
    public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
    {
        if (observation.ProprioDim == keep) return inner.ActAsync(observation, ct);
        if (observation.ProprioDim < keep) throw new InvalidOperationException($"the env gives {observation.ProprioDim} proprio values; the policy needs {keep}");
        var trimmed = new float[observation.NumEnvs * keep];
        for (var i = 0; i < observation.NumEnvs; i++)
            observation.ProprioOf(i)[..keep].CopyTo(trimmed.AsSpan(i * keep, keep));
        return inner.ActAsync(observation with { ProprioDim = keep, Proprio = trimmed }, ct);
    }
}
