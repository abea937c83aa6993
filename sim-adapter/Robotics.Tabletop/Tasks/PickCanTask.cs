using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>pick_can: lift the can at least 6 cm off the table, held between both fingers.</summary>
internal sealed class PickCanTask() : TabletopTask("pick_can")
{
    public const float LiftHeight = 0.06f;

    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        return new Layout(gripper, Can: OnTable(ObjectCell(ref rng), Geometry.CanHalfHeight));
    }

    public override bool IsSuccess(in SceneState s) =>
        s.Can.Z - Geometry.CanHalfHeight > LiftHeight && s.CanFingers == 2;

    public override void Expert(in SceneState s, Span<float> action)
    {
        if (GraspExpert.ApproachOrHold(s, TaskTargets.Can(s), action))
            ExpertMath.MoveTo(action, s, s.Tcp with { Z = 0.2f }, ExpertMath.Closed);
    }
}
