"""The task ids the ManiSkill3 test double answers to, and what each one imitates."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WIDOWX_CAMERA = "3rd_view_camera"
PANDA_CAMERA = "base_camera"
WIDOWX_CONTROL_MODE = "arm_pd_ee_target_delta_pose_align2_gripper_pd_joint_pos"
PANDA_CONTROL_MODE = "pd_ee_delta_pose"
TWIN_ASSET = "bridge_v2_real2sim"
YCB_ASSET = "ycb"
KNOWN_ASSETS = (TWIN_ASSET, YCB_ASSET)

# The twins' camera: 640x480 with a fixed pixel intrinsic (a Logitech C920), as
# WidowX250SBridgeDatasetFlatTable._sensor_configs sets it in ManiSkill3
# (mani_skill/envs/tasks/digital_twins/bridge_dataset_eval/base_env.py).
TWIN_WIDTH, TWIN_HEIGHT = 640, 480
TWIN_INTRINSIC = np.array([[623.588, 0, 319.501], [0, 623.588, 239.545], [0, 0, 1]], dtype=np.float32)


@dataclass(frozen=True)
class FakeTaskSpec:
    env_id: str
    instruction: str
    max_episode_steps: int
    colour: tuple[int, int, int]          # background colour, so each task's images differ
    camera: str = WIDOWX_CAMERA
    control_mode: str = WIDOWX_CONTROL_MODE
    # A digital twin: rgb+segmentation / reward "none" only, a fixed camera intrinsic with a
    # greenscreen overlay, layouts drawn from a finite table (by torch.randint or episode_id),
    # and partial resets that crash.
    twin: bool = False
    asset_ids: tuple[str, ...] = ()
    # How many distinct layouts a twin has (its xyz configs times its quat configs).
    layouts: int = 24

    @property
    def obs_modes(self) -> tuple[str, ...]:
        # BaseBridgeEnv.SUPPORTED_OBS_MODES / SUPPORTED_REWARD_MODES (base_env.py above).
        return ("rgb+segmentation",) if self.twin else ("rgb", "rgb+segmentation")

    @property
    def reward_modes(self) -> tuple[str, ...]:
        return ("none",) if self.twin else ("none", "sparse")


def _twin(env_id: str, instruction: str, steps: int, colour: tuple[int, int, int]) -> FakeTaskSpec:
    return FakeTaskSpec(env_id, instruction, steps, colour, twin=True, asset_ids=(TWIN_ASSET,))


def _panda(env_id: str, instruction: str, assets: tuple[str, ...] = ()) -> FakeTaskSpec:
    return FakeTaskSpec(env_id, instruction, 50, (80, 80, 80), camera=PANDA_CAMERA,
                        control_mode=PANDA_CONTROL_MODE, asset_ids=assets)


FAKE_TASKS = {
    spec.env_id: spec for spec in (
        # The fake backend's own tasks: no assets, partial resets work.
        FakeTaskSpec("FakePickCan-v1", "pick coke can", 40, (90, 110, 90)),
        FakeTaskSpec("FakeOpenDrawer-v1", "open the drawer", 40, (110, 90, 70)),
        FakeTaskSpec("FakeCloseDrawer-v1", "close the drawer", 40, (70, 90, 110)),
        # Stand-ins under the real ids, so the maniskill3 backend's task table runs on the fake.
        _twin("PutCarrotOnPlateInScene-v1", "put carrot on plate", 60, (120, 100, 80)),
        _twin("PutSpoonOnTableClothInScene-v1", "put the spoon on the towel", 60, (100, 120, 80)),
        _twin("StackGreenCubeOnYellowCubeBakedTexInScene-v1", "stack the green block on the yellow block", 60, (80, 100, 120)),
        _twin("PutEggplantInBasketScene-v1", "put eggplant into yellow basket", 120, (120, 80, 100)),
        _panda("PickCube-v1", "pick up the cube and move it to the goal"),
        _panda("PickSingleYCB-v1", "pick up the object and move it to the goal", (YCB_ASSET,)),
    )
}
