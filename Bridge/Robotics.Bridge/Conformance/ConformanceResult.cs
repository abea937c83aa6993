namespace Robotics.Bridge.Conformance;

/// <summary>How one check went. <paramref name="Detail"/> is the failure or skip reason; empty when passed.</summary>
public sealed record ConformanceResult(string Name, string Area, ConformanceOutcome Outcome, string Detail, TimeSpan Duration);
