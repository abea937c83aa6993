using Robotics.Bridge.Conformance;

namespace Robotics.Bridge.Tests.Conformance;

/// <summary>The kit against the Python adapter (fake backend) started as a real process.</summary>
public sealed class PythonAdapterConformanceTests
{
    [Fact]
    public async Task RunAsync_PythonFakeBackend_AllChecksPass()
    {
        await using var server = await PythonAdapter.StartFakeAsync();

        var report = await ConformanceSuite.RunAsync(server.Address);

        report.Backend.Should().Be("fake");
        report.ShouldAllPass();
        report.Results.Should().Contain(r => r.Name == "auth.token-required" && r.Outcome == ConformanceOutcome.Skipped);
    }

    [Fact]
    public async Task RunAsync_PythonFakeTwinStandIn_AllChecksPassWithWholeBatchResetsOnly()
    {
        // The real twin settings on the fake: 640x480 renders area-resized, no partial resets, layouts by episode_id.
        await using var server = await PythonAdapter.StartFakeAsync(tasks: "PutCarrotOnPlateInScene-v1");

        var report = await ConformanceSuite.RunAsync(server.Address);

        report.Backend.Should().Be("fake");
        report.ShouldAllPass();
    }

    [Fact]
    public async Task RunAsync_PythonWithToken_AuthCheckPassesAndNoTokenFailsToConnect()
    {
        await using var server = await PythonAdapter.StartFakeAsync(token: "kit-token");

        var report = await ConformanceSuite.RunAsync(server.Address, new ConformanceOptions { Token = "kit-token", Only = ["auth", "describe", "step.shapes"] });
        var anonymous = await ConformanceSuite.RunAsync(server.Address);

        report.ShouldAllPassSome();
        report.Results.Single(r => r.Name == "auth.token-required").Outcome.Should().Be(ConformanceOutcome.Passed);
        anonymous.AllPassed.Should().BeFalse();
        anonymous.Results.Should().ContainSingle().Which.Detail.Should().Contain("Unauthenticated");
    }
}
