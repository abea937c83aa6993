using Robotics.Experiments.FineTuning;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Tests.FineTuning;

/// <summary>The live forward-KL monitor and the KL budget, on micro runs.</summary>
public sealed class KlMonitorTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("klmonitor-").FullName;

    private static FineTuneRunner Runner(IVectorEnv env) => new(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }), progress: false);

    private static FineTuneOptions Sft(int steps) => new()
    {
        Method = FineTuneMethod.Sft, Sft = new() { LearningRate = 1e-3, Updates = steps, BatchSize = 8, Seed = 3 }, CheckpointEvery = 2, KlEvery = 1, KlProbeEpisodes = 2, KlProbeStates = 12,
    };

    [Fact]
    public async Task RunAsync_Sft_KlIsZeroAtStepZeroAndGrows()
    {
        await using var env = await MicroRun.EnvAsync();
        using var basePolicy = MicroRun.Base();
        var run = Path.Combine(_dir, "sft");

        var result = await Runner(env).RunAsync(basePolicy, Sft(12) with { KlEvery = 3 }, MicroRun.Demos(), run);

        var kl = MicroRun.ForwardKl(run);
        output.WriteLine(string.Join(", ", kl.Select(kv => $"{kv.Key}: {kv.Value:F4}")));
        kl.Keys.Should().Equal(0, 2, 3, 4, 6, 8, 9, 10, 12);   // every 3 steps and at every checkpoint
        kl[0].Should().BeApproximately(0, 1e-6, "the policy starts as the base");
        kl[3].Should().BeGreaterThan(kl[0]);
        kl[12].Should().BeGreaterThan(kl[6]).And.BeGreaterThan(kl[3]);
        result.LastKl.Should().Be((12, kl[12]));
        File.Exists(Path.Combine(run, RunKlProbe.FileName)).Should().BeTrue("the probe's states are stored with the run for a resume");
    }

    [Fact]
    public async Task RunAsync_SftWithBudget_StopsAtTheLastCheckpointUnderIt()
    {
        await using var env = await MicroRun.EnvAsync();
        using var basePolicy = MicroRun.Base();
        var free = Path.Combine(_dir, "free");
        await Runner(env).RunAsync(basePolicy, Sft(12), MicroRun.Demos(), free);
        var kl = MicroRun.ForwardKl(free);
        // A budget just under step 7's KL: the run must stop at the first step above it, keeping the checkpoints before.
        var budget = kl[7] * 0.999;
        var overStep = kl.First(kv => kv.Value > budget).Key;
        var expectedLast = Enumerable.Range(1, overStep - 1).Where(s => s % 2 == 0).DefaultIfEmpty().Max();

        var budgeted = Path.Combine(_dir, "budgeted");
        var result = await Runner(env).RunAsync(basePolicy, Sft(12) with { KlBudget = budget }, MicroRun.Demos(), budgeted);

        output.WriteLine($"budget {budget:F4}: over at step {overStep}; {result.BudgetStop?.Describe()}");
        result.BudgetStop.Should().NotBeNull();
        result.BudgetStop!.Step.Should().Be(overStep);
        result.BudgetStop.LastCheckpointStep.Should().Be(expectedLast);
        result.BudgetStop.LastCheckpointKl.Should().BeApproximately(kl[expectedLast], 1e-9);
        new RunCheckpoints(budgeted).Latest()!.Value.Step.Should().Be(expectedLast);
        result.Checkpoints.Should().HaveCount(expectedLast / 2);
        MicroRun.ForwardKl(budgeted).Values.SkipLast(1).Should().OnlyContain(v => v <= budget);
    }

    [Fact]
    public async Task RunAsync_KlSftWithBudget_BetaHoldsTheKlInABandAroundIt()
    {
        await using var env = await MicroRun.EnvAsync();
        using var basePolicy = MicroRun.Base();
        const double budget = 0.02;
        var options = Sft(60) with { Method = FineTuneMethod.KlSft, KlBudget = budget, KlEvery = 2, CheckpointEvery = 20 };
        var free = Path.Combine(_dir, "free");
        var held = Path.Combine(_dir, "held");

        await Runner(env).RunAsync(basePolicy, options with { Method = FineTuneMethod.Sft, KlBudget = null }, MicroRun.Demos(), free);
        await Runner(env).RunAsync(basePolicy, options, MicroRun.Demos(), held);

        var freeKl = MicroRun.ForwardKl(free);
        var heldKl = MicroRun.ForwardKl(held);
        output.WriteLine("sft:    " + string.Join(", ", freeKl.Where(kv => kv.Key % 10 == 0).Select(kv => $"{kv.Key}: {kv.Value:F4}")));
        output.WriteLine("budget: " + string.Join(", ", heldKl.Select(kv => $"{kv.Key}: {kv.Value:F4}")));
        freeKl[60].Should().BeGreaterThan(3 * budget, "without the controller the KL runs far past the budget");
        heldKl.Where(kv => kv.Key >= 30).Select(kv => kv.Value).Should().OnlyContain(v => v >= budget / 3 && v <= 3 * budget,
            "over the second half the controller holds the KL within a factor 3 of the budget");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
