"""Free-text answering: what a user asks, in the ways users type it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bot.engine.answer import Engine
from bot.models import FactKind
from bot.text import fold
from tests.helpers import build_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3")


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("Việt Nam có quan hệ ngoại giao với bao nhiêu quốc gia?", "189"),
        ("viet nam co quan he ngoai giao voi bao nhieu quoc gia", "189"),
        ("VN có qhe ngoại giao vs bao nhiêu nc", "189"),
        ("Đảng ta có quan hệ với bao nhiêu chính đảng?", "247"),
        ("Việt Nam đã nhận được bao nhiêu liều vaccine?", "151"),
        ("Việt Nam đã ký bao nhiêu FTA?", "15"),
        ("Bộ trưởng Ngoại giao là ai?", "Bùi Thanh Sơn"),
        ("Quan hệ Việt Nam Hàn Quốc nâng cấp năm nào?", "2022"),
        ("Việt Nam và Nhật Bản nâng cấp quan hệ khi nào?", "11/2023"),
        ("Chỉ thị 12-CT/TW", "05/01/2022"),
        ("How many FTAs has Vietnam signed?", "15"),
    ],
)
def test_answers_contain_the_fact_asked_for(engine: Engine, question: str, key: str) -> None:
    answer = engine.answer(question)
    assert answer.found, question
    assert fold(key) in fold(answer.answer)


def test_nfd_input_is_answered_like_nfc(engine: Engine) -> None:
    question = "Việt Nam có bao nhiêu đối tác chiến lược?"
    nfd = unicodedata.normalize("NFD", question)
    assert engine.answer(nfd).answer == engine.answer(question).answer


def test_every_answer_is_traceable_to_its_sentence_and_source(engine: Engine) -> None:
    answer = engine.answer("Bao nhiêu thỏa thuận quốc tế các địa phương đã ký?")
    assert answer.found
    top = answer.facts[0]
    assert "420" in top.sentence
    assert top.source.file.endswith(".txt") and top.source.title and top.source.published
    assert top.id


@pytest.mark.parametrize(
    "question",
    [
        "Thủ đô của Pháp là gì?",
        "Giá xăng hôm nay",
        "Quan hệ Việt Nam - Argentina nâng cấp khi nào?",
        "Messi ghi bao nhiêu bàn thắng?",
        "Huyện Văn Yên tổ chức lễ hội gì?",
        "qwertyuiop",
    ],
)
def test_questions_outside_the_articles_are_not_answered(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.found
    assert answer.suggestions


@pytest.mark.parametrize(
    "question",
    [
        "Ai là Bộ trưởng Quốc phòng?",  # the articles name a foreign minister, not this one
        "Ai là Bí thư Thành ủy Hà Nội?",  # they name the Đà Nẵng secretary
        "Thủ tướng Nhật Bản là ai?",
        "Việt Nam gia nhập WTO khi nào?",  # "gia nhập" is there, a date for it is not
        "Dân số Việt Nam là bao nhiêu?",  # "dân" and "số" are there, "dân số" is not
        "Quan hệ Việt Nam - Ấn Độ là đối tác gì?",
    ],
)
def test_close_but_unanswerable_questions_are_declined(engine: Engine, question: str) -> None:
    assert not engine.answer(question).found


def test_a_who_question_with_a_context_finds_the_person(engine: Engine) -> None:
    answer = engine.answer("Ai là Chủ tịch nước khi Nhật Bản nâng cấp quan hệ?")
    assert answer.found and "Võ Văn Thưởng" in answer.answer


def test_disagreeing_articles_are_both_shown(engine: Engine) -> None:
    answer = engine.answer("Việt Nam có quan hệ kinh tế, thương mại với bao nhiêu thị trường?")
    assert answer.found
    assert "224" in answer.answer and "230" in answer.answer


def test_a_document_question_gets_the_document(engine: Engine) -> None:
    answer = engine.answer("Nghị quyết 34-NQ/TW ban hành ngày nào?")
    assert answer.facts[0].kind is FactKind.DOCUMENT
    assert "09/01/2023" in answer.answer


def test_lessons_question_lists_the_five_lessons(engine: Engine) -> None:
    answer = engine.answer("Có mấy bài học kinh nghiệm về đối ngoại?")
    assert answer.found
    assert "5 bài học" in answer.answer and "5. Xây dựng tổ chức bộ máy" in answer.answer


def test_ranking_on_a_new_article(tmp_path: Path) -> None:
    from tests.helpers import ARTICLE_WITH_NEW_FACTS

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "brazil.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
    engine = build_engine(tmp_path / "db.sqlite3", seeds)
    answer = engine.answer("Kim ngạch thương mại Việt Nam - Brazil đạt bao nhiêu?")
    assert answer.found and "7 tỷ USD" in answer.answer
    assert not engine.answer("Giá lúa gạo ở Đồng Tháp bao nhiêu?").found
