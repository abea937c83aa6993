namespace Robotics.Bridge.Conformance;

/// <summary>
/// One named contract check: <see cref="Run"/> returns when the server conforms and throws
/// <see cref="ConformanceFailure"/> (or any exception) when it does not, or <see cref="ConformanceSkip"/>
/// when the server's capabilities make the check meaningless.
/// </summary>
/// <param name="Name">Short stable id, e.g. <c>step.nan-action</c>.</param>
/// <param name="Area">What part of the contract it covers: describe, session, reset, step, determinism, bad-input, isolation, auth.</param>
/// <param name="Description">What a passing server does, in one sentence.</param>
/// <param name="Run">The check itself.</param>
public sealed record ConformanceCheck(string Name, string Area, string Description, Func<ConformanceContext, Task> Run);
