"""Apply fixes: non-overlapping edits by safety level, repeated until stable, written atomically.

Where edits overlap, the one that replaces more text wins (the whole of "Hey bestie" over
its "Hey"). A later pass edits only text that the findings before the fix showed, and never
text a fix put in (beyond what it kept of the text it replaced): a fix that would, or that
is not done after ``MAX_PASSES`` passes, does not settle, and is refused.

Findings come with their edits escaped for the quoting in force where they land (an HTML
attribute's quotes, a YAML scalar's style, a CSV field's), or without a fix where it cannot
be written (see ``escaping``). A fixed file must then read as the file before with the
intended text in place: tonelint reads it again with the same extractor and refuses the fix
(writing nothing) when it no longer parses, its markup, keys or placeholders changed, or a
message's text is not what the intended text of the edits makes of it.

Each file is written right after it is fixed, and only while it still holds the bytes the
fix was made from: an edit saved meanwhile is never overwritten (see ``files.write_fixed``).
"""

from __future__ import annotations

import difflib
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tonelint.errors import TonelintError
from tonelint.files import encode, format_for, read_source, write_fixed
from tonelint.models import Applicability, Edit, Finding, InputError, SourceFile
from tonelint.readers import FORMATS, Extraction

if TYPE_CHECKING:
    from tonelint.engine import Linter

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


def _placeholders(extraction: Extraction) -> list[list[str]]:
    """The placeholders of each message, in order: what a fix must leave as it was."""
    return [
        sorted(" ".join(p.text.split()) for p in message.placeholders)
        for message in extraction.messages
    ]


def _expected(extraction: Extraction, edits: list[Edit]) -> list[str] | None:
    """The text each message must read back as after the (unescaped) edits, or None when
    an edit lies outside the text that messages copy one to one from the file."""
    runs = sorted(
        (
            (segment.source_start, index, segment)
            for index, message in enumerate(extraction.messages)
            for segment in message.source_map.segments
            if segment.text_length == segment.source_length > 0
        ),
        key=lambda run: run[:2],
    )
    starts = [start for start, _, _ in runs]
    by_message: dict[int, list[Edit]] = {}
    for edit in edits:
        position = bisect_right(starts, edit.start) - 1
        if position < 0:
            return None
        _, index, first = runs[position]
        if edit.start > first.source_start + first.source_length:
            return None  # in an escape, or outside every message
        last = first
        # A span may cross adjoining runs of the same message (HTML text, word by word).
        while last.source_start + last.source_length < edit.end:
            position += 1
            if position >= len(runs) or runs[position][1] != index:
                return None
            following = runs[position][2]
            if (following.source_start, following.text_start) != (
                last.source_start + last.source_length,
                last.text_start + last.text_length,
            ):
                return None
            last = following
        start = first.text_start + edit.start - first.source_start
        end = last.text_start + edit.end - last.source_start
        by_message.setdefault(index, []).append(Edit(start, end, edit.replacement))
    return [
        apply_edits(message.text, by_message[index])[0].strip()
        if index in by_message
        else message.text
        for index, message in enumerate(extraction.messages)
    ]


def _reread(
    lint: Linter,
    before: Extraction,
    pairs: list[tuple[Edit, Edit]],
    candidate: SourceFile,
    source_format: str,
    markup: tuple[object, ...],
) -> Extraction | str:
    """The messages of the fixed file, or why it must not be written: it does not read as
    the file before with the intended text in place (the same markup, keys, messages and
    placeholders, and each message's text as the unescaped edits make it)."""
    try:
        after = lint.extract(candidate, source_format)
        changed_markup = FORMATS[source_format].structure(candidate) != markup
    except TonelintError as exc:
        return f"the fixed file would not parse ({exc.error.message})"
    keys_changed = [m.key for m in after.messages] != [m.key for m in before.messages]
    if (
        changed_markup
        or len(after.messages) != len(before.messages)
        or (keys_changed and source_format != "po")  # a .po entry is keyed by its msgid
    ):
        return "the fix would change the file's structure"
    if _placeholders(after) != _placeholders(before):
        return "the fix would move placeholders between messages"
    expected = _expected(before, [edit for edit, _ in pairs])
    got = [message.text for message in after.messages]
    if markup:  # HTML: white space collapses as it is rendered
        got = [" ".join(text.split()) for text in got]
        expected = expected and [" ".join(text.split()) for text in expected]
    if expected != got:
        return "the fixed text would not read back as written (an escaping problem)"
    return after


