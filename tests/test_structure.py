"""The package's shape, read statically with ``ast``: no import cycles, no overlong modules.

An edge ``a -> b`` means module ``a`` imports launchpad module ``b`` (``from x import y``
counts as importing ``x.y`` when that is a module, else ``x``). Module-level imports run
when the module is imported, so a cycle among them depends on import order; imports
inside functions run later and are how heavy or optional code is deferred, so only the
milestones package, whose sources must never reach back into the engine, is held to
the stricter rule that counts them too. ``if TYPE_CHECKING:`` blocks never run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "launchpad"
MAX_LINES = 400
# A module over MAX_LINES says why in its docstring, in a sentence such as
# "It is long because ...".
REASON = re.compile(r"\blong because\b", re.IGNORECASE)


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(body: list[ast.stmt], *, deep: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements that run with the module (with ``deep``, also those in functions)."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if deep:
                yield from _imports(node.body, deep=deep)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _imports(node.body, deep=deep)
            yield from _imports(node.orelse, deep=deep)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _imports(block, deep=deep)
            for handler in node.handlers:
                yield from _imports(handler.body, deep=deep)
        elif isinstance(node, (ast.ClassDef, ast.With, ast.For, ast.While)):
            yield from _imports(node.body, deep=deep)


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def _known(name: str) -> str | None:
    """The launchpad module ``name`` refers to (its longest importable prefix)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


@cache
def imports_of(module: str, *, deep: bool = False) -> frozenset[str]:
    """The launchpad modules ``module`` imports."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _imports(tree.body, deep=deep):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = _resolve(module, node)
            targets = [f"{base}.{alias.name}" for alias in node.names]
        found.update(t for t in map(_known, targets) if t and t != module)
    return frozenset(found)


def cycles(modules: list[str], *, deep: bool = False) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(imports_of(node, deep=deep)):
            if target not in modules:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return sorted(found)


def test_the_walk_sees_imports_of_every_kind() -> None:
    """The walk itself: importing a module, a name from a module, inside a function."""
    assert "launchpad.milestones.registry" in imports_of("launchpad.milestones.loader")
    assert "launchpad.errors" in imports_of("launchpad.milestones.registry")
    assert "launchpad.milestones.model" in imports_of("launchpad.milestones")
    assert "launchpad.milestones.sources.files" in imports_of(
        "launchpad.milestones.fixtures", deep=True
    )
    assert "launchpad.milestones.sources.files" not in imports_of("launchpad.milestones.fixtures")


def test_no_import_cycles_among_module_level_imports() -> None:
    found = cycles(sorted(MODULES))
    assert not found, "import cycles: " + "; ".join(" <-> ".join(group) for group in found)


def test_milestones_has_no_cycle_even_through_deferred_imports() -> None:
    milestones = sorted(m for m in MODULES if m.startswith("launchpad.milestones"))
    found = cycles(milestones, deep=True)
    assert not found, "import cycles: " + "; ".join(" <-> ".join(group) for group in found)


def test_signal_sources_never_import_the_engine() -> None:
    """Sources read files, git, GitHub and the index; the engine builds on them, not back."""
    sources = [m for m in MODULES if m.startswith("launchpad.milestones.sources")]
    assert len(sources) >= 5
    allowed = re.compile(r"^launchpad\.milestones\.(model|sources(\..+)?)$")
    for module in sources:
        engine = {
            target
            for target in imports_of(module, deep=True)
            if target.startswith("launchpad.milestones") and not allowed.match(target)
        }
        assert not engine, (module, sorted(engine))


def test_no_two_milestones_modules_share_a_name() -> None:
    names = [m.rpartition(".")[2] for m in MODULES if m.startswith("launchpad.milestones.")]
    names = [n for n in names if n not in {"kinds", "sources"}]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_long_modules_say_why() -> None:
    unexplained = []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_LINES and not REASON.search(ast.get_docstring(ast.parse(text)) or ""):
            unexplained.append(f"{path.relative_to(PACKAGE.parent)} ({lines} lines)")
    assert not unexplained, (
        f"over {MAX_LINES} lines without saying why in the docstring: " + ", ".join(unexplained)
    )
