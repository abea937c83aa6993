using Robotics.Bridge.Tests.Fakes;
using Robotics.Bridge.Faults;
using Robotics.Bridge.Rollouts;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Tests.Rollouts;

public sealed class RolloutCollectorTests
{
    private static readonly RolloutCollector Quiet = new(new RolloutCollectorOptions { Progress = false });

    private static EpisodeRequest[] Requests(int count, string task = "pick_can") =>
        [.. Enumerable.Range(0, count).Select(i => new EpisodeRequest(task, (ulong)(10 + i)))];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CollectAsync_RunsEveryRequestOnceInRequestOrder(bool partialReset)
    {
        await using var env = new FakeVectorEnv(3, partialReset);
        var requests = Requests(7);

        var episodes = await Quiet.CollectAsync(env, new ExpertActor(), requests);

        episodes.Select(e => e.Seed).Should().Equal(requests.Select(r => r.Seed));
        episodes.Should().AllSatisfy(e =>
        {
            e.Steps.Should().Be(FakeVectorEnv.LengthOf(e.Seed));
            e.Success.Should().Be(e.Seed % 2 == 0);
            e.Aborted.Should().BeFalse();
            e.Instruction.Should().Be("do pick_can");
        });
    }

    [Fact]
    public async Task CollectAsync_RecordsObservationBeforeEachActionAndTheRecordedLabel()
    {
        await using var env = new FakeVectorEnv(2);

        var episodes = await Quiet.CollectAsync(env, new ExpertActor(noise: 1.0, seed: 5), Requests(2));

        var e = episodes[0];
        // The fake's image bytes are seed + elapsed steps: step t's observation was taken after t steps.
        Enumerable.Range(0, e.Steps).Select(t => e.Images[t * e.ImageHeight * e.ImageWidth * 3]).Should()
            .Equal(Enumerable.Range(0, e.Steps).Select(t => (byte)(e.Seed + (ulong)t)));
        e.Actions.Take(7).Should().Equal([0f, 0f, 0f, 0f, 0f, 0f, 1f], "the clean expert label of env 0 is stored");
        env.StepActions[0].Take(3).Should().NotEqual([0f, 0f, 0f], "a noisy action was executed");
        e.Rewards[^1].Should().Be(e.Success ? 1 : 0);
    }

    [Fact]
    public async Task CollectAsync_PartialReset_RefillsEnvsAsTheyFinish()
    {
        await using var env = new FakeVectorEnv(2, partialReset: true);

        await Quiet.CollectAsync(env, new RandomActor(1), Requests(5));

        env.ResetCalls[0].Should().HaveCount(2, "the first reset covers every env");
        env.ResetCalls.Skip(1).Should().Contain(ids => ids.Length == 1, "later resets refill only finished envs");
    }

    [Fact]
    public async Task CollectAsync_FullResetBackend_ResetsAllEnvsTogether()
    {
        await using var env = new FakeVectorEnv(2, partialReset: false);

        var episodes = await Quiet.CollectAsync(env, new RandomActor(1), Requests(5));

        episodes.Should().HaveCount(5);
        env.ResetCalls.Should().AllSatisfy(ids => ids.Should().HaveCount(2));
    }

    [Fact]
    public async Task CollectAsync_FixedTaskBackend_GivesEachEnvOnlyItsOwnTask()
    {
        await using var env = new FakeVectorEnv(2, perEnvTask: false, tasks: ["pick_can", "open_drawer"]);
        EpisodeRequest[] requests = [new("open_drawer", 1), new("pick_can", 2), new("open_drawer", 3), new("pick_can", 4)];

        var episodes = await Quiet.CollectAsync(env, new RandomActor(), requests);

        episodes.Select(e => (e.Task, e.Seed)).Should().Equal(requests.Select(r => (r.Task, r.Seed)));
        episodes.Select(e => e.Instruction).Should().Equal("do open_drawer", "do pick_can", "do open_drawer", "do pick_can");
    }

