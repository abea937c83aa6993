"""The OpenVLA -> controller conversions, against references computed here by hand or numpy."""
import math

import numpy as np
import pytest

from robotics_sim_adapter import actions


def rotation_sxyz(roll, pitch, yaw):
    cx, sx, cy, sy, cz, sz = math.cos(roll), math.sin(roll), math.cos(pitch), math.sin(pitch), math.cos(yaw), math.sin(yaw)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def rodrigues(axis, angle):
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * k @ k


@pytest.mark.parametrize("roll,pitch,yaw,axis,angle", [
    (0.3, 0.0, 0.0, [1, 0, 0], 0.3),
    (0.0, -0.2, 0.0, [0, -1, 0], 0.2),
    (0.0, 0.0, 0.5, [0, 0, 1], 0.5),
    (0.0, 0.0, 0.0, [1, 0, 0], 0.0),          # identity: transforms3d answers axis x, angle 0
])
def test_euler2axangle_single_axis_known_values(roll, pitch, yaw, axis, angle):
    got_axis, got_angle = actions.euler2axangle(roll, pitch, yaw)
    np.testing.assert_allclose(got_axis, axis, atol=1e-12)
    assert got_angle == pytest.approx(angle, abs=1e-12)


@pytest.mark.parametrize("rpy", [(0.1, -0.2, 0.3), (-0.05, 0.02, -0.07), (1.2, 0.4, -2.0), (0.0, 0.7, 0.7)])
def test_euler2axangle_reproduces_the_sxyz_rotation(rpy):
    axis, angle = actions.euler2axangle(*rpy)
    assert np.linalg.norm(axis) == pytest.approx(1.0)
    np.testing.assert_allclose(rodrigues(axis, angle), rotation_sxyz(*rpy), atol=1e-12)


def test_euler2axangle_worked_example():
    # By hand: roll = pitch = 0.1 -> q = qy(0.1) * qx(0.1) = (c^2, c*s, s*c, -s^2), c = cos .05, s = sin .05.
    c, s = math.cos(0.05), math.sin(0.05)
    vec = np.array([c * s, s * c, -s * s])
    expected = vec / np.linalg.norm(vec) * 2 * math.acos(c * c)
    np.testing.assert_allclose(actions.euler_to_rotvec(np.array([[0.1, 0.1, 0.0]]))[0], expected, atol=1e-12)


def test_widowx_simpler_converts_rotation_and_binarises_gripper():
    raw = np.array([[0.01, -0.02, 0.03, 0.3, 0.0, 0.0, 0.7],
                    [0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.5]], np.float32)
    out = actions.WidowXSimpler()(raw)
    np.testing.assert_allclose(out[0], [0.01, -0.02, 0.03, 0.3, 0, 0, 1.0], atol=1e-6)
    np.testing.assert_allclose(out[1], [0, 0, 0, 0, 0, 0.5, -1.0], atol=1e-6)   # 0.5 is not > 0.5: close


def test_google_robot_gripper_is_relative_and_sticky_for_15_steps():
    convert = actions.GoogleRobotSimpler(num_envs=1)
    openings = [1.0, 1.0] + [0.0] * 20
    grippers = [convert(np.array([[0, 0, 0, 0, 0, 0, g]], np.float32))[0, 6] for g in openings]
    # Step 0 has no previous prediction (0); the close (1 -> 0 is +1) latches at step 2 for 15 steps.
    assert grippers[:2] == [0.0, 0.0]
    assert grippers[2:17] == [1.0] * 15
    assert grippers[17:] == [0.0] * 5


def test_google_robot_sticky_state_clears_on_reset_of_that_env_only():
    convert = actions.GoogleRobotSimpler(num_envs=2)
    convert(np.array([[0] * 6 + [1.0]] * 2, np.float32))
    convert(np.array([[0] * 6 + [0.0]] * 2, np.float32))      # both latch a close
    convert.reset([0])
    out = convert(np.array([[0] * 6 + [0.0]] * 2, np.float32))
    assert out[:, 6].tolist() == [0.0, 1.0]


