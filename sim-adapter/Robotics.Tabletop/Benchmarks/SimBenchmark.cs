using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Net.Client;
using Robotics.Sim.V1;
using Robotics.Tabletop.Native;
using Robotics.Tabletop.Physics;
using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Benchmarks;

/// <summary>Expert success over seeds.</summary>
public sealed record ExpertSuccessResult(string Task, int Successes, int Episodes, double MeanSteps, int PhysicsErrors);

/// <summary>
/// Measurements behind <c>robotics bench sim</c>: expert success, and env steps/s (64x64 RGB) in-process, over
/// gRPC and for the raw physics + render loop with no env code around it (the ceiling). Every throughput loop
/// steps the pick_can expert's actions and resets finished envs, so all three do the same work.
/// </summary>
public static class SimBenchmark
{
    public static ExpertSuccessResult ExpertSuccess(string task, int episodes, int numEnvs = 16)
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = Math.Min(numEnvs, episodes), Tasks = [task] });
        int successes = 0, errors = 0, started = 0, finished = 0;
        long steps = 0;
        var n = env.NumEnvs;
        var active = new bool[n];
        var batch = env.Reset(null, Enumerable.Range(0, n).Select(i => (ulong)i).ToArray());
        started = n;
        Array.Fill(active, true);
        while (finished < episodes)
        {
            batch = env.Step(batch.ExpertActions!);
            var resetIds = new List<int>();
            var resetSeeds = new List<ulong>();
            for (var i = 0; i < n; i++)
            {
                if (!active[i] || !batch.Done(i)) continue;
                finished++;
                steps += batch.ElapsedSteps[i];
                if (batch.Success[i]) successes++;
                if (batch.PhysicsError[i]) errors++;
                if (started < episodes)
                {
                    resetIds.Add(i);
                    resetSeeds.Add((ulong)started++);
                }
                else active[i] = false;
            }
            if (resetIds.Count > 0) batch = env.Reset(resetIds, resetSeeds);
            if (!active.Any(a => a)) break;
        }
        return new ExpertSuccessResult(task, successes, finished, (double)steps / finished, errors);
    }

    /// <summary>Env steps/s of <see cref="TabletopVectorEnv"/> in this process.</summary>
    public static double InProcessStepsPerSecond(int numEnvs, TimeSpan duration, int size = 64)
    {
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = numEnvs, ImageWidth = size, ImageHeight = size });
        var batch = env.Reset(null, null);
        return Measure(numEnvs, duration, () =>
        {
            batch = env.Step(batch.ExpertActions!);
            var done = Enumerable.Range(0, numEnvs).Where(batch.Done).ToArray();
            if (done.Length > 0) batch = env.Reset(done, null);
        });
    }

    /// <summary>
    /// The ceiling: the same worlds stepped with the same expert and rendered with the same renderer, without
    /// validation, batch arrays, copies or bookkeeping.
    /// </summary>
    public static unsafe double RawStepsPerSecond(int numEnvs, TimeSpan duration, int size = 64)
    {
        var model = MujocoModel.LoadTabletop(size, size);
        var ids = new SceneIds(model);
        using var models = new SceneModels(model, ids);
        using var renderer = new OffscreenRenderer(model, size, size);
        var task = TabletopTask.For("pick_can");
        var worlds = Enumerable.Range(0, numEnvs).Select(_ => new TabletopWorld(models, ids)).ToArray();
        try
        {
            var elapsed = new int[numEnvs];
            for (var i = 0; i < numEnvs; i++) worlds[i].Reset(task.Sample((ulong)i));
            var images = GC.AllocateArray<byte>(numEnvs * size * size * 3, pinned: true);
            var data = worlds.Select(w => w.Data).ToArray();
            var worldModels = worlds.Select(w => w.Model).ToArray(); // one task: every reset keeps its model
            var outputs = new nint[numEnvs];
            var baseAddress = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(images));
            for (var i = 0; i < numEnvs; i++) outputs[i] = baseAddress + i * size * size * 3;
            var seed = (ulong)numEnvs;
            return Measure(numEnvs, duration, () =>
            {
                Parallel.For(0, numEnvs, i =>
                {
                    Span<float> action = stackalloc float[ActionSpace.Dim];
                    var state = worlds[i].ReadState();
                    task.Expert(state, action);
                    worlds[i].Step(action);
                    if (++elapsed[i] >= task.Definition.MaxEpisodeSteps || task.IsSuccess(worlds[i].ReadState()))
                    {
                        worlds[i].Reset(task.Sample(Interlocked.Increment(ref seed)));
                        elapsed[i] = 0;
                    }
                });
                renderer.Render(worldModels, data, ids.FrontCamera, outputs);
            });
        }
        finally
        {
            foreach (var world in worlds) world.Dispose();
        }
    }

    /// <summary>Env steps/s through a gRPC server at <paramref name="address"/> (unary Step, or one StepStream).</summary>
    public static async Task<double> GrpcStepsPerSecond(Uri address, int numEnvs, TimeSpan duration, bool stream, int size = 64)
    {
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 512 << 20, MaxSendMessageSize = 512 << 20 });
        var client = new Simulator.SimulatorClient(channel);
        var session = (await client.OpenSessionAsync(new OpenSessionRequest
        {
            NumEnvs = numEnvs, Tasks = { "pick_can" }, ClientName = "bench",
            Cameras = { new CameraSpec { Name = "front", Width = size, Height = size } },
        })).SessionId;
        try
        {
            var result = await client.ResetAsync(new ResetRequest { SessionId = session });
            using var call = stream ? client.StepStream() : null;
            var done = new List<int>();
            var stopwatch = Stopwatch.StartNew();
            long steps = 0;
            while (stopwatch.Elapsed < duration)
            {
                var request = new StepRequest
                {
                    SessionId = session,
                    Actions = new Tensor { Dtype = DType.Float32, Shape = { numEnvs, ActionSpace.Dim }, Data = result.Extras[StepExtras.ExpertAction].Data },
                };
                if (call is null)
                    result = await client.StepAsync(request);
                else
                {
                    await call.RequestStream.WriteAsync(request);
                    await call.ResponseStream.MoveNext(CancellationToken.None);
                    result = call.ResponseStream.Current;
                }
                steps += numEnvs;
                done.Clear();
                for (var i = 0; i < numEnvs; i++)
                    if (result.Terminated[i] || result.Truncated[i]) done.Add(i);
                if (done.Count > 0) result = await client.ResetAsync(new ResetRequest { SessionId = session, EnvIds = { done } });
            }
            if (call is not null) await call.RequestStream.CompleteAsync();
            return steps / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            await client.CloseSessionAsync(new CloseSessionRequest { SessionId = session });
        }
    }

    private static double Measure(int numEnvs, TimeSpan duration, Action step)
    {
        step(); // warm-up (JIT, GL state)
        var stopwatch = Stopwatch.StartNew();
        long steps = 0;
        while (stopwatch.Elapsed < duration)
        {
            step();
            steps += numEnvs;
        }
        return steps / stopwatch.Elapsed.TotalSeconds;
    }
}
