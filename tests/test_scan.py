"""``Alternation`` finds exactly what its whole pattern finds, without quadratic cases."""

from __future__ import annotations

import random
import re

import pytest

from tonelint import directives, placeholders
from tonelint.matching.scan import Alternation, Alternative
from tonelint.readers import templates

ALTERNATIONS = {
    "placeholder tokens": placeholders._TOKEN,
    "template markup": templates._MARKUP,
    "template tags": templates._TEMPLATE_TAG,
    "suppression directives": directives._DIRECTIVE,
}

PIECES = [
    "<!--", "-->", "<script>", "</script >", "<STYLE x=1>", "</style>", "<b>", "</p>",
    "{#", "#}", "{{!", "{{!--", "--}}", "}}", "{{", "{{{", "}}}", "{%", "%}", "<%", "%>",
    "{% raw %}", "{%- endraw -%}", "{% comment %}", "{% endcomment %}", "<%#", "{{/*", "*/}}",
    " tonelint: disable ", "# tonelint: enable\n", "!tonelint: x\n", "${v}", "%{c}", "%s",
    "((n))", "{", "}", "x", " ", "\n", "hey there", "a" * 900,
]  # fmt: skip


def _found(matches: object) -> list[tuple[tuple[int, int], str | None, dict[str, str | None]]]:
    return [(m.span(), m.lastgroup, m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def _texts(seed: int, count: int) -> list[str]:
    generator = random.Random(seed)
    texts = [
        "<!--" * 3000 + "-->",
        "{{" * 3000 + "x" * 2500 + "}}",
        "{% comment %}" * 500 + "{% endraw %}",
        "<script>" * 500 + "</style>" + "</script>",
        "<!-- tonelint: disable" * 400 + "-->" + "{# tonelint:" * 400,
    ]
    texts += ["".join(generator.choices(PIECES, k=generator.randint(1, 60))) for _ in range(count)]
    return texts


@pytest.mark.parametrize("name", sorted(ALTERNATIONS))
def test_the_matches_are_those_of_the_whole_pattern(name: str) -> None:
    alternation = ALTERNATIONS[name]
    for text in _texts(seed=len(name), count=400):
        assert _found(alternation.finditer(text)) == _found(alternation.pattern.finditer(text))
        assert alternation.sub("~", text) == alternation.pattern.sub("~", text)
        middle = len(text) // 3
        assert _found(alternation.finditer(text, middle, 2 * middle)) == _found(
            alternation.pattern.finditer(text, middle, 2 * middle)
        )


def test_a_bounded_alternative_is_left_out_until_within_reach_of_its_closer() -> None:
    bounded = Alternation([Alternative(r"\[.{0,5}?\]", r"\]", 7), Alternative(r"x")])
    text = "[" * 50 + "x" + "[ab]"
    assert _found(bounded.finditer(text)) == _found(bounded.pattern.finditer(text))
    assert [m.span() for m in bounded.finditer(text)] == [(48, 55)]


def test_group_numbers_survive_left_out_alternatives() -> None:
    alternation = Alternation(
        [Alternative(r"<(a)>.*?</a>", "</a>"), Alternative(r"<(b)>", None)], re.S
    )
    matches = list(alternation.finditer("<a><b>"))  # no </a>: the first is left out
    assert [(m.group(), m.lastindex) for m in matches] == [("<b>", 2)]
