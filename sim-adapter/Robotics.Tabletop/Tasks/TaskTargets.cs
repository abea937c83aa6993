using Robotics.Tabletop.Experts;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>How the expert grasps each object: the can at its middle, cubes a little above theirs (fingertips clear
/// of the table), the drawer handle's post at its grasp site; the palm always stays clear of the tops.</summary>
internal static class TaskTargets
{
    public static GraspTarget Can(in SceneState s) =>
        new(s.Can, (float)Geometry.CanRadius, (float)Geometry.CanHalfHeight, 0f, 0.16f);

    public static GraspTarget Green(in SceneState s) => Cube(s.Green);

    public static GraspTarget Blue(in SceneState s) => Cube(s.Blue);

    public static GraspTarget Handle(in SceneState s) => new(s.Handle, (float)Geometry.HandleHalf, 0.03f, 0f, 0.17f);

    private static GraspTarget Cube(System.Numerics.Vector3 center) =>
        new(center, (float)Geometry.CubeHalf, (float)Geometry.CubeHalf, 0.01f, 0.14f);

    /// <summary>Height of the carry (tool-centre point): the held object clears the basket walls and other objects.</summary>
    public const float CarryZ = 0.17f;
}
