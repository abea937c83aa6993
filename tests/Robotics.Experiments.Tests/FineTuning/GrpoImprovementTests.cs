using Robotics.Experiments.Evaluation;
using Robotics.Experiments.FineTuning;
using Robotics.Policy;
using Xunit.Abstractions;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Tests.FineTuning;

/// <summary>
/// GRPO learns from its own rollouts: on an easy task, a short run raises the success of the policy it trains.
/// The starting policy is the committed base acting at temperature 2 on close_drawer: the noise makes it fail about half
/// of the time, so most groups are mixed and their advantages carry a signal. This is the slowest test (several minutes).
/// </summary>
public sealed class GrpoImprovementTests(ITestOutputHelper output) : IDisposable
{
    private const string Task = "close_drawer";
    private const float Temperature = 2f;
    private readonly string _dir = Directory.CreateTempSubdirectory("grpo-improves-").FullName;

    [Fact]
    public async Task Grpo_ShortRunOnCloseDrawer_RaisesSampledSuccessBeyondChance()
    {
        using var basePolicy = CommittedBasePolicy.Load();
        await using var env = await CommittedBasePolicy.EnvAsync(basePolicy, Task, 32);
        var collector = new RolloutCollector(new RolloutCollectorOptions { Progress = false });
        var evaluator = new PolicyEvaluator(env, collector);
        // Held-out layouts: GRPO's own rollouts draw their seeds from a different range (TrainingSeeds).
        var suite = EvaluationSuite.Create([Task], 192, firstSeed: 3_000_000);
        var options = new FineTuneOptions
        {
            Method = FineTuneMethod.Grpo, Task = Task, CheckpointEvery = 16,
            Grpo = new()
            {
                Temperature = Temperature, LearningRate = 6e-5, Epochs = 2, Iterations = 16, Seed = 1,
                // The sampled evaluation below draws every token, rotation included, so the trainer explores the same way.
                ExploreRotation = true,
            },
        };

        var before = (await evaluator.EvaluateSampledAsync(basePolicy, suite, Temperature, seed: 7))[Task];
        var run = await new FineTuneRunner(env, collector, progress: false).RunAsync(basePolicy, options, FineTuneData.None, _dir);
        using var tuned = VlaPolicy.Load(run.Checkpoints[^1]);
        var after = (await evaluator.EvaluateSampledAsync(tuned, suite, Temperature, seed: 7))[Task];

        // Two-proportion z-test on the same 192 layouts: z > 2.5 leaves under 1% to chance (one-sided).
        var pooled = (double)(before.Successes + after.Successes) / (before.Episodes + after.Episodes);
        var z = (after.Rate - before.Rate) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / before.Episodes + 1.0 / after.Episodes));
        output.WriteLine($"{Task} sampled at T={Temperature}: before {before}, after {after}, z = {z:F2}");
        z.Should().BeGreaterThan(2.5, "GRPO should raise sampled success on {0}: before {1}, after {2}", Task, before, after);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
