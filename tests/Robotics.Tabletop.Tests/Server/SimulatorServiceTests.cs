using System.Runtime.InteropServices;
using Grpc.Core;
using Grpc.Health.V1;
using Robotics.Sim.V1;
using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Tests.Server;

public class SimulatorServiceTests
{
    [Fact]
    public async Task Describe_ListsTasksAndCapabilities()
    {
        await using var kit = await GrpcTestKit.StartAsync();

        var describe = await kit.Client.DescribeAsync(new DescribeRequest());

        describe.Tasks.Select(t => t.Id).Should().Equal(TaskSuite.All.Select(t => t.Id));
        describe.Tasks.Single(t => t.Id == "pick_can").Instruction.Should().Be("pick up the coke can");
        describe.Capabilities.PartialReset.Should().BeTrue();
        describe.Capabilities.PerEnvTask.Should().BeTrue();
        describe.Capabilities.HasExpert.Should().BeTrue();
        describe.Capabilities.ActionDim.Should().Be(7);
        describe.Capabilities.ControlFrequencyHz.Should().Be(10);
        describe.Capabilities.ProprioNames.Should().HaveCount(7);
        describe.Capabilities.ObjectPoseNames.Should().Equal(TabletopVectorEnv.ObjectPoseNames);
        describe.Version.Should().Contain("MuJoCo 2.");
        var health = await new Health.HealthClient(kit.Channel).CheckAsync(new HealthCheckRequest());
        health.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Fact]
    public async Task StepRoundTrip_ImagesHaveShapeAndChangeWhenGripperMoves()
    {
        await using var kit = await GrpcTestKit.StartAsync();
        var open = await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 2, Tasks = { "pick_can", "open_drawer" }, Seed = 3 });
        open.ProprioDim.Should().Be(7);
        var reset = await kit.Client.ResetAsync(new ResetRequest { SessionId = open.SessionId, Seeds = { 11, 12 } });
        reset.Images["front"].Shape.Should().Equal(2, 64, 64, 3);
        reset.Images["front"].Dtype.Should().Be(DType.Uint8);
        reset.Images["front"].Data.Length.Should().Be(2 * 64 * 64 * 3);
        reset.Instructions.Should().Equal("pick up the coke can", "open the drawer");
        reset.Extras["expert_action"].Shape.Should().Equal(2, 7);

        var moved = await kit.Client.StepAsync(new StepRequest
        {
            SessionId = open.SessionId,
            Actions = GrpcTestKit.Actions(2, (_, d) => d == 1 ? 0.03f : d == 6 ? 1 : 0),
        });

        moved.Images["front"].Data.Should().NotEqual(reset.Images["front"].Data);
        moved.ElapsedSteps.Should().Equal(1, 1);
        moved.Proprio.Shape.Should().Equal(2, 7);
        moved.EpisodeSeeds.Should().Equal(11UL, 12UL);
    }

    [Fact]
    public async Task OpenSession_WithObjectPoses_AppendsThemToProprio()
    {
        await using var kit = await GrpcTestKit.StartAsync();
        var open = await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 2, Tasks = { "pick_can" }, ObjectPoses = true });

        var reset = await kit.Client.ResetAsync(new ResetRequest { SessionId = open.SessionId, Seeds = { 1, 2 } });

        var dim = 7 + TabletopVectorEnv.ObjectPoseNames.Count;
        open.ProprioDim.Should().Be(dim);
        reset.Proprio.Shape.Should().Equal(2, dim);
        var values = MemoryMarshal.Cast<byte, float>(reset.Proprio.Data.Span).ToArray();
        values[7].Should().NotBe(values[dim + 7], "the two seeds place the can differently");
    }

    [Fact]
    public async Task OpenSession_Scoring_IsAppliedAndEchoed_AndAnUnknownValueIsRefused()
    {
        await using var kit = await GrpcTestKit.StartAsync();
        var once = await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1, Tasks = { "pick_can" }, MaxEpisodeSteps = 60 });
        var atEnd = await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1, Tasks = { "pick_can" }, MaxEpisodeSteps = 60, Scoring = SuccessScoring.SuccessAtEnd });
        once.Scoring.Should().Be(SuccessScoring.SuccessOnce);
        atEnd.Scoring.Should().Be(SuccessScoring.SuccessAtEnd);

        // The expert's actions in both sessions until the first success: only the success-once session ends there.
        var a = await kit.Client.ResetAsync(new ResetRequest { SessionId = once.SessionId, Seeds = { 5 } });
        var b = await kit.Client.ResetAsync(new ResetRequest { SessionId = atEnd.SessionId, Seeds = { 5 } });
        for (var step = 0; step < 60 && !a.Success[0]; step++)
        {
            a = await kit.Client.StepAsync(new StepRequest { SessionId = once.SessionId, Actions = Expert(a) });
            b = await kit.Client.StepAsync(new StepRequest { SessionId = atEnd.SessionId, Actions = Expert(b) });
        }
        a.Success[0].Should().BeTrue();
        b.Success[0].Should().BeTrue();
        a.Terminated[0].Should().BeTrue();
        b.Terminated[0].Should().BeFalse();

        var unknown = () => kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1, Scoring = (SuccessScoring)7 }).ResponseAsync;
        (await unknown.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    private static Tensor Expert(StepResult result) => result.Extras["expert_action"];

    [Fact]
    public async Task StepStream_StepsLikeStep()
    {
        await using var kit = await GrpcTestKit.StartAsync();
        var open = await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1 });
        using var stream = kit.Client.StepStream();

        for (var k = 1; k <= 3; k++)
        {
            await stream.RequestStream.WriteAsync(new StepRequest { SessionId = open.SessionId, Actions = GrpcTestKit.Actions(1, (_, _) => 0) });
            (await stream.ResponseStream.MoveNext(CancellationToken.None)).Should().BeTrue();
            stream.ResponseStream.Current.ElapsedSteps[0].Should().Be(k);
        }
        await stream.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task BadInput_GetsStatusesAndServerKeepsServing()
    {
        await using var kit = await GrpcTestKit.StartAsync();
        var client = kit.Client;
        var id = (await client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 2 })).SessionId;

        await Expect(StatusCode.InvalidArgument, "shape [2,7]", () => client.StepAsync(new StepRequest { SessionId = id, Actions = GrpcTestKit.Actions(1, (_, _) => 0) }).ResponseAsync);
        var int32 = GrpcTestKit.Actions(2, (_, _) => 0);
        int32.Dtype = DType.Int32;
        await Expect(StatusCode.InvalidArgument, "DTYPE_FLOAT32", () => client.StepAsync(new StepRequest { SessionId = id, Actions = int32 }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "finite", () => client.StepAsync(new StepRequest { SessionId = id, Actions = GrpcTestKit.Actions(2, (i, d) => i == 1 && d == 0 ? float.PositiveInfinity : 0) }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "missing", () => client.StepAsync(new StepRequest { SessionId = id }).ResponseAsync);
        await Expect(StatusCode.NotFound, "unknown session", () => client.StepAsync(new StepRequest { SessionId = "nope", Actions = GrpcTestKit.Actions(2, (_, _) => 0) }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "env id 5", () => client.ResetAsync(new ResetRequest { SessionId = id, EnvIds = { 5 } }).ResponseAsync);
        await Expect(StatusCode.NotFound, "unknown task 'fly'", () => client.ResetAsync(new ResetRequest { SessionId = id, EnvIds = { 0 }, Tasks = { "fly" } }).ResponseAsync);
        await Expect(StatusCode.NotFound, "unknown task 'fly'", () => client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1, Tasks = { "fly" } }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "unknown camera", () => client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1, Cameras = { new CameraSpec { Name = "top" } } }).ResponseAsync);

        var ok = await client.StepAsync(new StepRequest { SessionId = id, Actions = GrpcTestKit.Actions(2, (_, _) => 0) });
        ok.ElapsedSteps.Should().Equal(1, 1);

        await client.CloseSessionAsync(new CloseSessionRequest { SessionId = id });
        await Expect(StatusCode.NotFound, "closed by its client", () => client.StepAsync(new StepRequest { SessionId = id, Actions = GrpcTestKit.Actions(2, (_, _) => 0) }).ResponseAsync);
    }

    [Fact]
    public async Task TwoSessions_AreIsolated()
    {
        await using var kit = await GrpcTestKit.StartAsync();
        var a = (await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1, ClientName = "a" })).SessionId;
        var b = (await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 2, Tasks = { "open_drawer" }, ClientName = "b" })).SessionId;

        await kit.Client.StepAsync(new StepRequest { SessionId = a, Actions = GrpcTestKit.Actions(1, (_, _) => 0) });
        await kit.Client.StepAsync(new StepRequest { SessionId = a, Actions = GrpcTestKit.Actions(1, (_, _) => 0) });
        await kit.Client.CloseSessionAsync(new CloseSessionRequest { SessionId = a });
        var resultB = await kit.Client.StepAsync(new StepRequest { SessionId = b, Actions = GrpcTestKit.Actions(2, (_, _) => 0) });

        resultB.ElapsedSteps.Should().Equal(1, 1);
        resultB.Tasks.Should().Equal("open_drawer", "open_drawer");
        kit.Server.SessionCount.Should().Be(1);
    }

    [Fact]
    public async Task IdleSession_IsFreedAfterLease()
    {
        // A 3 s lease: 600 ms expired before the first check on a busy CI machine (the open itself took that long).
        await using var kit = await GrpcTestKit.StartAsync(lease: TimeSpan.FromSeconds(3));
        var id = (await kit.Client.OpenSessionAsync(new OpenSessionRequest { NumEnvs = 1 })).SessionId;
        kit.Server.SessionCount.Should().Be(1);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (kit.Server.SessionCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);

        kit.Server.SessionCount.Should().Be(0);
        await Expect(StatusCode.NotFound, "lease", () => kit.Client.StepAsync(new StepRequest { SessionId = id, Actions = GrpcTestKit.Actions(1, (_, _) => 0) }).ResponseAsync);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task WrongOrMissingToken_IsUnauthenticated(string? clientToken)
    {
        await using var kit = await GrpcTestKit.StartAsync(serverToken: "s3cret", clientToken: clientToken);
        await Expect(StatusCode.Unauthenticated, clientToken is null ? "missing" : "invalid bearer token", () => kit.Client.DescribeAsync(new DescribeRequest()).ResponseAsync);
    }

    [Fact]
    public async Task RightToken_IsServed()
    {
        await using var kit = await GrpcTestKit.StartAsync(serverToken: "s3cret", clientToken: "s3cret");
        (await kit.Client.DescribeAsync(new DescribeRequest())).Backend.Should().Be("mujoco-tabletop");
    }

    [Fact]
    public async Task NonLoopbackWithoutToken_IsRefused()
    {
        var start = () => Robotics.Tabletop.Server.TabletopServer.StartAsync(new Robotics.Tabletop.Server.TabletopServerOptions { Host = "0.0.0.0", Port = 0 });
        await start.Should().ThrowAsync<ArgumentException>().WithMessage("*token*--insecure*");
    }

    private static async Task Expect<T>(StatusCode code, string messagePart, Func<Task<T>> call)
    {
        var e = (await call.Should().ThrowAsync<RpcException>()).Which;
        e.StatusCode.Should().Be(code, e.Status.Detail);
        e.Status.Detail.Should().Contain(messagePart);
    }
}
