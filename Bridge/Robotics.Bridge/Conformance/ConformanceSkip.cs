namespace Robotics.Bridge.Conformance;

/// <summary>The check does not apply to this server (for example, it needs two tasks and the server has one).</summary>
internal sealed class ConformanceSkip(string reason) : Exception(reason);
