"""Commands, the same in the terminal and in Telegram: what a user sees for each."""

from __future__ import annotations

import asyncio

import pytest

from bot.chat.registry import respond
from bot.chat.render import render_plain
from bot.engine.answer import Engine
from tests.helpers import build_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3")


def say(engine: Engine, text: str, lang: str = "vi") -> tuple[bool, str]:
    reply = asyncio.run(respond(engine, None, text, lang))
    return reply.found, render_plain(reply)


@pytest.mark.parametrize("date", ["14-12-2021", "14/12/2021", "2021-12-14"])
def test_event_on_a_day_lists_the_conference(engine: Engine, date: str) -> None:
    found, text = say(engine, f"/event {date}")
    assert found
    assert "Hội nghị" in text and "14/12/2021" in text


def test_event_for_a_month_and_a_year_lists_oldest_first(engine: Engine) -> None:
    found, text = say(engine, "/event 2023")
    assert found
    dates = [line.split(":")[0].lstrip("• ") for line in text.splitlines() if line.startswith("• ")]
    assert dates == sorted(dates, key=lambda d: tuple(reversed([int(x) for x in d.split("/")])))
    found, text = say(engine, "/event 12/2021")
    assert found and "14/12/2021" in text


@pytest.mark.parametrize("arg", ["31-02-2021", "abc", "", "99/99/9999"])
def test_event_with_a_bad_date_gets_one_clear_line(engine: Engine, arg: str) -> None:
    found, text = say(engine, f"/event {arg}")
    assert not found
    assert "/event 14-12-2021" in text
    assert len(text.splitlines()) == 1


def test_event_on_an_empty_day_shows_the_nearest_dates(engine: Engine) -> None:
    found, text = say(engine, "/event 15-12-2021")
    assert not found
    assert "14/12/2021" in text


def test_partners_lists_counts_and_countries(engine: Engine) -> None:
    found, text = say(engine, "/partners")
    assert found
    assert "30" in text
    for country in ("Hoa Kỳ", "Nhật Bản", "Hàn Quốc", "Trung Quốc"):
        assert country in text


@pytest.mark.parametrize("arg", ["Nhật", "Nhật Bản", "nhat ban", "Japan"])
def test_partners_narrows_to_one_country(engine: Engine, arg: str) -> None:
    found, text = say(engine, f"/partners {arg}")
    assert found
    assert "Nhật Bản" in text and "11/2023" in text
    assert "Hàn Quốc:" not in text


def test_partners_understands_my_for_the_united_states(engine: Engine) -> None:
    found, text = say(engine, "/partners my")
    assert found and "Hoa Kỳ" in text and "9/2023" in text


def test_partners_with_an_unknown_country_says_so(engine: Engine) -> None:
    found, text = say(engine, "/partners Argentina")
    assert not found and "Argentina" in text


def test_lessons_gives_five_in_order(engine: Engine) -> None:
    found, text = say(engine, "/lessons")
    assert found
    assert [line[:2] for line in text.splitlines() if line[:1].isdigit()] == [
        "1.",
        "2.",
        "3.",
        "4.",
        "5.",
    ]


def test_documents_by_number(engine: Engine) -> None:
    found, text = say(engine, "/documents 34-NQ/TW")
    assert found and "09/01/2023" in text and "Bộ Chính trị" in text
    found, text = say(engine, "/documents 999")
    assert not found


def test_people_by_name_without_diacritics(engine: Engine) -> None:
    found, text = say(engine, "/people bui thanh son")
    assert found and "Bùi Thanh Sơn" in text and "Bộ trưởng Ngoại giao" in text


def test_figures_by_topic(engine: Engine) -> None:
    found, text = say(engine, "/figures vắc-xin")
    assert found and "151" in text


def test_source_shows_the_paragraph(engine: Engine) -> None:
    fact = next(f for f in engine.every_fact() if "247 chính đảng" in f.sentence)
    found, text = say(engine, f"/source {fact.id}")
    assert found and "247 chính đảng" in text
    found, text = say(engine, "/source nope")
    assert not found


def test_about_describes_the_corpus(engine: Engine) -> None:
    found, text = say(engine, "/about")
    assert found and "5 bài báo" in text and "Báo Hà Tĩnh" in text


def test_unknown_commands_point_to_help(engine: Engine) -> None:
    found, text = say(engine, "/frobnicate now")
    assert not found and "/help" in text


def test_english_interface_keeps_facts_in_vietnamese(engine: Engine) -> None:
    found, text = say(engine, "/event 14-12-2021", lang="en")
    assert found
    assert text.startswith("Events 14/12/2021")
    assert "Hội nghị Đối ngoại toàn quốc" in text


def test_about_speaks_the_interface_language(engine: Engine) -> None:
    _found, vi = say(engine, "/about")
    _found, en = say(engine, "/about", lang="en")
    assert "5 bài báo" in vi and "Dữ kiện:" in vi
    assert "5 articles" in en and "Facts:" in en and "bài báo" not in en
