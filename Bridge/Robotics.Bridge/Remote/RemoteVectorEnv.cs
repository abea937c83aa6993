using Grpc.Core;
using Robotics.Sim.V1;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Faults;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Remote;

/// <summary>
/// N envs in one session of a simulator server that speaks <c>robotics.sim.v1</c>. Every call carries a deadline and
/// the bearer token; failures become <see cref="SimulatorUnavailableException"/> (naming the endpoint, the call and the
/// session) or argument/access errors with the server's message. Steps use unary calls, or one
/// <c>StepStream</c> per session when <see cref="VectorEnvOptions.UseStepStream"/> is set.
/// </summary>
internal sealed class RemoteVectorEnv : IVectorEnv
{
    private readonly Simulator.SimulatorClient _client;
    private readonly string _endpoint;
    private readonly string _sessionId;
    private readonly VectorEnvOptions _options;
    private readonly Metadata _headers;
    private readonly string _camera;
    private AsyncDuplexStreamingCall<StepRequest, StepResult>? _stream;

    private RemoteVectorEnv(Simulator.SimulatorClient client, string endpoint, string sessionId, VectorEnvOptions options, Metadata headers, string camera, EnvSpec spec)
    {
        _client = client;
        _endpoint = endpoint;
        _sessionId = sessionId;
        _options = options;
        _headers = headers;
        _camera = camera;
        Spec = spec;
    }

    public EnvSpec Spec { get; }

    /// <summary>Asks the server what it runs, then opens a session of <see cref="VectorEnvOptions.NumEnvs"/> envs.</summary>
    public static async Task<RemoteVectorEnv> OpenAsync(string endpoint, VectorEnvOptions options, CancellationToken ct)
    {
        options.Validate();
        var client = new Simulator.SimulatorClient(SimulatorChannels.For(endpoint));
        var headers = new Metadata();
        if (options.Token is { Length: > 0 } token) headers.Add("authorization", $"Bearer {token}");
        var describe = await CallAsync(endpoint, "Describe", ct,
            () => client.DescribeAsync(new DescribeRequest(), Options(headers, options, ct)).ResponseAsync);
        var caps = describe.Capabilities ?? new Capabilities();
        var camera = caps.Cameras.Count > 0 ? caps.Cameras[0].Name : "base";
        // Checked here, not left to the server: an older server would ignore the field and send proprio without poses.
        if (options.ObjectPoses && caps.ObjectPoseNames.Count == 0)
            throw new ArgumentException($"the simulator at {endpoint} ({describe.Backend}) does not offer object poses; open it without ObjectPoses (a pixel-only policy; the robotics CLI: --inputs pixels).");
        var request = new OpenSessionRequest
        {
            NumEnvs = options.NumEnvs,
            Tasks = { options.Tasks },
            Cameras = { new CameraSpec { Name = camera, Width = options.ImageSize, Height = options.ImageSize } },
            Seed = options.Seed,
            MaxEpisodeSteps = options.MaxEpisodeSteps,
            ClientName = options.ClientName,
            ObjectPoses = options.ObjectPoses,
            Scoring = options.Scoring,
        };
        var opened = await CallAsync(endpoint, $"OpenSession ({options.NumEnvs} envs of {string.Join(",", options.Tasks.Distinct())})", ct,
            () => client.OpenSessionAsync(request, Options(headers, options, ct)).ResponseAsync);
        // A server older than the field answers SUCCESS_ONCE (proto3's default) whatever was asked: refuse, or its numbers
        // would be labelled with a scoring they were not scored by.
        if (opened.Scoring != options.Scoring)
        {
            await CloseSessionAsync(client, opened.SessionId, headers);
            throw new ArgumentException($"the simulator at {endpoint} ({describe.Backend}) scores {opened.Scoring} and does not offer {options.Scoring}; open it with the scoring it offers.");
        }
        var size = opened.Cameras.Count > 0 ? opened.Cameras[0] : request.Cameras[0];
        var tasks = opened.Tasks.Count == opened.NumEnvs ? opened.Tasks.ToArray()
            : Enumerable.Range(0, opened.NumEnvs).Select(options.TaskOf).ToArray();
        var spec = new EnvSpec(describe.Backend, opened.NumEnvs, size.Height, size.Width, opened.ProprioDim,
            caps.ActionDim > 0 ? caps.ActionDim : Episode.ActionDim, tasks, caps.PartialReset, caps.PerEnvTask, caps.HasExpert,
            caps.ControlFrequencyHz)
        {
            TaskInstructions = [.. describe.Tasks.Select(t => t.Instruction)],
            ExpertStyles = describe.Tasks.Where(t => t.ExpertStyles.Count > 0)
                .ToDictionary(t => t.Id, t => (IReadOnlyList<string>)[.. t.ExpertStyles]),
        };
        return new RemoteVectorEnv(client, endpoint, opened.SessionId, options, headers, size.Name is { Length: > 0 } n ? n : camera, spec);
    }

    public async Task<EnvStep> ResetAsync(IReadOnlyList<int>? envIds = null, IReadOnlyList<ulong>? seeds = null,
        IReadOnlyList<string>? tasks = null, CancellationToken ct = default)
    {
        var request = new ResetRequest { SessionId = _sessionId };
        if (envIds is not null) request.EnvIds.AddRange(envIds);
        if (seeds is not null) request.Seeds.AddRange(seeds);
        if (tasks is not null) request.Tasks.AddRange(tasks);
        var result = await CallAsync(_endpoint, Describe("Reset"), ct,
            () => _client.ResetAsync(request, Options(_headers, _options, ct)).ResponseAsync);
        return Decode(result);
    }

