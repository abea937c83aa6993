using Robotics.Bridge.Conformance;
using Robotics.Tabletop.Server;

namespace Robotics.Bridge.Tests.Conformance;

/// <summary>The kit against the C# MuJoCo tabletop server, in process: both servers pass the same checks.</summary>
public sealed class TabletopConformanceTests
{
    [Fact]
    public async Task RunAsync_TabletopServer_AllChecksPass()
    {
        await using var server = await TabletopServer.StartAsync(new TabletopServerOptions { Port = 0 });

        var report = await ConformanceSuite.RunAsync(server.Address);

        report.ShouldAllPass();
    }

    [Fact]
    public async Task RunAsync_TabletopServerWithToken_AuthCheckPasses()
    {
        await using var server = await TabletopServer.StartAsync(new TabletopServerOptions { Port = 0, Token = "kit-token" });

        var report = await ConformanceSuite.RunAsync(server.Address, new ConformanceOptions { Token = "kit-token", Only = ["auth", "describe"] });

        report.ShouldAllPassSome();
        report.Results.Single(r => r.Name == "auth.token-required").Outcome.Should().Be(ConformanceOutcome.Passed);
    }
}
