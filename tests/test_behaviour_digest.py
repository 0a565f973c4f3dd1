"""What tonelint finds on real copy stays as it was unless a change means it to.

The JSON report of the evaluation templates and of the one-message-per-paragraph text (as
``bench/speed.py`` builds it), under each built-in guide, is hashed and compared with the
digests committed in ``tests/data/behaviour-digest.json``. A refactoring or a speed change
must leave them alone; a change to a rule or to the judgement refreshes them on purpose:

    TONELINT_UPDATE_DIGEST=1 python -m pytest tests/test_behaviour_digest.py
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
DIGESTS = Path(__file__).parent / "data" / "behaviour-digest.json"
GUIDES = ("default", "strict", "friendly")
UPDATE = os.environ.get("TONELINT_UPDATE_DIGEST") == "1"

pytestmark = pytest.mark.skipif(
    not (EVAL / "templates" / "strings.jsonl").is_file(),
    reason=f"{EVAL} is absent (the shared evaluation data)",
)


def _paragraphs(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("speed", ROOT / "bench" / "speed.py")
    assert spec is not None and spec.loader is not None
    speed = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("speed", speed)  # its dataclasses look their module up
    spec.loader.exec_module(speed)
    path: Path = speed.paragraphs_file(EVAL / "templates" / "strings.jsonl", folder)
    return path


def _digest(target: Path, guide: str, cwd: Path) -> str:
    command = [sys.executable, "-m", "tonelint", "check", str(target), "--format", "json"]
    done = subprocess.run(
        [*command, "--styleguide", guide, "--jobs", "1"],
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    return hashlib.sha256(done.stdout).hexdigest()


@pytest.fixture(scope="module")
def digests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    paragraphs = _paragraphs(tmp_path_factory.mktemp("paragraphs"))
    found = {}
    for guide in GUIDES:
        found[f"templates/{guide}"] = _digest(Path("templates"), guide, EVAL)
        found[f"paragraphs/{guide}"] = _digest(Path(paragraphs.name), guide, paragraphs.parent)
    if UPDATE:
        DIGESTS.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return found


@pytest.mark.parametrize("corpus", ["templates", "paragraphs"])
@pytest.mark.parametrize("guide", GUIDES)
def test_findings_on_real_copy_are_unchanged(
    digests: dict[str, str], corpus: str, guide: str
) -> None:
    committed = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert digests[f"{corpus}/{guide}"] == committed[f"{corpus}/{guide}"], (
        f"the JSON report of {corpus} under the {guide} guide changed; if the change is "
        "meant, refresh with TONELINT_UPDATE_DIGEST=1 (see this module's docstring)"
    )
