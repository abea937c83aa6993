using System.Numerics;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>stack_cube: the green cube rests on the blue one (centres within 2 cm), the blue one still on the table, released.</summary>
internal sealed class StackCubeTask() : PlaceTask("stack_cube")
{
    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        var (green, blue) = TwoCells(ref rng, 0.12f);
        return new Layout(gripper, Green: OnTable(green, Geometry.CubeHalf), Blue: OnTable(blue, Geometry.CubeHalf));
    }

    protected override GraspTarget Held(in SceneState s) => TaskTargets.Green(s);
    protected override Vector2 Goal(in SceneState s) => new(s.Blue.X, s.Blue.Y);
    protected override float ReleaseBottomZ(in SceneState s) => s.Blue.Z + (float)Geometry.CubeHalf + 0.01f;
    protected override int FingersOnObject(in SceneState s) => s.GreenFingers;

    protected override bool IsPlaced(in SceneState s)
    {
        var height = s.Green.Z - s.Blue.Z;
        return Xy(s.Green, s.Blue) < 0.02f && height > 0.035f && height < 0.05f && s.Blue.Z < Geometry.CubeHalf + 0.01;
    }
}
