using System.Diagnostics;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Benchmarks;

/// <summary>
/// The bridge's own measurements (<c>robotics bench bridge</c> prints them): env steps/s in-process or over gRPC, the
/// pipelined collector's gain, and episode dataset throughput with and without LZ4. Numbers depend on the machine and
/// its load; nothing here asserts a speed.
/// </summary>
public static class BridgeBenchmark
{
    /// <summary>Env steps/s of a plain step loop with random actions for about <paramref name="seconds"/>; finished envs are reset at once.</summary>
    /// <param name="sim">Endpoints as <see cref="VectorEnvFactory"/> takes them; null = in-process.</param>
    public static async Task<double> StepsPerSecondAsync(string? sim, VectorEnvOptions options, double seconds, CancellationToken ct = default)
    {
        await using var env = await VectorEnvFactory.CreateAsync(sim, options, ct);
        var actor = new RandomActor(1);
        var observation = await env.ResetAsync(ct: ct);
        long envSteps = 0;
        var clock = new Stopwatch();
        for (var i = 0; clock.Elapsed.TotalSeconds < seconds; i++)
        {
            if (i == 5) clock.Start(); // warm-up: JIT, connection, first renders
            var actions = (await actor.ActAsync(observation, ct)).Actions;
            observation = await env.StepAsync(actions, ct);
            if (clock.IsRunning) envSteps += env.Spec.NumEnvs;
            var done = Enumerable.Range(0, env.Spec.NumEnvs).Where(observation.Done).ToArray();
            if (done.Length > 0) observation = await env.ResetAsync(done, ct: ct);
        }
        return envSteps / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Collector env steps/s over 16 envs split into <paramref name="groups"/> vector envs, with an actor that computes for 1 ms per env, like a small policy on the CPU.</summary>
    public static async Task<double> CollectStepsPerSecondAsync(string sim, int groups, CancellationToken ct = default)
    {
        const int total = 16;
        var envs = new List<IVectorEnv>();
        try
        {
            for (var g = 0; g < groups; g++)
                envs.Add(await VectorEnvFactory.CreateAsync(sim, new VectorEnvOptions { NumEnvs = total / groups, Tasks = ["pick_can"], Seed = (ulong)g }, ct));
            var requests = Enumerable.Range(0, 48).Select(k => new EpisodeRequest("pick_can", (ulong)k)).ToArray();
            var collector = new RolloutCollector(new RolloutCollectorOptions { Progress = false });
            var clock = Stopwatch.StartNew();
            var episodes = await collector.CollectAsync(envs, new BusyActor(TimeSpan.FromMilliseconds(1)), requests, ct);
            return episodes.Sum(e => e.Steps) / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var env in envs) await env.DisposeAsync();
        }
    }

    /// <summary>16 in-process expert episodes of <c>pick_can</c>, written 8 times to a temporary dataset and read back, plain and with LZ4.</summary>
    public static async Task<IReadOnlyList<DatasetThroughput>> DatasetThroughputAsync(CancellationToken ct = default)
    {
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 16, Tasks = ["pick_can"] }, ct);
        var requests = Enumerable.Range(0, 16).Select(k => new EpisodeRequest("pick_can", (ulong)k)).ToArray();
        var episodes = await new RolloutCollector(new RolloutCollectorOptions { Progress = false }).CollectAsync(env, new ExpertActor(0.3, 1), requests, ct);
        var rows = new List<DatasetThroughput>();
        var dir = Path.Combine(Path.GetTempPath(), $"robotics-bench-{Environment.ProcessId}");
        try
        {
            foreach (var lz4 in new[] { false, true })
            {
                var path = Path.Combine(dir, lz4 ? "lz4.msgpack" : "plain.msgpack");
                const int repeats = 8;
                long rawBytes = 0, steps = 0;
                var write = Stopwatch.StartNew();
                using (var writer = EpisodeDatasetWriter.Create(path, DatasetHeader.For(env.Spec, "bench"), lz4))
                {
                    for (var r = 0; r < repeats; r++)
                    {
                        foreach (var e in episodes)
                        {
                            writer.Write(e);
                            rawBytes += e.Images.Length + 4L * (e.Proprio.Length + e.Actions.Length + e.Rewards.Length);
                            steps += e.Steps;
                        }
                    }
                    writer.Complete();
                }
                write.Stop();
                var read = Stopwatch.StartNew();
                var count = new EpisodeDatasetReader(path).Count();
                read.Stop();
                var size = new FileInfo(path).Length;
                rows.Add(new DatasetThroughput(lz4, rawBytes / 1e6 / write.Elapsed.TotalSeconds, rawBytes / 1e6 / read.Elapsed.TotalSeconds,
                    (double)size / steps, (double)size / rawBytes, count));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return rows;
    }
}
