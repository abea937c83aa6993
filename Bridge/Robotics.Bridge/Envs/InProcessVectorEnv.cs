using Robotics.Tabletop;
using Robotics.Sim.V1;
using Robotics.Tabletop.Tasks;

namespace Robotics.Bridge.Envs;

/// <summary>
/// The MuJoCo tabletop in this process, without gRPC: the same observations as the tabletop's server gives for the
/// same seeds and actions. Steps run on the thread pool so a pipelined collector overlaps them with the actor.
/// </summary>
internal sealed class InProcessVectorEnv : IVectorEnv
{
    public const string BackendName = "tabletop-mujoco (in-process)";

    private readonly TabletopVectorEnv _env;

    private InProcessVectorEnv(TabletopVectorEnv env)
    {
        _env = env;
        var tasks = Enumerable.Range(0, env.NumEnvs).Select(i => env.Options.Tasks[env.Options.Tasks.Count == 1 ? 0 : i]).ToArray();
        Spec = new EnvSpec(BackendName, env.NumEnvs, env.Options.ImageHeight, env.Options.ImageWidth, env.ProprioDim,
            ActionSpace.Dim, tasks, PartialReset: true, PerEnvTask: true, HasExpert: true, ControlHz: 10)
        {
            TaskInstructions = [.. TaskSuite.All.Select(t => t.Instruction)], // what the tabletop's server describes
            ExpertStyles = TaskSuite.All.Where(t => t.ExpertStyles.Count > 0).ToDictionary(t => t.Id, t => t.ExpertStyles),
        };
    }

    public EnvSpec Spec { get; }

    public static InProcessVectorEnv Create(VectorEnvOptions options) => new(TabletopVectorEnv.Create(new TabletopOptions
    {
        NumEnvs = options.NumEnvs,
        Tasks = options.Tasks,
        ImageHeight = options.ImageSize,
        ImageWidth = options.ImageSize,
        MaxEpisodeSteps = options.MaxEpisodeSteps,
        Seed = options.Seed,
        ObjectPoses = options.ObjectPoses,
        SuccessAtEnd = options.Scoring == Robotics.Sim.V1.SuccessScoring.SuccessAtEnd,
    }));

    public Task<EnvStep> ResetAsync(IReadOnlyList<int>? envIds = null, IReadOnlyList<ulong>? seeds = null,
        IReadOnlyList<string>? tasks = null, CancellationToken ct = default)
        => Task.Run(() => _env.Reset(envIds, seeds, tasks), ct);

    public Task<EnvStep> StepAsync(float[] actions, CancellationToken ct = default)
        => Task.Run(() => _env.Step(actions), ct);

    public ValueTask DisposeAsync()
    {
        _env.Dispose();
        return ValueTask.CompletedTask;
    }
}
