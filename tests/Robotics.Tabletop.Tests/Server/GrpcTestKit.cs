using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Robotics.Sim.V1;
using Robotics.Tabletop.Server;

namespace Robotics.Tabletop.Tests.Server;

/// <summary>An in-process server on a free loopback port and a client of it.</summary>
internal sealed class GrpcTestKit : IAsyncDisposable
{
    private GrpcTestKit(TabletopServer server, GrpcChannel channel, string? token)
    {
        Server = server;
        Channel = channel;
        var invoker = token is null ? channel.CreateCallInvoker() : channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });
        Client = new Simulator.SimulatorClient(invoker);
    }

    public TabletopServer Server { get; }
    public GrpcChannel Channel { get; }
    public Simulator.SimulatorClient Client { get; }

    public static async Task<GrpcTestKit> StartAsync(TimeSpan? lease = null, string? serverToken = null, string? clientToken = null)
    {
        var server = await TabletopServer.StartAsync(new TabletopServerOptions
        {
            Port = 0, Token = serverToken, SessionLease = lease ?? TimeSpan.FromMinutes(5), MinimumLogLevel = LogLevel.Warning,
        });
        var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
        return new GrpcTestKit(server, channel, clientToken);
    }

    public static Tensor Actions(int n, Func<int, int, float> value)
    {
        var data = new float[n * 7];
        for (var i = 0; i < n; i++)
            for (var d = 0; d < 7; d++) data[i * 7 + d] = value(i, d);
        return new Tensor { Dtype = DType.Float32, Shape = { n, 7 }, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())) };
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
    }
}
