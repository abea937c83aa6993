"""OpenVLA's 7-D action -> each robot controller's action, in one place.

An OpenVLA action (already un-normalised with the dataset statistics) is
``[dx, dy, dz (metres), droll, dpitch, dyaw (radians), gripper (0 = closed .. 1 = open)]``.
The conversions follow SimplerEnv's OpenVLA evaluation (simpler_env/policies/openvla/openvla_model.py):
rotation deltas become axis-angle vectors (transforms3d ``euler2axangle``, axes 'sxyz'), the WidowX
gripper becomes +1 (open) / -1 (close), and the Google robot's gripper becomes a sticky *relative*
command. ManiSkill3's WidowX digital twins read the rotation delta as XYZ Euler angles in raw
radians: there the rotation is converted from sxyz to XYZ through the rotation matrix.
"""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

ACTION_DIM = 7
# SimplerEnv's OpenVLA evaluation repeats a Google-robot gripper change for this many steps.
STICKY_GRIPPER_REPEAT = 15
# Below this squared vector length a quaternion is the identity (transforms3d: 3 * float eps).
_IDENTITY_THRESH = np.finfo(np.float64).eps * 3


def euler2axangle(roll: float, pitch: float, yaw: float) -> tuple[np.ndarray, float]:
    """Static-frame 'sxyz' Euler angles -> (unit axis, angle), as transforms3d.euler.euler2axangle.

    'sxyz' rotates about the fixed x, then y, then z axes: R = Rz(yaw) @ Ry(pitch) @ Rx(roll).
    """
    axis, angle = _euler_batch_to_axangle(np.array([[roll, pitch, yaw]], dtype=np.float64))
    return axis[0], float(angle[0])


def euler_to_rotvec(rpy: np.ndarray) -> np.ndarray:
    """[N, 3] roll/pitch/yaw -> [N, 3] axis * angle (the controller's axis-angle delta)."""
    axis, angle = _euler_batch_to_axangle(np.asarray(rpy, dtype=np.float64))
    return axis * angle[:, None]


