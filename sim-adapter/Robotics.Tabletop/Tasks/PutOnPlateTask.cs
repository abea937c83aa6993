using System.Numerics;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>put_on_plate: the can stands upright on the plate, within 4.5 cm of its centre, released.</summary>
internal sealed class PutOnPlateTask() : PlaceTask("put_on_plate")
{
    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        var (can, plate) = TwoCells(ref rng, 0.17f);
        return new Layout(gripper, Can: OnTable(can, Geometry.CanHalfHeight), Plate: OnTable(plate, 0));
    }

    protected override GraspTarget Held(in SceneState s) => TaskTargets.Can(s);
    protected override Vector2 Goal(in SceneState s) => new(s.Plate.X, s.Plate.Y);
    protected override float ReleaseBottomZ(in SceneState s) => (float)Geometry.PlateTop + 0.012f;
    protected override int FingersOnObject(in SceneState s) => s.CanFingers;

    protected override bool IsPlaced(in SceneState s)
    {
        var bottom = s.Can.Z - Geometry.CanHalfHeight;
        return Xy(s.Can, s.Plate) < 0.045f && bottom > Geometry.PlateTop - 0.005 && bottom < Geometry.PlateTop + 0.012 && s.CanUpright > 0.95f;
    }
}
