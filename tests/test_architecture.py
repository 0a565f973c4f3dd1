"""The layout of the package: imports flow one way (no cycles, no import of a later
stage), and no function runs over ``MAX_FUNCTION_LINES`` lines without a reason.

Imports are read from the source (AST), everywhere in a module: at the top, inside
functions (lazy imports) and inside ``if TYPE_CHECKING:`` blocks. Type-only imports count
too, so that the layering holds for what a module knows about, not only what it runs.
The layers are the table of docs/architecture.md, which the tests read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "tonelint"

ARCHITECTURE = SRC.parent / "docs" / "architecture.md"


def _layers(markdown: str) -> tuple[tuple[str, ...], ...]:
    """The layers of the table in docs/architecture.md, from the foundation up: the
    module names (in backticks) of each row of the table under "What each module may
    import"."""
    section = markdown.split("## What each module may import", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]  # no header
    return tuple(tuple(re.findall(r"`(tonelint[\w.]*)`", row)) for row in rows)


# A module may import its own layer and those below; it belongs to the layer of the
# longest name (or package) that holds it.
LAYERS = _layers(ARCHITECTURE.read_text(encoding="utf-8"))

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


def test_the_layers_are_read_from_the_architecture_notes() -> None:
    assert len(LAYERS) >= 5 and all(LAYERS)
    assert LAYERS[0][0] == "tonelint" and LAYERS[-1][0] == "tonelint.cli"
    named = [name for layer in LAYERS for name in layer]
    assert len(named) == len(set(named)), "a module is named in one layer"
    assert [name for name in named if name not in MODULES] == [], "names that exist"


def test_a_module_takes_the_layer_of_the_longest_name_holding_it() -> None:
    assert _layer("tonelint.kinds.grammar") == _layer("tonelint.kinds")
    assert _layer("tonelint.grammar") == _layer("tonelint.kinds")
    assert _layer("tonelint.models") < _layer("tonelint.readers.po") < _layer("tonelint.engine")
    assert _layer("tonelint.engine") < _layer("tonelint.runner") < _layer("tonelint.cli")
    assert _layer("tonelint_other") == -1


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


# Mutable public dataclasses that are still to be made frozen: none.
MUTABLE_PUBLIC_DATACLASSES: set[str] = set()


def _dataclasses(path: Path) -> Iterator[tuple[ast.ClassDef, bool]]:
    """Each class decorated with ``@dataclass`` in a module, and whether it is frozen."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ClassDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if isinstance(target, ast.Name) and target.id == "dataclass":
                frozen = call is not None and any(
                    keyword.arg == "frozen"
                    and isinstance(keyword.value, ast.Constant)
                    and keyword.value.value is True
                    for keyword in call.keywords
                )
                yield node, frozen


def test_the_dataclass_reader_tells_frozen_from_mutable(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "@dataclass(frozen=True)\nclass A: ...\n@dataclass\nclass B: ...\n"
        "@dataclass(frozen=False)\nclass C: ...\n@dataclass(order=True)\nclass D: ...\n",
        encoding="utf-8",
    )
    found = {node.name: frozen for node, frozen in _dataclasses(module)}
    assert found == {"A": True, "B": False, "C": False, "D": False}


def test_results_and_settings_that_cross_modules_are_frozen() -> None:
    mutable = {
        f"{name}.{node.name}"
        for name, path in MODULES.items()
        for node, frozen in _dataclasses(path)
        if not frozen and not node.name.startswith("_")
    }
    assert mutable <= MUTABLE_PUBLIC_DATACLASSES, "freeze it: results cross stages"
