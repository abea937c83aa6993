using System.Diagnostics;
using Grpc.Core;

namespace Robotics.Bridge.Conformance;

/// <summary>
/// The contract checks, as data: run them against any robotics.sim.v1 server
/// (<c>robotics conformance --sim URL</c>) so the C# tabletop, the Python adapter and a user's own server never drift.
/// </summary>
public static class ConformanceSuite
{
    /// <summary>Every check, in the order they run.</summary>
    public static IReadOnlyList<ConformanceCheck> Checks { get; } =
    [
        .. DescribeChecks.All(),
        .. SessionChecks.All(),
        .. ResetChecks.All(),
        .. StepChecks.All(),
        .. DeterminismChecks.All(),
        .. BadInputChecks.All(),
        .. IsolationChecks.All(),
        .. AuthChecks.All(),
    ];

    /// <summary>Runs the checks (each on fresh channels, its sessions closed afterwards) and reports every result.</summary>
    public static async Task<ConformanceReport> RunAsync(Uri address, ConformanceOptions? options = null,
                                                         IReadOnlyList<ConformanceCheck>? checks = null, CancellationToken ct = default)
    {
        options ??= new ConformanceOptions();
        if (options.NumEnvs < 2) throw new ArgumentException($"NumEnvs must be at least 2, got {options.NumEnvs}.", nameof(options));
        checks ??= Checks;
        if (options.Only.Count > 0) checks = checks.Where(c => options.Only.Any(p => c.Name.StartsWith(p, StringComparison.Ordinal))).ToList();

        Sim.V1.DescribeResponse description;
        await using (var probe = await ConnectOrReportAsync(address, options, null, ct))
        {
            if (probe.Context is null)
                return new ConformanceReport(address.ToString(), "", "", [new("connect", "describe", ConformanceOutcome.Failed, probe.Error!, TimeSpan.Zero)]);
            description = probe.Context.Description;
        }

        var results = new List<ConformanceResult>();
        foreach (var check in checks)
        {
            ct.ThrowIfCancellationRequested();
            results.Add(await RunOneAsync(check, address, options, description, ct));
        }
        return new ConformanceReport(address.ToString(), description.Backend, description.Version, results);
    }

    private static async Task<ConformanceResult> RunOneAsync(ConformanceCheck check, Uri address, ConformanceOptions options,
                                                             Sim.V1.DescribeResponse description, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var context = await ConformanceContext.ConnectAsync(address, options, description, ct);
            await check.Run(context);
            return new(check.Name, check.Area, ConformanceOutcome.Passed, "", clock.Elapsed);
        }
        catch (ConformanceSkip skip)
        {
            return new(check.Name, check.Area, ConformanceOutcome.Skipped, skip.Message, clock.Elapsed);
        }
        catch (ConformanceFailure failure)
        {
            return new(check.Name, check.Area, ConformanceOutcome.Failed, failure.Message, clock.Elapsed);
        }
        catch (RpcException error)
        {
            return new(check.Name, check.Area, ConformanceOutcome.Failed, $"unexpected {error.StatusCode}: {error.Status.Detail}", clock.Elapsed);
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new(check.Name, check.Area, ConformanceOutcome.Failed, $"{error.GetType().Name}: {error.Message}", clock.Elapsed);
        }
    }

    private static async Task<Probe> ConnectOrReportAsync(Uri address, ConformanceOptions options, Sim.V1.DescribeResponse? description, CancellationToken ct)
    {
        try
        {
            return new Probe(await ConformanceContext.ConnectAsync(address, options, description, ct), null);
        }
        catch (RpcException error)
        {
            return new Probe(null, $"Describe failed: {error.StatusCode} {error.Status.Detail}");
        }
    }

    private sealed record Probe(ConformanceContext? Context, string? Error) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Context?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