def rotation_maniskill_xyz(a, b, c):
    """ManiSkill3's euler_angles_to_matrix(angles, "XYZ") = Rx(a) @ Ry(b) @ Rz(c)
    (mani_skill/utils/geometry/rotation_conversions.py, multiplied in the convention's order)."""
    ca, sa, cb, sb, cc, sc = math.cos(a), math.sin(a), math.cos(b), math.sin(b), math.cos(c), math.sin(c)
    rx = np.array([[1, 0, 0], [0, ca, -sa], [0, sa, ca]])
    ry = np.array([[cb, 0, sb], [0, 1, 0], [-sb, 0, cb]])
    rz = np.array([[cc, -sc, 0], [sc, cc, 0], [0, 0, 1]])
    return rx @ ry @ rz


@pytest.mark.parametrize("rpy", [(0.1, -0.2, 0.3), (0.4, 0.3, -0.5), (1.2, 0.4, -2.0), (0.0, 0.7, 0.7),
                                 (0.3, math.pi / 2, 0.2), (0.3, -math.pi / 2, 0.2), (0.0, 0.0, 0.0)])
def test_sxyz_to_maniskill_xyz_keeps_the_rotation_matrix(rpy):
    xyz = actions.sxyz_to_maniskill_xyz(np.array([rpy]))[0]
    np.testing.assert_allclose(rotation_maniskill_xyz(*xyz), rotation_sxyz(*rpy), atol=1e-9)


def test_sxyz_and_xyz_differ_beyond_first_order():
    # Passing sxyz angles through as XYZ (what the adapter did) rotates elsewhere for these deltas.
    rpy = (0.4, 0.3, -0.5)
    assert np.abs(rotation_maniskill_xyz(*rpy) - rotation_sxyz(*rpy)).max() > 0.05


def test_widowx_maniskill3_converts_euler_through_the_matrix_and_signs_gripper():
    raw = np.array([[0.01, 0.02, -0.03, 0.4, -0.3, 0.5, 0.9], [0, 0, 0, 0, 0, 0, 0.1]], np.float32)
    out = actions.WidowXManiSkill3()(raw)
    np.testing.assert_allclose(out[0, :3], [0.01, 0.02, -0.03], atol=1e-7)
    np.testing.assert_allclose(rotation_maniskill_xyz(*out[0, 3:6]), rotation_sxyz(0.4, -0.3, 0.5), atol=1e-6)
    assert out[0, 6] == 1.0 and out[1, 6] == -1.0
    np.testing.assert_allclose(out[1, :6], 0, atol=1e-12)


def test_panda_ee_delta_normalises_position_per_axis_and_rotation_by_norm():
    out = actions.PandaEeDeltaManiSkill3()(np.array([[0.05, -0.2, 0.0, 0.02, 0.0, 0.0, 1.0],
                                                     [0.0, 0.0, 0.0, 0.2, 0.05, 0.0, 0.0]], np.float32))
    np.testing.assert_allclose(out[0], [0.5, -1.0, 0.0, 0.2, 0.0, 0.0, 1.0], atol=1e-6)
    # (0.2, 0.05) rad is (2, 0.5) normalised: clipped by its norm it keeps its axis, (2, 0.5) / |(2, 0.5)|.
    xyz = actions.sxyz_to_maniskill_xyz(np.array([[0.2, 0.05, 0.0]]))[0] / 0.1
    np.testing.assert_allclose(out[1, 3:6], xyz / np.linalg.norm(xyz), atol=1e-6)
    assert np.linalg.norm(out[1, 3:6]) == pytest.approx(1.0)


def test_panda_ee_delta_divides_by_the_controllers_signed_scale():
    # mani-skill 3.0.1 multiplies the normalised rotation by rot_lower = -0.1: the command is negated.
    action = np.array([[0, 0, 0, 0.03, 0, 0, 1.0]], np.float32)
    out = actions.openvla_converter("panda_maniskill3", 1, rot_scale=-0.1)(action)
    np.testing.assert_allclose(out[0, 3:6], [-0.3, 0, 0], atol=1e-6)
    np.testing.assert_allclose(actions.openvla_converter("panda_maniskill3", 1)(action)[0, 3:6], [0.3, 0, 0], atol=1e-6)


def test_unknown_robot_profile_names_the_known_ones():
    with pytest.raises(ValueError, match="widowx_simpler"):
        actions.openvla_converter("ur5", 1)
