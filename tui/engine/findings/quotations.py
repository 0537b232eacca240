"""Each passage's quotations and their speakers, read paragraph by paragraph: a quotation may
run over several sentences, and its speaker be named in another."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from tui.engine.quotes import Quote, extract_quotes
from tui.engine.speakers import Attribution, attribute
from tui.engine.text import content_tokens
from tui.model import Passage, PassageKind, Source


@dataclass(frozen=True)
class _Quoted:
    """One quotation where it stands in a passage (a quotation running over several sentences
    stands in each), with its speaker and the content words inside it."""

    passage: Passage
    quote: Quote
    speaker: Attribution | None
    keys: frozenset[str]

    @cached_property
    def node(self) -> tuple[str, int]:
        return (self.passage.id, self.quote.start)


def _quotations(passages: Sequence[Passage], sources: Sequence[Source]) -> dict[str, list[_Quoted]]:
    """Each passage's quotations (by passage id), read and attributed paragraph by paragraph."""
    texts = {s.id: s.text for s in sources}
    by_source: dict[str, list[Passage]] = defaultdict(list)
    for passage in passages:
        by_source[passage.source].append(passage)
    found: dict[str, list[_Quoted]] = defaultdict(list)
    for source, members in by_source.items():
        previous: Attribution | None = None
        lead_in = ""
        for block, offset, group in _paragraphs(
            sorted(members, key=lambda p: p.index), texts.get(source)
        ):
            quotes = extract_quotes(block)
            outer = [
                q
                for q in quotes
                if not any(o.start <= q.start and q.end <= o.end and o != q for o in quotes)
            ]
            sentences = [(p.start - offset, p.end - offset) for p in group]
            speakers = attribute(
                block, [(q.start, q.end) for q in outer], sentences, previous, lead_in
            )
            speaker_of = dict(zip(outer, speakers, strict=True))
            for speaker in speakers:
                previous = speaker or previous
            lead_in = group[-1].text
            for quote in quotes:
                for passage in group:
                    piece = _clip_quote(passage, quote, offset)
                    if piece is not None and passage.kind is not PassageKind.NOISE:
                        keys = frozenset(content_tokens(piece.text))
                        quoted = _Quoted(passage, piece, speaker_of.get(quote), keys)
                        found[passage.id].append(quoted)
    return dict(found)


def _paragraphs(
    members: list[Passage], text: str | None
) -> Iterator[tuple[str, int, list[Passage]]]:
    """One source's paragraphs in order: the text, where it starts, and its passages. A passage
    whose text is not the source's at its offsets stands alone."""
    group: list[Passage] = []
    for passage in members:
        whole = text is not None and text[passage.start : passage.end] == passage.text
        if group and whole and passage.paragraph == group[-1].paragraph:
            group.append(passage)
            continue
        if group:
            yield _paragraph_text(group, text), group[0].start, group
        group = [passage] if whole else []
        if not whole:
            yield passage.text, passage.start, [passage]
    if group:
        yield _paragraph_text(group, text), group[0].start, group


def _paragraph_text(group: list[Passage], text: str | None) -> str:
    if text is None or len(group) == 1:
        return group[0].text
    return text[group[0].start : group[-1].end]


_QUOTE_EDGE = frozenset(' \t\n"“”‘’«»„‚‹›')


def _clip_quote(passage: Passage, quote: Quote, offset: int) -> Quote | None:
    """The part of a paragraph's quotation that stands in `passage`, in passage offsets."""
    start = max(quote.start + offset, passage.start) - passage.start
    end = min(quote.end + offset, passage.end) - passage.start
    text = passage.text
    while start < end and text[start] in _QUOTE_EDGE:
        start += 1
    while end > start and text[end - 1] in _QUOTE_EDGE:
        end -= 1
    if end <= start:
        return None
    return Quote(start, end, text[start:end])
