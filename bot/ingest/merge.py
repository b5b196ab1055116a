"""What several mentions say about one person or one document, merged across the articles.

A person's titles are written once, in their most common spelling ("Trưởng Ban Đối ngoại Trung
ương", not also "Trưởng ban …"). Every person fact also lists all the titles of its person
(`titles`), where a bare title gives way to the fuller one the articles give the same person
("Tổng thống" -> "Tổng thống Hoa Kỳ"); the fact's own `role` stays what its sentence says, since
a question's qualifier ("Thủ tướng Thái Lan") is checked against it. A document mentioned as "Kết luận 12" and as "Kết luận số 12-KL/TW
ngày 12/8/2021 của Bộ Chính trị về …" is one document: every mention gets its number, date,
issuer and subject.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from bot.models import Fact, FactKind
from bot.text import DateValue, fold, make_date


def _titles(role: str) -> list[str]:
    return [t.strip() for t in role.split(",") if t.strip()]


def merge_people(facts: list[Fact]) -> None:
    people = [f for f in facts if f.kind is FactKind.PERSON]
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for f in people:
        for title in _titles(f.fields["role"]):
            spellings[fold(title)][title] += 1
    # The most common spelling; between equals, the one with more capitals ("Trưởng Ban …").
    canonical = {
        key: max(counts, key=lambda t: (counts[t], sum(c.isupper() for c in t)))
        for key, counts in spellings.items()
    }
    by_name: dict[str, list[str]] = defaultdict(list)
    for f in people:
        for title in _titles(f.fields["role"]):
            title = canonical[fold(title)]
            if title not in by_name[f.fields["name"]]:
                by_name[f.fields["name"]].append(title)
    fuller: dict[tuple[str, str], str] = {}
    for name, titles in by_name.items():
        for title in titles:
            longer = [t for t in titles if fold(t).startswith(fold(title) + " ")]
            if len(longer) == 1:
                fuller[(name, title)] = longer[0]
    for f in people:
        name = f.fields["name"]
        role: list[str] = []
        for title in _titles(f.fields["role"]):
            title = canonical[fold(title)]
            if title not in role:
                role.append(title)
        f.fields["role"] = ", ".join(role)
        f.fields["titles"] = [fuller.get((name, t), t) for t in by_name[name]]
        f.fields["titles"] = list(dict.fromkeys(f.fields["titles"]))


def _doc_date(value: str | None) -> DateValue | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("/")]
    return make_date(parts[-1], parts[-2], parts[0] if len(parts) == 3 else 0)


def merge_documents(facts: list[Fact]) -> None:
    groups: dict[tuple[Any, Any], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.kind is FactKind.DOCUMENT:
            groups[(f.fields.get("code"), f.fields.get("number"))].append(f)
    for mentions in groups.values():
        merged: dict[str, Any] = {}
        full = [f for f in mentions if "/" in str(f.fields.get("key"))]
        if full:
            merged["key"] = full[0].fields["key"]
        dated = sorted(
            (f.fields["date"] for f in mentions if f.fields.get("date")),
            key=lambda d: -d.count("/"),  # a day before a month
        )
        if dated:
            merged["date"] = dated[0]
        for field in ("issuer", "subject"):
            values = [f.fields[field] for f in mentions if f.fields.get(field)]
            if values:
                merged[field] = max(values, key=len) if field == "subject" else values[0]
        for f in mentions:
            for field, value in merged.items():
                if not f.fields.get(field) or field == "key":
                    f.fields[field] = value
            date = _doc_date(f.fields.get("date"))
            f.date = date.iso() if date else f.date
