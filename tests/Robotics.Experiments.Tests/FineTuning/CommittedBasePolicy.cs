using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Bridge.Envs;

namespace Robotics.Experiments.Tests.FineTuning;

/// <summary>The committed base policy (models/base-tiny) and the envs it acts in: the tests that need a policy that succeeds sometimes.</summary>
internal static class CommittedBasePolicy
{
    public static VlaPolicy Load() => VlaPolicy.Load(Directory());

    /// <summary>models/base-tiny in the repository this test runs from.</summary>
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Robotics.sln"))) return Path.Combine(dir.FullName, "models", "base-tiny");
        }
        throw new DirectoryNotFoundException($"no Robotics.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Envs with the base's camera size and its object-pose input.</summary>
    public static Task<IVectorEnv> EnvAsync(VlaPolicy policy, string task, int numEnvs) =>
        VectorEnvFactory.CreateAsync(null, PolicyEnvOptions.For(policy.Config, numEnvs, [task]));
}
