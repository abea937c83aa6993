using System.Text.Json;

namespace Robotics.EndToEnd.Tests.PythonAdapter;

/// <summary><c>robotics conformance --sim URL</c> as a user runs it, against the Python adapter process.</summary>
public sealed class ConformanceCommandTests
{
    [Fact]
    public async Task Conformance_PythonFakeBackend_ExitsZeroWithAllChecksPassed()
    {
        await using var server = await PythonAdapterServer.StartFakeAsync();

        var (exitCode, stdout, stderr) = await RunCliAsync("conformance", "--sim", server.Address.ToString(), "--json");

        exitCode.Should().Be(0, "stderr: {0}\nstdout: {1}", stderr, stdout);
        using var report = JsonDocument.Parse(stdout);
        report.RootElement.GetProperty("backend").GetString().Should().Be("fake");
        report.RootElement.GetProperty("all_passed").GetBoolean().Should().BeTrue();
        report.RootElement.GetProperty("failed").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Conformance_NothingListening_ExitsOneWithATable()
    {
        var (exitCode, stdout, _) = await RunCliAsync("conformance", "--sim", "http://127.0.0.1:1");

        exitCode.Should().Be(1);
        stdout.Should().Contain("connect").And.Contain("FAIL");
    }

    [Fact]
    public async Task Conformance_NotAnAddress_ExitsTwo()
    {
        var (exitCode, _, stderr) = await RunCliAsync("conformance", "--sim", "localhost");

        exitCode.Should().Be(2);
        stderr.Should().Contain("--sim");
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(params string[] args) => CliProcess.RunAsync(args);
}