def _unsettled(
    chosen: Sequence[Edit],
    current: SourceFile,
    findings: Iterable[Finding],
    flagged: Sequence[tuple[int, int]],
    inserted: Sequence[tuple[int, int]],
) -> str | None:
    """Why the fixes of a later pass do not settle: an edit rewrites text a fix put in,
    or text no rule flagged before the fix (None: every edit is in flagged text)."""
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
        return f"the fixes do not settle: {rule} would rewrite '{again}', which {whose}"
    return None


def _pending(
    current: SourceFile, findings: Iterable[Finding], allowed: Collection[Applicability]
) -> list[tuple[Edit, Edit]]:
    """The allowed edits that would change the text, each as intended (unescaped) and as
    written in the file."""
    return [
        (Edit(written.start, written.end, written.reads_as), written)
        for written in _chosen_edits(findings, allowed)
        if current.text[written.start : written.end] != written.replacement
    ]


def fix_source(
    lint: Linter, source: SourceFile, source_format: str, allowed: Collection[Applicability]
) -> FileFix:
    """Fix one file in memory, pass after pass, until no allowed fix is left."""
    current = source
    applied_total = 0
    extraction: Extraction | None = None  # read when there is something to fix
    markup: tuple[object, ...] = ()
    findings = lint.lint_file(current, source_format).findings
    flagged = _union((f.start, f.end) for f in findings)  # what the report showed, carried along
    inserted: list[tuple[int, int]] = []  # text that fixes put in
    for passes in range(MAX_PASSES + 1):
        if passes:
            findings = lint.lint_file(current, source_format).findings
        pairs = _pending(current, findings, allowed)
        if not pairs:
            break
        if passes == MAX_PASSES:
            reason = f"the fixes do not settle: more are left after pass {MAX_PASSES}"
            return _unchanged(source, reason)
        chosen = choose_edits(written for _, written in pairs)
        unsettled = _unsettled(chosen, current, findings, flagged, inserted)
        if unsettled is not None:
            return _unchanged(source, unsettled)
        kept = set(chosen)
        pairs = [(intended, written) for intended, written in pairs if written in kept]
        text, placed = _apply(current.text, chosen)
        inserted = _union(
            span for span in (*_moved(inserted, chosen), *placed) if span[1] > span[0]
        )
        flagged = _union(_moved(flagged, chosen))
        applied = len(chosen)
        if extraction is None:
            extraction = lint.extract(current, source_format)
            markup = FORMATS[source_format].structure(current)
        candidate = SourceFile.from_text(source.path, text, source.display_path, source.encoding)
        after = _reread(lint, extraction, pairs, candidate, source_format, markup)
        if isinstance(after, str):
            return _unchanged(source, after)
        current, extraction = candidate, after
        applied_total += applied
    shown = source.display_path
    return FileFix(source.path, shown, source.text, current.text, applied_total, source.encoding)


def fix_files(
    lint: Linter, paths: list[Path], allowed: Collection[Applicability]
) -> tuple[list[FileFix], list[InputError]]:
    """Fix every file in memory, read as the linter's settings say (format, size limit);
    unreadable files become errors."""
    fixes: list[FileFix] = []
    errors: list[InputError] = []
    settings = lint.settings
    for path in paths:
        try:
            source = read_source(path, max_bytes=settings.max_file_size)
            source_format = format_for(path, settings.input_format)
            fixes.append(fix_source(lint, source, source_format, allowed))
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


def fix_and_write(lint: Linter, paths: list[Path], allowed: Collection[Applicability]) -> FixRun:
    """Fix each file and write it at once, so that the time between reading and writing
    it is short; a file that cannot be read or written is an error and the rest go on."""
    written: list[FileFix] = []
    refused: list[FileFix] = []
    unreadable: list[InputError] = []
    unwritten: list[InputError] = []
    for path in paths:
        fixes, errors = fix_files(lint, [path], allowed)
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
