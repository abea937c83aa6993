using System.Numerics;

namespace Robotics.Tabletop.Physics;

/// <summary>Roll/pitch/yaw as extrinsic x-y-z rotations (the convention of OpenVLA's Bridge/WidowX actions).</summary>
internal static class Rotations
{
    /// <summary>Rotates <paramref name="orientation"/> by world-frame deltas: R = Rz(yaw) Ry(pitch) Rx(roll) R.</summary>
    public static Quaternion ApplyWorldDelta(Quaternion orientation, float roll, float pitch, float yaw)
    {
        var delta = Hamilton(Hamilton(
            Quaternion.CreateFromAxisAngle(Vector3.UnitZ, yaw),
            Quaternion.CreateFromAxisAngle(Vector3.UnitY, pitch)),
            Quaternion.CreateFromAxisAngle(Vector3.UnitX, roll));
        return Quaternion.Normalize(Hamilton(delta, orientation));
    }

    public static Vector3 ToRollPitchYaw(Quaternion q)
    {
        var roll = MathF.Atan2(2 * (q.W * q.X + q.Y * q.Z), 1 - 2 * (q.X * q.X + q.Y * q.Y));
        var pitch = MathF.Asin(Math.Clamp(2 * (q.W * q.Y - q.Z * q.X), -1f, 1f));
        var yaw = MathF.Atan2(2 * (q.W * q.Z + q.X * q.Y), 1 - 2 * (q.Y * q.Y + q.Z * q.Z));
        return new Vector3(roll, pitch, yaw);
    }

    /// <summary>The Hamilton product a ⊗ b (rotation b first, then a), written out to avoid convention doubts.</summary>
    public static Quaternion Hamilton(Quaternion a, Quaternion b) => new(
        a.W * b.X + a.X * b.W + a.Y * b.Z - a.Z * b.Y,
        a.W * b.Y - a.X * b.Z + a.Y * b.W + a.Z * b.X,
        a.W * b.Z + a.X * b.Y - a.Y * b.X + a.Z * b.W,
        a.W * b.W - a.X * b.X - a.Y * b.Y - a.Z * b.Z);
}
