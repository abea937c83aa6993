using System.CommandLine;
using Robotics.Experiments.Pretraining;
using Robotics.Bridge.Envs;

namespace Robotics.Cli.Commands;

/// <summary>Options shared by the commands that drive a simulator and a policy.</summary>
internal static class ExperimentOptions
{
    public static Option<int> NumEnvs(int defaultValue) => new("--num-envs")
    {
        Description = "Parallel environments",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>What the base policy sees besides the instruction: "poses" (the camera, the gripper's proprio and the simulator's object poses) or "pixels" (no object pose anywhere).</summary>
    public static Option<string> Inputs()
    {
        var option = new Option<string>("--inputs")
        {
            Description = "The base's inputs: poses (camera, gripper proprio and the simulator's object poses, privileged state; models/base-tiny) or pixels (camera and the gripper's own proprio only, as ManiSkill3/SimplerEnv servers offer; models/base-pixels)",
            DefaultValueFactory = _ => PoseInputs,
        };
        option.AcceptOnlyFromAmong(PoseInputs, PixelInputs);
        return option;
    }

    public const string PoseInputs = "poses", PixelInputs = "pixels";

    /// <summary>Whether an <see cref="Inputs"/> value gives the policy the simulator's object poses.</summary>
    public static bool WithObjectPoses(string inputs) => inputs == PoseInputs;

    /// <summary>A comma-separated task list, e.g. "open_drawer, close_drawer".</summary>
    public static string[] SplitTasks(string tasks) => tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Tasks spread round-robin over the envs (each reset may change an env's task where the simulator allows it).</summary>
    public static IReadOnlyList<string> SpreadTasks(IReadOnlyList<string> tasks, int numEnvs) =>
        Enumerable.Range(0, numEnvs).Select(i => tasks[i % tasks.Count]).ToList();

    /// <summary>The envs a base with these options is trained and scored in: every task spread over them, its camera size, seed and observation.</summary>
    public static VectorEnvOptions EnvFor(PretrainOptions pretrain, int numEnvs) => new()
    {
        NumEnvs = numEnvs,
        Tasks = SpreadTasks(pretrain.AllTasks.ToList(), numEnvs),
        ImageSize = pretrain.ImageSize,
        Seed = (ulong)pretrain.Seed,
        ObjectPoses = pretrain.ObjectPoses,
    };
}
