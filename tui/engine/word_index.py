"""The content words of any stretch of one text, from one tokenisation of the whole text.

The number findings read the words before and after every number of a passage. Tokenising
the text before each number anew made a paragraph of 2,000 numbers take 40 s (quadratic).
Tokens never cross whitespace, so the text is tokenised once, chunk by whitespace-separated
chunk, and a stretch is read as its whole chunks plus the cut pieces of the chunks at its
ends: exactly the tokens `content_tokens` gives for that stretch.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tui.engine.text import content_tokens

__all__ = ["WordIndex"]

_CHUNK_RE = re.compile(r"\S+")
# Chunk -> (its tokens, those without digits): stories repeat their words, and a dict lookup
# per chunk instead of tokenising each made the index as cheap as the two `content_tokens`
# calls per number it replaces on short sentences (0.21 s -> 0.12 s at 100 articles).
_CHUNKS: dict[str, tuple[list[str], list[str]]] = {}
_CHUNK_CACHE_LIMIT = 200_000


def _plain(tokens: list[str]) -> list[str]:
    return [t for t in tokens if not any(ch.isdigit() for ch in t)]


def _chunk_tokens(chunk: str) -> tuple[list[str], list[str]]:
    found = _CHUNKS.get(chunk)
    if found is None:
        if len(_CHUNKS) > _CHUNK_CACHE_LIMIT:
            _CHUNKS.clear()
        tokens = content_tokens(chunk)
        found = _CHUNKS[chunk] = (tokens, _plain(tokens))
    return found


class WordIndex:
    """`content_tokens` of stretches of `text`, each in time independent of the text's length."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.tokens: list[str] = []  # every whole chunk's tokens, in order
        self.first: list[int] = []  # where each chunk's tokens start in `tokens`
        self.words: list[str] = []  # the same without tokens holding a digit
        self.first_word: list[int] = []
        for match in _CHUNK_RE.finditer(text):
            self.starts.append(match.start())
            self.ends.append(match.end())
            found, plain = _chunk_tokens(match.group())
            self.first.append(len(self.tokens))
            self.tokens.extend(found)
            self.first_word.append(len(self.words))
            self.words.extend(plain)
        self.first.append(len(self.tokens))
        self.first_word.append(len(self.words))

    def words_before(self, pos: int, count: int) -> list[str]:
        """The last `count` tokens without digits of `content_tokens(text[:pos])`."""
        k = bisect_right(self.ends, pos)  # chunks before k end at or before pos
        whole = self.words[max(0, self.first_word[k] - count) : self.first_word[k]]
        if k < len(self.starts) and self.starts[k] < pos:
            whole = whole + _plain(content_tokens(self.text[self.starts[k] : pos]))
        return whole[-count:] if count else []

    def words_after(self, pos: int, count: int) -> list[str]:
        """The first `count` tokens without digits of `content_tokens(text[pos:])`."""
        k = bisect_right(self.ends, pos)  # the first chunk ending after pos
        found: list[str] = []
        if k < len(self.starts) and self.starts[k] < pos:
            found = _plain(content_tokens(self.text[pos : self.ends[k]]))
            k += 1
        found.extend(self.words[self.first_word[k] : self.first_word[k] + count])
        return found[:count]

    def tokens_between(self, lo: int, hi: int, count: int) -> list[str]:
        """The first `count` tokens of `content_tokens(text[lo:hi])`."""
        if hi <= lo:
            return []
        k = bisect_right(self.ends, lo)  # the first chunk ending after lo
        found: list[str] = []
        if k < len(self.starts) and self.starts[k] < lo:
            found = content_tokens(self.text[lo : min(self.ends[k], hi)])
            k += 1
        last = bisect_right(self.ends, hi)  # chunks k..last-1 lie whole inside
        if last > k and len(found) < count:
            found.extend(self.tokens[self.first[k] : min(self.first[last], self.first[k] + count)])
        if last >= k and last < len(self.starts) and self.starts[last] < hi and len(found) < count:
            found.extend(content_tokens(self.text[max(self.starts[last], lo) : hi]))
        return found[:count]

    def words_between(self, lo: int, hi: int) -> list[str]:
        """The tokens without digits of `content_tokens(text[lo:hi])`."""
        if hi <= lo:
            return []
        k = bisect_right(self.ends, lo)  # the first chunk ending after lo
        found: list[str] = []
        if k < len(self.starts) and self.starts[k] < lo:
            found = _plain(content_tokens(self.text[lo : min(self.ends[k], hi)]))
            k += 1
        last = bisect_right(self.ends, hi)  # chunks k..last-1 lie whole inside
        if last > k:
            found.extend(self.words[self.first_word[k] : self.first_word[last]])
        if last >= k and last < len(self.starts) and self.starts[last] < hi:
            found.extend(_plain(content_tokens(self.text[max(self.starts[last], lo) : hi])))
        return found
