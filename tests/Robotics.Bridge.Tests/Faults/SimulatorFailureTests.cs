using Robotics.Bridge.Tests.Envs;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Faults;
using Robotics.Bridge.Remote;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Tests.Faults;

public sealed class SimulatorFailureTests
{
    private static readonly RolloutCollector Quiet = new(new RolloutCollectorOptions { Progress = false });

    private static EpisodeRequest[] Requests(int count) => [.. Enumerable.Range(0, count).Select(k => new EpisodeRequest("pick_can", (ulong)k))];

    [Fact]
    public async Task Collect_ServeSimProcessKilledMidRollout_AbortsInFlightAndKeepsOnlyWholeEpisodes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("demos.msgpack");
        await using var server = await SimulatorProcess.StartServeSimAsync(CliLocator.CliDll());
        var options = new VectorEnvOptions { NumEnvs = 4, Tasks = ["pick_can"], ImageSize = 32, Deadline = TimeSpan.FromSeconds(10) };
        await using var env = await VectorEnvFactory.CreateAsync(server.Url, options);
        var seen = new List<Episode>();
        SimulatorUnavailableException? failure = null;

        using (var writer = EpisodeDatasetWriter.Create(path, DatasetHeader.For(env.Spec, "test")))
        {
            try
            {
                await foreach (var collected in Quiet.StreamAsync([env], new ExpertActor(0.3, 1), Requests(40)))
                {
                    seen.Add(collected.Episode);
                    if (!collected.Episode.Aborted) writer.Write(collected.Episode);
                    if (seen.Count == 2) server.Kill();
                }
            }
            catch (SimulatorUnavailableException e)
            {
                failure = e;
            }
            writer.Complete();
        }

        failure.Should().NotBeNull("the server died mid-rollout");
        failure!.Endpoint.Should().Be(server.Url);
        failure.Message.Should().Contain(server.Url).And.MatchRegex("(Step|Reset) \\(session ");
        seen.Where(e => e.Aborted).Should().NotBeEmpty().And.AllSatisfy(e => e.Success.Should().BeFalse());
        var stored = new EpisodeDatasetReader(path).ToList();
        stored.Should().HaveCount(seen.Count(e => !e.Aborted)).And.AllSatisfy(e =>
        {
            e.Aborted.Should().BeFalse();
            e.Images.Should().HaveCount(e.Steps * 32 * 32 * 3);
        });
    }

    [Fact]
    public async Task Collect_ServerRestartsWithRetries_ReconnectsAndRerunsAbortedEpisodes()
    {
        var server = await TabletopServers.StartAsync();
        var port = server.Address.Port;
        var options = new VectorEnvOptions { NumEnvs = 3, Tasks = ["pick_can"], ImageSize = 32, Retries = 4, Deadline = TimeSpan.FromSeconds(10) };
        var requests = Requests(8);
        var finished = new Dictionary<int, Episode>();
        var aborted = 0;
        try
        {
            await using var env = await VectorEnvFactory.CreateAsync(server.Url(), options);
            await foreach (var collected in Quiet.StreamAsync([env], new ExpertActor(0, 1), requests))
            {
                if (collected.Episode.Aborted) { aborted++; continue; }
                finished[collected.RequestIndex] = collected.Episode;
                if (finished.Count == 2)
                {
                    await server.DisposeAsync();
                    server = await TabletopServers.StartAsync(port: port);
                }
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        aborted.Should().BeGreaterThan(0, "the episodes in flight when the server went away are aborted");
        finished.Keys.Order().Should().Equal(Enumerable.Range(0, requests.Length), "every request ends with one whole episode");
        finished.Values.Should().AllSatisfy(e => e.Steps.Should().BePositive());
    }

    [Fact]
    public async Task Collect_ServerGoneWithoutRetries_NamesEndpointAndCall()
    {
        var server = await TabletopServers.StartAsync();
        var url = server.Url();
        await using var env = await VectorEnvFactory.CreateAsync(url, new VectorEnvOptions { NumEnvs = 2, Tasks = ["pick_can"], ImageSize = 32, Deadline = TimeSpan.FromSeconds(5) });
        await env.ResetAsync();
        await server.DisposeAsync();

        var step = () => env.StepAsync(new float[14]);

        (await step.Should().ThrowAsync<SimulatorUnavailableException>()).Which.Message.Should().Contain(url).And.Contain("Step (session ");
    }
}
