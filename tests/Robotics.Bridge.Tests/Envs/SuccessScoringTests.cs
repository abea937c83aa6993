using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Robotics.Sim.V1;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Tests.Envs;

/// <summary>
/// <see cref="VectorEnvOptions.Scoring"/> end to end: an episode that succeeds and is then undone counts as a success
/// scored once and as a failure scored at the end, in-process and over gRPC alike; a server that predates the field is
/// refused instead of trusted.
/// </summary>
public sealed class SuccessScoringTests
{
    private static readonly EpisodeRequest[] Requests = [new("pick_can", 5), new("pick_can", 6)];

    private static VectorEnvOptions Options(SuccessScoring scoring) =>
        new() { NumEnvs = 2, Tasks = ["pick_can"], ImageSize = 32, MaxEpisodeSteps = 60, Scoring = scoring };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASuccessThenUndone_CountsOnceButNotAtTheEnd(bool overGrpc)
    {
        await using var server = await TabletopServers.StartAsync();
        var url = overGrpc ? server.Url() : null;

        var once = await CollectAsync(url, SuccessScoring.SuccessOnce);
        var atEnd = await CollectAsync(url, SuccessScoring.SuccessAtEnd);

        once.Select(e => e.Success).Should().Equal(true, true);
        once.Should().OnlyContain(e => e.Steps < 60, "scored once, an episode ends at its first success");
        atEnd.Select(e => e.Success).Should().Equal(false, false);
        atEnd.Should().OnlyContain(e => e.Steps == 60, "scored at the end, an episode runs to its limit");
    }

    [Fact]
    public async Task AServerThatIgnoresTheField_IsRefusedForSuccessAtEnd()
    {
        await using var app = await ScoringBlindServer.StartAsync();

        await using (var once = await VectorEnvFactory.CreateAsync(app.Url, Options(SuccessScoring.SuccessOnce)))
            once.Spec.NumEnvs.Should().Be(2);
        var closedBefore = app.Closed;
        var atEnd = () => VectorEnvFactory.CreateAsync(app.Url, Options(SuccessScoring.SuccessAtEnd));

        (await atEnd.Should().ThrowAsync<ArgumentException>()).WithMessage("*scores SuccessOnce and does not offer SuccessAtEnd*");
        app.Closed.Should().Be(closedBefore + 1, "the session opened under the wrong scoring is closed, not leaked");
    }

    private static async Task<IReadOnlyList<Episode>> CollectAsync(string? url, SuccessScoring scoring)
    {
        await using var env = await VectorEnvFactory.CreateAsync(url, Options(scoring));
        var episodes = await new RolloutCollector(new RolloutCollectorOptions { Progress = false }).CollectAsync(env, new SucceedThenLetGoActor(), Requests);
        return [.. episodes.OrderBy(e => e.Seed)];
    }

    /// <summary>The expert until its env first reports success, then the hand opens and stays still for the rest of the episode.</summary>
    private sealed class SucceedThenLetGoActor : IActor
    {
        private bool[] _letGo = [];

        public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
        {
            if (_letGo.Length != observation.NumEnvs) _letGo = new bool[observation.NumEnvs];
            var actions = (float[])observation.ExpertActions!.Clone();
            for (var i = 0; i < observation.NumEnvs; i++)
            {
                if (observation.ElapsedSteps[i] == 0) _letGo[i] = false;
                _letGo[i] |= observation.Success[i];
                if (!_letGo[i]) continue;
                Array.Clear(actions, i * Episode.ActionDim, Episode.ActionDim);
                actions[i * Episode.ActionDim + 6] = 1f;
            }
            return ValueTask.FromResult(new ActorOutput(actions));
        }
    }

    /// <summary>
    /// A simulator server written before <c>OpenSessionRequest.scoring</c> existed: it opens sessions and never sets the
    /// response's scoring, which proto3 then reads as SUCCESS_ONCE. Only Describe, OpenSession and CloseSession answer.
    /// </summary>
    private sealed class ScoringBlindServer : Simulator.SimulatorBase, IAsyncDisposable
    {
        private WebApplication? _app;
        private int _closed;

        public string Url { get; private set; } = "";
        public int Closed => _closed;

        public static async Task<ScoringBlindServer> StartAsync()
        {
            var server = new ScoringBlindServer();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(server);
            server._app = builder.Build();
            server._app.MapGrpcService<ScoringBlindServer>();
            await server._app.StartAsync();
            var bound = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            server.Url = $"http://127.0.0.1:{bound.Port}";
            return server;
        }

        public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) => Task.FromResult(new DescribeResponse
        {
            Backend = "scoring-blind",
            Capabilities = new Capabilities { ActionDim = 7, ControlFrequencyHz = 10, Cameras = { new CameraSpec { Name = "front", Width = 32, Height = 32 } } },
        });

        public override Task<OpenSessionResponse> OpenSession(OpenSessionRequest request, ServerCallContext context) => Task.FromResult(new OpenSessionResponse
        {
            SessionId = "s1", NumEnvs = request.NumEnvs, Tasks = { request.Tasks }, ProprioDim = 7,
            Cameras = { new CameraSpec { Name = "front", Width = 32, Height = 32 } },
        });

        public override Task<CloseSessionResponse> CloseSession(CloseSessionRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref _closed);
            return Task.FromResult(new CloseSessionResponse());
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null) await _app.DisposeAsync();
        }
    }
}
