using Robotics.Policy;
using Robotics.Bridge.Envs;
using Robotics.Policy.Model;

namespace Robotics.Experiments.Actors;

/// <summary>The envs a trained policy acts in: its camera size, and the simulator's object poses when it takes them.</summary>
public static class PolicyEnvOptions
{
    public static VectorEnvOptions For(VlaConfig policy, int numEnvs, IReadOnlyList<string> tasks) => new()
    {
        NumEnvs = numEnvs,
        Tasks = tasks,
        ImageSize = policy.ImageSize,
        ObjectPoses = policy.ObjectPoses,
    };
}
