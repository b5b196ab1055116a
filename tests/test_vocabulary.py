"""Vocabulary as data (bot.vocabulary): the lexicons and the domain thesaurus."""

from __future__ import annotations

import pytest

from bot.engine.passage import concept_words, title_forms
from bot.text import fold, tokens
from bot.thesaurus import concept_token, thesaurus
from bot.vocabulary import lexicon


def test_every_expression_of_the_thesaurus_belongs_to_one_concept() -> None:
    seen: dict[str, str] = {}
    for concept in thesaurus().concepts.values():
        for expression in concept.expressions:
            key = fold(expression)
            assert seen.setdefault(key, concept.id) == concept.id, expression


def test_the_thesaurus_covers_the_domain_broadly() -> None:
    assert len(thesaurus().concepts) >= 500
    assert len(thesaurus().english_words) >= 300


def test_a_capitalised_abbreviation_that_is_also_a_word_counts_only_in_capitals() -> None:
    thes = thesaurus()
    assert thes.cased_in("viện trợ của các NGO") == ["ngo"]
    assert thes.cased_in("ông Ngô Xuân Lịch") == []
    assert "phi chính phủ" in thes.spell_out("các NGO nước ngoài")


def test_organisations_are_entities_and_plain_concepts_are_not() -> None:
    concepts = thesaurus().concepts
    assert concepts["unhrc"].entity and concepts["asean"].entity
    assert not concepts["fdi"].entity and not concepts["overseas_vietnamese"].entity


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Quan hệ Việt Nam - Anh phát triển", ["Anh"]),
        ("Thủ tướng thăm Anh tháng 9/2010", ["Anh"]),
        ("ông Nguyễn Tuấn Anh cho biết", []),
        ("Mỹ Latinh và Nhật Bản", ["Nhật Bản"]),
    ],
)
def test_countries_in_article_text(text: str, countries: list[str]) -> None:
    assert lexicon().countries_in(text) == countries


def test_a_capital_names_its_country_in_a_question() -> None:
    assert lexicon().capitals_in("Hà Nội và Washington") == ["Hoa Kỳ"]
    assert lexicon().capitals_in("giá lima bean") == []


def test_initials_a_user_makes_of_a_name_are_written_out() -> None:
    thes = thesaurus()
    assert "Hội đồng Nhân quyền" in thes.spell_out("nuoc nao trung cu hdnq")
    assert thes.spell_out("who is the minister", initials=False) == "who is the minister"
    assert thes.spell_out("quan he viet lao") == "quan he viet lao"


def test_wider_concepts_exist_and_a_kind_names_its_wider_concept() -> None:
    thes = thesaurus()
    for concept in thes.concepts.values():
        assert set(concept.broader) <= set(thes.concepts), concept.id
    words = tokens("Hai nước ra Tuyên bố chung về quan hệ Đối tác chiến lược")
    assert concept_token("document") in concept_words(words, "")


def test_a_title_is_met_by_its_other_names() -> None:
    assert "bo truong ngoai giao" in title_forms("ngoai truong")
    assert "ngoai truong" in title_forms("bo truong ngoai giao")


def test_what_a_count_counts_is_matched_by_its_class() -> None:
    from bot.engine.passage import unit_classes

    assert unit_classes("thiet che") & unit_classes("to chuc")
    assert not unit_classes("thiet che") & unit_classes("quoc gia")
