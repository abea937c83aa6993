using Robotics.Sim.V1;

namespace Robotics.Bridge.Envs;

/// <summary>
/// What a vector env is: its backend, size, observation and action shapes, the task of each env and what the
/// backend can do (partial reset, a different task per env, a scripted expert).
/// </summary>
/// <param name="Tasks">The task of each env at creation (length <paramref name="NumEnvs"/>).</param>
/// <param name="PartialReset">Whether a subset of envs can be reset while the others keep running.</param>
/// <param name="PerEnvTask">Whether a reset may give an env a different task.</param>
/// <param name="HasExpert">Whether steps carry <see cref="EnvStep.ExpertActions"/>.</param>
/// <param name="ControlHz">Control steps per simulated second.</param>
public sealed record EnvSpec(
    string Backend, int NumEnvs, int ImageHeight, int ImageWidth, int ProprioDim, int ActionDim,
    IReadOnlyList<string> Tasks, bool PartialReset, bool PerEnvTask, bool HasExpert, double ControlHz)
{
    /// <summary>
    /// The instruction of every task the simulator offers (its describe response), not only those of <see cref="Tasks"/>:
    /// a tokenizer built from them has an id for each word of a task it has not yet seen. Empty when the backend does not say.
    /// </summary>
    public IReadOnlyList<string> TaskInstructions { get; init; } = [];

    /// <summary>
    /// Per task id, the styles its scripted expert offers besides the default one (the describe response's
    /// <c>TaskInfo.expert_styles</c>); steps carry them in <see cref="EnvStep.StyledExpertActions"/>. Empty when none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ExpertStyles { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Whether <paramref name="task"/>'s expert offers <paramref name="style"/>.</summary>
    public bool OffersExpertStyle(string task, string style) => ExpertStyles.TryGetValue(task, out var styles) && styles.Contains(style);

    /// <summary>Throws <see cref="ArgumentException"/>, naming the styles it does offer, when <paramref name="task"/>'s expert
    /// has no <paramref name="style"/>; null (the default expert) always passes.</summary>
    public void RequireExpertStyle(string task, string? style)
    {
        if (style is null || OffersExpertStyle(task, style)) return;
        throw new ArgumentException($"the '{task}' expert of '{Backend}' offers no '{style}' style (it offers: "
            + $"{(ExpertStyles.TryGetValue(task, out var offered) && offered.Count > 0 ? string.Join(", ", offered) : "only its default")})");
    }
}
