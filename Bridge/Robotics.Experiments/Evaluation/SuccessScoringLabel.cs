using Robotics.Sim.V1;

namespace Robotics.Experiments.Evaluation;

/// <summary>
/// How a success rate was scored, said beside the number: success-once and success-at-end rates of one policy differ when
/// it succeeds and then undoes it (drops the can, lets the drawer swing), and users of RL frameworks ask which it is first.
/// </summary>
public static class SuccessScoringLabel
{
    /// <summary>The name results files carry: <c>success_once</c> or <c>success_at_end</c>.</summary>
    public static string Name(SuccessScoring scoring) => scoring switch
    {
        SuccessScoring.SuccessOnce => "success_once",
        SuccessScoring.SuccessAtEnd => "success_at_end",
        _ => throw new ArgumentOutOfRangeException(nameof(scoring), scoring, "unknown success scoring"),
    };

    /// <summary>The scoring a results file names (the inverse of <see cref="Name"/>).</summary>
    public static SuccessScoring Parse(string name) => name switch
    {
        "success_once" => SuccessScoring.SuccessOnce,
        "success_at_end" => SuccessScoring.SuccessAtEnd,
        _ => throw new ArgumentException($"unknown success scoring '{name}': expected success_once or success_at_end", nameof(name)),
    };

    /// <summary>One sentence for a console or a report.</summary>
    public static string Describe(SuccessScoring scoring) => scoring switch
    {
        SuccessScoring.SuccessOnce => "success scored once (success_once): an episode ends at its first success, as in ManiSkill and the paper",
        SuccessScoring.SuccessAtEnd => "success scored at the end (success_at_end): episodes run to their step limit and the last step is scored, as in SimplerEnv",
        _ => throw new ArgumentOutOfRangeException(nameof(scoring), scoring, "unknown success scoring"),
    };
}
