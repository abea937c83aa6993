namespace Robotics.Bridge.Rollouts;

/// <summary>One episode to run: a task and the seed that decides its start state.</summary>
public sealed record EpisodeRequest(string Task, ulong Seed);
