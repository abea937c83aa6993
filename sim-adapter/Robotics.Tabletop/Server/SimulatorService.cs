using System.Reflection;
using Grpc.Core;
using Robotics.Sim.V1;
using Robotics.Tabletop.Native;
using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Server;

/// <summary>
/// The robotics.sim.v1 Simulator service over <see cref="TabletopVectorEnv"/> sessions. Status codes:
/// INVALID_ARGUMENT for bad shapes, dtypes, NaN/Inf, unknown task or camera, out-of-range env ids;
/// NOT_FOUND for an unknown session; FAILED_PRECONDITION for a session that was closed or expired;
/// RESOURCE_EXHAUSTED when a session asks for more envs than allowed. One session's error never touches another.
/// </summary>
internal sealed class SimulatorService(SessionStore sessions, TabletopServerOptions options)
    : Simulator.SimulatorBase
{
    public const string Backend = "mujoco-tabletop", ControlMode = "ee_delta_pose";

    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context)
    {
        var version = MujocoNative.MujocoVersion();
        var response = new DescribeResponse
        {
            Backend = Backend,
            Version = $"robotics {Assembly.GetExecutingAssembly().GetName().Version}, MuJoCo {version / 100}.{version / 10 % 10}.{version % 10}",
            Capabilities = new Capabilities
            {
                PartialReset = true,
                PerEnvTask = true,
                ControlFrequencyHz = 10,
                MaxEnvsPerSession = options.MaxEnvsPerSession,
                Cameras =
                {
                    new CameraSpec { Name = CameraNames.Front, Width = CameraNames.DefaultSize, Height = CameraNames.DefaultSize },
                    new CameraSpec { Name = CameraNames.Wrist, Width = CameraNames.DefaultSize, Height = CameraNames.DefaultSize },
                },
                ProprioNames = { TabletopVectorEnv.DefaultProprioNames },
                ObjectPoseNames = { TabletopVectorEnv.ObjectPoseNames },
                ActionDim = ActionSpace.Dim,
                ControlModes = { ControlMode },
                HasExpert = true,
                SessionLeaseSeconds = (int)Math.Ceiling(options.SessionLease.TotalSeconds),
            },
        };
        foreach (var task in TaskSuite.All)
            response.Tasks.Add(new TaskInfo { Id = task.Id, Instruction = task.Instruction, Tags = { task.Tags }, MaxEpisodeSteps = task.MaxEpisodeSteps, ExpertStyles = { task.ExpertStyles } });
        return Task.FromResult(response);
    }

    public override Task<OpenSessionResponse> OpenSession(OpenSessionRequest request, ServerCallContext context)
    {
        if (request.NumEnvs < 1 || request.NumEnvs > options.MaxEnvsPerSession)
            throw new RpcException(new Status(request.NumEnvs < 1 ? StatusCode.InvalidArgument : StatusCode.ResourceExhausted,
                $"num_envs must be in 1..{options.MaxEnvsPerSession}, got {request.NumEnvs}."));
        if (request.ControlMode is not ("" or ControlMode))
            throw Invalid($"control_mode '{request.ControlMode}' is not supported; this backend offers '{ControlMode}'.");
        RequireKnownTasks(request.Tasks);
        if (!Enum.IsDefined(request.Scoring))
            throw Invalid($"scoring {(int)request.Scoring} is unknown; this backend offers SUCCESS_ONCE (0) and SUCCESS_AT_END (1).");
        var (cameras, width, height) = Cameras(request);
        var tabletopOptions = new TabletopOptions
        {
            NumEnvs = request.NumEnvs,
            Tasks = request.Tasks.Count == 0 ? ["pick_can"] : request.Tasks.ToArray(),
            ImageWidth = width,
            ImageHeight = height,
            WristCamera = cameras.Contains(CameraNames.Wrist),
            MaxEpisodeSteps = request.MaxEpisodeSteps,
            Seed = request.Seed,
            ObjectPoses = request.ObjectPoses,
            SuccessAtEnd = request.Scoring == SuccessScoring.SuccessAtEnd,
        };
        var env = Guard(() => TabletopVectorEnv.Create(tabletopOptions));
        var session = sessions.Add(request.ClientName, env, cameras);
        return Task.FromResult(new OpenSessionResponse
        {
            SessionId = session.Id,
            NumEnvs = env.NumEnvs,
            Tasks = { Enumerable.Range(0, env.NumEnvs).Select(tabletopOptions.TaskOf) },
            Cameras = { cameras.Select(c => new CameraSpec { Name = c, Width = width, Height = height }) },
            ProprioDim = env.ProprioDim,
            Scoring = request.Scoring,
        });
    }

    public override Task<CloseSessionResponse> CloseSession(CloseSessionRequest request, ServerCallContext context)
    {
        sessions.Get(request.SessionId); // NOT_FOUND / FAILED_PRECONDITION for unknown or ended ids
        sessions.Close(request.SessionId, "was closed by its client");
        return Task.FromResult(new CloseSessionResponse());
    }

    public override async Task<StepResult> Reset(ResetRequest request, ServerCallContext context)
    {
        var session = sessions.Get(request.SessionId);
        return await Locked(session, context.CancellationToken, () =>
        {
            RequireKnownTasks(request.Tasks);
            var batch = Guard(() => session.Env.Reset(request.EnvIds, request.Seeds, request.Tasks));
            return BatchMessages.ToResult(batch, session.Cameras);
        }).ConfigureAwait(false);
    }

    public override async Task<StepResult> Step(StepRequest request, ServerCallContext context)
    {
        var session = sessions.Get(request.SessionId);
        return await StepOnce(session, request, context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task StepStream(IAsyncStreamReader<StepRequest> requestStream, IServerStreamWriter<StepResult> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            var session = sessions.Get(request.SessionId);
            var result = await StepOnce(session, request, context.CancellationToken).ConfigureAwait(false);
            await responseStream.WriteAsync(result, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<StepResult> StepOnce(Session session, StepRequest request, CancellationToken cancellationToken) =>
        Locked(session, cancellationToken, () =>
        {
            EnvStep batch;
            try
            {
                batch = session.Env.Step(BatchMessages.Actions(request.Actions, session.Env.NumEnvs));
            }
            catch (ArgumentException e)
            {
                throw Invalid(e.Message);
            }
            return BatchMessages.ToResult(batch, session.Cameras);
        });

    private static async Task<T> Locked<T>(Session session, CancellationToken cancellationToken, Func<T> work)
    {
        try
        {
            await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"session {session.Id} was closed during the call."));
        }
        try
        {
            return work();
        }
        catch (ObjectDisposedException)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"session {session.Id} was closed during the call."));
        }
        finally
        {
            try { session.Gate.Release(); } catch (ObjectDisposedException) { }
        }
    }

    private (IReadOnlyList<string> Names, int Width, int Height) Cameras(OpenSessionRequest request)
    {
        if (request.Cameras.Count == 0) return ([CameraNames.Front], CameraNames.DefaultSize, CameraNames.DefaultSize);
        var names = new List<string>();
        foreach (var camera in request.Cameras)
        {
            if (camera.Name is not (CameraNames.Front or CameraNames.Wrist))
                throw Invalid($"unknown camera '{camera.Name}'; this backend offers '{CameraNames.Front}' and '{CameraNames.Wrist}'.");
            if (names.Contains(camera.Name)) throw Invalid($"camera '{camera.Name}' is listed twice.");
            names.Add(camera.Name);
        }
        var first = request.Cameras[0];
        int width = first.Width == 0 ? CameraNames.DefaultSize : first.Width, height = first.Height == 0 ? CameraNames.DefaultSize : first.Height;
        foreach (var camera in request.Cameras)
        {
            if ((camera.Width == 0 ? CameraNames.DefaultSize : camera.Width) != width || (camera.Height == 0 ? CameraNames.DefaultSize : camera.Height) != height)
                throw Invalid("all cameras of a session must have the same size in this backend.");
        }
        return (names, width, height);
    }

    /// <summary>Maps the env's ArgumentException to INVALID_ARGUMENT, keeping its message.</summary>
    private static T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (ArgumentException e)
        {
            throw Invalid(e.Message);
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    /// <summary>An unknown task is NOT_FOUND, as an unknown session is (the Python adapter answers alike).</summary>
    private static void RequireKnownTasks(IEnumerable<string> tasks)
    {
        foreach (var task in tasks)
        {
            if (!TaskSuite.Contains(task))
                throw new RpcException(new Status(StatusCode.NotFound, $"unknown task '{task}'; this backend offers {string.Join(", ", TaskSuite.All.Select(t => t.Id))}."));
        }
    }
}
