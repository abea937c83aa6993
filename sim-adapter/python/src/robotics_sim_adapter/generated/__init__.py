"""Code generated from Protos/robotics/sim/v1/simulator.proto; regenerate with scripts/regenerate_protos.py, never edit."""
