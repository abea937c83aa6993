using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Pretraining;

namespace Robotics.Experiments.Tests.Pretraining;

/// <summary>Demonstrations from a second demonstrator: the tabletop expert's slow_high style reaches the recorded labels.</summary>
public sealed class DemoCollectorTests
{
    private static readonly RolloutCollector Quiet = new(new RolloutCollectorOptions { Progress = false });

    [Fact]
    public async Task CollectAsync_SlowHighStyle_RecordsThatStylesActions()
    {
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 4, Tasks = ["pick_can"], ImageSize = 32 });
        var demos = new DemoCollector(env, Quiet);

        var slow = await demos.CollectAsync("pick_can", 4, noise: 0.3, firstSeed: 800_000, seed: 1, style: "slow_high");
        var standard = await demos.CollectAsync("pick_can", 4, noise: 0.3, firstSeed: 800_000, seed: 1);

        slow.Should().HaveCount(4).And.OnlyContain(e => e.Success);
        slow.Select(LargestStep).Should().OnlyContain(step => step <= 0.02f + 1e-6f, "the slow_high expert's labels move at most 2 cm a step");
        standard.Select(LargestStep).Should().Contain(step => step > 0.025f, "the default expert's labels take full 3 cm steps");
        slow.Average(e => e.Steps).Should().BeGreaterThan(standard.Average(e => e.Steps));
    }

    private static float LargestStep(Episode e) =>
        Enumerable.Range(0, e.Steps).SelectMany(t => e.Actions.Skip(t * Episode.ActionDim).Take(3)).Max(MathF.Abs);

    [Fact]
    public async Task CollectAsync_AStyleTheTaskDoesNotOffer_IsRefusedNamingWhatItOffers()
    {
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 2, Tasks = ["open_drawer"], ImageSize = 32 });
        var demos = new DemoCollector(env, Quiet);

        var drawer = () => demos.CollectAsync("open_drawer", 2, 0.3, 900_000, 1, style: "slow_high");
        var unknown = () => demos.CollectAsync("pick_can", 2, 0.3, 900_000, 1, style: "sideways");

        (await drawer.Should().ThrowAsync<ArgumentException>()).WithMessage("*'open_drawer'*no 'slow_high'*only its default*");
        (await unknown.Should().ThrowAsync<ArgumentException>()).WithMessage("*'pick_can'*no 'sideways'*slow_high*");
    }
}
