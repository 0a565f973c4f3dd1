"""Apply fixes: non-overlapping edits by safety level, repeated until stable, written atomically.

Each file is written right after it is fixed, and only while it still holds the bytes the
fix was made from: an edit saved meanwhile is never overwritten (see ``files.write_fixed``).

A fixed file must still be valid in its format: after the edits tonelint reads it again with
the same extractor and refuses the fix (writing nothing) when it no longer parses or its
messages changed in number. Replacement text is escaped for the format it lands in.
"""

from __future__ import annotations

import difflib
import html
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from tonelint.errors import TonelintError
from tonelint.files import DEFAULT_MAX_FILE_SIZE, encode, format_for, read_source, write_fixed
from tonelint.formats import FORMATS
from tonelint.models import Applicability, Edit, Finding, InputError, SourceFile

MAX_PASSES = 10


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits (later overlapping ones are skipped); returns the new
    text and how many edits were applied."""
    applied = 0
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            continue
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
        applied += 1
    pieces.append(text[position:])
    return "".join(pieces), applied


def escape_for(source_format: str, text: str) -> str:
    """Replacement text as it must be written inside a value of this format."""
    if source_format == "json":
        return json.dumps(text, ensure_ascii=False)[1:-1]
    if source_format == "po":
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if source_format == "properties":
        return text.replace("\\", "\\\\").replace("\n", "\\n")
    if source_format in ("html", "template"):
        return html.escape(text, quote=False)
    return text


@dataclass(frozen=True)
class FileFix:
    """What fixing one file did: the text before and after, and how many edits."""

    path: Path
    display_path: str
    before: str
    after: str
    applied: int
    encoding: str
    refused: str | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before


def _chosen_edits(findings: Iterable[Finding], allowed: Collection[Applicability]) -> list[Edit]:
    edits = [
        edit
        for finding in findings
        if finding.fix is not None and finding.fix.applicability in allowed
        for edit in finding.fix.edits
    ]
    return sorted(set(edits), key=lambda e: (e.start, e.end, e.replacement))


def _unchanged(source: SourceFile, reason: str) -> FileFix:
    """A refused fix: the file stays as it was, with the reason."""
    return FileFix(
        source.path, source.display_path, source.text, source.text, 0, source.encoding, reason
    )


def _structure(source: SourceFile, source_format: str) -> list[list[str]]:
    """The placeholders of each message, in order: what a fix must leave as it was."""
    return [
        sorted(" ".join(p.text.split()) for p in message.placeholders)
        for message in FORMATS[source_format].extract(source, None).messages
    ]


def fix_source(
    lint: object, source: SourceFile, source_format: str, allowed: Collection[Applicability]
) -> FileFix:
    """Fix one file in memory, pass after pass, until no allowed fix is left."""
    from tonelint.engine import Linter

    assert isinstance(lint, Linter)
    current = source
    applied_total = 0
    before = _structure(source, source_format)
    for _ in range(MAX_PASSES):
        findings = lint.lint_file(current, source_format).findings
        edits = [
            Edit(e.start, e.end, escape_for(source_format, e.replacement))
            for e in _chosen_edits(findings, allowed)
        ]
        if not edits:
            break
        text, applied = apply_edits(current.text, edits)
        if text == current.text:
            break
        candidate = SourceFile.from_text(source.path, text, source.display_path, source.encoding)
        try:
            after = _structure(candidate, source_format)
        except TonelintError as exc:
            return _unchanged(source, f"the fixed file would not parse ({exc.error.message})")
        if len(after) != len(before):
            return _unchanged(source, "the fix would change the file's structure")
        if after != before:
            return _unchanged(source, "the fix would move placeholders between messages")
        current = candidate
        applied_total += applied
    return FileFix(
        source.path,
        source.display_path,
        source.text,
        current.text,
        applied_total,
        source.encoding,
    )


def fix_files(
    lint: object,
    paths: list[Path],
    format_override: str | None,
    allowed: Collection[Applicability],
    max_bytes: int = DEFAULT_MAX_FILE_SIZE,
) -> tuple[list[FileFix], list[InputError]]:
    """Fix every file in memory; unreadable files become errors."""
    fixes: list[FileFix] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            source = read_source(path, max_bytes=max_bytes)
            fixes.append(fix_source(lint, source, format_for(path, format_override), allowed))
        except TonelintError as exc:
            errors.append(exc.error)
    return fixes, errors


@dataclass(frozen=True)
class FixRun:
    """What ``fix_and_write`` did: the files written, and the files left as they were."""

    written: tuple[FileFix, ...]
    refused: tuple[FileFix, ...]  # a fix that would break the file; a warning
    unreadable: tuple[InputError, ...]  # the lint run that follows reports these too
    unwritten: tuple[InputError, ...]  # fixed, but not written (changed meanwhile, no access)


def write_fix(fixed: FileFix) -> None:
    """Write a fixed file, only while it still holds the text the fix was made from
    (``TonelintError`` naming it otherwise)."""
    write_fixed(
        fixed.path,
        fixed.display_path,
        encode(fixed.after, fixed.encoding),
        encode(fixed.before, fixed.encoding),
    )


def fix_and_write(
    lint: object,
    paths: list[Path],
    format_override: str | None,
    allowed: Collection[Applicability],
    max_bytes: int = DEFAULT_MAX_FILE_SIZE,
) -> FixRun:
    """Fix each file and write it at once, so that the time between reading and writing
    it is short; a file that cannot be read or written is an error and the rest go on."""
    written: list[FileFix] = []
    refused: list[FileFix] = []
    unreadable: list[InputError] = []
    unwritten: list[InputError] = []
    for path in paths:
        fixes, errors = fix_files(lint, [path], format_override, allowed, max_bytes)
        unreadable.extend(errors)
        for fixed in fixes:
            if fixed.refused:
                refused.append(fixed)
            elif fixed.changed:
                try:
                    write_fix(fixed)
                except TonelintError as exc:
                    unwritten.append(exc.error)
                else:
                    written.append(fixed)
    return FixRun(tuple(written), tuple(refused), tuple(unreadable), tuple(unwritten))


def unified_diff(fix: FileFix) -> str:
    """The change as a unified diff, with the file's own line endings kept visible."""
    lines = difflib.unified_diff(
        fix.before.splitlines(keepends=True),
        fix.after.splitlines(keepends=True),
        fromfile=f"a/{fix.display_path}",
        tofile=f"b/{fix.display_path}",
    )
    out = []
    for line in lines:
        out.append(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        )
    return "".join(out)
