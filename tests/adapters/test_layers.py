"""The layers hold: adapters reach the engine only through the service and plain data
types, and no module of bot/ imports, however indirectly, one that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = ("bot.engine.machine", "bot.engine.triage", "bot.understand")


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every bot.* module `path` imports, at the top or inside a function (not for typing only)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text())
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING") for n in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("bot")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot"):
            for alias in node.names:  # `from bot.adapters.discord import check` imports a module
                sub = f"{node.module}.{alias.name}"
                is_module = (BOT.parent / sub.replace(".", "/")).with_suffix(".py").exists()
                found.add(sub if is_module else node.module)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in BOT.rglob("*.py")}


def test_adapters_import_nothing_that_decides() -> None:
    for path in (BOT / "adapters").rglob("*.py"):
        for name in imports(path):
            assert not name.startswith(FORBIDDEN), f"{path.relative_to(BOT)} imports {name}"
            assert name != "bot.engine", f"{path.relative_to(BOT)}: import from the engine's modules, not the package"


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt in edges and state.get(nxt) is None and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = 2
        return None

    for module in sorted(edges):
        if state.get(module) is None and (cycle := visit(module, [module])):
            return cycle
    return None


def test_no_import_cycle_in_bot() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_check_sees_a_cycle(tmp_path: Path) -> None:
    """The check can fail: runner and cli importing each other (inside a function), as they once did."""
    (tmp_path / "runner.py").write_text("def run():\n    from bot.cli import cmd_chat\n")
    edges = {"bot.cli": {"bot.runner"}, "bot.runner": imports(tmp_path / "runner.py")}
    assert find_cycle(edges) == ["bot.cli", "bot.runner", "bot.cli"]
