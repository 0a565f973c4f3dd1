r"""Regular expressions from style guides, matched in time linear in the text.

Python's ``re`` backtracks and cannot be interrupted, so one pattern like ``(a+)+$``,
``(?:a?){28}a{28}`` or ``.*.*.*=$`` in a repository's guide could hang a CI job on a long
line. Every pattern of a pack that does not ship with tonelint is therefore compiled and
matched with RE2, whose time is linear in the text's length whatever the pattern; a
pattern RE2 cannot compile (lookaround, backreferences, repeat counts over 1,000, or too
large) is refused when the guide is loaded.
"""

from __future__ import annotations

import re
from typing import Any

# Memory RE2 may use for one pattern (its compiled program and its DFA cache); a pattern
# larger than this does not compile, and a search that would need more falls back to
# RE2's slower, still linear, NFA.
PATTERN_MEMORY = 512 * 1024  # bytes
# The most patterns a style guide may bring, over its packs and the guides it extends.
MAX_PATTERNS = 500


# A counted repeat such as {4294967296}, which RE2 would read as literal text.
_COUNT = re.compile(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")
MAX_REPEAT_COUNT = 1000  # RE2's own limit, checked first: RE2 reads a larger count as text


def compile_linear(pattern: str, ignore_case: bool = False) -> Any:
    """``pattern`` compiled by RE2 (a ``re2._Regexp``: ``search``, ``finditer``...), or
    ``ValueError`` saying why it cannot be. RE2 is imported here, on first use, so a run
    whose guide has no patterns of its own never loads it."""
    import re2

    for found in _COUNT.finditer(pattern):
        counts = [n.lstrip("0") for n in found.groups() if n]
        if any(len(n) > 4 or int(n or 0) > MAX_REPEAT_COUNT for n in counts):
            raise ValueError(f"repeat count over {MAX_REPEAT_COUNT}: {found.group()[:30]}")
    options = re2.Options()
    options.max_mem = PATTERN_MEMORY
    options.case_sensitive = not ignore_case
    options.log_errors = False  # RE2 would print each error to standard error
    # Only whole matches are used; a match's groups cost time in proportion to their
    # number (1,200 nested groups made each match take 12 ms).
    options.never_capture = True
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "cannot be compiled"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(str(reason)) from None
