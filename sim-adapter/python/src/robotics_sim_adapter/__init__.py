"""gRPC server of the robotics.sim.v1 contract for Python simulators (ManiSkill3, SimplerEnv)."""

__version__ = "0.1.0"
