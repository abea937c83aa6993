using Microsoft.Extensions.Logging;
using Robotics.Tabletop.Server;

namespace Robotics.Bridge.Tests.Envs;

/// <summary>Starts in-process tabletop gRPC servers on free loopback ports (quiet logs).</summary>
internal static class TabletopServers
{
    public static Task<TabletopServer> StartAsync(string? token = null, int port = 0) =>
        TabletopServer.StartAsync(new TabletopServerOptions { Port = port, Token = token, MinimumLogLevel = LogLevel.Warning });

    public static string Url(this TabletopServer server) => server.Address.ToString().TrimEnd('/');
}
