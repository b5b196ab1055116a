"""Passages that say what was asked in the words of another sentence or of the question's own
names: "Đây là lần thứ 2 ...", a full name holding function words, a capital for its country."""

from __future__ import annotations

import pytest

from bot.engine.answer import Engine
from bot.engine.passage import opens_with_reference, refers_back
from bot.engine.query import Intent, parse_question
from tests.helpers import engine_of_article

ARTICLE = """Việt Nam đảm nhận cương vị Chủ tịch Hội đồng Bảo an

Ngày đăng: 02/01/2030

Tối qua (1/1), Việt Nam chính thức đảm nhận cương vị Chủ tịch Hội đồng Bảo an Liên Hợp Quốc trong tháng 1.

Đây là lần thứ 2 Việt Nam giữ chức vụ này.

Đẩy mạnh hợp tác đa phương là ưu tiên của ngành ngoại giao trong năm 2030.

Kim ngạch thương mại giữa Việt Nam và Chile đạt 1,9 tỷ USD.

Hai nước cũng nhất trí ba lĩnh vực ưu tiên là nông nghiệp, khai khoáng và du lịch.

Hiệp hội các quốc gia Đông Nam Á sẽ họp tại Jakarta ngày 15/3.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_of_article(tmp_path_factory.mktemp("unsc"), "unsc", ARTICLE)


def test_a_sentence_opening_with_day_answers_in_the_words_of_the_one_before(
    engine: Engine,
) -> None:
    answer = engine.answer("vn giu cuong vi chu tich hoi dong bao an lan thu may")
    assert answer.found
    assert "lần thứ 2" in answer.answer


def test_hai_nuoc_refers_to_the_parties_not_to_what_the_sentence_before_said(
    engine: Engine,
) -> None:
    answer = engine.answer("Kim ngạch thương mại Việt Nam Chile là bao nhiêu?")
    assert answer.found
    assert answer.answer.startswith("1,9 tỷ USD")


def test_what_refers_back_is_read_with_its_diacritics() -> None:
    assert refers_back("Đây là lần thứ 2 Việt Nam giữ chức vụ này.")
    assert refers_back("Nghị quyết này đề ra ba nhiệm vụ.")
    assert not refers_back("Đẩy mạnh hợp tác đa phương là ưu tiên.")
    assert not refers_back("Hai bên nhất trí nâng cấp quan hệ.")
    assert opens_with_reference("Hai bên nhất trí nâng cấp quan hệ.")


def test_a_name_holding_function_words_is_still_its_concept() -> None:
    q = parse_question("Hiệp hội các quốc gia Đông Nam Á họp ở đâu?")
    assert "#asean" in [token for token, _ in q.concepts]


def test_hom_nao_asks_for_a_date(engine: Engine) -> None:
    q = parse_question("Việt Nam nhận cương vị Chủ tịch Hội đồng Bảo an vào tối hôm nào?")
    assert q.intent is Intent.DATE and q.asks_day
    assert "hom" not in q.words


def test_the_home_capital_stands_for_the_country(engine: Engine) -> None:
    answer = engine.answer("Hà Nội đảm nhận cương vị Chủ tịch Hội đồng Bảo an tối hôm nào?")
    assert answer.found
    assert "1/1" in answer.answer


def test_a_second_title_after_kiem_is_no_qualifier_and_is_met_by_its_other_name(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Việt Nam và Chile ký Tuyên bố chung

Ngày đăng: 10/05/2030

Trong chuyến thăm Chile tháng 5/2030, Phó Thủ tướng, Bộ trưởng Ngoại giao Trần Văn An và Ngoại trưởng Chile ký Tuyên bố chung về hợp tác nông nghiệp.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("chile"), "chile", article)
    answer = engine.answer("Vị Phó Thủ tướng kiêm Ngoại trưởng nào thăm Chile năm 2030?")
    assert answer.found and answer.answer.startswith("Trần Văn An")
    document = engine.answer("Việt Nam và Chile ký văn kiện gì về hợp tác nông nghiệp?")
    assert document.found and "Tuyên bố chung" in document.answer


FORMAT_ARTICLE = """Hội nghị Cấp cao Mekong - Lan Thương năm 2031

