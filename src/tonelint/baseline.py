"""Baselines: record today's findings so that only new ones are reported.

A baseline entry names a finding without its line or column, so that editing other lines
of a file does not bring old findings back:

* ``path``: the file as displayed (POSIX, relative to the folder tonelint ran in);
* ``key``: the message's catalogue key, or ``null`` for messages without one, which are
  named by ``message_hash`` instead, a hash of their whitespace-normalised full text;
* ``rule``: the rule id;
* ``fingerprint``: a hash of the flagged text and the finding's message;
* ``count``: how many identical findings the entry stands for.

Changing a message's text (without a key) or the flagged text makes its findings new.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tonelint.errors import TonelintError
from tonelint.models import Finding, RunReport

BASELINE_VERSION = 1
TOOL = "tonelint"
_FIELDS = ("path", "key", "message_hash", "rule", "fingerprint", "count")


def normalise(text: str) -> str:
    """NFC with every run of whitespace made one space, so that reflowing does not count."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def digest(*parts: str) -> str:
    """A short, stable hash of normalised text parts."""
    joined = "\x1f".join(normalise(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def message_digest(text: str) -> str:
    """The hash that names a message without a key: its whitespace-normalised full text."""
    return digest(text)


@dataclass(frozen=True, order=True)
class EntryKey:
    """What identifies a finding across edits of other lines."""

    path: str
    key: str | None
    message_hash: str | None
    rule: str
    fingerprint: str


def entry_key(finding: Finding) -> EntryKey:
    if finding.key is not None:
        key, message_hash = finding.key, None
    else:
        key, message_hash = None, finding.message_hash or ""
    return EntryKey(
        path=finding.path,
        key=key,
        message_hash=message_hash,
        rule=finding.rule_id,
        fingerprint=digest(finding.matched, finding.message),
    )


def _sort_key(item: tuple[EntryKey, int]) -> tuple[str, str, str, str, str]:
    entry = item[0]
    return (entry.path, entry.key or "", entry.message_hash or "", entry.rule, entry.fingerprint)


def dumps(findings: Iterable[Finding]) -> str:
    """The baseline file for some findings: sorted, one entry per line, trailing newline."""
    counts = Counter(entry_key(finding) for finding in findings)
    lines = []
    for entry, count in sorted(counts.items(), key=_sort_key):
        record = {
            "path": entry.path,
            "key": entry.key,
            "message_hash": entry.message_hash,
            "rule": entry.rule,
            "fingerprint": entry.fingerprint,
            "count": count,
        }
        lines.append("    " + json.dumps(record, ensure_ascii=False))
    body = ",\n".join(lines)
    entries = f"[\n{body}\n  ]" if lines else "[]"
    header = f'  "version": {BASELINE_VERSION},\n  "tool": "{TOOL}",\n'
    return f'{{\n{header}  "entries": {entries}\n}}\n'


def write(path: Path, findings: Iterable[Finding]) -> int:
    """Write a baseline of the findings; the number of findings recorded."""
    findings = tuple(findings)
    try:
        path.write_text(dumps(findings), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise TonelintError(str(path), f"cannot write the baseline: {exc.strerror}") from None
    return len(findings)


def _entry(raw: Any, index: int, shown: str) -> tuple[EntryKey, int]:
    def bad(problem: str) -> TonelintError:
        return TonelintError(shown, f"malformed baseline: entries[{index}]: {problem}")

    if not isinstance(raw, dict):
        raise bad("not an object")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise bad(f"unknown field {unknown[0]!r}")
    for name in ("path", "rule", "fingerprint"):
        if not isinstance(raw.get(name), str) or not raw[name]:
            raise bad(f"{name!r} must be a non-empty string")
    key, message_hash = raw.get("key"), raw.get("message_hash")
    if key is not None and not isinstance(key, str):
        raise bad("'key' must be a string or null")
    if message_hash is not None and not isinstance(message_hash, str):
        raise bad("'message_hash' must be a string or null")
    if (key is None) == (message_hash is None):
        raise bad("exactly one of 'key' and 'message_hash' must be set")
    count = raw.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise bad("'count' must be a whole number of at least 1")
    return EntryKey(raw["path"], key, message_hash, raw["rule"], raw["fingerprint"]), count


def load(path: Path) -> Counter[EntryKey]:
    """Read a baseline file; any problem is one ``TonelintError`` naming the file."""
    shown = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TonelintError(shown, "baseline not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TonelintError(shown, f"cannot read the baseline: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TonelintError(shown, f"malformed baseline: {exc.msg}", line=exc.lineno) from None
    if not isinstance(data, dict):
        raise TonelintError(shown, "malformed baseline: not a JSON object")
    if data.get("tool") != TOOL:
        raise TonelintError(shown, f"malformed baseline: 'tool' must be {TOOL!r}")
    if data.get("version") != BASELINE_VERSION:
        raise TonelintError(
            shown, f"unsupported baseline version {data.get('version')!r} (expected 1)"
        )
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise TonelintError(shown, "malformed baseline: 'entries' must be a list")
    counts: Counter[EntryKey] = Counter()
    for index, raw in enumerate(entries):
        entry, count = _entry(raw, index, shown)
        counts[entry] += count
    return counts


@dataclass(frozen=True)
class Filtered:
    report: RunReport
    suppressed: int  # findings the baseline absorbed
    unmatched: int  # baseline findings of the files linted that no longer occur


def apply(report: RunReport, baseline: Counter[EntryKey]) -> Filtered:
    """The report without the findings the baseline holds; each entry absorbs ``count``."""
    remaining = Counter(baseline)
    suppressed = 0
    files = []
    for file_report in report.files:
        kept = []
        for finding in file_report.findings:
            entry = entry_key(finding)
            if remaining[entry] > 0:
                remaining[entry] -= 1
                suppressed += 1
            else:
                kept.append(finding)
        files.append(replace(file_report, findings=tuple(kept)))
    linted = {file_report.path for file_report in report.files}
    unmatched = sum(count for entry, count in remaining.items() if entry.path in linted)
    return Filtered(replace(report, files=tuple(files)), suppressed, unmatched)
