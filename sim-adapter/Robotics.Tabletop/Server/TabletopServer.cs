using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Robotics.Tabletop.Server;

/// <summary>
/// The tabletop's gRPC server (the robotics.sim.v1 contract, the standard health service and server reflection)
/// hosted in-process on Kestrel, HTTP/2 (h2c unless a TLS certificate is given):
/// <c>await using var server = await TabletopServer.StartAsync(new TabletopServerOptions { Port = 0 });</c>
/// then connect a channel to <see cref="Address"/>.
/// </summary>
public sealed class TabletopServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TabletopServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:50051</c>.</summary>
    public Uri Address { get; }

    /// <summary>Sessions currently open (tests, monitoring).</summary>
    public int SessionCount => _app.Services.GetRequiredService<SessionStore>().Count;

    /// <summary>Starts listening; throws <see cref="ArgumentException"/> for unsafe or invalid options.</summary>
    public static async Task<TabletopServer> StartAsync(TabletopServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = ParseHost(options.Host);
        if (!IPAddress.IsLoopback(address) && options.Token is null && !options.Insecure)
            throw new ArgumentException(
                $"binding {options.Host} (not loopback) needs a bearer token (--token or ROBOTICS_SIM_TOKEN) or an explicit --insecure.", nameof(options));
        if (options.Token is { Length: 0 })
            throw new ArgumentException("the bearer token is empty.", nameof(options));
        if (options.Port is < 0 or > 65535)
            throw new ArgumentException($"port must be in 0..65535, got {options.Port}.", nameof(options));
        if (options.SessionLease <= TimeSpan.Zero)
            throw new ArgumentException("the session lease must be positive.", nameof(options));
        var certificate = options.TlsCertPath is null ? null : LoadCertificate(options.TlsCertPath, options.TlsKeyPath);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.MinimumLogLevel);
        // Logs go to stderr: stdout carries only what a host prints (serve-sim's "listening on" line).
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null) listen.UseHttps(certificate);
            });
            kestrel.Limits.MaxRequestBodySize = options.MaxMessageBytes;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddHostedService<LeaseSweeper>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = options.MaxMessageBytes;
            if (options.Token is not null) grpc.Interceptors.Add<BearerTokenInterceptor>(options.Token);
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck("tabletop", () => HealthCheckResult.Healthy());

        var app = builder.Build();
        app.MapGrpcService<SimulatorService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Kestrel reports the address it bound; normalise the scheme and keep the actual port.
        var uri = new Uri(bound.Replace("[::]", "[::1]", StringComparison.Ordinal));
        var scheme = certificate is null ? "http" : "https";
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new TabletopServer(app, new Uri($"{scheme}://{host}:{uri.Port}"));
    }

    /// <summary>Completes when the server stops (Ctrl+C, SIGTERM or disposal).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static IPAddress ParseHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return address;
        throw new ArgumentException($"host must be an IP address or 'localhost', got '{host}'.", nameof(host));
    }

    private static X509Certificate2 LoadCertificate(string certPath, string? keyPath)
    {
        if (!File.Exists(certPath)) throw new ArgumentException($"TLS certificate '{certPath}' does not exist.", nameof(certPath));
        if (keyPath is not null) return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        if (certPath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || certPath.EndsWith(".crt", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"TLS certificate '{certPath}' is PEM: give its private key too (--tls-key).", nameof(certPath));
        return X509CertificateLoader.LoadPkcs12FromFile(certPath, Environment.GetEnvironmentVariable("ROBOTICS_SIM_TLS_PASSWORD"));
    }
}
