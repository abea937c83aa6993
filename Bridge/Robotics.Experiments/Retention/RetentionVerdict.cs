using Robotics.Policy.Metrics;

namespace Robotics.Experiments.Retention;

/// <summary>Per-task outcome of the gate and the overall verdict.</summary>
public sealed record RetentionVerdict(IReadOnlyList<TaskRetention> Tasks, double? ForwardKl, double? MaxKl, bool Passed);

public sealed record TaskRetention(string Task, SuccessRate Base, SuccessRate Candidate, double Retention, bool Passed);
