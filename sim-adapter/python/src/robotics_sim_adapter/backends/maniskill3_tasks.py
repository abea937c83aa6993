"""The ManiSkill3 tasks the adapter serves, with the settings each needs (see shared/REFERENCE.md)."""
from __future__ import annotations

from dataclasses import dataclass

from .base import Camera

WIDOWX_CONTROL_MODE = "arm_pd_ee_target_delta_pose_align2_gripper_pd_joint_pos"
PANDA_CONTROL_MODE = "pd_ee_delta_pose"
WIDOWX_JOINTS = ("waist", "shoulder", "elbow", "forearm_roll", "wrist_angle", "wrist_rotate",
                 "left_finger", "right_finger")


@dataclass(frozen=True)
class ManiSkillTask:
    env_id: str
    instruction: str             # used when the env has no get_language_instruction()
    tags: tuple[str, ...]
    max_episode_steps: int
    robot: str                   # an actions.openvla_converter profile
    obs_mode: str
    reward_mode: str
    control_mode: str
    camera: Camera
    control_frequency_hz: float
    # False for the WidowX twins: their partial resets crash (episode statistics are rebuilt at
    # the subset's size, then added to tensors of size N), so the adapter only resets them all at once.
    partial_reset: bool
    # The twins: the camera keeps a fixed pixel intrinsic whatever size is asked (a smaller size is
    # an off-centre crop under a squashed greenscreen), and layouts come from a table that
    # reset(options={"episode_id": ...}) indexes. So the adapter renders at the camera's own size
    # and area-resizes, and picks each env's layout from its own seed.
    digital_twin: bool = False
    # CameraConfig's shader_pack; None = ManiSkill's default ("minimal").
    shader_pack: str | None = None
    # What `python -m mani_skill.utils.download_asset UID -y` must have fetched before gym.make.
    asset_ids: tuple[str, ...] = ()


def _widowx_twin(env_id: str, instruction: str, steps: int) -> ManiSkillTask:
    # The twins accept only obs_mode "rgb+segmentation" (plain "rgb" raises) and reward_mode "none".
    # SimplerEnv's ManiSkill3 evaluation (scripts/real2sim_eval_maniskill3.py, maniskill3 branch)
    # renders them with shader_pack "default"; ManiSkill's own default is "minimal".
    return ManiSkillTask(env_id, instruction, ("widowx", "bridge", "digital_twin"), steps,
                         "widowx_maniskill3", "rgb+segmentation", "none", WIDOWX_CONTROL_MODE,
                         Camera("3rd_view_camera", 640, 480), 5.0, partial_reset=False,
                         digital_twin=True, shader_pack="default", asset_ids=("bridge_v2_real2sim",))


def _panda_pick(env_id: str, instruction: str, asset_ids: tuple[str, ...] = ()) -> ManiSkillTask:
    return ManiSkillTask(env_id, instruction, ("panda", "pick"), 50, "panda_maniskill3", "rgb",
                         "sparse", PANDA_CONTROL_MODE, Camera("base_camera", 128, 128), 20.0,
                         partial_reset=True, asset_ids=asset_ids)


MANISKILL3_TASKS: tuple[ManiSkillTask, ...] = (
    _widowx_twin("PutCarrotOnPlateInScene-v1", "put carrot on plate", 60),
    _widowx_twin("PutSpoonOnTableClothInScene-v1", "put the spoon on the towel", 60),
    _widowx_twin("StackGreenCubeOnYellowCubeBakedTexInScene-v1", "stack the green block on the yellow block", 60),
    _widowx_twin("PutEggplantInBasketScene-v1", "put eggplant into yellow basket", 120),
    _panda_pick("PickCube-v1", "pick up the cube and move it to the goal"),
    _panda_pick("PickSingleYCB-v1", "pick up the object and move it to the goal", ("ycb",)),
)
