"""The command line, as a real process: the printed address, the missing-package line."""
import os
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from conftest import connect
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.generated import simulator_pb2_grpc as pb_grpc

SRC = str(Path(__file__).resolve().parents[1] / "src")


def run(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen([sys.executable, "-m", "robotics_sim_adapter", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_fake_backend_prints_its_address_and_serves_it():
    process = run("--backend", "fake", "--port", "0")
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("listening on http://127.0.0.1:")
        with connect(line.removeprefix("listening on ")) as channel:
            assert pb_grpc.SimulatorStub(channel).Describe(pb.DescribeRequest(), timeout=10).backend == "fake"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_missing_simulator_package_is_one_line_naming_what_to_install():
    process = run("--backend", "simpler", "--port", "0")
    out, err = process.communicate(timeout=20)
    assert process.returncode == 2 and out == ""
    assert err.strip().count("\n") == 0 and "pip install" in err and "simpler" in err


def test_unknown_backend_is_refused_by_the_parser():
    process = run("--backend", "isaac")
    _, err = process.communicate(timeout=20)
    assert process.returncode == 2 and "invalid choice" in err


def test_a_public_bind_without_a_token_is_refused():
    process = run("--backend", "fake", "--host", "0.0.0.0", "--port", "0")
    _, err = process.communicate(timeout=20)
    assert process.returncode == 2 and "--token" in err


def test_unknown_task_to_serve_is_one_line_and_exit_2():
    process = run("--backend", "fake", "--port", "0", "--tasks", "FakePickCan-v1,NoSuchTask-v1")
    out, err = process.communicate(timeout=20)
    assert process.returncode == 2 and out == ""
    assert "unknown task(s) NoSuchTask-v1" in err and "FakePickCan-v1" in err


def test_a_task_that_cannot_be_built_at_start_up_stops_the_start_in_one_line(monkeypatch, capsys):
    from robotics_sim_adapter import cli
    from robotics_sim_adapter.backends.maniskill3 import AssetsMissing

    class Unbuildable:
        def warm_up(self):
            raise AssetsMissing("task PutCarrotOnPlateInScene-v1 could not be built; on the server run: "
                                "python -m mani_skill.utils.download_asset bridge_v2_real2sim -y")
    monkeypatch.setattr(cli, "load_backend", lambda name, tasks: Unbuildable())
    monkeypatch.setattr(cli, "start_server", lambda *args, **kwargs: pytest.fail("served before every task was built"))

    assert cli.main(["--backend", "maniskill3", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "download_asset bridge_v2_real2sim -y" in err
