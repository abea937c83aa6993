using Robotics.Bridge.Conformance;

namespace Robotics.Bridge.Tests.Conformance;

internal static class ConformanceAssertions
{
    /// <summary>Fails listing every failed check with its detail, so a drift reads at a glance.</summary>
    public static void ShouldAllPass(this ConformanceReport report)
    {
        var failures = report.Results.Where(r => r.Outcome == ConformanceOutcome.Failed).Select(r => $"{r.Name}: {r.Detail}").ToList();
        failures.Should().BeEmpty("the server at {0} ({1}) should conform", report.Address, report.Backend);
        report.Passed.Should().BeGreaterThan(20);
    }

    /// <summary>As <see cref="ShouldAllPass"/> for a run of a few selected checks.</summary>
    public static void ShouldAllPassSome(this ConformanceReport report)
    {
        var failures = report.Results.Where(r => r.Outcome == ConformanceOutcome.Failed).Select(r => $"{r.Name}: {r.Detail}").ToList();
        failures.Should().BeEmpty();
        report.Passed.Should().BeGreaterThan(0);
    }
}
