using Microsoft.Extensions.Logging;

namespace Robotics.Tabletop.Server;

/// <summary>How a <see cref="TabletopServer"/> listens and who it lets in.</summary>
public sealed record TabletopServerOptions
{
    /// <summary>Address to bind; loopback by default. Anything else needs <see cref="Token"/> or <see cref="Insecure"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read the bound address from <see cref="TabletopServer.Address"/>).</summary>
    public int Port { get; init; } = 50051;

    /// <summary>Bearer token every call must carry (<c>authorization: Bearer TOKEN</c>); null = no authentication.</summary>
    public string? Token { get; init; }

    /// <summary>Allows a non-loopback bind without a token.</summary>
    public bool Insecure { get; init; }

    /// <summary>TLS certificate: a PEM file (with <see cref="TlsKeyPath"/>) or a PFX file (password from ROBOTICS_SIM_TLS_PASSWORD); null = plaintext HTTP/2 (h2c).</summary>
    public string? TlsCertPath { get; init; }

    /// <summary>PEM private key for <see cref="TlsCertPath"/>; null when the certificate is a PFX.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>A session with no call for this long is closed and its envs freed.</summary>
    public TimeSpan SessionLease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest number of envs one session may open.</summary>
    public int MaxEnvsPerSession { get; init; } = 256;

    /// <summary>Console log level (session open/close at Information).</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Largest gRPC message in either direction (64 envs x 224x224x3 images are 9.6 MB).</summary>
    public int MaxMessageBytes { get; init; } = 256 * 1024 * 1024;
}
