using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>
/// A ManiSkill controller's recorded action -> OpenVLA's 7-D action (dx, dy, dz in m; droll, dpitch, dyaw in rad, static-frame
/// sxyz; gripper 0 closed .. 1 open), the inverse of the Python adapter's conversion (sim-adapter/python actions.py), so a policy
/// trained on the imported demos acts through the adapter's <c>openvla</c> control mode.
/// </summary>
internal static class ManiSkillActions
{
    /// <summary>The WidowX twins: raw metres and XYZ Euler radians, gripper -1 closed / +1 open.</summary>
    public const string WidowXTwinMode = "arm_pd_ee_target_delta_pose_align2_gripper_pd_joint_pos";

    /// <summary>The Panda's normalised end-effector deltas: [-1, 1] over +-0.1 m and +-0.1 rad, gripper -1 / +1.</summary>
    public const string PandaEeDeltaMode = "pd_ee_delta_pose";

    public static readonly IReadOnlyList<string> Supported = [WidowXTwinMode, PandaEeDeltaMode];

    /// <summary>Converts one action in place from <paramref name="controlMode"/>'s space. <paramref name="rotationScale"/>: what the
    /// Panda controller multiplied a normalised rotation by when the demos were recorded (0.1; -0.1 under mani-skill 3.0.1,
    /// whose controller inverts it: ManiSkill issue #1469).</summary>
    public static void ToOpenVla(string controlMode, Span<float> action, double rotationScale = 0.1)
    {
        if (action.Length != Episode.ActionDim) throw new ArgumentException($"a ManiSkill action here has {Episode.ActionDim} values, got {action.Length}");
        double a = action[3], b = action[4], c = action[5];
        switch (controlMode)
        {
            case WidowXTwinMode:
                break;
            case PandaEeDeltaMode:
                for (var k = 0; k < 3; k++) action[k] = Math.Clamp(action[k], -1f, 1f) * 0.1f;
                // ManiSkill clips the normalised rotation by its norm before scaling (pd_ee_pose.py, _clip_and_scale_action).
                var norm = Math.Sqrt(a * a + b * b + c * c);
                var shrink = norm > 1 ? 1 / norm : 1;
                (a, b, c) = (a * shrink * rotationScale, b * shrink * rotationScale, c * shrink * rotationScale);
                break;
            default:
                throw new NotSupportedException(
                    $"control mode '{controlMode}' has no conversion to OpenVLA's end-effector deltas (supported: {string.Join(", ", Supported)}); " +
                    "convert the demos first: python -m mani_skill.trajectory.replay_trajectory --traj-path FILE -o rgb " +
                    $"--target-control-mode {PandaEeDeltaMode} --save-traj");
        }
        var (roll, pitch, yaw) = XyzToSxyz(a, b, c);
        action[3] = (float)roll;
        action[4] = (float)pitch;
        action[5] = (float)yaw;
        action[6] = (Math.Clamp(action[6], -1f, 1f) + 1f) / 2f;
    }

    /// <summary>
    /// ManiSkill3's "XYZ" Euler angles (R = Rx(a) Ry(b) Rz(c), euler_angles_to_matrix in
    /// mani_skill/utils/geometry/rotation_conversions.py) -> static-frame sxyz roll, pitch, yaw (R = Rz(yaw) Ry(pitch) Rx(roll)),
    /// through the rotation matrix: the two conventions agree only to first order.
    /// </summary>
    public static (double Roll, double Pitch, double Yaw) XyzToSxyz(double a, double b, double c)
    {
        double ca = Math.Cos(a), sa = Math.Sin(a), cb = Math.Cos(b), sb = Math.Sin(b), cc = Math.Cos(c), sc = Math.Sin(c);
        // The entries of Rx(a) Ry(b) Rz(c) that the sxyz decomposition needs.
        double m00 = cb * cc, m01 = -cb * sc, m10 = ca * sc + sa * sb * cc, m11 = ca * cc - sa * sb * sc;
        double m20 = sa * sc - ca * sb * cc, m21 = sa * cc + ca * sb * sc, m22 = ca * cb;
        // Rz Ry Rx: m20 = -sin(pitch), m21 = cos(pitch) sin(roll), m22 = cos(pitch) cos(roll), m10 = sin(yaw) cos(pitch), m00 = cos(yaw) cos(pitch).
        var pitch = Math.Asin(Math.Clamp(-m20, -1, 1));
        if (Math.Abs(m20) > 1 - 1e-12) return (0, pitch, Math.Atan2(-m01, m11));     // gimbal lock: roll folded into yaw
        return (Math.Atan2(m21, m22), pitch, Math.Atan2(m10, m00));
    }
}
