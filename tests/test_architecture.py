"""The layout of the package: imports flow one way (no cycles, no import of a later
stage), and no function runs over ``MAX_FUNCTION_LINES`` lines without a reason.

Imports are read from the source (AST), everywhere in a module: at the top, inside
functions (lazy imports) and inside ``if TYPE_CHECKING:`` blocks. Type-only imports count
too, so that the layering holds for what a module knows about, not only what it runs.
docs/architecture.md describes the same layers.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "tonelint"

# The layers, from the foundation up; a module may import its own layer and those below.
# A module belongs to the layer of the longest name (or package) here that holds it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # foundation: data types, errors, text helpers, YAML with positions
    (
        "tonelint",
        "tonelint.printable",
        "tonelint.models",
        "tonelint.errors",
        "tonelint.lexicon",
        "tonelint.matching",
        "tonelint.placeholders",
        "tonelint.yamlsource",
        "tonelint.schema",
        "tonelint.schemas",
    ),
    # collect and read/extract: finding files, reading bytes, formats, escaping
    ("tonelint.files", "tonelint.readers", "tonelint.escaping"),
    # rules and the stages the judge calls: guide, kinds, scope, suppress, settings
    (
        "tonelint.kinds",
        "tonelint.channels",
        "tonelint.formality",
        "tonelint.grammar",
        "tonelint.styleguide",
        "tonelint.config",
        "tonelint.explain",
        "tonelint.scopes",
        "tonelint.suppress",
        "tonelint.baseline",
        "tonelint.settings",
    ),
    # judge: the Linter, and the scores that reuse the stages
    ("tonelint.engine", "tonelint.scoring"),
    # report and fix
    ("tonelint.reporters", "tonelint.fixer", "tonelint.cache"),
    # the run over many files and the worker pool
    ("tonelint.runner",),
    # the command line
    ("tonelint.cli", "tonelint.__main__"),
)

MAX_FUNCTION_LINES = 50
# A function may be longer with this comment, and a reason, from its ``def`` line to the
# line its body starts on: ``def f(...) -> None:  # long: one branch per format``.
LONG_MARKER = re.compile(r"#\s*long:\s*\S")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> set[str]:
    """The package's modules that a module imports, wherever in it."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in MODULES:
                    found.add(full)  # a submodule: from tonelint import suppress
                elif base in MODULES:
                    found.add(base)
    found.discard(name)
    return found


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _layer(name: str) -> int:
    best, layer = -1, -1
    for number, members in enumerate(LAYERS):
        for member in members:
            if (name == member or name.startswith(member + ".")) and len(member) > best:
                best, layer = len(member), number
    return layer


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"f"}, "f": {"e"}}
    assert _cycles(graph) == [["a", "b", "c"], ["e", "f"]]
    assert _cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_the_import_reader_sees_lazy_type_only_and_relative_imports(tmp_path: Path) -> None:
    module = tmp_path / "runner.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tonelint.cache import ContentCache\n"
        "def f():\n    from tonelint import suppress\n    import tonelint.files\n"
        "from .models import Finding\nfrom . import engine\n",
        encoding="utf-8",
    )
    found = _imported("tonelint.runner", module)
    assert found == {
        "tonelint.cache",
        "tonelint.suppress",
        "tonelint.files",
        "tonelint.models",
        "tonelint.engine",
    }


def test_no_import_cycles_between_modules() -> None:
    assert GRAPH["tonelint.cli"], "the import reader found the command line's imports"
    assert _cycles(GRAPH) == []


def test_every_module_has_a_layer() -> None:
    assert [name for name in MODULES if _layer(name) < 0] == []


def test_imports_only_go_down_the_layers() -> None:
    upward = [
        f"{name} (layer {_layer(name)}) imports {target} (layer {_layer(target)})"
        for name, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if _layer(target) > _layer(name)
    ]
    assert upward == []


def _functions(path: Path) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, lines


def _too_long(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> bool:
    assert node.end_lineno is not None
    if node.end_lineno - node.lineno + 1 <= MAX_FUNCTION_LINES:
        return False
    head = lines[node.lineno - 1 : node.body[0].lineno]  # the def line to the first body line
    return not any(LONG_MARKER.search(line) for line in head)


def test_the_length_check_counts_lines_and_reads_the_marker() -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(MAX_FUNCTION_LINES))
    plain = "def f():\n" + body
    marked = "def f():  # long: a table of values\n" + body
    empty_reason = "def f():  # long:\n" + body
    short = "def f():\n" + body.split("\n", 1)[1]
    for source, long in ((plain, True), (marked, False), (empty_reason, True), (short, False)):
        node = ast.parse(source).body[0]
        assert isinstance(node, ast.FunctionDef)
        assert _too_long(node, source.splitlines()) is long, source.splitlines()[0]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_long_function_without_a_reason(module: str) -> None:
    long = [
        f"{module}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node, lines in _functions(MODULES[module])
        if node.end_lineno is not None and _too_long(node, lines)
    ]
    assert long == [], "split them, or say why with '# long: <reason>' on the def line"
