using System.CommandLine;

namespace Robotics.Cli.Commands;

/// <summary>Options shared by the commands that drive a simulator and a policy.</summary>
internal static class ExperimentOptions
{
    public static Option<string?> Sim() => new("--sim")
    {
        Description = "Simulator server URL(s), comma-separated, or dns:///host:port; default: the embedded MuJoCo tabletop in-process",
    };

    public static Option<int> NumEnvs(int defaultValue) => new("--num-envs")
    {
        Description = "Parallel environments",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string?> Token() => new("--token")
    {
        Description = "Bearer token for the simulator server (or ROBOTICS_SIM_TOKEN)",
    };
}
