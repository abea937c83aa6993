using Robotics.Sim.V1;

namespace Robotics.Tabletop.Tests;

internal static class Rollouts
{
    /// <summary>Resets every env with its seed and steps until all episodes are over; returns the last batch.</summary>
    public static EnvStep Run(TabletopVectorEnv env, IReadOnlyList<ulong> seeds, Func<EnvStep, float[]> policy)
    {
        var batch = env.Reset(null, seeds);
        var guard = 0;
        while (!Enumerable.Range(0, env.NumEnvs).All(batch.Done))
        {
            batch = env.Step(policy(batch));
            if (++guard > 200) throw new InvalidOperationException("episodes did not end within 200 steps");
        }
        return batch;
    }
}
