namespace Robotics.Bridge.Conformance;

/// <summary>The server broke the contract; the message says what was expected and what came back.</summary>
internal sealed class ConformanceFailure(string message) : Exception(message);
