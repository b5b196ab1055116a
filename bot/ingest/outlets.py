"""Vietnamese news outlets (bot/data/outlets.json): one display name for each way a page names
its outlet ("TG&VN", "Báo Thế giới và Việt Nam", baoquocte.vn)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from bot.text import clean, fold

_AGENCIES = frozenset({"TTXVN", "Reuters", "AFP", "VOV", "VTV"})


@dataclass(frozen=True)
class Outlets:
    by_alias: dict[str, str]
    by_domain: dict[str, str]
    by_label: dict[str, str]

    def named(self, text: str) -> str | None:
        """The outlet a short text names as a whole ("Báo TG&VN" -> "Báo Thế giới & Việt Nam")."""
        key = fold(clean(text)).strip(" .:-")
        if key in self.by_alias:
            return self.by_alias[key]
        return self.of_url(key) if re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", key) else None

    def of_url(self, url: str) -> str | None:
        """The outlet of a web address or domain, by its longest known domain suffix."""
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        host = host.removeprefix("www.")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            name = self.by_domain.get(".".join(parts[i:]))
            if name:
                return name
        return None

    def in_file_name(self, stem: str) -> str | None:
        """An outlet whose site label is a whole word of a file name ("04-nld-bao-ho.txt")."""
        for word in re.split(r"[^a-z0-9]+", fold(stem)):
            if word in self.by_label:
                return self.by_label[word]
        return None

    @staticmethod
    def is_agency(name: str) -> bool:
        """News agencies and broadcasters whose photos and reports many outlets carry."""
        return name in _AGENCIES


@cache
def outlets() -> Outlets:
    data = json.loads(resources.files("bot").joinpath("data/outlets.json").read_text("utf-8"))
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    by_label: dict[str, str] = {}
    for entry in data["outlets"]:
        name = entry["name"]
        for alias in [name, *entry["aliases"]]:
            by_alias.setdefault(fold(alias), name)
        for domain in entry["domains"]:
            by_domain[domain] = name
            by_alias.setdefault(fold(domain), name)
            label = domain.split(".")[0]
            if len(label) >= 3:
                by_label.setdefault(label, name)
    return Outlets(by_alias, by_domain, by_label)
