using Robotics.Policy.Metrics;
using Robotics.Policy.Training;

namespace Robotics.Policy.Tests.Training;

/// <summary>GRPO's iteration on scripted rollouts, through its own port: no simulator, no bridge.</summary>
public class GrpoTests
{
    /// <summary>Rollouts of two steps whose outcome a script decides from the layout seed and the rollout's place in the call.</summary>
    private sealed class ScriptedRollouts(Func<ulong, int, (bool Success, bool PhysicsError)> outcome) : IRolloutSource, IRolloutSession
    {
        public List<IReadOnlyList<ulong>> Calls { get; } = [];

        public IRolloutSession Open(VlaPolicy policy, float temperature, long seed, IReadOnlyList<bool>? sampledTokens) => this;

        public Task<IReadOnlyList<Rollout?>> CollectAsync(IReadOnlyList<ulong> layoutSeeds, CancellationToken ct)
        {
            Calls.Add(layoutSeeds);
            var config = TestPolicies.Micro;
            var obs = TestPolicies.Observations(config, 2, seed: Calls.Count);
            var bytes = config.ImageSize * config.ImageSize * 3;
            var steps = Enumerable.Range(0, 2).Select(i => new Transition(
                obs.Images.AsSpan(i * bytes, bytes).ToArray(), obs.Proprio.AsSpan(i * config.ProprioDim, config.ProprioDim).ToArray(),
                obs.Instructions[i], Enumerable.Repeat(100 + i, 7).ToArray(), "scripted", Enumerable.Repeat(-5.5f, 7).ToArray())).ToArray();
            return Task.FromResult<IReadOnlyList<Rollout?>>(layoutSeeds.Select((seed, i) =>
            {
                var (success, physicsError) = outcome(seed, i);
                return (Rollout?)new Rollout("scripted", seed, steps, success, physicsError, config.ImageSize, config.ImageSize, config.ProprioDim);
            }).ToArray());
        }

        public void Dispose() { }
    }

    private static GrpoOptions Options => new() { Groups = 2, GroupSize = 4, Iterations = 3, Seed = 7, LayoutPool = 0, LearningRate = 1e-3, ExploreRotation = true };

    [Fact]
    public async Task IterateAsync_EveryGroupAllSucceeded_RefillsForThreeRoundsAndTakesNoStep()
    {
        using var policy = TestPolicies.Create(TestPolicies.Micro);
        var rollouts = new ScriptedRollouts((_, _) => (true, false));
        using var grpo = new Grpo(policy, rollouts, Options);

        var metrics = await grpo.IterateAsync(1, CancellationToken.None);

        rollouts.Calls.Should().HaveCount(GrpoOptions.MaxSamplingRounds);
        rollouts.Calls.Should().AllSatisfy(seeds => seeds.Should().HaveCount(8, "two groups of four"));
        rollouts.Calls.SelectMany(s => s).Distinct().Should().HaveCount(6, "each round draws fresh layouts");
        metrics["charts/episodes"].Should().Be(24);
        metrics["charts/mixed_groups"].Should().Be(0);
        metrics["charts/active_steps"].Should().Be(0);
        grpo.Optimizer.Updates.Should().Be(0);
        grpo.Iteration.Should().Be(1, "an iteration without signal still counts");
    }

    [Fact]
    public async Task IterateAsync_OnePhysicsBlowUpInASucceedingGroup_CountsAsAFailureAndTheGroupLearns()
    {
        using var policy = TestPolicies.Create(TestPolicies.Micro);
        using var before = policy.Clone();
        // Every rollout succeeds, but the first of each group blew up the physics: its reward is 0, so each group is mixed.
        var rollouts = new ScriptedRollouts((_, i) => (true, i % 4 == 0));
        using var grpo = new Grpo(policy, rollouts, Options);

        var metrics = await grpo.IterateAsync(1, CancellationToken.None);

        rollouts.Calls.Should().HaveCount(1, "both groups were mixed in the first round");
        metrics["charts/mixed_groups"].Should().Be(2);
        metrics["charts/success_rate"].Should().Be(0.75);
        metrics["charts/physics_errors"].Should().Be(2);
        metrics["charts/active_steps"].Should().Be(16);
        grpo.Optimizer.Updates.Should().BePositive();
        WeightChange.L2(before.Model, policy.Model).Should().BeGreaterThan(0);
    }
}
