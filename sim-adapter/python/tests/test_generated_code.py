"""The committed generated code must match what protoc makes from Protos/ today."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "src" / "robotics_sim_adapter" / "generated"


def load_generator():
    spec = importlib.util.spec_from_file_location("regenerate_protos", ROOT / "scripts" / "regenerate_protos.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_generated_code_is_current(tmp_path):
    for fresh in load_generator().generate(tmp_path):
        committed = COMMITTED / fresh.name
        assert committed.read_text() == fresh.read_text(), (
            f"{committed.name} is stale: run /usr/bin/python3 sim-adapter/python/scripts/regenerate_protos.py")


def test_generated_stub_imports_its_messages_relatively():
    text = (COMMITTED / "simulator_pb2_grpc.py").read_text()
    assert "from . import simulator_pb2" in text and "from robotics.sim.v1" not in text
