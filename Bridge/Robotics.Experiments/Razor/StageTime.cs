namespace Robotics.Experiments.Razor;

/// <summary>Wall time spent in one stage of the experiment (base, demos, training, evaluation, KL probe, report).</summary>
public sealed record StageTime(string Stage, double Seconds);
