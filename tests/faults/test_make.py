"""The Makefile and the lock files: what `make` installs, rebuilds and deletes.

The Makefile runs for real, in a scratch copy of the project with a stand-in interpreter
(a shell script answering `-c` with its identity and making a directory for `-m venv`),
so nothing is installed and the project's own .venv and data/ are never touched.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

from tests.faults.conftest import ROOT

DEV_TOOLS = ("pytest", "pytest-asyncio", "pytest-timeout", "hypothesis", "ruff", "mypy", "simcord", "types-pyyaml")
FAKE_PYTHON = """#!/bin/sh
if [ "$1" = "-c" ]; then echo "/opt/{name}/bin/python 3.{minor}.0"; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin"; exit 0; fi
exit 1
"""


def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for minor, name in ((11, "py311"), (12, "py312")):
        fake = tmp_path / name
        fake.write_text(FAKE_PYTHON.format(name=name, minor=minor))
        fake.chmod(0o755)
    return tmp_path


def make(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", "-C", str(where), *args], capture_output=True, text=True,
                          timeout=30)


def test_make_clean_never_deletes_data(tmp_path: Path) -> None:
    # Was: `rm -rf .venv data .pytest_cache`: every session and the id secret gone.
    where = project(tmp_path)
    (where / "data").mkdir()
    (where / "data" / "id_secret").write_text("keep me")
    (where / ".venv" / "bin").mkdir(parents=True)
    assert make(where, "clean").returncode == 0
    assert (where / "data" / "id_secret").read_text() == "keep me"
    assert not (where / ".venv").exists()
    refused = make(where, "erase-data")
    assert refused.returncode != 0 and "CONFIRM=yes" in refused.stderr
    assert (where / "data" / "id_secret").exists()
    assert make(where, "erase-data", "CONFIRM=yes").returncode == 0
    assert not (where / "data").exists()


def test_another_python_rebuilds_the_venv(tmp_path: Path) -> None:
    # Was: .venv stayed on the first interpreter until deleted by hand.
    where = project(tmp_path)
    assert make(where, ".venv/.python", "PYTHON=./py311").returncode == 0
    (where / ".venv" / "built-by-3.11").write_text("")
    assert make(where, ".venv/.python", "PYTHON=./py311").returncode == 0
    assert (where / ".venv" / "built-by-3.11").exists()  # the same interpreter: kept
    assert make(where, ".venv/.python", "PYTHON=./py312").returncode == 0
    assert not (where / ".venv" / "built-by-3.11").exists()
    assert (where / ".venv" / ".python").read_text().strip() == "/opt/py312/bin/python 3.12.0"
    missing = make(where, ".venv/.python", "PYTHON=./no-such-python")
    assert missing.returncode != 0 and "PYTHON=./no-such-python" in missing.stderr


def test_make_run_installs_only_the_runtime_lock(tmp_path: Path) -> None:
    # Was: `make run` installed the dev tools (a 244 MB venv).
    plan = make(ROOT, "-n", "-B", "run").stdout
    assert "-r requirements/run.txt" in plan and "dev.txt" not in plan and "[dev]" not in plan
    plan = make(ROOT, "-n", "-B", "test").stdout
    assert "-r requirements/dev.txt" in plan


def pinned(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    return {m[1].lower().replace("_", "-"): m[2] for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


def name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def test_the_locks_pin_every_dependency_and_the_runtime_has_no_dev_tools() -> None:
    # Was: no lock file, and several dependencies without an upper bound.
    project_table = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    run, dev = pinned("run.txt"), pinned("dev.txt")
    runtime = [name(r) for r in project_table["dependencies"]]
    assert all(n in run for n in runtime), set(runtime) - set(run)
    assert all(name(r) in dev for r in project_table["optional-dependencies"]["dev"])
    assert not any(tool in run for tool in DEV_TOOLS)
    assert all(run[n] == dev[n] for n in run if n in dev)  # one version of each, run or test
    assert all("<" in r for r in project_table["dependencies"] + project_table["optional-dependencies"]["dev"])
    # One webhook stack: Starlette/uvicorn; PTB's tornado-based webhooks extra is not installed.
    assert "tornado" not in run and "tornado" not in dev and "starlette" in run
