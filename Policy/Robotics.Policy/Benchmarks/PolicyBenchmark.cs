using System.Diagnostics;
using Robotics.Policy.Model;
using TorchSharp;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using static TorchSharp.torch;

namespace Robotics.Policy.Benchmarks;

/// <summary>
/// What <c>robotics bench policy</c> measures: acting throughput (greedy, KV cache on and off), teacher-forced training
/// throughput at batch 64 (cross-entropy on the 7 action tokens, AdamW), FLOP/s against this machine's matmul ceiling,
/// and resident memory across a long inference loop. Weights are random: speed does not depend on them.
/// </summary>
public static class PolicyBenchmark
{
    public sealed record ActRow(string Config, int Batch, bool KvCache, double ActionsPerSecond, double MillisecondsPerCall);
    public sealed record TrainRow(string Config, int Batch, double SamplesPerSecond, double UpdatesPerSecond, double AchievedFlops, long Parameters);
    public sealed record MemoryRow(string Config, int Steps, long RssBeforeBytes, long RssAfterBytes);

    public static readonly string[] Instructions = ["pick up the coke can", "pick up the red cube", "open the drawer", "close the drawer", "put the spoon on the towel"];

    /// <summary>FLOP/s of a float32 n x n matmul, best of <paramref name="repeats"/>: the ceiling the models are compared to.</summary>
    public static double MatmulCeiling(int n = 2048, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        a.matmul(b).Dispose();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best;
    }

    public static VlaPolicy CreatePolicy(VlaConfig config) =>
        VlaPolicy.Create(config, ActionNormalizer.Identity(), WordTokenizer.FromInstructions(Instructions, config.VocabSize), seed: 0);

    public static ObservationBatch Observations(VlaConfig config, int batch, int seed = 0)
    {
        var random = new Random(seed);
        var images = new byte[batch * config.ImageSize * config.ImageSize * 3];
        random.NextBytes(images);
        var proprio = Enumerable.Range(0, batch * config.ProprioDim).Select(_ => (float)random.NextDouble()).ToArray();
        return new ObservationBatch(batch, config.ImageSize, config.ImageSize, images, config.ProprioDim, proprio,
            Enumerable.Range(0, batch).Select(i => Instructions[i % Instructions.Length]).ToList());
    }

    public static ActRow MeasureAct(VlaPolicy policy, int batch, bool kvCache, double seconds)
    {
        var obs = Observations(policy.Config, batch);
        policy.Act(obs, DecodingMode.Greedy, 1f, null, kvCache);   // warm-up
        var (calls, watch) = (0, Stopwatch.StartNew());
        while (watch.Elapsed.TotalSeconds < seconds || calls < 2)
        {
            policy.Act(obs, DecodingMode.Greedy, 1f, null, kvCache);
            calls++;
        }
        var elapsed = watch.Elapsed.TotalSeconds;
        return new ActRow(policy.Config.Name, batch, kvCache, calls * batch / elapsed, 1000 * elapsed / calls);
    }

    public static TrainRow MeasureTraining(VlaPolicy policy, int batch, double seconds)
    {
        var obs = Observations(policy.Config, batch);
        using var inputs = policy.Prepare(obs);
        var random = new Random(1);
        using var targets = tensor(Enumerable.Range(0, batch * ActionTokenizer.ActionDim).Select(_ => (long)random.Next(ActionTokenizer.Bins)).ToArray(), [batch, ActionTokenizer.ActionDim]);
        policy.Model.train();
        using var optimizer = optim.AdamW(policy.Model.parameters(), 3e-4);
        void Step()
        {
            using var scope = NewDisposeScope();
            using var forward = policy.Model.Forward(inputs, targets);
            var loss = nn.functional.cross_entropy(forward.Logits.reshape(-1, 256), targets.reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        Step();
        var (updates, watch) = (0, Stopwatch.StartNew());
        while (watch.Elapsed.TotalSeconds < seconds || updates < 2)
        {
            Step();
            updates++;
        }
        var perSecond = updates / watch.Elapsed.TotalSeconds;
        var promptTokens = (int)inputs.PromptIds.shape[1];
        var flops = FlopCounter.TrainingPerSample(policy.Config, promptTokens) * batch * perSecond;
        return new TrainRow(policy.Config.Name, batch, perSecond * batch, perSecond, flops, policy.Config.ParameterCount());
    }

    /// <summary>Resident memory before and after <paramref name="steps"/> batch-1 greedy steps (after a warm-up that fills the allocator's pools).</summary>
    public static MemoryRow MeasureMemory(VlaPolicy policy, int steps)
    {
        var obs = Observations(policy.Config, 1);
        for (var i = 0; i < 50; i++) policy.Act(obs, DecodingMode.Greedy);
        GC.Collect();
        var before = ResidentBytes();
        for (var i = 0; i < steps; i++) policy.Act(obs, DecodingMode.Greedy);
        GC.Collect();
        return new MemoryRow(policy.Config.Name, steps, before, ResidentBytes());
    }

    public static long ResidentBytes() => ReadStatusKb("VmRSS:") * 1024;

    public static long PeakResidentBytes() => ReadStatusKb("VmHWM:") * 1024;

    private static long ReadStatusKb(string field)
    {
        if (!File.Exists("/proc/self/status")) return Process.GetCurrentProcess().WorkingSet64 / 1024;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
