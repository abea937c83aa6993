using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Retention;

/// <summary>Per-task outcomes of the gate and the overall verdict.</summary>
/// <param name="Confidence">Each error rate (failing a candidate that holds, passing one that forgot) is at most 1 - this.</param>
/// <param name="EpisodesRun">Episodes per task actually run (the sequential test stops as soon as every task is decided).</param>
public sealed record RetentionVerdict(IReadOnlyList<TaskRetention> Tasks, double? ForwardKl, double? MaxKl, GateOutcome Outcome,
    double Confidence, double MinRetention, int EpisodesRun, int MaxEpisodes, int Looks)
{
    public bool Passed => Outcome == GateOutcome.Pass;
}

/// <summary>One task's counts, its retention ratio, and the test on its margin = candidate rate - min-retention x base rate.</summary>
/// <param name="MarginLow">The margin's lower bound at the alpha of the look that decided (or the last look).</param>
/// <param name="MarginHigh">The margin's upper bound, at that alpha divided over the tasks.</param>
/// <param name="EpisodesToDecide">For an inconclusive task: the --episodes that would decide at the observed rates (null: none would).</param>
public sealed record TaskRetention(string Task, SuccessRate Base, SuccessRate Candidate, double Retention, TaskVerdict Verdict,
    double MarginLow, double MarginHigh, int? EpisodesToDecide)
{
    public bool Passed => Verdict is TaskVerdict.Holds or TaskVerdict.NothingToForget;
}
