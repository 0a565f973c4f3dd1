"""The whole real template tree in ../shared/eval/templates is read as a user would."""

from __future__ import annotations

from collections import Counter

import pytest

from format_checks import templates
from tonelint.engine import Linter
from tonelint.files import collect, format_for, read_source
from tonelint.readers import FORMATS
from tonelint.styleguide import load_styleguide


def test_every_real_file_extracts_and_lints() -> None:
    root = templates()
    linter = Linter(load_styleguide())
    messages: Counter[str] = Counter()
    files: Counter[str] = Counter()
    tone_findings = 0
    for path in collect([root]):
        source = read_source(path)
        source_format = format_for(path)
        report = linter.lint_file(source, source_format)  # raises on any crash
        files[source_format] += 1
        messages[source_format] += report.message_count
        for finding in report.findings:
            assert source.text[finding.start : finding.end] or finding.start == finding.end
            assert 1 <= finding.line <= len(source.line_starts)
            tone_findings += finding.category != "readability"
    # every catalogue and template format the tree holds was read and yielded copy
    for name in ("yaml", "json", "po", "fluent", "properties", "html", "template"):
        assert files[name] > 0, f"no {name} files found"
        assert messages[name] > 0, f"no messages from {name} files"
    assert sum(messages.values()) > 40_000
    # professional copy: well under 5 overfamiliarity findings per 1,000 messages
    assert tone_findings * 1000 / sum(messages.values()) < 5


@pytest.mark.parametrize(
    ("relative", "expected_format"),
    [
        ("devise/config/locales/en.yml", "yaml"),
        ("devise/app/views/devise/mailer/reset_password_instructions.html.erb", "html"),
        ("django-po/django/contrib/admin/locale/en/LC_MESSAGES/django.po", "po"),
    ],
)
def test_formats_are_detected_from_real_paths(relative: str, expected_format: str) -> None:
    path = templates() / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in this copy of the evaluation data")
    source = read_source(path)
    detected = format_for(path)
    if detected == "template":
        # template files holding HTML are read by the html extractor
        extraction = FORMATS["template"].extract(source, None)
        assert extraction.messages
        assert expected_format == "html"
    else:
        assert detected == expected_format
