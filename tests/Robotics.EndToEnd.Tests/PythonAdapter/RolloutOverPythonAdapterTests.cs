using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.EndToEnd.Tests.PythonAdapter;

/// <summary>The C# bridge drives the Python adapter (fake backend) over real gRPC through whole rollout collections.</summary>
public sealed class RolloutOverPythonAdapterTests
{
    private const string Task = "FakePickCan-v1";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CollectAsync_PythonFakeBackend_ReturnsWholeSeededEpisodes(bool useStepStream)
    {
        await using var server = await PythonAdapterServer.StartFakeAsync();
        var requests = Enumerable.Range(0, 6).Select(i => new EpisodeRequest(Task, (ulong)(100 + i))).ToList();

        var first = await CollectAsync(server.Address, requests, useStepStream);
        var again = await CollectAsync(server.Address, requests, useStepStream);

        first.Should().HaveCount(6);
        first.Should().OnlyContain(e => !e.Aborted && !e.PhysicsError && e.Task == Task && e.Instruction == "pick coke can");
        first.Select(e => e.Seed).Should().Equal(requests.Select(r => r.Seed));
        foreach (var episode in first)
        {
            episode.Steps.Should().BeInRange(1, 5);
            episode.Images.Should().HaveCount(episode.Steps * 32 * 32 * 3);
            episode.Proprio.Should().HaveCount(episode.Steps * episode.ProprioDim);
            episode.Actions.Should().HaveCount(episode.Steps * Episode.ActionDim);
        }
        // The seed decides the episode: the same requests replay the same first frames.
        again.Select(e => e.Images[..(32 * 32 * 3)]).Should().BeEquivalentTo(first.Select(e => e.Images[..(32 * 32 * 3)]), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task CreateAsync_ObjectPosesFromABackendWithoutThem_FailsClearlyBeforeOpeningASession()
    {
        await using var server = await PythonAdapterServer.StartFakeAsync();

        var open = () => VectorEnvFactory.CreateAsync(server.Address.ToString().TrimEnd('/'), new VectorEnvOptions { NumEnvs = 1, Tasks = [Task], ObjectPoses = true });

        (await open.Should().ThrowAsync<ArgumentException>()).WithMessage("*does not offer object poses*");
    }

    private static async Task<IReadOnlyList<Episode>> CollectAsync(Uri address, IReadOnlyList<EpisodeRequest> requests, bool useStepStream)
    {
        await using var env = await VectorEnvFactory.CreateAsync(address.ToString().TrimEnd('/'), new VectorEnvOptions
        {
            NumEnvs = 4,
            Tasks = [Task],
            ImageSize = 32,
            MaxEpisodeSteps = 5,
            Seed = 7,
            UseStepStream = useStepStream,
        });
        return await new RolloutCollector(new RolloutCollectorOptions { Progress = false }).CollectAsync(env, new RandomActor(seed: 3), requests);
    }
}
