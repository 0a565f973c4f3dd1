"""How hypothesis properties run: CI runs the same 300 cases every time, and a failure
names its case; to search further, set TONELINT_EXPLORE=3000 (random cases, as many as
given)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_EXPLORE = int(os.environ.get("TONELINT_EXPLORE", "0"))

PROPERTY_SETTINGS = settings(
    max_examples=_EXPLORE or 300,
    deadline=None,
    derandomize=not _EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
