"""Passages near the question that do not answer it: an event wished for or done elsewhere, a
sentence about a third country, another holder of a title, a name the article lacks. With many
articles such passages are everywhere; they must not be given as the answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answer import Engine
from bot.engine.passage import holds_title
from bot.engine.query import parse_question
from bot.vocabulary import lexicon, visited
from tests.helpers import build_engine, engine_of_article

OLD = """Chủ tịch nước thăm Trung Quốc

Ngày đăng: 10/05/2017

Nhận lời mời của Chủ tịch Trung Quốc Tập Cận Bình, sáng 11/5/2017, Chủ tịch nước Trần Đại Quang lên đường thăm cấp Nhà nước tới Trung Quốc.

Thủ tướng Malcolm Turnbull khẳng định Australia mong muốn nâng cấp quan hệ với Việt Nam lên Đối tác chiến lược.

Tại buổi tiếp, Bộ trưởng Ngoại giao Phạm Bình Minh đánh giá cao quan hệ hợp tác giữa hai nước.

Phát biểu tại hội thảo, ông Vũ Quang Minh, Trợ lý Bộ trưởng Bộ Ngoại giao, đánh giá cao vai trò của khu vực.

Trung Quốc và Philippines ký thỏa thuận cùng khai thác dầu khí ở Biển Đông.

Tổng thống Mỹ Joe Biden sẽ thăm Việt Nam vào tháng 9/2023.

Ngày 19/5, Chủ tịch Trung Quốc Tập Cận Bình cảnh báo Philippines không khoan thăm dò dầu khí.
"""

NEW = """Quan hệ Việt Nam - Hàn Quốc phát triển mạnh mẽ

Ngày đăng: 12/09/2023

Chiều 10/9/2023, Bộ trưởng Ngoại giao Bùi Thanh Sơn tiếp Đại sứ Hàn Quốc tại Hà Nội.

Quan hệ Việt Nam - Hàn Quốc được nâng cấp lên Đối tác chiến lược toàn diện năm 2022.

Các địa phương đã ký hơn 420 thỏa thuận quốc tế với đối tác nước ngoài.

Ủy ban Hợp tác địa phương có 26 Ủy ban thành viên.

Việt Nam đã ký kết và thực thi tốt các Hiệp định quản lý biên giới với Trung Quốc.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root: Path = tmp_path_factory.mktemp("noise")
    (root / "seeds").mkdir()
    (root / "seeds" / "old.txt").write_text(OLD, encoding="utf-8")
    (root / "seeds" / "new.txt").write_text(NEW, encoding="utf-8")
    return build_engine(root / "bot.sqlite3", root / "seeds")


def test_an_upgrade_wished_for_is_no_upgrade(engine: Engine) -> None:
    assert not engine.answer("Quan hệ Việt Nam - Australia được nâng cấp khi nào?").found
    done = engine.answer("Quan hệ Việt Nam - Hàn Quốc được nâng cấp năm nào?")
    assert done.found and "2022" in done.answer


def test_unrealised_words_before_an_event() -> None:
    lex = lexicon()
    assert lex.realised(" australia mong muon nang cap quan he ", "nang cap") is False
    assert lex.realised(" hai nuoc chua ky hiep dinh ", "ky") is False
    assert lex.realised(" hai nuoc nang cap quan he ", "nang cap") is True
    assert lex.realised(" hai nuoc hop tac ", "nang cap") is None


def test_a_visit_elsewhere_does_not_date_a_visit_here(engine: Engine) -> None:
    # Neither the visit to China nor "thăm dò" (drilling) dates a visit to Việt Nam.
    assert not engine.answer("Tập Cận Bình thăm Việt Nam khi nào?").found


def test_where_a_visit_goes() -> None:
    assert visited(" tong thong han quoc tham viet nam ") == {"Việt Nam"}
    assert visited(" len duong tham cap nha nuoc toi trung quoc ") == {"Trung Quốc"}
    assert visited(" mattis tham nhat ban sau khi tham han quoc ") == {"Nhật Bản", "Hàn Quốc"}
    assert visited(" den nam 2030 ") == set()
    assert parse_question("tong thong han quoc tham vn nam nao").destinations == {"Việt Nam"}


def test_a_sentence_about_the_partner_and_a_third_country_is_not_about_us(
    engine: Engine,
) -> None:
    answer = engine.answer("Với Trung Quốc, Việt Nam đã ký thỏa thuận gì về biên giới?")
    # The agreements with China answer it, though they are "Hiệp định" and not "thỏa thuận":
    # another kind of document.
    assert answer.found and "Hiệp định quản lý biên giới" in answer.answer
    assert "Philippines" not in answer.answer


def test_another_kind_of_the_thing_asked_earns_part_of_its_words(engine: Engine) -> None:
    # "thỏa thuận" asked, "Hiệp định" said: both are documents, and the sentence covers more
    # of the question than its other words alone (0.61 without the credit).
    q = parse_question("Với Trung Quốc, Việt Nam đã ký thỏa thuận gì về biên giới?")
    top = engine.index.rank(q)[0]
    assert "Hiệp định quản lý biên giới" in top.entry.sentence.text
    assert top.coverage > 0.7


