namespace Robotics.Tabletop.Server;

/// <summary>
/// The tabletop's gRPC server (the robotics.sim.v1 contract, health service and reflection) hosted in-process:
/// <c>await using var server = await TabletopServer.StartAsync(new TabletopServerOptions { Port = 0 });</c>
/// then connect a channel to <see cref="Address"/>.
/// </summary>
public sealed class TabletopServer : IAsyncDisposable
{
    private TabletopServer(Uri address) => Address = address;

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:50051</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts listening; throws <see cref="ArgumentException"/> for unsafe or invalid options.</summary>
    public static Task<TabletopServer> StartAsync(TabletopServerOptions options, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("The tabletop server is being built (issue 4).");

    /// <summary>Completes when the server stops (Ctrl+C, SIGTERM or disposal).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
