"""The word index reads any stretch of a text as `content_tokens` reads that stretch alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.text import content_tokens
from tui.engine.word_index import WordIndex

SAMPLE = (
    "The mayor’s mid-2025 plan cut 4,000 jobs (about 5%) — Kovac's team said; "
    'U.S. officials, in a 48-page report, called it "a well-known risk".\n  Ana  O\'Neil-Berg '
    "won 97-1."
)
_PIECES = st.sampled_from(
    ["mayor", "’s", "'s", " ", "  ", "\n", "-", "4,000", "5%", "(", ")", ".", "U.S.", "Kovac",
     "mid", "2025", "the", "a", "—", "well-known", "O'Neil", "\"", "Σ", "ΟΔΟΣ", "x", "İ"]
)  # fmt: skip


def _digitless(tokens: list[str]) -> list[str]:
    return [t for t in tokens if not any(ch.isdigit() for ch in t)]


def _check(text: str) -> None:
    index = WordIndex(text)
    for pos in range(len(text) + 1):
        for count in (0, 1, 2, 8):
            before = _digitless(content_tokens(text[:pos]))
            assert index.words_before(pos, count) == (before[-count:] if count else [])
            assert index.words_after(pos, count) == _digitless(content_tokens(text[pos:]))[:count]
        for hi in range(pos, min(len(text), pos + 40) + 1):
            assert index.tokens_between(pos, hi, 3) == content_tokens(text[pos:hi])[:3]


def test_every_stretch_of_a_news_sentence_reads_as_it_does_alone() -> None:
    _check(SAMPLE)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_every_stretch_of_any_text_reads_as_it_does_alone(text: str) -> None:
    _check(text)
