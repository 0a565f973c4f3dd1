"""The options of one run, decided once (from the command line or a caller) and frozen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tonelint.files import DEFAULT_MAX_FILE_SIZE

if TYPE_CHECKING:
    from tonelint.grammar import GrammarSettings


@dataclass(frozen=True)
class RunSettings:
    """How a run reads, scopes and lints files.

    ``context`` and ``channel`` win over what front matter and the guide's scope rules
    would assign; ``grammar`` says how to reach LanguageTool (None: from the environment);
    ``input_format`` reads every file in one format (None: by its extension); ``jobs`` is
    the number of processes (None: one per core, one for small inputs); ``exclude`` adds
    glob patterns to the guide's.
    """

    context: str | None = None
    channel: str | None = None
    grammar: GrammarSettings | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # larger files are skipped with an error
    input_format: str | None = None
    jobs: int | None = 1
    exclude: tuple[str, ...] = ()
