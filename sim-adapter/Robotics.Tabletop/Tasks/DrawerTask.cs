using System.Numerics;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>
/// open_drawer / close_drawer: the cabinet stands on a 4 x 5 grid at the back of the table; the drawer starts
/// closed (open) or 8-14 cm open (close). Success: drawer pulled out beyond 9 cm / pushed in within 2 cm.
/// The expert grasps the handle's post and pulls or pushes along the slide.
/// </summary>
internal sealed class DrawerTask(bool open) : TabletopTask(open ? "open_drawer" : "close_drawer")
{
    public const float OpenThreshold = 0.09f, ClosedThreshold = 0.02f;

    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        var cabinet = new Vector3((float)rng.GridValue(-0.10, -0.04, 4), (float)rng.GridValue(-0.10, 0.10, 5), 0);
        var drawer = open ? 0f : (float)rng.GridValue(0.08, 0.14, 4);
        return new Layout(gripper, Cabinet: cabinet, Drawer: drawer);
    }

    public override bool IsSuccess(in SceneState s) => open ? s.Drawer > OpenThreshold : s.Drawer < ClosedThreshold;

    public override void Expert(in SceneState s, Span<float> action)
    {
        if (!GraspExpert.ApproachOrHold(s, TaskTargets.Handle(s), action)) return;
        // Held: move the handle along the slide to a little beyond the success threshold.
        var goal = open ? 0.13f : -0.01f;
        ExpertMath.MoveTo(action, s, s.Handle with { X = s.Handle.X + goal - s.Drawer }, ExpertMath.Closed);
    }
}
