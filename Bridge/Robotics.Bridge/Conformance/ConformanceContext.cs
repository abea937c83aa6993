using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

/// <summary>
/// What a check works with: a client of the server under test, its description, and helpers that open
/// sessions (closed again after the check), build action tensors and check statuses.
/// </summary>
public sealed class ConformanceContext : IAsyncDisposable
{
    private const int MaxMessageBytes = 256 * 1024 * 1024;
    private readonly List<(Simulator.SimulatorClient Client, string Id)> _opened = [];
    private readonly List<GrpcChannel> _channels = [];
    private readonly Uri _address;

    private ConformanceContext(Uri address, ConformanceOptions options, CancellationToken ct)
    {
        _address = address;
        Options = options;
        CancellationToken = ct;
        Client = NewClient();
    }

    public Simulator.SimulatorClient Client { get; }

    public DescribeResponse Description { get; private set; } = new();

    public ConformanceOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    public int NumEnvs => Options.NumEnvs;

    /// <summary>The task the checks use: the server's first.</summary>
    public string Task => Description.Tasks.Count > 0 ? Description.Tasks[0].Id : throw new ConformanceFailure("Describe lists no tasks");

    /// <summary>The camera the checks ask for: the server's first, at <see cref="ConformanceOptions.ImageSize"/>.</summary>
    public CameraSpec? Camera => Description.Capabilities?.Cameras.Count > 0
        ? new CameraSpec { Name = Description.Capabilities.Cameras[0].Name, Width = Options.ImageSize, Height = Options.ImageSize }
        : null;

    public CallOptions Call => new(deadline: DateTime.UtcNow + Options.CallTimeout, cancellationToken: CancellationToken);

    /// <summary>Connects; asks the server to describe itself unless <paramref name="description"/> is given.</summary>
    internal static async Task<ConformanceContext> ConnectAsync(Uri address, ConformanceOptions options,
                                                                DescribeResponse? description, CancellationToken ct)
    {
        var context = new ConformanceContext(address, options, ct);
        context.Description = description ?? await context.Client.DescribeAsync(new DescribeRequest(), context.Call);
        return context;
    }

    /// <summary>A client on its own channel (a second user of the server); <paramref name="withToken"/> false omits the token.</summary>
    public Simulator.SimulatorClient NewClient(bool withToken = true)
    {
        var channel = GrpcChannel.ForAddress(_address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
        _channels.Add(channel);
        var token = Options.Token;
        if (!withToken || string.IsNullOrEmpty(token)) return new Simulator.SimulatorClient(channel);
        return new Simulator.SimulatorClient(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));
    }

    /// <summary>The request the checks open sessions with: N envs of the first task, the first camera, the kit's seed.</summary>
    public OpenSessionRequest SessionRequest(int? numEnvs = null, ulong? seed = null, int maxEpisodeSteps = 0)
    {
        var request = new OpenSessionRequest
        {
            NumEnvs = numEnvs ?? NumEnvs,
            Seed = seed ?? Options.Seed,
            MaxEpisodeSteps = maxEpisodeSteps,
            ClientName = "robotics-conformance",
        };
        request.Tasks.Add(Task);
        if (Camera is { } camera) request.Cameras.Add(camera);
        return request;
    }

    /// <summary>Opens a session that is closed when the check ends.</summary>
    public async Task<OpenSessionResponse> OpenAsync(OpenSessionRequest? request = null, Simulator.SimulatorClient? client = null)
    {
        client ??= Client;
        var response = await client.OpenSessionAsync(request ?? SessionRequest(), Call);
        Expect.True(!string.IsNullOrEmpty(response.SessionId), "OpenSession returned an empty session_id");
        _opened.Add((client, response.SessionId));
        return response;
    }

    public async Task<StepResult> ResetAsync(string sessionId, IEnumerable<int>? envIds = null, IEnumerable<ulong>? seeds = null,
                                             Simulator.SimulatorClient? client = null)
    {
        var request = new ResetRequest { SessionId = sessionId };
        if (envIds is not null) request.EnvIds.Add(envIds);
        if (seeds is not null) request.Seeds.Add(seeds);
        return await (client ?? Client).ResetAsync(request, Call);
    }

    public async Task<StepResult> StepAsync(string sessionId, Tensor actions, Simulator.SimulatorClient? client = null)
        => await (client ?? Client).StepAsync(new StepRequest { SessionId = sessionId, Actions = actions }, Call);

    /// <summary>float32 [n, 7] actions, every value <paramref name="value"/> except the gripper (1 = open).</summary>
    public static Tensor Actions(int n, float value = 0f, float gripper = 1f, int dim = ActionSpace.Dim)
    {
        var values = new float[n * dim];
        for (var i = 0; i < values.Length; i++) values[i] = i % dim == dim - 1 ? gripper : value;
        return FloatTensor(values, n, dim);
    }

    public static Tensor FloatTensor(float[] values, params long[] shape)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the wire format is little-endian");
        var tensor = new Tensor { Dtype = DType.Float32, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Shape.Add(shape);
        return tensor;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, id) in _opened)
        {
            try
            {
                await client.CloseSessionAsync(new CloseSessionRequest { SessionId = id },
                    new CallOptions(deadline: DateTime.UtcNow + TimeSpan.FromSeconds(10)));
            }
            catch (RpcException)
            {
                // Already closed by the check (or expired): nothing to free.
            }
        }
        _opened.Clear();
        foreach (var channel in _channels) channel.Dispose();
    }
}
