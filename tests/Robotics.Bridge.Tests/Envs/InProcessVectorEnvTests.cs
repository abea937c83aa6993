using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Tests.Envs;

public sealed class InProcessVectorEnvTests
{
    [Fact]
    public async Task CollectAsync_Expert_SucceedsAndRecordsWholeEpisodes()
    {
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 4, Tasks = ["pick_can"], ImageSize = 32 });
        var requests = Enumerable.Range(0, 6).Select(k => new EpisodeRequest("pick_can", (ulong)k)).ToArray();

        var episodes = await new RolloutCollector(new RolloutCollectorOptions { Progress = false }).CollectAsync(env, new ExpertActor(0.3, 1), requests);

        env.Spec.PartialReset.Should().BeTrue();
        episodes.Select(e => e.Seed).Should().Equal(requests.Select(r => r.Seed));
        episodes.Count(e => e.Success).Should().BeGreaterThanOrEqualTo(5, "the pick_can expert succeeds almost always");
        episodes.Should().AllSatisfy(e =>
        {
            e.Instruction.Should().Be("pick up the coke can");
            e.Images.Should().HaveCount(e.Steps * 32 * 32 * 3);
            e.Actions.Should().HaveCount(e.Steps * 7);
        });
    }

    [Fact]
    public async Task Reset_SameSeed_GivesTheSameObservation()
    {
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 2, Tasks = ["pick_can"], ImageSize = 32 });

        var first = await env.ResetAsync(null, [7UL, 7UL]);

        first.ImageOf(0).ToArray().Should().Equal(first.ImageOf(1).ToArray());
        first.EpisodeSeeds.Should().Equal(7UL, 7UL);
    }
}
