namespace Robotics.Bridge.Rollouts;

/// <summary>An episode as it leaves the collector, with the index of the request it ran.</summary>
public sealed record CollectedEpisode(int RequestIndex, Episode Episode);
