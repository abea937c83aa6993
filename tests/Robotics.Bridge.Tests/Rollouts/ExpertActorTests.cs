using Robotics.Bridge.Rollouts;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Tests.Rollouts;

public sealed class ExpertActorTests
{
    private static EnvStep Step(float[] expert, IReadOnlyDictionary<string, float[]> styled) =>
        new(1, 1, 1, new byte[3], 0, [], ["i"], ["pick_can"], [0f], [false], [false], [false], [false], [0], [1UL], expert)
        {
            StyledExpertActions = styled,
        };

    private static readonly float[] Default = [0.01f, 0.02f, 0.03f, 0, 0, 0, 1];
    private static readonly float[] Slow = [0.005f, 0.01f, 0.02f, 0, 0, 0, 1];

    [Fact]
    public async Task ActAsync_WithAStyle_ExecutesAndRecordsThatStylesAction()
    {
        var output = await new ExpertActor(style: "slow_high").ActAsync(Step(Default, new Dictionary<string, float[]> { ["slow_high"] = Slow }), default);

        output.Actions.Should().Equal(Slow);
        output.RecordedActions.Should().Equal(Slow);
    }

    [Fact]
    public async Task ActAsync_WithoutAStyle_FollowsTheDefaultExpert()
    {
        var output = await new ExpertActor().ActAsync(Step(Default, new Dictionary<string, float[]> { ["slow_high"] = Slow }), default);

        output.Actions.Should().Equal(Default);
    }

    [Fact]
    public async Task ActAsync_AStyleTheEnvDoesNotSend_FailsNamingWhatItSends()
    {
        var act = async () => await new ExpertActor(style: "sideways").ActAsync(Step(Default, new Dictionary<string, float[]> { ["slow_high"] = Slow }), default);

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*'sideways'*slow_high*");
    }
}
