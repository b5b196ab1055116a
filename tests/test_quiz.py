"""Quizzes from the extracted facts: one right option equal to the fact's value, within limits."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.constants import PollLimit

from bot.chat import quiz as quiz_module
from bot.chat.quiz import BLANK, OPTIONS, QuizMaker
from bot.chat.quiz_topics import Topic, parse_wanted
from bot.engine.answer import Engine
from bot.models import Fact, FactKind
from bot.text import DateValue, fold
from tests.helpers import build_engine

QUIZZABLE = (FactKind.FIGURE, FactKind.EVENT, FactKind.PARTNER, FactKind.DOCUMENT, FactKind.PERSON)


@cache
def corpus_engine() -> Engine:
    """The engine over the real seeds, built once for this module's property tests."""
    import tempfile

    return build_engine(Path(tempfile.mkdtemp()) / "bot.sqlite3")


def facts() -> list[Fact]:
    return [f for f in corpus_engine().every_fact() if f.kind in QUIZZABLE]


def is_fact_value(option: str, fact: Fact) -> bool:
    """Whether an option states the value the fact holds, read from the fact's own fields."""
    if fact.kind is FactKind.FIGURE:
        number = option.replace(".", "").replace(",", ".")
        try:
            return float(number) == float(fact.fields["number"])
        except ValueError:
            return False
    if fact.kind is FactKind.EVENT:
        return option == DateValue.from_iso(fact.date or "0").display()
    if fact.kind is FactKind.PARTNER:
        return option in (fact.fields["framework"], fact.fields["country"])
    if fact.kind is FactKind.DOCUMENT:
        return option == fact.fields["key"]
    return option == fact.fields["name"]


def test_limits_are_telegrams() -> None:
    assert quiz_module.QUESTION_LIMIT == PollLimit.MAX_QUESTION_LENGTH
    assert quiz_module.OPTION_LIMIT == PollLimit.MAX_OPTION_LENGTH
    assert quiz_module.EXPLANATION_LIMIT == PollLimit.MAX_EXPLANATION_LENGTH


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subset=st.lists(st.sampled_from(facts()), min_size=4, max_size=120, unique_by=lambda f: f.id),
    lang=st.sampled_from(["vi", "en"]),
)
def test_every_quiz_has_one_right_option_equal_to_its_fact_and_fits_telegram(
    subset: list[Fact], lang: str
) -> None:
    for quiz in QuizMaker(subset).all(lang):
        assert len(quiz.options) == OPTIONS
        assert len({fold(o) for o in quiz.options}) == OPTIONS
        assert [is_fact_value(o, quiz.fact) for o in quiz.options].count(True) == 1
        assert is_fact_value(quiz.answer, quiz.fact)
        assert 1 <= len(quiz.question) <= quiz_module.QUESTION_LIMIT
        assert all(1 <= len(o) <= quiz_module.OPTION_LIMIT for o in quiz.options)
        assert len(quiz.explanation) <= quiz_module.EXPLANATION_LIMIT
        assert quiz.answer in quiz.explanation
        if quiz.topic in (Topic.FIGURE, Topic.DATE, Topic.PERSON):
            # A cloze: the value is blanked out once and not given away elsewhere.
            assert quiz.question.count(BLANK) == 1
            assert not re.search(
                rf"(?<![\d.,/]){re.escape(quiz.answer)}(?![\d/]|[.,]\d)", quiz.question
            )


def test_the_corpus_gives_quizzes_of_every_kind() -> None:
    topics = {q.topic for q in QuizMaker(facts()).all()}
    assert topics == set(Topic)


def test_distractors_of_a_figure_share_its_scale() -> None:
    maker = QuizMaker(facts())
    for quiz in maker.all():
        if quiz.topic is Topic.FIGURE:
            value = float(quiz.fact.fields["value"]) / float(quiz.fact.fields["number"])
            assert value in (1.0, 1e3, 1e6, 1e9)
            for option in quiz.options:
                n = float(option.replace(".", "").replace(",", "."))
                assert 0.1 <= n / float(quiz.fact.fields["number"]) <= 10


def test_distractors_of_a_date_have_its_precision() -> None:
    for quiz in QuizMaker(facts()).all():
        if quiz.topic is Topic.DATE:
            shapes = {o.count("/") for o in quiz.options}
            assert len(shapes) == 1


@pytest.mark.parametrize(
    ("arg", "topic", "year"),
    [
        ("2023", None, 2023),
        ("đối tác", Topic.PARTNER, None),
        ("van kien 2022", Topic.DOCUMENT, 2022),
    ],
)
def test_topic_narrows_by_kind_and_year(arg: str, topic: Topic | None, year: int | None) -> None:
    wanted = parse_wanted(arg)
    assert (wanted.topic, wanted.year) == (topic, year)
    quizzes = [
        q for f in QuizMaker(facts()).candidates(wanted) if (q := QuizMaker(facts()).quiz(f))
    ]
    assert quizzes
    if topic is not None:
        assert {q.topic for q in quizzes} == {topic}
    if year is not None:
        assert all(
            str(year) in q.fact.sentence or (q.fact.date or "").startswith(str(year))
            for q in quizzes
        )


def test_words_narrow_to_facts_that_contain_them() -> None:
    maker = QuizMaker(facts())
    hits = maker.candidates(parse_wanted("FTA"))
    assert hits and all("fta" in fold(f.sentence) for f in hits)
    assert maker.candidates(parse_wanted("xyzzy")) == []
