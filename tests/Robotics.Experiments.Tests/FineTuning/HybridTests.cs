using Robotics.Experiments.FineTuning;
using Robotics.Policy;
using Robotics.Policy.Metrics;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Tests.FineTuning;

/// <summary>The hybrid: an SFT warm start stopped by the KL budget, then GRPO from its last checkpoint under the budget.</summary>
public sealed class HybridTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hybrid-").FullName;

    [Fact]
    public async Task RunAsync_Hybrid_GrpoStartsFromTheLastWarmStartCheckpointUnderTheBudget()
    {
        await using var env = await MicroRun.EnvAsync();
        using var basePolicy = MicroRun.Base();
        var runner = new FineTuneRunner(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }), progress: false);
        var options = new FineTuneOptions
        {
            Method = FineTuneMethod.Hybrid, KlBudget = 0.025, WarmupCheckpointEvery = 2, CheckpointEvery = 1, KlEvery = 1, KlProbeEpisodes = 2, KlProbeStates = 12,
            Sft = new() { Updates = 12, LearningRate = 1e-3, BatchSize = 8, Seed = 3 },
            Grpo = new() { Iterations = 2, Groups = 2, GroupSize = 2, MinibatchSize = 8, LearningRate = 3e-4, Seed = 3 },
        };
        var run = Path.Combine(_dir, "hybrid");

        var result = await runner.RunAsync(basePolicy, options, MicroRun.Demos(), run);

        var warmupKl = MicroRun.ForwardKl(Path.Combine(run, "warmup"));
        result.Warmup!.BudgetStop.Should().NotBeNull("the micro SFT passes 0.025 nats within 12 updates (KlMonitorTests)");
        var start = result.Warmup.BudgetStop!.LastCheckpointStep!.Value;
        result.WarmupStartStep.Should().Be(start);
        warmupKl[start].Should().BeLessThanOrEqualTo(0.025).And.BeGreaterThan(0);
        var grpoKl = MicroRun.ForwardKl(run);
        grpoKl[0].Should().BeApproximately(warmupKl[start], 1e-9, "GRPO starts from the warm start, its KL still measured against the base");
        new RunCheckpoints(run).Latest()!.Value.Step.Should().Be(2);
        using var warm = VlaPolicy.Load(new RunCheckpoints(Path.Combine(run, "warmup")).PathFor(start));
        WeightChange.L2(basePolicy.Model, warm.Model).Should().BeGreaterThan(0);
        result.Options.MethodLabel.Should().Be("hybrid");
    }

    [Fact]
    public async Task RunAsync_HybridKilledInGrpoThenResumed_EndsWithTheUninterruptedWeights()
    {
        await using var env = await MicroRun.EnvAsync();
        using var basePolicy = MicroRun.Base();
        var runner = new FineTuneRunner(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }), progress: false);
        var options = new FineTuneOptions
        {
            Method = FineTuneMethod.Hybrid, KlBudget = 0.025, WarmupCheckpointEvery = 2, CheckpointEvery = 1, KlProbeEpisodes = 2, KlProbeStates = 12,
            Sft = new() { Updates = 12, LearningRate = 1e-3, BatchSize = 8, Seed = 3 },
            Grpo = new() { Iterations = 2, Groups = 2, GroupSize = 2, MinibatchSize = 8, LearningRate = 3e-4, Seed = 3 },
        };
        var whole = Path.Combine(_dir, "whole");
        var broken = Path.Combine(_dir, "broken");
        await runner.RunAsync(basePolicy, options, MicroRun.Demos(), whole);

        using var kill = new CancellationTokenSource();
        var killed = () => runner.RunAsync(basePolicy, options, MicroRun.Demos(), broken, (_, step, _) =>
        {
            if (step == 1) kill.Cancel();   // dies in the GRPO phase, after its first checkpoint
            return Task.CompletedTask;
        }, ct: kill.Token);
        await killed.Should().ThrowAsync<OperationCanceledException>();
        var resumed = await runner.RunAsync(basePolicy, options, MicroRun.Demos(), broken, resume: true);

        resumed.Warmup.Should().BeNull("the warm start was complete and is not run again");
        resumed.ResumedFromStep.Should().Be(1);
        using var a = VlaPolicy.Load(new RunCheckpoints(whole).PathFor(2));
        using var b = VlaPolicy.Load(new RunCheckpoints(broken).PathFor(2));
        WeightChange.L2(a.Model, b.Model).Should().BeLessThan(1e-6);
        MicroRun.ForwardKl(broken).Should().Equal(MicroRun.ForwardKl(whole));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
