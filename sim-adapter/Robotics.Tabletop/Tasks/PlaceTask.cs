using System.Numerics;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>
/// Pick an object and set it down somewhere: the shared expert and success rule of put_on_plate, put_on_towel,
/// stack_cube, put_in_basket and move_near. Success = the object rests where the task wants it (<see cref="IsPlaced"/>)
/// and no finger touches it any more (released).
/// </summary>
internal abstract class PlaceTask(string id) : TabletopTask(id)
{
    protected abstract GraspTarget Held(in SceneState s);

    /// <summary>Where the object's centre should end up (x, y).</summary>
    protected abstract Vector2 Goal(in SceneState s);

    /// <summary>Height of the object's bottom at which the expert opens the gripper.</summary>
    protected abstract float ReleaseBottomZ(in SceneState s);

    /// <summary>The object rests where the task wants it (ignoring the fingers).</summary>
    protected abstract bool IsPlaced(in SceneState s);

    protected abstract int FingersOnObject(in SceneState s);

    public override bool IsSuccess(in SceneState s) => IsPlaced(s) && FingersOnObject(s) == 0;

    public override void Expert(in SceneState s, Span<float> action)
    {
        var target = Held(s);
        if (IsPlaced(s) && !GraspExpert.IsHeld(s, target))
        {
            // Placed and let go: back off upwards with the fingers open.
            ExpertMath.MoveTo(action, s, s.Tcp with { Z = TaskTargets.CarryZ }, ExpertMath.Open);
            return;
        }
        if (!GraspExpert.ApproachOrHold(s, target, action)) return;
        var goal = Goal(s);
        var toGoal = goal - new Vector2(target.Center.X, target.Center.Y);
        var tcp = s.Tcp;
        if (toGoal.Length() > 0.012f)
        {
            // Carry: lift first when low and far, then travel at carry height, steering the object (not the hand) over the goal.
            var lowAndFar = tcp.Z < TaskTargets.CarryZ - 0.03f && toGoal.Length() > 0.03f;
            var to = lowAndFar ? tcp with { Z = TaskTargets.CarryZ } : new Vector3(tcp.X + toGoal.X, tcp.Y + toGoal.Y, TaskTargets.CarryZ);
            ExpertMath.MoveTo(action, s, to, ExpertMath.Closed);
            return;
        }
        // Lower until the object's bottom (wherever it sits in the hand) is just above the surface, then let go.
        var aboveBy = target.Center.Z - target.HalfHeight - ReleaseBottomZ(s);
        var above = new Vector3(tcp.X + toGoal.X, tcp.Y + toGoal.Y, tcp.Z - aboveBy);
        ExpertMath.MoveTo(action, s, above, aboveBy > 0.008f ? ExpertMath.Closed : ExpertMath.Open);
    }

    protected static float Xy(Vector3 a, Vector3 b) => ExpertMath.XyDistance(a, b);
}