    public async Task<EnvStep> StepAsync(float[] actions, CancellationToken ct = default)
    {
        var request = new StepRequest { SessionId = _sessionId, Actions = TensorCodec.Float32(actions, Spec.NumEnvs, Spec.ActionDim) };
        var result = _options.UseStepStream
            ? await CallAsync(_endpoint, Describe("StepStream"), ct, () => StreamStepAsync(request, ct))
            : await CallAsync(_endpoint, Describe("Step"), ct, () => _client.StepAsync(request, Options(_headers, _options, ct)).ResponseAsync);
        return Decode(result);
    }

    private string Describe(string call) => $"{call} (session {_sessionId}, {Spec.NumEnvs} envs)";

    /// <summary>One request, one response on the session's stream; the deadline applies to each step, not the stream.</summary>
    private async Task<StepResult> StreamStepAsync(StepRequest request, CancellationToken ct)
    {
        _stream ??= _client.StepStream(new CallOptions(_headers, cancellationToken: CancellationToken.None));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Deadline);
        try
        {
            await _stream.RequestStream.WriteAsync(request, timeout.Token);
            if (!await _stream.ResponseStream.MoveNext(timeout.Token))
                throw new RpcException(new Status(StatusCode.Unavailable, "the server closed the step stream"));
            return _stream.ResponseStream.Current;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"no step result within {_options.Deadline.TotalSeconds:F0} s"));
        }
        catch
        {
            // A broken stream cannot be reused: the next step opens a new one.
            _stream.Dispose();
            _stream = null;
            throw;
        }
    }

    private EnvStep Decode(StepResult r)
    {
        int n = Spec.NumEnvs, h = Spec.ImageHeight, w = Spec.ImageWidth, p = Spec.ProprioDim;
        if (!r.Images.TryGetValue(_camera, out var image) && r.Images.Count > 0) image = r.Images.Values.First();
        if (image is null) throw new InvalidDataException($"Simulator at {_endpoint} sent no image for camera '{_camera}'.");
        var expert = Spec.HasExpert && r.Extras.TryGetValue(StepExtras.ExpertAction, out var e)
            ? TensorCodec.ToFloat32(e, (long)n * Spec.ActionDim, "extras[expert_action]") : null;
        var shaped = r.Extras.TryGetValue(StepExtras.ShapedReward, out var s) ? TensorCodec.ToFloat32(s, n, "extras[shaped_reward]") : null;
        var styled = r.Extras.Where(kv => kv.Key.StartsWith(StepExtras.StyledExpertPrefix, StringComparison.Ordinal)).ToDictionary(
            kv => kv.Key[StepExtras.StyledExpertPrefix.Length..], kv => TensorCodec.ToFloat32(kv.Value, (long)n * Spec.ActionDim, $"extras[{kv.Key}]"));
        return new EnvStep(n, h, w, TensorCodec.ToUInt8(image, (long)n * h * w * 3, $"images[{_camera}]"),
            p, TensorCodec.ToFloat32(r.Proprio, (long)n * p, "proprio"),
            [.. r.Instructions], [.. r.Tasks], Field(r.Reward, n, "reward"), Field(r.Terminated, n, "terminated"),
            Field(r.Truncated, n, "truncated"), Field(r.Success, n, "success"),
            r.PhysicsError.Count == 0 ? new bool[n] : Field(r.PhysicsError, n, "physics_error"),
            Field(r.ElapsedSteps, n, "elapsed_steps"), Field(r.EpisodeSeeds, n, "episode_seeds"), expert, shaped)
        {
            StyledExpertActions = styled,
        };
    }

    private T[] Field<T>(IReadOnlyCollection<T> values, int n, string name) =>
        values.Count == n ? [.. values] : throw new InvalidDataException($"Simulator at {_endpoint} sent {values.Count} values of {name} for {n} envs.");

    private static CallOptions Options(Metadata headers, VectorEnvOptions options, CancellationToken ct) =>
        new(headers, DateTime.UtcNow + options.Deadline, ct);

    private static async Task<T> CallAsync<T>(string endpoint, string operation, CancellationToken ct, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            throw RpcFaults.Translate(e, endpoint, operation, ct);
        }
        catch (HttpRequestException e)
        {
            throw new SimulatorUnavailableException(endpoint, operation, e.Message, e);
        }
    }

    /// <summary>Closes the session (best effort: a dead server frees it through its lease).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            try { await _stream.RequestStream.CompleteAsync(); } catch (Exception) { }
            _stream.Dispose();
        }
        await CloseSessionAsync(_client, _sessionId, _headers);
    }

    private static async Task CloseSessionAsync(Simulator.SimulatorClient client, string sessionId, Metadata headers)
    {
        try
        {
            await client.CloseSessionAsync(new CloseSessionRequest { SessionId = sessionId },
                new CallOptions(headers, DateTime.UtcNow + TimeSpan.FromSeconds(2)));
        }
        catch (RpcException)
        {
        }
    }
}
