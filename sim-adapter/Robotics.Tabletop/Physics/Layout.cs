using System.Numerics;

namespace Robotics.Tabletop.Physics;

/// <summary>An episode's initial state: gripper start and where each object stands (null = parked out of view).</summary>
internal sealed record Layout(
    Vector3 Gripper,
    Vector3? Can = null, Vector3? Green = null, Vector3? Blue = null,
    Vector3? Plate = null, Vector3? Towel = null, Vector3? Basket = null,
    Vector3? Cabinet = null, float Drawer = 0);
