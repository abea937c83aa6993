using Robotics.Experiments.Evaluation;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Tests.Evaluation;

public sealed class PolicyEvaluatorScoreTests
{
    private static Episode Make(bool success, bool physicsError = false, bool aborted = false) => new(
        "pick_can", "pick coke can", 1, 1, 1, 1, new byte[3], 1, [0f], new float[7], [0f], success, physicsError, aborted, null);

    [Fact]
    public void Score_APolicyCausedBlowUp_IsAFailureInTheDenominator_AndIsCounted()
    {
        // 2 successes, 1 plain failure, 2 blow-ups (one flagged success by the simulator before it blew up), 1 aborted.
        Episode[] episodes = [Make(true), Make(true), Make(false), Make(false, physicsError: true), Make(true, physicsError: true), Make(false, aborted: true)];

        var score = PolicyEvaluator.Score(episodes, ["pick_can"])["pick_can"];

        score.Successes.Should().Be(2);
        score.Episodes.Should().Be(5, "blow-ups count; only the episode the simulator aborted is left out");
        score.PhysicsErrors.Should().Be(2);
        score.ToString().Should().Contain("2 blew up");
    }
}
