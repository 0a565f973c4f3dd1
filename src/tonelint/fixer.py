"""Apply fixes: non-overlapping edits by safety level, repeated until stable, written atomically.

Where edits overlap, the one that replaces more text wins (the whole of "Hey bestie" over
its "Hey"). A later pass edits only text that the findings before the fix showed, and never
text a fix put in (beyond what it kept of the text it replaced): a fix that would, or that
is not done after ``MAX_PASSES`` passes, does not settle, and is refused.

A fixed file must still be valid in its format: after the edits tonelint reads it again with
the same extractor and refuses the fix (writing nothing) when it no longer parses or its
messages changed in number. Replacement text is escaped for the format it lands in.
"""

from __future__ import annotations

import difflib
import html
import json
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tonelint.errors import TonelintError
from tonelint.files import DEFAULT_MAX_FILE_SIZE, format_for, read_source
from tonelint.formats import FORMATS
from tonelint.models import Applicability, Edit, Finding, InputError, SourceFile

MAX_PASSES = 10


def choose_edits(edits: Iterable[Edit]) -> list[Edit]:
    """The edits to apply together, in file order: where edits overlap, the one that
    replaces more text wins (the outer of nested edits), then the one that starts first,
    then the first replacement in code-point order, so that the choice is the same
    whatever order the edits come in. Two insertions at one place overlap too."""
    chosen: list[Edit] = []  # in file order, not overlapping
    keys: list[tuple[int, int]] = []
    for edit in sorted(set(edits), key=lambda e: (e.start - e.end, e.start, e.replacement)):
        key = (edit.start, edit.end)
        # Only the last chosen edit that starts before this one ends can reach into it:
        # the ends of edits in file order that do not overlap never decrease.
        index = bisect_left(keys, (edit.end, -1))
        if edit.start == edit.end and index < len(keys) and keys[index] == key:
            continue
        if index > 0 and keys[index - 1][1] > edit.start:
            continue
        position = bisect_left(keys, key)
        chosen.insert(position, edit)
        keys.insert(position, key)
    return chosen


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply the edits that ``choose_edits`` keeps; returns the new text and how many
    edits were applied."""
    chosen = choose_edits(edits)
    return _apply(text, chosen)[0], len(chosen)


def _apply(text: str, chosen: Sequence[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """Apply edits in file order that do not overlap; returns the new text and where the
    text each edit put in stands in it (``_put_in``)."""
    pieces: list[str] = []
    placed: list[tuple[int, int]] = []
    position = 0
    length = 0
    for edit in chosen:
        pieces.append(text[position : edit.start])
        length += edit.start - position
        pieces.append(edit.replacement)
        start, end = _put_in(text[edit.start : edit.end], edit.replacement)
        placed.append((length + start, length + end))
        length += len(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces), placed


def _put_in(old: str, new: str) -> tuple[int, int]:
    """The part of ``new`` that is not ``old`` kept at either end, in any case: " ok ok"
    of "ok ok ok" for "ok", nothing of "Your" for "babe, your" (a sentence re-capitalised)."""
    start = 0
    while start < min(len(old), len(new)) and old[start].lower() == new[start].lower():
        start += 1
    end = len(new)
    old_end = len(old)
    while end > start and old_end > start and old[old_end - 1].lower() == new[end - 1].lower():
        end -= 1
        old_end -= 1
    return start, end


def _moved(spans: Iterable[tuple[int, int]], chosen: Sequence[Edit]) -> list[tuple[int, int]]:
    """Where spans stand once the edits are applied; a span that an edit reaches into
    takes in the whole of that edit's replacement."""
    starts = [edit.start for edit in chosen]
    ends = [edit.end for edit in chosen]  # never decreasing
    shifts = [0]
    for edit in chosen:
        shifts.append(shifts[-1] + len(edit.replacement) - (edit.end - edit.start))

    def moved(position: int, side: int) -> int:
        index = bisect_right(ends, position)  # the edits that end by here
        if index < len(chosen) and starts[index] < position:  # inside an edit
            edit = chosen[index]
            return edit.start + shifts[index] + side * len(edit.replacement)
        return position + shifts[index]

    return [(moved(start, 0), moved(end, 1)) for start, end in spans]


def _reaches(edit: Edit, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``edit`` changes text of ``spans`` (in file order, none overlapping): it
    replaces some of a span, or inserts inside one; an empty span counts where it is
    (a deleted phrase), when the edit touches that place."""
    index = bisect_left(spans, edit.start, key=lambda span: span[1])  # the first ending here on
    for start, end in spans[index:]:
        if start > edit.end:
            return False
        if start == end:
            touches = edit.start <= start <= edit.end
        elif edit.start == edit.end:
            touches = start < edit.start < end
        else:
            touches = start < edit.end and edit.start < end
        if touches:
            return True
    return False


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans merged where they overlap, in file order; an empty one inside another is
    dropped, one at its edge is kept."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and merged[-1][1] > start and (merged[-1][0] < merged[-1][1]):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


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


def _rule_of(findings: Iterable[Finding], edit: Edit) -> str:
    """The rule (id and name) whose fix holds an edit, escaped as it was or not."""
    for finding in findings:
        if finding.fix is not None and any(
            (e.start, e.end) == (edit.start, edit.end) for e in finding.fix.edits
        ):
            return f"{finding.rule_id} {finding.rule_name}"
    return "a rule"


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
    findings = lint.lint_file(current, source_format).findings
    flagged = _union((f.start, f.end) for f in findings)  # what the report showed, carried along
    inserted: list[tuple[int, int]] = []  # text that fixes put in
    for passes in range(MAX_PASSES + 1):
        if passes:
            findings = lint.lint_file(current, source_format).findings
        escaped = (
            Edit(e.start, e.end, escape_for(source_format, e.replacement))
            for e in _chosen_edits(findings, allowed)
        )
        edits = [e for e in escaped if current.text[e.start : e.end] != e.replacement]
        if not edits:
            break
        if passes == MAX_PASSES:
            reason = f"the fixes do not settle: more are left after pass {MAX_PASSES}"
            return _unchanged(source, reason)
        chosen = choose_edits(edits)
        for edit in chosen:
            if _reaches(edit, inserted):
                whose = "a fix put in"
            elif not _reaches(edit, flagged):
                whose = "no rule flagged before the fix"
            else:
                continue
            again = " ".join(current.text[edit.start : edit.end].split())
            if len(again) > 60:
                again = again[:59] + "…"
            rule = _rule_of(findings, edit)
            return _unchanged(
                source, f"the fixes do not settle: {rule} would rewrite '{again}', which {whose}"
            )
        text, placed = _apply(current.text, chosen)
        inserted = _union(
            span for span in (*_moved(inserted, chosen), *placed) if span[1] > span[0]
        )
        flagged = _union(_moved(flagged, chosen))
        applied = len(chosen)
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