    [Fact]
    public async Task CollectAsync_TaskNoEnvCanRun_IsRefusedUpFront()
    {
        await using var env = new FakeVectorEnv(2, perEnvTask: false);

        var collect = () => Quiet.CollectAsync(env, new RandomActor(), [new EpisodeRequest("open_drawer", 1)]);

        await collect.Should().ThrowAsync<ArgumentException>().WithMessage("*open_drawer*");
    }

    [Fact]
    public async Task CollectAsync_PerEnvTask_PassesTheTaskWithTheReset()
    {
        await using var env = new FakeVectorEnv(2);
        EpisodeRequest[] requests = [new("open_drawer", 1), new("pick_can", 2), new("close_drawer", 3)];

        var episodes = await Quiet.CollectAsync(env, new RandomActor(), requests);

        episodes.Select(e => e.Instruction).Should().Equal("do open_drawer", "do pick_can", "do close_drawer");
    }

    [Fact]
    public async Task CollectAsync_ActorSteps_AreStoredPerStep()
    {
        await using var env = new FakeVectorEnv(2);

        var episodes = await Quiet.CollectAsync(env, new ActorStepsActor(), Requests(3));

        episodes.Should().AllSatisfy(e =>
        {
            e.ActorSteps.Should().HaveCount(e.Steps);
            e.ActorSteps.Should().AllSatisfy(s => (s.Bins.Length, s.LogProbs.Length).Should().Be((Episode.ActionDim, Episode.ActionDim)));
        });
    }

    [Fact]
    public async Task CollectAsync_Pipelined_SharesRequestsOverGroups()
    {
        await using var a = new FakeVectorEnv(2);
        await using var b = new FakeVectorEnv(2);
        var requests = Requests(9);

        var episodes = await Quiet.CollectAsync([a, b], new RandomActor(), requests);

        episodes.Select(e => e.Seed).Should().Equal(requests.Select(r => r.Seed));
        a.StepActions.Should().NotBeEmpty();
        b.StepActions.Should().NotBeEmpty();
    }

    [Fact]
    public async Task StreamAsync_SimulatorDies_ReportsInFlightEpisodesAbortedThenThrows()
    {
        await using var env = new FakeVectorEnv(3) { FailAfterSteps = 4 };
        var seen = new List<CollectedEpisode>();

        var run = async () => { await foreach (var e in Quiet.StreamAsync([env], new RandomActor(), Requests(10))) seen.Add(e); };

        (await run.Should().ThrowAsync<SimulatorUnavailableException>()).Which.Endpoint.Should().Be("fake://sim");
        seen.Where(e => e.Episode.Aborted).Should().HaveCount(3);
        seen.Where(e => e.Episode.Aborted).Should().AllSatisfy(e => e.Episode.Success.Should().BeFalse());
        seen.Where(e => !e.Episode.Aborted).Should().AllSatisfy(e => e.Episode.Steps.Should().Be(FakeVectorEnv.LengthOf(e.Episode.Seed)));
    }

    [Fact]
    public async Task CollectAsync_EnvReconnected_RerunsAbortedRequestsFromFreshResets()
    {
        await using var env = new FakeVectorEnv(3) { FailAfterSteps = 4, FailWithReconnect = true };
        var requests = Requests(8);

        var episodes = await Quiet.CollectAsync(env, new RandomActor(), requests);

        episodes.Select(e => e.Seed).Should().Equal(requests.Select(r => r.Seed));
        episodes.Should().AllSatisfy(e => e.Steps.Should().Be(FakeVectorEnv.LengthOf(e.Seed)));
    }

    private sealed class ActorStepsActor : IActor
    {
        public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct) =>
            ValueTask.FromResult(new ActorOutput(new float[observation.NumEnvs * 7],
                Steps: [.. Enumerable.Range(0, observation.NumEnvs).Select(_ => new ActorStep(new int[Episode.ActionDim], new float[Episode.ActionDim]))]));
    }
}
