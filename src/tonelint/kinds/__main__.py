"""Rewrite ``schemas/rulepack.schema.json`` with the kinds and options of ``KINDS``."""

from __future__ import annotations

import json
from pathlib import Path

from tonelint.kinds import rulepack_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "rulepack.schema.json"


def main() -> None:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    text = json.dumps(rulepack_schema(schema), indent=2, ensure_ascii=False) + "\n"
    SCHEMA_FILE.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
