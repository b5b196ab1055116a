"""Free-text answering: what a user asks, in the ways users type it."""

from __future__ import annotations

import asyncio
import unicodedata
from pathlib import Path

import pytest

from bot.chat.registry import respond
from bot.chat.render import render_plain
from bot.engine.answer import Engine
from bot.models import FactKind
from bot.text import fold
from tests.helpers import build_engine, engine_of_article


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
    shown = answer.answer + " ".join(f.sentence for f in answer.alternatives)
    assert "224" in shown and "230" in shown
    reply = asyncio.run(
        respond(engine, None, "Việt Nam có quan hệ kinh tế, thương mại với bao nhiêu thị trường?")
    )
    text = render_plain(reply)
    assert "Nguồn khác" in text and "224" in text and "230" in text


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


SUMMIT_ARTICLE = """Hội nghị Cấp cao ASEAN lần thứ 42 khai mạc tại Labuan Bajo

Ngày đăng: 10/05/2023

Sáng nay, Hội nghị Cấp cao ASEAN lần thứ 42 khai mạc tại Labuan Bajo, Indonesia.

Thủ tướng Phạm Minh Chính dẫn đầu Đoàn Việt Nam dự Hội nghị.

Bên lề Hội nghị, Thủ tướng Phạm Minh Chính hội kiến Tổng thống Indonesia Joko Widodo. Hai bên nhất trí thúc đẩy hợp tác kinh tế số và chuyển đổi năng lượng.

Vốn đầu tư nước ngoài vào khu vực năm 2022 đạt 224 tỷ USD.
"""


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over one article of our own: a summit, a meeting and a figure."""
    return engine_of_article(tmp_path_factory.mktemp("summit"), "summit", SUMMIT_ARTICLE)


def test_a_when_question_gets_the_date_first_also_from_sang_nay(summit: Engine) -> None:
    answer = summit.answer("Hội nghị Cấp cao ASEAN lần thứ 42 khai mạc khi nào?")
    assert answer.found
    assert answer.answer.startswith("10/5/2023")


@pytest.mark.parametrize(
    "question",
    [
        "Hội nghị Cấp cao ASEAN lần thứ 43 khai mạc khi nào?",
        "Vốn FDI vào khu vực năm 2019 là bao nhiêu?",
        "Tổng thống Philippines dự Hội nghị Cấp cao ASEAN 42 không?",
        "Thủ tướng Thái Lan là ai?",
    ],
)
def test_a_passage_about_another_summit_year_or_person_is_no_answer(
    summit: Engine, question: str
) -> None:
    assert not summit.answer(question).found


def test_a_concept_in_other_words_is_found(summit: Engine) -> None:
    answer = summit.answer("Vốn FDI vào khu vực năm 2022 là bao nhiêu?")
    assert answer.found
    assert "224" in answer.answer


def test_who_gets_the_person_with_the_title(summit: Engine) -> None:
    answer = summit.answer("Ai dẫn đầu Đoàn Việt Nam dự Hội nghị Cấp cao ASEAN lần thứ 42?")
    assert answer.found
    assert "Phạm Minh Chính" in answer.answer


def test_hai_ben_is_answered_with_the_sentence_that_names_both_sides(summit: Engine) -> None:
    answer = summit.answer("Việt Nam và Indonesia nhất trí thúc đẩy hợp tác trong lĩnh vực gì?")
    assert answer.found
    assert "Joko Widodo" in answer.answer and "kinh tế số" in answer.answer


def test_not_found_hints_are_taken_from_the_corpus(summit: Engine) -> None:
    reply = asyncio.run(respond(summit, None, "Giá vàng hôm nay bao nhiêu?"))
    assert not reply.found
    assert "/event 10-05-2023" in reply.suggestions


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("bao nhieu nuoc co quan he ngoai giao voi vn", "189"),
        ("Việt Nam có quan hệ kinh tế thương mại với bao nhiêu nước?", "230"),
    ],
)
def test_the_figure_shown_first_is_the_one_of_the_clause_asked(
    engine: Engine, question: str, value: str
) -> None:
    answer = engine.answer(question)
    assert answer.found
    assert value in answer.answer.split(":", 1)[0]


def test_another_count_of_another_thing_is_not_shown_as_another_source(engine: Engine) -> None:
    answer = engine.answer("Việt Nam có quan hệ ngoại giao với bao nhiêu nước?")
    assert answer.found
    assert not any("chính đảng" in f.sentence for f in answer.alternatives)
