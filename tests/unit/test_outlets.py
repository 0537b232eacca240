"""What outlets are called: the same name and the same few letters in every view."""

from __future__ import annotations

from tui.model import Source
from tui.outlets import abbreviations, outlet_name


def _source(stem: str, outlet: str | None = None, url: str | None = None) -> Source:
    return Source(stem, f"{stem}.txt", "", outlet or stem, url=url)


def test_numbered_and_hashed_file_names_lose_their_ordinal_and_hash() -> None:
    numbered = [_source(s) for s in ("01_huffpost", "02_nytimes", "03_right_daily-wire")]
    assert [outlet_name(s, n) for n, s in enumerate(numbered, 1)] == [
        "huffpost",
        "nytimes",
        "right_daily-wire",
    ]
    assert abbreviations(numbered) == ["huff", "nyti", "RDW"]
    hashed = _source("000_321e8bb5b7ded788")
    assert outlet_name(hashed, 1) == "000" and abbreviations([hashed]) == ["000"]
    assert outlet_name(_source("cnn_a1b2c3d4e5"), 1) == "cnn"  # a hash inside the name too
    assert outlet_name(_source("report-20241017"), 1) == "report-20241017"  # a date: kept
    assert outlet_name(_source("a1b2c3d4e5f6"), 4) == "source 4"  # nothing but a hash


def test_a_known_name_or_address_comes_first_and_clashes_get_a_number() -> None:
    named = [
        _source("a", "Daily News Herald"),
        _source("b", url="https://www.reuters.example/world/1"),
        _source("c", "Reuters Wire"),
        _source("d", "Reuters World"),
    ]
    assert outlet_name(named[1], 2) == "reuters.example"
    assert abbreviations(named) == ["DNH", "reut", "RW", "RW2"]
