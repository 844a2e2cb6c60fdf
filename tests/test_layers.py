"""The package layout is the architecture: each package imports only packages below it, and no
module imports another in a cycle. Read from the source, so a new import that breaks the rule
fails here with its file and line."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import REPO

PACKAGE = REPO / "brief"
LAYERS = {
    # the edge: what every stage may use
    "errors": 0,
    "paths": 0,
    "yamlmap": 0,
    "config": 0,
    "slugs": 0,
    "newsroom": 0,
    "i18n": 0,
    "images": 1,
    "content": 2,
    "site": 3,
    "render": 4,
    "checks": 4,
    "importer": 4,
    "output": 5,
    "search": 5,
    "build": 6,
    "preview": 7,
    "deploy": 7,
    "commands": 8,
    "cli": 9,
    "__main__": 10,
}
"""What may import what: a module may import its own package and any of a lower number (the
edge modules also import each other: config reads YAML and makes problems)."""


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        found[".".join(parts)] = path
    return found


def _imports(path: Path, *, top_level_only: bool) -> list[tuple[str, int]]:
    """(module imported, line): `from brief.x import y` imports `brief.x.y` when that is a
    module, else `brief.x`."""
    modules = _modules()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                name = sub if sub in modules else node.module
                if name.startswith("brief"):
                    out.append((name, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.startswith("brief.")]
    return out


def test_every_module_is_in_a_layer() -> None:
    unknown = {_part(m) for m in _modules() if m != "brief"} - set(LAYERS)
    assert unknown == set(), "add the new package to LAYERS (and to docs/design.md)"


def test_nothing_imports_upward() -> None:
    upward = []
    for module, path in _modules().items():
        if module == "brief":
            continue
        mine = _part(module)
        for target, line in _imports(path, top_level_only=False):
            theirs = _part(target)
            if theirs not in LAYERS or theirs == mine:
                continue
            if LAYERS[theirs] > LAYERS[mine] or (LAYERS[theirs] == LAYERS[mine] != 0):
                upward.append(f"{path.relative_to(REPO)}:{line}: {module} imports {target}")
    assert upward == []


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {
        m: {t for t, _ in _imports(p, top_level_only=True) if t in modules and t != m}
        for m, p in modules.items()
    }
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []
