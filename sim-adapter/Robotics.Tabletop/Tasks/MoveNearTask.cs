using System.Numerics;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>
/// move_near: the can stands upright on the table within 10 cm (centre to centre) of the green cube, released;
/// they start at least 15 cm apart. The expert sets the can down 7.5 cm from the cube along x, on the side
/// towards the table's centre (the fingers close along y, so they never touch the cube).
/// </summary>
internal sealed class MoveNearTask() : PlaceTask("move_near")
{
    public const float NearDistance = 0.10f;

    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        var (can, cube) = TwoCells(ref rng, 0.15f);
        return new Layout(gripper, Can: OnTable(can, Geometry.CanHalfHeight), Green: OnTable(cube, Geometry.CubeHalf));
    }

    protected override GraspTarget Held(in SceneState s) => TaskTargets.Can(s);
    protected override Vector2 Goal(in SceneState s) => new(s.Green.X + (s.Green.X > 0 ? -0.075f : 0.075f), s.Green.Y);
    protected override float ReleaseBottomZ(in SceneState s) => 0.012f;
    protected override int FingersOnObject(in SceneState s) => s.CanFingers;

    protected override bool IsPlaced(in SceneState s)
    {
        var bottom = s.Can.Z - Geometry.CanHalfHeight;
        return Xy(s.Can, s.Green) < NearDistance && bottom > -0.005 && bottom < 0.012 && s.CanUpright > 0.95f;
    }
}
