using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Robotics.Bridge.Remote;

/// <summary>
/// One gRPC channel per simulator address for the whole process (channels are expensive and multiplex calls), with
/// message limits raised for image batches (a dns:/// name is expanded to its addresses before it gets here, see
/// <see cref="VectorEnvFactory"/>).
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
        return GrpcChannel.ForAddress(address, options);
    }
}
