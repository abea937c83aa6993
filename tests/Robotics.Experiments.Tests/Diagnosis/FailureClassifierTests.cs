using Robotics.Experiments.Diagnosis;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Tests.Diagnosis;

/// <summary>Each failure class on a constructed trajectory of hand and object states, in the tabletop's proprio layout.</summary>
public sealed class FailureClassifierTests
{
    private static readonly string[] Names =
        ["tcp_x", "tcp_y", "tcp_z", "roll", "pitch", "yaw", "finger_opening", "can_x", "can_y", "can_z", "can_upright", "green_x", "green_y", "green_z"];

    private static readonly PickStateColumns Columns = PickStateColumns.For("pick_can", Names)!;

    /// <summary>A state: hand at (x, y, z) with a finger gap, the can at (cx, cy, cz) with its uprightness, the cube at (0.1, 0.1, 0.02).</summary>
    private static float[] State(float x, float y, float z, float gap, float cx = 0, float cy = 0, float cz = 0.045f, float upright = 1,
        float gx = 0.1f, float gy = 0.1f, float gz = 0.02f) => [x, y, z, 0, 0, 0, gap, cx, cy, cz, upright, gx, gy, gz];

    private static Episode Episode(bool success = false, bool physicsError = false, params float[][] states) => new(
        "pick_can", "pick coke can", 1, states.Length, 1, 1, new byte[states.Length * 3], Names.Length, [.. states.SelectMany(s => s)],
        new float[states.Length * 7], new float[states.Length], success, physicsError, Aborted: false, null);

    [Fact]
    public void For_FindsTheColumnsByName()
    {
        Columns.TcpX.Should().Be(0);
        Columns.Opening.Should().Be(6);
        Columns.TargetX.Should().Be(7);
        Columns.TargetUpright.Should().Be(10);
        Columns.DistractorX.Should().Equal(11);
        PickStateColumns.For("open_drawer", Names).Should().BeNull("the classifier knows only pick tasks");
        PickStateColumns.For("pick_can", Names[..7]).Should().BeNull("without object poses there is nothing to classify from");
    }

    [Fact]
    public void Classify_EachEndingOfAConstructedTrajectory()
    {
        var far = State(0.2f, 0.2f, 0.2f, 0.1f);
        FailureClassifier.Classify(Episode(success: true, states: [far]), Columns).Should().Be(FailureKind.Success);
        FailureClassifier.Classify(Episode(success: true, physicsError: true, states: [far]), Columns).Should().Be(FailureKind.BlewUp);
        // Lifted the green cube 5 cm.
        FailureClassifier.Classify(Episode(states: [State(0.1f, 0.1f, 0.05f, 0.1f), State(0.1f, 0.1f, 0.1f, 0.04f, gz: 0.07f)]), Columns)
            .Should().Be(FailureKind.WrongObject);
        // The can rose 5 cm, then was back on the table.
        FailureClassifier.Classify(Episode(states: [State(0, 0, 0.05f, 0.05f), State(0, 0, 0.1f, 0.05f, cz: 0.095f), State(0, 0, 0.1f, 0.1f, cz: 0.045f)]), Columns)
            .Should().Be(FailureKind.DroppedAfterLift);
        // Tipped over during the approach.
        FailureClassifier.Classify(Episode(states: [State(0.03f, 0, 0.1f, 0.1f), State(0.01f, 0, 0.06f, 0.1f, cx: 0.02f, cz: 0.03f, upright: 0.2f)]), Columns)
            .Should().Be(FailureKind.ToppledTarget);
        // Stayed 10 cm away.
        FailureClassifier.Classify(Episode(states: [State(0.1f, 0, 0.2f, 0.1f), State(0.1f, 0, 0.1f, 0.1f)]), Columns)
            .Should().Be(FailureKind.NeverReached);
        // Above the can, closed to a 2 mm gap.
        FailureClassifier.Classify(Episode(states: [State(0.01f, 0, 0.1f, 0.1f), State(0.01f, 0, 0.1f, 0.002f)]), Columns)
            .Should().Be(FailureKind.ClosedOnNothing);
        // Hovered beside the can, open, until the step limit.
        FailureClassifier.Classify(Episode(states: [State(0.02f, 0, 0.1f, 0.1f), State(0.02f, 0, 0.09f, 0.1f)]), Columns)
            .Should().Be(FailureKind.TimedOutNearTarget);
    }
}