Ngày đăng: 12/03/2031

Do thời tiết xấu, lần đầu tiên cả hai hội nghị cấp cao của Mekong - Lan Thương năm 2031 phải tổ chức trực tuyến.

Năm 2009, hai nước ra Tuyên bố chung đưa quan hệ đi vào chiều sâu theo hướng “Quan hệ Đối tác vì thịnh vượng chung”.
"""


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_of_article(tmp_path_factory.mktemp("mekong"), "mekong", FORMAT_ARTICLE)


def test_hinh_thuc_nao_is_answered_by_how_the_meeting_was_held(formats: Engine) -> None:
    answer = formats.answer(
        "Năm 2031 hai hội nghị cấp cao Mekong - Lan Thương tổ chức theo hình thức nào?"
    )
    assert answer.found and "trực tuyến" in answer.answer


def test_hinh_thuc_nao_is_not_answered_by_a_passage_that_does_not_say_how(formats: Engine) -> None:
    answer = formats.answer("Năm 2009 hai nước ra Tuyên bố chung theo hình thức nào?")
    assert not answer.found


def test_a_framework_the_article_names_in_capitals_answers_quan_he_gi(formats: Engine) -> None:
    answer = formats.answer("nam 2009 hai nuoc ra tuyen bo chung ve qh gi")
    assert answer.found and "Đối tác vì thịnh vượng chung" in answer.answer


def test_a_term_the_question_names_itself_does_not_answer_which_term(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Việt Nam trúng cử Ủy ban Pháp luật quốc tế

Ngày đăng: 20/11/2031

Việt Nam trúng cử Ủy ban Pháp luật quốc tế nhiệm kỳ 2032 – 2036 với 150 phiếu.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("ilc"), "ilc", article)
    assert (
        "2032" in engine.answer("Việt Nam trúng cử Ủy ban Pháp luật quốc tế nhiệm kỳ nào?").answer
    )
    before = engine.answer(
        "Trước nhiệm kỳ 2032-2036, Việt Nam từng là thành viên Ủy ban Pháp luật quốc tế nhiệm kỳ nào?"
    )
    assert not before.found


def test_a_date_question_puts_first_the_passage_dating_the_event_it_names(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Việt Nam trúng cử Hội đồng Kinh tế và Xã hội

Ngày đăng: 12/06/2025

Hôm 11/6, Đại hội đồng Liên Hợp Quốc bầu Việt Nam làm thành viên Hội đồng Kinh tế và Xã hội nhiệm kỳ 2026 – 2028.

Nhiệm kỳ mới của Việt Nam tại Hội đồng sẽ chính thức bắt đầu vào ngày 1/1/2026.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("ecosoc"), "ecosoc", article)
    q = parse_question("Nhiệm kỳ Hội đồng Kinh tế và Xã hội của Việt Nam bắt đầu từ ngày nào?")
    assert q.focus == ["bat", "dau"]
    ranked = engine.index.rank(q)
    assert "bắt đầu vào ngày 1/1/2026" in ranked[0].entry.sentence.text


VOTES = """Việt Nam trúng cử Hội đồng Kinh tế và Xã hội

Ngày đăng: 15/06/2025

Hôm 14/6, Đại hội đồng Liên Hợp Quốc bầu 18 nước vào Hội đồng Kinh tế và Xã hội nhiệm kỳ 2026 – 2028.

Trong nhóm châu Phi, Nam Phi nhận được 180 phiếu ủng hộ.

