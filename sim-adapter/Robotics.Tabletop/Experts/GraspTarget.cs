using System.Numerics;

namespace Robotics.Tabletop.Experts;

/// <summary>
/// Something the gripper grasps: its centre, half-width across the fingers, half-height, where the tool-centre
/// point goes to grasp it (height above the centre) and the height to hover at before descending.
/// </summary>
internal readonly record struct GraspTarget(Vector3 Center, float HalfWidth, float HalfHeight, float GraspAbove, float HoverZ)
{
    public float Width => 2 * HalfWidth;
    public Vector3 GraspPoint => Center with { Z = Center.Z + GraspAbove };
}
