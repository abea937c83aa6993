using System.Numerics;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>put_on_towel: the green cube rests on the towel (its centre over the towel, 1 cm from the edges), released.</summary>
internal sealed class PutOnTowelTask() : PlaceTask("put_on_towel")
{
    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        var (cube, towel) = TwoCells(ref rng, 0.15f);
        return new Layout(gripper, Green: OnTable(cube, Geometry.CubeHalf), Towel: OnTable(towel, 0));
    }

    protected override GraspTarget Held(in SceneState s) => TaskTargets.Green(s);
    protected override Vector2 Goal(in SceneState s) => new(s.Towel.X, s.Towel.Y);
    protected override float ReleaseBottomZ(in SceneState s) => (float)Geometry.TowelTop + 0.012f;
    protected override int FingersOnObject(in SceneState s) => s.GreenFingers;

    protected override bool IsPlaced(in SceneState s)
    {
        var inside = Geometry.TowelHalf - 0.01;
        var bottom = s.Green.Z - Geometry.CubeHalf;
        return Math.Abs(s.Green.X - s.Towel.X) < inside && Math.Abs(s.Green.Y - s.Towel.Y) < inside
            && bottom > Geometry.TowelTop - 0.005 && bottom < Geometry.TowelTop + 0.012;
    }
}