Tại khu vực châu Á, Nhật Bản nhận được 170 phiếu ủng hộ, theo sau là Việt Nam (160), Mông Cổ (150).
"""


@pytest.fixture(scope="module")
def votes(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_of_article(tmp_path_factory.mktemp("votes"), "votes", VOTES)


def test_the_count_of_the_country_asked_in_an_enumeration_comes_first(votes: Engine) -> None:
    answer = votes.answer("Tại khu vực châu Á, Việt Nam nhận được bao nhiêu phiếu ủng hộ?")
    assert answer.found and answer.answer.startswith("160 phiếu ủng hộ")


def test_a_count_of_another_country_does_not_answer_what_vietnam_got(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = VOTES.rsplit("\n\n", 1)[0] + "\n"
    engine = engine_of_article(tmp_path_factory.mktemp("votes2"), "votes", article)
    answer = engine.answer("How many votes did Vietnam receive in the ECOSOC election?")
    assert not answer.found


def test_a_sentence_naming_the_people_counted_before_is_read_with_that_sentence(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Giải cứu công dân tại Myanmar

Ngày đăng: 02/09/2025

Ngày 26/8, Đại sứ quán Việt Nam tại Myanmar phối hợp với lực lượng chức năng giải cứu 41 lao động Việt Nam. Đến chiều 29/8, Đại sứ quán đã phối hợp với Đồn Biên phòng Tây Trang đưa toàn bộ những người này về nước.

Ngày 1/9, Đại sứ quán tổ chức đưa 12 du học sinh về nước qua cửa khẩu Mộc Bài.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("myanmar"), "myanmar", article)
    ranked = engine.index.rank(parse_question("41 lao dong dc dua ve qua don bien phong nao"))
    assert "Tây Trang" in ranked[0].entry.sentence.text
    assert ranked[0].score > ranked[1].score
    assert refers_back("Đại sứ quán đưa toàn bộ những người này về nước.")


def test_a_person_without_the_title_asked_is_not_put_first(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Thủ tướng hội đàm tại Liên Hợp Quốc

Ngày đăng: 30/05/2025

Ngày 29/5, tại Trụ sở Liên Hợp Quốc, Thủ tướng Phạm Minh Chính đã hội đàm với Tổng Thư ký Liên Hợp Quốc Antonio Guterres.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("unsg"), "unsg", article)
    answer = engine.answer("Ai là Tổng Thư ký Liên Hợp Quốc?")
    assert not answer.answer.startswith("Phạm Minh Chính")


def test_a_title_given_to_vietnam_is_not_another_countrys(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Đại sứ Thổ Nhĩ Kỳ làm việc tại Washington

Ngày đăng: 20/05/2025

Ngày 19/5, Đại sứ Thổ Nhĩ Kỳ tại Mỹ Serdar Kılıç đã gặp các nghị sĩ tại Washington.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("turkey"), "turkey", article)
    assert not engine.answer("dai su viet nam tai tho nhi ky la ai").found
    assert parse_question("Đại sứ Việt Nam tại Thổ Nhĩ Kỳ là ai?").home_title


def test_another_countrys_holder_of_the_title_does_not_answer_who_holds_vietnams(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Bàn giao tàu tuần tra

Ngày đăng: 20/05/2025

Ngày 19/5, Đại sứ Mỹ Marc Knapper dự lễ bàn giao 6 tàu tuần tra cho Cảnh sát biển Việt Nam.

Ngày 18/5, Bộ trưởng Ngoại giao Ả Rập Saudi Faisal bin Farhan phát biểu tại Riyadh.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("envoys"), "envoys", article)
    assert not engine.answer("Đại sứ Việt Nam tại Hoa Kỳ là ai?").found
    assert not engine.answer("Bộ trưởng Ngoại giao là ai?").found


def test_a_title_named_with_a_country_stands_with_that_country(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    article = """Bộ trưởng Quốc phòng Mỹ thăm châu Á

Ngày đăng: 05/02/2025

Ngày 4/2, Bộ trưởng Quốc phòng Mỹ thăm Nhật Bản sau khi thăm Hàn Quốc. Trước đó, Tổng thống Mỹ đã điện đàm với Thủ tướng Nhật Bản.
"""
    engine = engine_of_article(tmp_path_factory.mktemp("tour"), "tour", article)
    ranked = engine.index.rank(parse_question("Tổng thống Hàn Quốc thăm Nhật Bản năm nào?"))
    assert all("title" in s.unmet for s in ranked)


def test_countries_in_old_style_transliteration() -> None:
    from bot.vocabulary import lexicon

    assert lexicon().countries_in("Chính phủ I-ta-li-a sẽ tăng cường hợp tác") == ["Italy"]
