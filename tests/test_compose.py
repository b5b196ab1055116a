"""What a user reads first (bot.engine.compose), over an article of our own."""

from __future__ import annotations

import pytest

from bot.engine.answer import Engine
from tests.helpers import engine_of_article

ARTICLE = """Việt Nam và Brazil nâng cấp quan hệ

Ngày đăng: 20/11/2024

Chiều nay, tại Brasilia, Chủ tịch nước hội đàm với Tổng thống Brazil Lula da Silva.

Hai bên nhất trí nâng quan hệ lên Đối tác chiến lược.

Kim ngạch thương mại song phương năm 2023 đạt hơn 6,8 tỷ USD.

Hai nước cũng thống nhất ba ưu tiên hợp tác là nông nghiệp, năng lượng và khoa học công nghệ.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_of_article(tmp_path_factory.mktemp("brazil"), "brazil", ARTICLE)


def test_a_date_asked_comes_first_resolved_from_chieu_nay(engine: Engine) -> None:
    answer = engine.answer("Chủ tịch nước hội đàm với Tổng thống Brazil khi nào?")
    assert answer.found
    assert answer.answer.startswith("20/11/2024")


def test_a_figure_asked_comes_first(engine: Engine) -> None:
    answer = engine.answer("Kim ngạch thương mại Việt Nam Brazil năm 2023 là bao nhiêu?")
    assert answer.found
    assert answer.answer.startswith("hơn 6,8 tỷ USD")


def test_hai_ben_comes_with_the_sentence_it_refers_to(engine: Engine) -> None:
    answer = engine.answer("Việt Nam và Brazil nâng quan hệ lên mức nào?")
    assert answer.found
    assert "Lula da Silva" in answer.answer and "Đối tác chiến lược" in answer.answer


def test_the_facts_cited_are_those_of_the_passage_shown(engine: Engine) -> None:
    answer = engine.answer("Kim ngạch thương mại Việt Nam Brazil năm 2023 là bao nhiêu?")
    assert "6,8" in answer.facts[0].sentence


def test_a_long_enumeration_is_shown_by_its_head_and_the_clause_asked() -> None:
    from bot.engine.compose import focus
    from bot.engine.query import parse_question

    items = "; ".join(
        f"Chỉ thị số {n}-CT/TW ngày 5/1/2022 của Ban Bí thư về lĩnh vực thứ {n} của công tác đối ngoại"
        for n in range(10, 16)
    )
    text = f"Bộ Chính trị, Ban Bí thư đã ban hành nhiều văn bản như: {items}; Kết luận số 53-KL/TW về đối ngoại quốc phòng đến năm 2030."
    shown = focus(text, parse_question("Văn bản nào về đối ngoại quốc phòng đến năm 2030?"))
    assert shown.startswith("Bộ Chính trị, Ban Bí thư đã ban hành nhiều văn bản như: …")
    assert "53-KL/TW" in shown and len(shown) < 200
