"""The CI entry point parses as bash and still ends in the README's test command."""

import subprocess
from pathlib import Path

CI_RUN = Path(__file__).resolve().parents[2] / ".ci" / "run"


def test_the_ci_script_is_valid_bash() -> None:
    checked = subprocess.run(["bash", "-n", str(CI_RUN)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_ci_script_runs_make_test() -> None:
    lines = [line.strip() for line in CI_RUN.read_text().splitlines()]
    assert "make test" in lines
