"""The content cache: a file linted before with the same bytes, name and settings is not
linted again (``--cache``).

Entries are keyed on the file's bytes and displayed path, the tonelint version and code,
and everything in the resolved style guide that can change a finding. They are stored as
JSON (never pickle, so a planted cache file cannot run code), one file per set of
settings, written atomically at the end of a run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tonelint import __version__
from tonelint.files import write_atomic
from tonelint.models import Applicability, Edit, FileReport, Finding, Fix, Severity
from tonelint.styleguide import StyleGuide

DEFAULT_DIR = ".tonelint_cache"
# A settings file past this many entries keeps only those of the latest run.
MAX_ENTRIES = 50_000
_FORMAT = 1


def _code_stamp() -> str:
    """Size and modification time of tonelint's own files, so that a changed install (an
    editable checkout, say) does not reuse findings of other code under the same version."""
    package = Path(__file__).parent
    stamp = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".yaml") and "__pycache__" not in path.parts:
            status = path.stat()
            stamp.update(
                f"{path.relative_to(package)}:{status.st_size}:{status.st_mtime_ns}".encode()
            )
    return stamp.hexdigest()


def settings_key(guide: StyleGuide, extra: tuple[object, ...] = ()) -> str:
    """What, besides a file, decides its findings: code, guide (every rule, enabled or
    not, with scopes, overrides, locale, format options, ignores) and run options."""
    settings = (
        _FORMAT,
        _code_stamp(),
        guide.available,
        tuple(rule.id for rule in guide.rules),
        guide.contexts,
        guide.channels,
        guide.overrides,
        guide.locale,
        {name: dict(options) for name, options in guide.format_options.items()},
        guide.ignore,
        extra,
    )
    return hashlib.sha256(repr(_canonical(settings)).encode()).hexdigest()[:24]


def _canonical(value: object) -> object:
    """A form of ``value`` whose repr does not depend on hash order (sets, mappings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *(_canonical(getattr(value, f.name)) for f in fields))
    if isinstance(value, Mapping):
        return sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canonical(item)) for item in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    return value


class ContentCache:
    """File reports by content, for one set of settings, in ``directory``."""

    def __init__(self, directory: Path, settings: str) -> None:
        self.directory = directory
        self._file = directory / f"reports-{settings}.json"
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self.hits = 0
        try:
            loaded = json.loads(self._file.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._entries = loaded
        except (OSError, ValueError):
            pass  # no cache yet, or one we cannot read: start empty

    def get(self, key: str) -> FileReport | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            report = _report_from_json(entry)
        except (KeyError, TypeError, ValueError):
            return None
        self._used[key] = entry
        self.hits += 1
        return report

    def put(self, key: str, report: FileReport) -> None:
        self._used[key] = _report_to_json(report)

    def save(self) -> None:
        """Write the entries (atomically); a cache that cannot be written is skipped."""
        merged = {**self._entries, **self._used}
        if len(merged) > MAX_ENTRIES:
            merged = dict(self._used)
        if merged == self._entries:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by tonelint --cache\n*\n", encoding="utf-8")
            text = json.dumps(merged, ensure_ascii=False, separators=(",", ":"))
            write_atomic(self._file, text, "utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time


def _report_to_json(report: FileReport) -> dict[str, Any]:
    return {
        "path": report.path,
        "messages": report.message_count,
        "findings": [_finding_to_json(finding) for finding in report.findings],
    }


def _finding_to_json(finding: Finding) -> dict[str, Any]:
    data = {name: getattr(finding, name) for name in Finding.__dataclass_fields__}
    data["severity"] = finding.severity.value
    data["suggestions"] = list(finding.suggestions)
    if finding.fix is not None:
        data["fix"] = {
            "applicability": finding.fix.applicability.value,
            "edits": [[edit.start, edit.end, edit.replacement] for edit in finding.fix.edits],
        }
    return data


def _report_from_json(entry: Mapping[str, Any]) -> FileReport:
    findings = tuple(_finding_from_json(item) for item in entry["findings"])
    return FileReport(str(entry["path"]), findings, int(entry["messages"]))


def _finding_from_json(item: Mapping[str, Any]) -> Finding:
    data = dict(item)
    data["severity"] = Severity(data["severity"])
    data["suggestions"] = tuple(data["suggestions"])
    fix = data.get("fix")
    if fix is not None:
        data["fix"] = Fix(
            tuple(Edit(int(start), int(end), str(text)) for start, end, text in fix["edits"]),
            Applicability(fix["applicability"]),
        )
    return Finding(**data)
