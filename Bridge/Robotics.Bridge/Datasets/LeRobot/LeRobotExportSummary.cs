namespace Robotics.Bridge.Datasets.LeRobot;

/// <summary>What an export wrote: episodes, frames (steps) and distinct tasks (instructions).</summary>
public sealed record LeRobotExportSummary(int Episodes, long Frames, int Tasks);
