"""The engine (and the understanding it uses) import nothing of I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE = [ROOT / "bot" / "engine", ROOT / "bot" / "understand"]
FORBIDDEN = {"telegram", "discord", "sqlite3", "aiosqlite", "redis", "asyncio", "socket", "ssl", "http",
             "urllib", "aiohttp", "httpx", "requests", "subprocess", "time", "datetime", "random",
             "secrets", "pathlib", "io", "logging", "bot.stores", "bot.adapters", "bot.settings",
             "bot.catalog", "bot.service"}


def _modules() -> list[Path]:
    return sorted(p for d in PURE for p in d.rglob("*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _environ_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [ast.unparse(n) for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in {"environ", "getenv"}
            or isinstance(n, ast.Name) and n.id in {"open", "environ", "getenv"}]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_imports_nothing_of_io(path: Path) -> None:
    bad = [n for n in _imports(path) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)]
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"
    assert _environ_uses(path) == [], f"{path.relative_to(ROOT)} reads the environment or files"


def test_the_scan_sees_the_engine() -> None:
    names = {p.name for p in _modules()}
    assert {"machine.py", "triage.py", "session.py", "interpret.py"} <= names


def test_the_scan_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom redis.asyncio import Redis\nx = os.environ['A']\n")
    assert "redis.asyncio" in _imports(bad)
    assert _environ_uses(bad)