def test_the_newest_holder_of_a_title_comes_first(engine: Engine) -> None:
    answer = engine.answer("Bộ trưởng Ngoại giao là ai?")
    assert answer.found
    assert answer.answer.startswith("Bùi Thanh Sơn")
    assert "Vũ Quang Minh" not in answer.answer


def test_a_modified_title_is_another_role() -> None:
    assert not holds_title("Trợ lý Bộ trưởng Bộ Ngoại giao", "bo truong ngoai giao")
    assert not holds_title("nguyên Đại sứ", "dai su")
    assert not holds_title("Phó Thủ tướng", "thu tuong")
    assert holds_title("Phó Thủ tướng, Bộ trưởng Ngoại giao", "bo truong ngoai giao")
    assert holds_title("Ngoại trưởng", "bo truong ngoai giao")


def test_a_count_of_documents_is_not_a_count_of_committees(engine: Engine) -> None:
    answer = engine.answer("Các địa phương đã ký bao nhiêu văn bản hợp tác quốc tế?")
    assert answer.found
    assert "420 thỏa thuận" in answer.answer
    assert "Ủy ban thành viên" not in answer.answer


def test_a_place_named_in_capitals_must_be_in_the_article(engine: Engine) -> None:
    q = parse_question("Bộ trưởng Bùi Thanh Sơn tiếp Đại sứ Hàn Quốc tại phường Kỳ Trinh khi nào?")
    assert ("ky", "trinh") in q.constraints.names
    assert not engine.answer(q.raw).found
    assert engine.answer("Bộ trưởng Bùi Thanh Sơn tiếp Đại sứ Hàn Quốc khi nào?").found


def test_a_concept_written_as_a_name_must_be_in_the_article(engine: Engine) -> None:
    q = parse_question("Triển lãm ảnh Các Di sản Thế giới của Việt Nam tổ chức khi nào?")
    assert "#world_heritage" in q.constraints.entities
    assert "#world_heritage" not in parse_question("di sản thế giới là gì").constraints.entities
    assert not engine.answer(q.raw).found


def test_names_of_bodies_and_countries_are_not_place_constraints() -> None:
    q = parse_question("Việt Nam trúng cử Hội đồng Nhân quyền Liên Hợp Quốc năm nào?")
    assert q.constraints.names == []
    q = parse_question("Tổng Thư ký Liên Hợp Quốc thăm Hà Nội khi nào?")
    assert q.constraints.names == []


def test_going_somewhere_is_no_visit() -> None:
    assert parse_question("Bao nhiêu công dân bị lừa sang Campuchia?").destinations == set()
    assert parse_question("Thủ tướng thăm chính thức Nhật Bản khi nào?").destinations == {
        "Nhật Bản"
    }


def test_a_foreign_name_counts_whole_without_its_neighbours(engine: Engine) -> None:
    # "tổng thống Biden" is written "Tổng thống Mỹ Joe Biden": the name is still all there.
    q = parse_question("tong thong biden tham viet nam khi nao")
    top = engine.index.rank(q)[0]
    assert "Joe Biden" in top.entry.sentence.text
    assert top.coverage == pytest.approx(1.0)


def test_of_two_dates_in_a_list_the_one_of_the_item_asked_about(tmp_path: Path) -> None:
    article = """Một năm đối ngoại sôi động

Ngày đăng: 19/12/2023

Tổng Bí thư đã thực hiện nhiều hoạt động đối ngoại quan trọng với các nước như: chuyến thăm chính thức Trung Quốc (tháng 10/2022), đón Tổng thống Hoa Kỳ Joe Biden thăm Việt Nam (tháng 9/2023), đón Thủ tướng Nhật Bản.
"""
    engine = engine_of_article(tmp_path, "list", article)
    answer = engine.answer("biden tham vn khi nao")
    assert answer.found and answer.answer.startswith("9/2023")


def test_a_passage_on_another_happening_is_no_rival_answer(tmp_path: Path) -> None:
    # The sentences on "cấp cao nhất" say no upgrade: they neither stand before the one that
    # does nor keep it from being the answer.
    article = """Quan hệ Việt Nam - Hàn Quốc

Ngày đăng: 12/09/2023

Quan hệ Việt Nam - Hàn Quốc được tăng cường sau khi hai nước nâng cấp lên Đối tác chiến lược toàn diện năm 2022.

Lãnh đạo Hàn Quốc và Việt Nam nhất trí thúc đẩy quan hệ, tiếp xúc cấp cao nhất năm 2017.

Hai nước thúc đẩy quan hệ hợp tác và tiếp xúc cấp cao nhất nhân dịp kỷ niệm năm 2012.
"""
    engine = engine_of_article(tmp_path, "korea", article)
    answer = engine.answer("Hàn Quốc nâng quan hệ với ta lên cấp cao nhất năm nào?")
    assert answer.found and answer.answer.startswith("2022")