def _euler_batch_to_axangle(rpy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    half = rpy / 2.0
    c, s = np.cos(half), np.sin(half)
    # q = qz(yaw) * qy(pitch) * qx(roll), quaternions as (w, x, y, z).
    cr, cp, cy = c[:, 0], c[:, 1], c[:, 2]
    sr, sp, sy = s[:, 0], s[:, 1], s[:, 2]
    w = cy * cp * cr + sy * sp * sr
    x = cy * cp * sr - sy * sp * cr
    y = cy * sp * cr + sy * cp * sr
    z = sy * cp * cr - cy * sp * sr
    vec = np.stack([x, y, z], axis=1)
    norm = np.sqrt(w * w + (vec * vec).sum(axis=1))
    w, vec = w / norm, vec / norm[:, None]
    length = np.sqrt((vec * vec).sum(axis=1))
    identity = length < _IDENTITY_THRESH
    axis = np.where(identity[:, None], np.array([1.0, 0.0, 0.0]), vec / np.where(identity, 1.0, length)[:, None])
    angle = np.where(identity, 0.0, 2.0 * np.arccos(np.clip(w, -1.0, 1.0)))
    return axis, angle


def binary_gripper(open_amount: np.ndarray) -> np.ndarray:
    """OpenVLA's gripper in [0, 1] (1 = open) -> +1 open / -1 close, as SimplerEnv does for WidowX."""
    return np.where(np.asarray(open_amount) > 0.5, 1.0, -1.0)


class ActionConverter(Protocol):
    """Turns a batch of OpenVLA actions [N, 7] into the robot controller's actions [N, 7]."""

    def __call__(self, actions: np.ndarray) -> np.ndarray: ...

    def reset(self, env_ids: Sequence[int] | None) -> None: ...


class PassThrough:
    """The backend's native controller: actions go to the simulator unchanged."""

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        return np.asarray(actions, dtype=np.float32)

    def reset(self, env_ids: Sequence[int] | None) -> None:
        pass


class WidowXSimpler:
    """SimplerEnv WidowX (Bridge): xyz, axis-angle rotation, binary gripper."""

    def __init__(self, action_scale: float = 1.0):
        self.action_scale = action_scale

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        a = np.asarray(actions, dtype=np.float64)
        return np.concatenate([a[:, :3] * self.action_scale,
                               euler_to_rotvec(a[:, 3:6]) * self.action_scale,
                               binary_gripper(a[:, 6])[:, None]], axis=1)

    def reset(self, env_ids: Sequence[int] | None) -> None:
        pass


class GoogleRobotSimpler:
    """SimplerEnv Google robot (RT-1 data): xyz, axis-angle, sticky relative gripper.

    The relative command is previous - current opening (so +1 = close, -1 = open, 0 on an
    episode's first step); once its magnitude exceeds 0.5 it is latched and repeated for
    STICKY_GRIPPER_REPEAT steps. The state is per env and cleared when that env resets.
    """

    def __init__(self, num_envs: int, action_scale: float = 1.0, repeat: int = STICKY_GRIPPER_REPEAT):
        self.action_scale = action_scale
        self.repeat = repeat
        self._previous = np.full(num_envs, np.nan)
        self._sticky_on = np.zeros(num_envs, dtype=bool)
        self._sticky_action = np.zeros(num_envs)
        self._count = np.zeros(num_envs, dtype=np.int64)

    def reset(self, env_ids: Sequence[int] | None) -> None:
        ids = slice(None) if env_ids is None else np.asarray(env_ids, dtype=np.int64)
        self._previous[ids] = np.nan
        self._sticky_on[ids] = False
        self._sticky_action[ids] = 0.0
        self._count[ids] = 0

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        a = np.asarray(actions, dtype=np.float64)
        current = a[:, 6]
        relative = np.where(np.isnan(self._previous), 0.0, self._previous - current)
        self._previous = current.copy()
        start = (np.abs(relative) > 0.5) & ~self._sticky_on
        self._sticky_on |= start
        self._sticky_action = np.where(start, relative, self._sticky_action)
        self._count += self._sticky_on
        gripper = np.where(self._sticky_on, self._sticky_action, relative)
        done = self._count == self.repeat
        self._sticky_on &= ~done
        self._sticky_action[done] = 0.0
        self._count[done] = 0
        return np.concatenate([a[:, :3] * self.action_scale,
                               euler_to_rotvec(a[:, 3:6]) * self.action_scale,
                               gripper[:, None]], axis=1)


class WidowXManiSkill3:
    """ManiSkill3's WidowX twins (arm_pd_ee_target_delta_pose_align2_gripper_pd_joint_pos).

    Not normalised: metres and radians go through; the rotation delta, which the controller reads
    as XYZ Euler angles, is converted from OpenVLA's sxyz through the rotation matrix (the two
    conventions agree only to first order); the gripper takes -1 closed / +1 open.
    """

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        a = np.asarray(actions, dtype=np.float64)
        return np.concatenate([a[:, :3], sxyz_to_maniskill_xyz(a[:, 3:6]), binary_gripper(a[:, 6])[:, None]], axis=1)

    def reset(self, env_ids: Sequence[int] | None) -> None:
        pass


class PandaEeDeltaManiSkill3:
    """ManiSkill3's Panda in pd_ee_delta_pose: actions normalised to [-1, 1] over +-0.1 m and
    +-0.1 rad (its defaults), rotation as XYZ Euler, gripper -1 closed / +1 open.

    ManiSkill clips position per axis and rotation by the vector's norm, then multiplies the
    rotation by a scale: ``rot_scale`` is that scale as the server's controller applies it, read
    from the controller at open (mani-skill 3.0.1 multiplies by ``rot_lower`` = -0.1, inverting
    the sign: ManiSkill issue #1469, mani_skill/agents/controllers/pd_ee_pose.py). Clipping here
    by norm too keeps the rotation's axis when the delta is too large.
    """

    POS_LIMIT = 0.1
    ROT_LIMIT = 0.1

    def __init__(self, rot_scale: float = ROT_LIMIT):
        if rot_scale == 0:
            raise ValueError("the controller's rotation scale is 0: no rotation could be commanded")
        self.rot_scale = rot_scale

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        a = np.asarray(actions, dtype=np.float64)
        rot = sxyz_to_maniskill_xyz(a[:, 3:6]) / self.rot_scale
        norm = np.linalg.norm(rot, axis=1, keepdims=True)
        rot = np.where(norm > 1.0, rot / np.maximum(norm, 1e-12), rot)
        return np.concatenate([np.clip(a[:, :3] / self.POS_LIMIT, -1.0, 1.0), rot,
                               binary_gripper(a[:, 6])[:, None]], axis=1)

    def reset(self, env_ids: Sequence[int] | None) -> None:
        pass


def sxyz_to_maniskill_xyz(rpy: np.ndarray) -> np.ndarray:
    """[N, 3] static-frame 'sxyz' roll/pitch/yaw (R = Rz Ry Rx, Bridge/OpenVLA) -> [N, 3] angles
    (a, b, c) of ManiSkill3's "XYZ" convention (R = Rx(a) Ry(b) Rz(c), ``euler_angles_to_matrix``
    in mani_skill/utils/geometry/rotation_conversions.py), through the rotation matrix."""
    r = np.asarray(rpy, dtype=np.float64)
    cr, cp, cy = np.cos(r[:, 0]), np.cos(r[:, 1]), np.cos(r[:, 2])
    sr, sp, sy = np.sin(r[:, 0]), np.sin(r[:, 1]), np.sin(r[:, 2])
    # The entries of Rz(yaw) Ry(pitch) Rx(roll) that the XYZ decomposition needs.
    m00, m01, m02 = cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr
    m12, m22 = sp * cr * sy - cy * sr, cp * cr
    m11 = sy * sp * sr + cy * cr
    m10 = sy * cp
    # Rx(a) Ry(b) Rz(c): m02 = sin b, m12 = -sin a cos b, m22 = cos a cos b, m01 = -cos b sin c, m00 = cos b cos c.
    b = np.arcsin(np.clip(m02, -1.0, 1.0))
    gimbal = np.abs(m02) > 1 - 1e-12
    a = np.where(gimbal, np.arctan2(np.sign(m02) * m10, m11), np.arctan2(-m12, m22))   # c = 0 there
    c = np.where(gimbal, 0.0, np.arctan2(-m01, m00))
    return np.stack([a, b, c], axis=1)


# Robot profiles by name; the backends' task tables name one of these.
ROBOTS = ("widowx_simpler", "google_robot_simpler", "widowx_maniskill3", "panda_maniskill3")


def openvla_converter(robot: str, num_envs: int, rot_scale: float | None = None) -> ActionConverter:
    """The converter that turns OpenVLA actions into `robot`'s controller actions; rot_scale is the
    Panda controller's rotation scale as read from the server (None = the documented +0.1)."""
    if robot == "widowx_simpler":
        return WidowXSimpler()
    if robot == "google_robot_simpler":
        return GoogleRobotSimpler(num_envs)
    if robot == "widowx_maniskill3":
        return WidowXManiSkill3()
    if robot == "panda_maniskill3":
        return PandaEeDeltaManiSkill3(PandaEeDeltaManiSkill3.ROT_LIMIT if rot_scale is None else rot_scale)
    raise ValueError(f"unknown robot profile '{robot}'; known: {', '.join(ROBOTS)}")
