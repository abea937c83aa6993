#!/usr/bin/env python3
"""Regenerates robotics_sim_adapter/generated/ from Protos/ with protoc and grpc_python_plugin.

Usage (from sim-adapter/python): /usr/bin/python3 scripts/regenerate_protos.py [OUT_DIR]

Debian ships no grpc_tools, so this drives `protoc` with `/usr/bin/grpc_python_plugin`
(override with $GRPC_PYTHON_PLUGIN). The generated *_pb2_grpc.py imports its messages by their
proto package path (`from robotics.sim.v1 import simulator_pb2`), which does not exist inside
this package; the files are flattened into one folder and that import is rewritten to a relative
one, so the package imports the same way installed or from src/.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PYTHON_ROOT = Path(__file__).resolve().parents[1]
PROTO_ROOT = PYTHON_ROOT.parents[1] / "Protos"
PROTO_FILE = "robotics/sim/v1/simulator.proto"
PACKAGE_OUT = PYTHON_ROOT / "src" / "robotics_sim_adapter" / "generated"
GENERATED = ("simulator_pb2.py", "simulator_pb2_grpc.py")
ABSOLUTE_IMPORT = "from robotics.sim.v1 import simulator_pb2 as"
RELATIVE_IMPORT = "from . import simulator_pb2 as"


def generate(out_dir: Path) -> list[Path]:
    """Writes the generated modules (import already rewritten) into out_dir; returns their paths."""
    plugin = os.environ.get("GRPC_PYTHON_PLUGIN", shutil.which("grpc_python_plugin") or "/usr/bin/grpc_python_plugin")
    protoc = shutil.which("protoc")
    if protoc is None:
        raise RuntimeError("protoc not found: apt-get install protobuf-compiler protobuf-compiler-grpc")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as raw:
        subprocess.run(
            [protoc, f"-I{PROTO_ROOT}", f"--python_out={raw}", f"--grpc_out={raw}",
             f"--plugin=protoc-gen-grpc={plugin}", str(PROTO_ROOT / PROTO_FILE)],
            check=True)
        written = []
        for name in GENERATED:
            text = (Path(raw) / Path(PROTO_FILE).parent / name).read_text()
            if name.endswith("_grpc.py"):
                if ABSOLUTE_IMPORT not in text:
                    raise RuntimeError(f"unexpected import line in generated {name}; update this script")
                text = text.replace(ABSOLUTE_IMPORT, RELATIVE_IMPORT)
            target = out_dir / name
            target.write_text(text)
            written.append(target)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE_OUT
    for path in generate(out):
        print(f"wrote {path}")
