"""The one exception type that carries a user-facing, single-line error."""

from __future__ import annotations

from tonelint.models import InputError


class TonelintError(Exception):
    """A configuration, usage or input problem; the CLI prints it as one line and exits 2."""

    def __init__(
        self, path: str, message: str, line: int | None = None, key: str | None = None
    ) -> None:
        self.error = InputError(path=path, message=message, line=line, key=key)
        super().__init__(str(self.error))
