using System.Numerics;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Experts;

/// <summary>Turning an expert's waypoint into a 7-D action.</summary>
internal static class ExpertMath
{
    public const float Open = 1f, Closed = 0f;

    /// <summary>Moves the tool-centre point towards <paramref name="to"/> (clipped per axis to <paramref name="maxStep"/>,
    /// at most the action limit), rotates the hand back to level, and commands the gripper.</summary>
    public static void MoveTo(Span<float> action, in SceneState s, Vector3 to, float gripper, float maxStep = (float)TabletopWorld.MaxTranslation)
    {
        var limit = Math.Min(maxStep, (float)TabletopWorld.MaxTranslation);
        var rotationLimit = (float)TabletopWorld.MaxRotation;
        var delta = to - s.Tcp;
        action[0] = Math.Clamp(delta.X, -limit, limit);
        action[1] = Math.Clamp(delta.Y, -limit, limit);
        action[2] = Math.Clamp(delta.Z, -limit, limit);
        action[3] = Math.Clamp(-s.HandRpy.X, -rotationLimit, rotationLimit);
        action[4] = Math.Clamp(-s.HandRpy.Y, -rotationLimit, rotationLimit);
        action[5] = Math.Clamp(-s.HandRpy.Z, -rotationLimit, rotationLimit);
        action[6] = gripper;
    }

    public static float XyDistance(Vector3 a, Vector3 b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
