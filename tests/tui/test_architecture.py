"""The TUI's house rules, read from its source: no module writes another object's private attributes, no screen
imports the app, no rule is computed in game/tui, imports sit at the top of modules (the few lazy ones say why),
and no import cycle runs through the game's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TUI = ROOT / "game" / "tui"
FILES = sorted(TUI.rglob("*.py"))


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _owner(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else ""


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_writes_or_reads_another_objects_private_attributes(path):
    bad = []
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if _owner(node.value) not in ("self", "cls"):
                bad.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert not bad, bad


SCREENS = sorted((TUI / "screens").glob("*.py"))


@pytest.mark.parametrize("path", SCREENS, ids=lambda p: p.name)
def test_no_screen_names_the_app(path):
    text = path.read_text(encoding="utf-8")
    assert "HengyangApp" not in text and "game.tui.app" not in text and "game.tui.game" not in text


#: Names of the rules' own arithmetic of orders: the TUI shows what the session and the catalogue say.
RULE_NAMES = {"check", "admissible", "replaces", "staff_time", "COST", "advance_day", "execute", "counter_odds"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_rule_is_computed_in_the_tui(path):
    bad = []
    for node in ast.walk(tree(path)):
        name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        if name in RULE_NAMES:
            bad.append(f"{path.name}:{node.lineno}: {name}")
        if isinstance(node, ast.ImportFrom) and node.module == "game.rules.commands":
            bad.append(f"{path.name}:{node.lineno}: imports the rules' checks")
    assert not bad, bad


def _function_imports(path: Path) -> list[int]:
    out: list[int] = []

    def walk(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            deeper = inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if inside and isinstance(child, ast.Import | ast.ImportFrom):
                out.append(child.lineno)
            walk(child, deeper)

    walk(tree(path), False)
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_are_at_the_top_and_a_lazy_one_says_why(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for n in _function_imports(path):
        near = " ".join(lines[max(0, n - 3): n])
        assert "#" in near, f"{path.name}:{n}: a function-level import without a comment saying why"
    assert len(_function_imports(path)) <= 2, f"{path.name}: more than two lazy imports"


def _runtime_imports(path: Path, package: str) -> set[str]:
    """The game modules a module imports when it runs (not those under `if TYPE_CHECKING:`, not in functions)."""
    out: set[str] = set()
    for node in tree(path).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) \
                else ():
            if isinstance(sub, ast.Import):
                out |= {a.name for a in sub.names if a.name.startswith("game")}
            elif isinstance(sub, ast.ImportFrom) and sub.module and sub.module.startswith("game"):
                out.add(sub.module)
                out |= {f"{sub.module}.{a.name}" for a in sub.names}
    return out


def test_no_import_cycle_through_the_games_modules():
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
               for p in (ROOT / "game").rglob("*.py")}
    graph = {m: {d for d in _runtime_imports(p, m) if d in modules and d != m} for m, p in modules.items()}
    # a package imports its __init__ on the way: not an edge of its own
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        seen[m] = 1
        stack.append(m)
        for d in sorted(graph[m]):
            if seen.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in seen:
                visit(d)
        stack.pop()
        seen[m] = 2

    for m in sorted(graph):
        if m not in seen:
            visit(m)
    assert not cycles, cycles
