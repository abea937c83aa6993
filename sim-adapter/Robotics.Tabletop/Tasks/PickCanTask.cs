using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>
/// pick_can: lift the can at least 6 cm off the table, held between both fingers. The green cube stands at least
/// 12 cm away as a distractor, so a policy must find the can by the instruction, not just pick whatever is there.
/// </summary>
internal sealed class PickCanTask() : TabletopTask("pick_can")
{
    public const float LiftHeight = 0.06f;

    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        var (can, cube) = TwoCells(ref rng, 0.12f);
        return new Layout(gripper, Can: OnTable(can, Geometry.CanHalfHeight), Green: OnTable(cube, Geometry.CubeHalf));
    }

    public override bool IsSuccess(in SceneState s) =>
        s.Can.Z - Geometry.CanHalfHeight > LiftHeight && s.CanFingers == 2;

    public override float Potential(in SceneState s) =>
        PickPotential.Of(s.Tcp, s.Can, s.CanUpright, s.CanFingers, s.Can.Z - (float)Geometry.CanHalfHeight, LiftHeight);

    public override void Expert(in SceneState s, Span<float> action)
    {
        if (GraspExpert.ApproachOrHold(s, TaskTargets.Can(s), action))
            ExpertMath.MoveTo(action, s, s.Tcp with { Z = 0.2f }, ExpertMath.Closed);
    }

    public override void Expert(in SceneState s, Span<float> action, string style)
    {
        if (style != ExpertStyles.SlowHigh)
        {
            Expert(s, action);
            return;
        }
        const float slowStep = 0.02f;
        var can = TaskTargets.Can(s);
        var target = can with { GraspAbove = 0.015f, HoverZ = can.HoverZ + 0.04f };
        if (GraspExpert.ApproachOrHold(s, target, action, slowStep))
            ExpertMath.MoveTo(action, s, s.Tcp with { Z = 0.2f }, ExpertMath.Closed, slowStep);
    }
}
