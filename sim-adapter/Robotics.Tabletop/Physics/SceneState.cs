using System.Numerics;

namespace Robotics.Tabletop.Physics;

/// <summary>
/// What an observer of one env can see: gripper pose and opening, object and prop positions, the drawer.
/// Success predicates and experts read only this (no hidden phases or counters).
/// </summary>
internal readonly record struct SceneState(
    Vector3 Tcp, Vector3 HandRpy, float Opening,
    Vector3 Can, float CanUpright, Vector3 Green, Vector3 Blue,
    Vector3 Plate, Vector3 Towel, Vector3 Basket, Vector3 Cabinet,
    float Drawer, Vector3 Handle,
    int CanFingers, int GreenFingers, int BlueFingers)
{
    /// <summary>Fingers touching an object: 0, 1 or 2 (both pads).</summary>
    public static int Touching(bool left, bool right) => (left ? 1 : 0) + (right ? 1 : 0);
}
