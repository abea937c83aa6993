using System.Text.Json;
using Robotics.Bridge.Conformance;

namespace Robotics.Bridge.Tests.Conformance;

/// <summary>How the suite runs and reports checks, independent of any one server's behaviour.</summary>
public sealed class ConformanceSuiteTests
{
    [Fact]
    public void Checks_Names_AreUniqueAndCoverEveryArea()
    {
        var checks = ConformanceSuite.Checks;

        checks.Select(c => c.Name).Should().OnlyHaveUniqueItems();
        checks.Select(c => c.Area).Distinct().Should().BeEquivalentTo(
            ["describe", "session", "reset", "step", "determinism", "bad-input", "isolation", "auth"]);
        checks.Should().OnlyContain(c => c.Name.StartsWith(c.Area + ".", StringComparison.Ordinal) && c.Description.Length > 0);
    }

    [Fact]
    public async Task RunAsync_NothingListening_ReportsOneFailedConnect()
    {
        var report = await ConformanceSuite.RunAsync(new Uri("http://127.0.0.1:1"), new ConformanceOptions { CallTimeout = TimeSpan.FromSeconds(5) });

        report.AllPassed.Should().BeFalse();
        report.Results.Should().ContainSingle().Which.Name.Should().Be("connect");
    }

    [Fact]
    public async Task RunAsync_FailingAndSkippingChecks_AreReportedWithTheirReasons()
    {
        await using var server = await PythonAdapter.StartFakeAsync();
        ConformanceCheck[] checks =
        [
            new("custom.pass", "custom", "passes", _ => Task.CompletedTask),
            new("custom.fail", "custom", "fails", _ => throw new ConformanceFailure("expected 1, got 2")),
            new("custom.skip", "custom", "skips", _ => throw new ConformanceSkip("not applicable")),
            new("custom.crash", "custom", "crashes", _ => throw new InvalidOperationException("boom")),
        ];

        var report = await ConformanceSuite.RunAsync(server.Address, checks: checks);

        report.Results.Select(r => (r.Name, r.Outcome, r.Detail)).Should().Equal(
            ("custom.pass", ConformanceOutcome.Passed, ""),
            ("custom.fail", ConformanceOutcome.Failed, "expected 1, got 2"),
            ("custom.skip", ConformanceOutcome.Skipped, "not applicable"),
            ("custom.crash", ConformanceOutcome.Failed, "InvalidOperationException: boom"));
        report.AllPassed.Should().BeFalse();
        using var json = JsonDocument.Parse(report.ToJson());
        json.RootElement.GetProperty("failed").GetInt32().Should().Be(2);
        json.RootElement.GetProperty("results")[1].GetProperty("outcome").GetString().Should().Be("failed");
    }
}
