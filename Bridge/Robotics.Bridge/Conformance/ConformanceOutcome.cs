namespace Robotics.Bridge.Conformance;

public enum ConformanceOutcome
{
    Passed,
    Failed,
    Skipped,
}
