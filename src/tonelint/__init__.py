"""tonelint: a linter for the tone of brand messages."""

__version__ = "0.1.0"
