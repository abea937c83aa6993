namespace Robotics.Experiments.Razor;

/// <summary>
/// One recorded episode in the report: which policy (the base, or a method's best checkpoint), the task and seed, how
/// it ended, and the GIF's path relative to the report folder.
/// </summary>
public sealed record RolloutVideo(string Policy, string Task, ulong Seed, bool Success, int Steps, string File, string Caption);
