"""The rooms of src/leadscribe import only rooms below them, and no module imports itself round a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "leadscribe"

# Bottom to top (README, Architecture). A room may import its own modules and any room listed before it.
LAYERS = [
    ("settings", "ports", "logs"),
    ("nlp",),
    ("speech",),
    ("crm",),
    ("bot",),
    ("reminders",),
    ("adapters",),
    ("wiring",),
    ("api",),
    ("cli",),
    ("__main__", "__init__"),
]
LEVEL = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every leadscribe module `path` imports, at the top or inside a function (`from . import lexicon` is
    the module lexicon, not its package)."""
    package = _module(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("leadscribe")}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".") if node.module else ".".join(base)
            if not target.startswith("leadscribe"):
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & modules
            found |= subs if len(subs) == len(node.names) else subs | {target}
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in SRC.rglob("*.py") if "migrations" not in p.parts}
    return {mod: {t for t in _imports(path, set(files)) if t in files and t != mod} for mod, path in files.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_room_imports_a_room_above_it():
    upward = sorted(
        f"{mod} -> {target}"
        for mod, targets in _graph().items()
        for target in targets
        if LEVEL[_room(target)] > LEVEL[_room(mod)]
    )
    assert upward == []


def test_every_room_has_a_place_in_the_layers():
    rooms = {_room(m) for m in _graph()}
    assert rooms <= set(LEVEL), rooms - set(LEVEL)


def test_no_module_imports_itself_round_a_circle():
    graph = _graph()
    state: dict[str, int] = {}
    circles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


@pytest.mark.parametrize("room", ["nlp", "bot"])
def test_the_conversation_and_the_extraction_know_no_web_framework_or_driver(room):
    banned = ("fastapi", "starlette", "uvicorn", "httpx", "psycopg", "telegram")
    for path in (SRC / room).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] in banned], path
