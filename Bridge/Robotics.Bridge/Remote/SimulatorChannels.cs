using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Robotics.Bridge;

/// <summary>
/// One gRPC channel per simulator address for the whole process (channels are expensive and multiplex calls), with
/// message limits raised for image batches. <c>dns:///host:port</c> addresses get round-robin balancing over every
/// address the name resolves to (a Kubernetes headless service), re-resolved by the client itself.
/// </summary>
internal static class SimulatorChannels
{
    /// <summary>64 envs x 224x224x3 is 9.6 MB a step; leave room for wrist cameras and larger batches.</summary>
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    private static readonly ConcurrentDictionary<string, GrpcChannel> Channels = new(StringComparer.Ordinal);

    public static GrpcChannel For(string address) => Channels.GetOrAdd(address, Create);

    private static GrpcChannel Create(string address)
    {
        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            },
        };
        if (address.StartsWith("dns:", StringComparison.OrdinalIgnoreCase))
        {
            options.Credentials = ChannelCredentials.Insecure;
            options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        }
        return GrpcChannel.ForAddress(address, options);
    }
}
