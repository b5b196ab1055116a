"""The passage index (bot.engine.ranking): typo repair, what a count counts, concept tokens."""

from __future__ import annotations

import pytest

from bot.engine.passage import concept_words, unit_classes, untelex
from bot.text import tokens


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("vieejt", "viet"), ("heej", "he"), ("nuwowcs", "nuoc"), ("tacs", "tac"), ("hanf", "han")],
)
def test_telex_leftovers_are_undone(typed: str, meant: str) -> None:
    assert meant in untelex(typed)


def test_a_count_of_citizens_or_workers_is_a_count_of_people() -> None:
    assert unit_classes("cong dan viet nam") == {"nguoi"}
    assert unit_classes("lao dong") == {"nguoi"}
    assert unit_classes("quoc gia") == {"nuoc"}
    assert unit_classes("ty usd") == set()


def test_a_sentence_carries_a_token_for_every_concept_it_says_nested_ones_too() -> None:
    text = "nâng cấp lên Đối tác chiến lược toàn diện"
    words = concept_words(tokens(text), text)
    assert "#csp" in words and "#sp" in words
