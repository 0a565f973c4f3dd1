"""Find the style guide that applies: --styleguide, else .tonelint.yaml found walking up
from the current folder, else [tool.tonelint] in the nearest pyproject.toml, else the
built-in ``default``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tonelint.errors import TonelintError
from tonelint.styleguide import (
    StyleGuide,
    load_styleguide,
    read_guide_file,
    styleguide_from_data,
)
from tonelint.yamlsource import KeyPath, excerpt

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

CONFIG_NAMES = (".tonelint.yaml", ".tonelint.yml", "tonelint.yaml")


def _pyproject_table(path: Path) -> tuple[dict[str, Any], int | None] | None:
    """The ``[tool.tonelint]`` table of a pyproject.toml and its line, if it has one; the
    file is read as a guide is (a regular file, bounded in size)."""
    try:
        text = read_guide_file(path, str(path))
    except OSError:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TonelintError(str(path), f"invalid TOML: {exc}") from None
    tool = data.get("tool", {})
    table = tool.get("tonelint") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise TonelintError(str(path), "must be a table", key="tool.tonelint")
    return table, _table_line(text)


def _table_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("#", 1)[0].strip().replace(" ", "") == "[tool.tonelint]":
            return number
    return None


def discover(
    start: Path | None = None,
) -> Path | tuple[Path, tuple[dict[str, Any], int | None]] | None:
    """The nearest config: a YAML file path, a pyproject (with its table and the table's
    line), or None."""
    folder = (start or Path.cwd()).resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if candidate.is_file():
                return candidate
        pyproject = candidate_folder / "pyproject.toml"
        if pyproject.is_file():
            table = _pyproject_table(pyproject)
            if table is not None:
                return pyproject, table
    return None


def resolve_styleguide(option: str | None, start: Path | None = None) -> StyleGuide:
    """The active style guide for a run.

    ``option`` is the --styleguide value: a path to a guide, or a built-in guide's name.
    """
    if option is not None:
        candidate = Path(option)
        try:
            is_path = candidate.suffix.lower() in (".yaml", ".yml") or candidate.exists()
            if is_path and not candidate.is_file():
                raise TonelintError(option, "style guide file not found")
        except OSError as exc:  # a name too long, say
            raise TonelintError(excerpt(option), exc.strerror or "cannot be read") from None
        if is_path:
            return load_styleguide(path=candidate)
        return load_styleguide(name=option)
    found = discover(start)
    if found is None:
        return load_styleguide()
    # A discovered guide comes with the files it sits among, so it is untrusted: the
    # guides it extends and its packs must be inside its project.
    if isinstance(found, Path):
        return load_styleguide(path=found, root=project_root(found.parent))
    pyproject, (table, line) = found
    shown = pyproject.as_posix()
    lines: dict[KeyPath, int] = {(): line} if line is not None else {}
    root = project_root(pyproject.parent)
    return styleguide_from_data(table, lines, shown, pyproject.parent, root)


def project_root(folder: Path) -> Path:
    """The project a discovered guide in ``folder`` belongs to: the root of the git
    work tree holding it, else the folder itself."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder
