using System.Numerics;
using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>put_in_basket: the blue cube lies inside the basket (below the rim), released. The expert drops it from above the walls.</summary>
internal sealed class PutInBasketTask() : PlaceTask("put_in_basket")
{
    public override Layout Sample(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var gripper = GripperStart(ref rng);
        var (cube, basket) = TwoCells(ref rng, 0.19f);
        return new Layout(gripper, Blue: OnTable(cube, Geometry.CubeHalf), Basket: OnTable(basket, 0));
    }

    protected override GraspTarget Held(in SceneState s) => TaskTargets.Blue(s);
    protected override Vector2 Goal(in SceneState s) => new(s.Basket.X, s.Basket.Y);
    protected override float ReleaseBottomZ(in SceneState s) => (float)Geometry.BasketWallTop + 0.025f;
    protected override int FingersOnObject(in SceneState s) => s.BlueFingers;

    protected override bool IsPlaced(in SceneState s)
    {
        var inside = Geometry.BasketInnerHalf - 0.01;
        return Math.Abs(s.Blue.X - s.Basket.X) < inside && Math.Abs(s.Blue.Y - s.Basket.Y) < inside && s.Blue.Z < Geometry.BasketWallTop;
    }
}
