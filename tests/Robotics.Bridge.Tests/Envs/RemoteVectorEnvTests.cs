using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Bridge.Tests.Conformance;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Tests.Envs;

public sealed class RemoteVectorEnvTests
{
    private static VectorEnvOptions Options(int n) => new() { NumEnvs = n, Tasks = ["pick_can"], ImageSize = 32, Seed = 3 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Step_SameSeedsAndActions_GiveTheSameObservationsInProcessAndOverGrpc(bool stepStream)
    {
        await using var server = await TabletopServers.StartAsync();
        await using var local = await VectorEnvFactory.CreateAsync(null, Options(3));
        await using var remote = await VectorEnvFactory.CreateAsync(server.Url(), Options(3) with { UseStepStream = stepStream });
        ulong[] seeds = [11, 12, 13];
        var actor = new RandomActor(5);

        var a = await local.ResetAsync(null, seeds);
        var b = await remote.ResetAsync(null, seeds);
        for (var t = 0; t < 6; t++)
        {
            AssertSame(a, b);
            var actions = (await actor.ActAsync(a, default)).Actions;
            a = await local.StepAsync((float[])actions.Clone());
            b = await remote.StepAsync(actions);
        }
        AssertSame(a, b);
        remote.Spec.Should().BeEquivalentTo(local.Spec, o => o.Excluding(s => s.Backend));
        remote.Spec.OffersExpertStyle("pick_can", "slow_high").Should().BeTrue("the describe response lists each task's styles");
        remote.Spec.OffersExpertStyle("open_drawer", "slow_high").Should().BeFalse();
    }

    [Fact]
    public async Task CreateAsync_AnotherSimulator_SpecListsThatSimulatorsTaskInstructions()
    {
        await using var server = await PythonAdapter.StartFakeAsync(tasks: "PutCarrotOnPlateInScene-v1");

        await using var env = await VectorEnvFactory.CreateAsync(server.Url,
            new VectorEnvOptions { NumEnvs = 1, Tasks = ["PutCarrotOnPlateInScene-v1"], ImageSize = 32 });

        env.Spec.TaskInstructions.Should().Equal(["put carrot on plate"], "the describe response's tasks, not the tabletop's");
        env.Spec.ExpertStyles.Should().BeEmpty("ManiSkill has no scripted expert, let alone styles of one");
    }

    [Fact]
    public async Task CreateAsync_TwoEndpoints_ReassemblesEnvsInOrder()
    {
        await using var server1 = await TabletopServers.StartAsync();
        await using var server2 = await TabletopServers.StartAsync();
        await using var local = await VectorEnvFactory.CreateAsync(null, Options(5));
        await using var spread = await VectorEnvFactory.CreateAsync($"{server1.Url()},{server2.Url()}", Options(5));
        ulong[] seeds = [21, 22, 23, 24, 25];

        var a = await local.ResetAsync(null, seeds);
        var b = await spread.ResetAsync(null, seeds);
        var actions = (await new RandomActor(2).ActAsync(a, default)).Actions;
        a = await local.StepAsync((float[])actions.Clone());
        b = await spread.StepAsync(actions);

        server1.SessionCount.Should().Be(1);
        server2.SessionCount.Should().Be(1);
        spread.Spec.NumEnvs.Should().Be(5);
        AssertSame(a, b);
        // A partial reset that touches only the second server leaves the first server's envs as they were.
        var c = await spread.ResetAsync([4], [99]);
        c.EpisodeSeeds.Should().Equal(21UL, 22UL, 23UL, 24UL, 99UL);
        c.ImageOf(0).ToArray().Should().Equal(b.ImageOf(0).ToArray());
    }

    [Fact]
    public async Task CreateAsync_WrongOrMissingToken_IsRefused()
    {
        await using var server = await TabletopServers.StartAsync(token: "s3cret");

        var wrong = () => VectorEnvFactory.CreateAsync(server.Url(), Options(1) with { Token = "guess" });
        var missing = () => VectorEnvFactory.CreateAsync(server.Url(), Options(1));

        (await wrong.Should().ThrowAsync<UnauthorizedAccessException>()).WithMessage($"*{server.Url()}*Unauthenticated*");
        await missing.Should().ThrowAsync<UnauthorizedAccessException>();
        await using var right = await VectorEnvFactory.CreateAsync(server.Url(), Options(1) with { Token = "s3cret" });
        (await right.ResetAsync()).NumEnvs.Should().Be(1);
    }

    [Fact]
    public async Task CreateAsync_DnsAddress_ConnectsToTheAddressBehindTheName()
    {
        await using var server = await TabletopServers.StartAsync();
        var dns = $"dns:///localhost:{server.Address.Port}";

        await using var env = await VectorEnvFactory.CreateAsync(dns, Options(2));

        (await env.ResetAsync(null, [1UL, 2UL])).EpisodeSeeds.Should().Equal(1UL, 2UL);
    }

    [Fact]
    public async Task ExpandDnsAsync_DnsName_BecomesOneHttpEndpointPerAddressAndKeepsOthers()
    {
        var endpoints = await VectorEnvFactory.ExpandDnsAsync(["dns:///localhost:5051", "http://10.0.0.9:7"], CancellationToken.None);

        endpoints.Should().Equal("http://127.0.0.1:5051", "http://10.0.0.9:7");
    }

    [Fact]
    public async Task CreateAsync_UnknownTask_SaysWhichTask()
    {
        await using var server = await TabletopServers.StartAsync();

        var open = () => VectorEnvFactory.CreateAsync(server.Url(), Options(1) with { Tasks = ["juggle"] });

        await open.Should().ThrowAsync<ArgumentException>().WithMessage("*juggle*");
    }

    private static void AssertSame(EnvStep a, EnvStep b)
    {
        b.Images.Should().Equal(a.Images);
        b.Proprio.Should().Equal(a.Proprio);
        b.Reward.Should().Equal(a.Reward);
        b.Terminated.Should().Equal(a.Terminated);
        b.ElapsedSteps.Should().Equal(a.ElapsedSteps);
        b.EpisodeSeeds.Should().Equal(a.EpisodeSeeds);
        b.Instructions.Should().Equal(a.Instructions);
        b.ExpertActions.Should().Equal(a.ExpertActions);
        a.StyledExpertActions.Should().ContainKey("slow_high", "the tabletop's pick_can offers a second expert style");
        b.StyledExpertActions.Keys.Should().Equal(a.StyledExpertActions.Keys);
        foreach (var (style, actions) in a.StyledExpertActions) b.StyledExpertActions[style].Should().Equal(actions, style);
    }
}
