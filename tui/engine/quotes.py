"""Quotations: find them in text, and find one statement quoted with different words by outlets.

Outlets rarely disagree about whether someone spoke; they disagree about the words. The reader
shows those word swaps side by side, so this module finds quoted spans (whatever the quote-mark
style), aligns two quotations together with a few words of context around them, and keeps the
pairs that share an anchor but differ in some words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Indel

from tui.engine.text import STOPWORDS, WORD_RE, normalise_word, stem
from tui.model import WordDiff

__all__ = [
    "Quote",
    "QuotePairing",
    "QuoteVariant",
    "extract_quotes",
    "match_quote_variants",
    "pair_quotes",
    "quoted_overlap",
    "word_diff",
]


@dataclass(frozen=True)
class Quote:
    """A quoted span: `start`/`end` cover the words inside the marks; `text` is that slice."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class QuoteVariant:
    """One statement quoted with different words by two passages (indices into the input list).

    `diff` covers the part of the statement both quotations render: joining the `a` (or `b`)
    sides of its runs gives back `texts[a_passage][a_span[0]:a_span[1]]` (or the `b` one), so the
    reader can print it verbatim and highlight the runs whose `op` is not "equal". What one
    outlet quotes beyond the other (a longer quotation) is left out of `diff`; `a`/`b` still give
    the whole quotations. `score` is calibrated so that 0.5 is the bar every reported variant
    cleared: 0.5 means "just sure enough", 1.0 "the same words around one swapped word".
    """

    a_passage: int
    b_passage: int
    a: Quote
    b: Quote
    diff: tuple[WordDiff, ...]
    score: float
    a_span: tuple[int, int] = (0, 0)
    b_span: tuple[int, int] = (0, 0)


# --------------------------------------------------------------------------------------------
# Quote extraction
# --------------------------------------------------------------------------------------------

_MARK_RE = re.compile('["\n“”„‘’‚«»‹›]')
_HAS_WORD_RE = re.compile(r"[^\W_]")

_DOUBLE_OPENERS = frozenset('"“”„')
_SINGLE_OPENERS = frozenset("‘‚")
# A mark followed by one of these cannot open a quote; preceded by one of these it cannot close.
_NO_OPEN_BEFORE = frozenset(",;:!?)]}”’»›")
_NO_CLOSE_AFTER = frozenset("([{<:—–-/“‘„‚«‹")


def _find(stack: list[tuple[str, int]], openers: frozenset[str] | str) -> int:
    """Index of the innermost open quote whose opening mark is one of `openers`, or -1."""
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] in openers:
            return k
    return -1


def extract_quotes(text: str) -> list[Quote]:
    """Quoted spans of `text`, outer before inner, in order of their opening marks.

    Marks are paired with a stack and their flanking characters, so straight and curly marks may
    mix, single curly marks nest inside double ones, and apostrophes (can’t, Anna’s, workers’,
    ’80s) are not taken for quote marks. A quote still open at the end of a paragraph (a line
    break) runs to it, as multi-paragraph quotations in news copy do. Straight single quotes are
    ignored: in running text they are almost always apostrophes.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (opening mark, offset just after it)
    size = len(text)

    def close(k: int, at: int) -> None:
        spans.append((stack[k][1], at))
        del stack[k:]

    for match in _MARK_RE.finditer(text):
        i = match.start()
        ch = text[i]
        if ch == "\n":
            spans.extend((start, i) for _, start in stack)
            stack.clear()
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < size else " "
        can_open = not nxt.isspace() and nxt not in _NO_OPEN_BEFORE
        can_close = not prev.isspace() and prev not in _NO_CLOSE_AFTER
        if ch == "’":
            if nxt.isalnum() and (prev.isalnum() or not can_close):
                continue  # can’t, Anna’s, ’80s, ’em
            if stack and stack[-1][0] in _SINGLE_OPENERS:
                close(len(stack) - 1, i)
            continue  # otherwise a plural possessive (workers’) or a stray mark
        if ch == "‘":
            if (prev.isalnum() and nxt.isalnum()) or nxt.isdigit():
                continue  # mistyped apostrophe: can‘t, ‘80s
            if stack and stack[-1][0] == "‚" and can_close:
                close(len(stack) - 1, i)  # German ‚…‘
            elif can_open:
                stack.append((ch, i + 1))
            continue
        if ch in "„‚":
            if can_open:
                stack.append((ch, i + 1))
            continue
        if ch in "«‹":
            k = _find(stack, "»" if ch == "«" else "›")  # reversed style: »…«
            if k >= 0:
                close(k, i)
            else:
                stack.append((ch, i + 1))  # French style allows a space after the mark
            continue
        if ch in "»›":
            k = _find(stack, "«" if ch == "»" else "‹")
            if k >= 0:
                close(k, i)
            elif can_open:
                stack.append((ch, i + 1))
            continue
        # Double marks: " “ ” can each open or close, decided by what flanks them.
        k = _find(stack, _DOUBLE_OPENERS)
        if ch == "“" and can_open and not can_close:
            stack.append((ch, i + 1))
        elif k >= 0 and (can_close or not can_open):
            close(k, i)
        elif can_open:
            stack.append((ch, i + 1))
    spans.extend((start, size) for _, start in stack)

    quotes: dict[tuple[int, int], Quote] = {}
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if _HAS_WORD_RE.search(text, start, end):
            quotes[(start, end)] = Quote(start, end, text[start:end])
    return sorted(quotes.values(), key=lambda q: (q.start, -q.end))


# --------------------------------------------------------------------------------------------
# Word diff
# --------------------------------------------------------------------------------------------

_NEGATIONS = frozenset({"not", "no", "never", "nor", "cannot", "nothing", "none", "neither"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those"})
_STOP_WEIGHT = 0.3


class _Tok(NamedTuple):
    start: int
    end: int
    low: str  # lower-case surface, for the word diff
    key: str  # stem, for alignment
    content: bool  # carries meaning (not a function word)
    negation: bool


# A tweet's "&" is the word "and" another outlet's transcript spells out: a word, not a change.
_QUOTE_WORD_RE = re.compile(f"{WORD_RE.pattern}|&")


def _tokens(text: str) -> list[_Tok]:
    out = []
    for match in _QUOTE_WORD_RE.finditer(text):
        low = "and" if match.group() == "&" else normalise_word(match.group())
        content = (len(low) > 1 and low not in STOPWORDS) or any(c.isdigit() for c in low)
        negation = low in _NEGATIONS or low.endswith("n't")
        out.append(_Tok(match.start(), match.end(), low, stem(low), content, negation))
    return out


# An alignment step: (op, a_lo, a_hi, b_lo, b_hi) over token indices, op as in WordDiff.
_Op = tuple[str, int, int, int, int]


def _merged_op(a_len: int, b_len: int) -> str:
    if a_len and b_len:
        return "replace"
    return "delete" if a_len else "insert"


def _merge(ops: Sequence[_Op]) -> list[_Op]:
    """Join neighbouring runs: equal with equal, any differing runs into one."""
    out: list[_Op] = []
    for op in ops:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if out and (out[-1][0] == "equal") == (op[0] == "equal"):
            last = out[-1]
            tag = "equal" if op[0] == "equal" else _merged_op(op[2] - last[1], op[4] - last[3])
            out[-1] = (tag, last[1], op[2], last[3], op[4])
        else:
            tag = op[0] if op[0] == "equal" else _merged_op(op[2] - op[1], op[4] - op[3])
            out.append((tag, op[1], op[2], op[3], op[4]))
    return out


def _cuts(toks: list[_Tok], owner_equal: list[bool], run_of: list[int]) -> list[int]:
    """Where each between-word gap is cut, so gaps (spaces, punctuation) go to equal runs."""
    cuts = [0] * (len(toks) + 1)
    for k in range(1, len(toks)):
        left, right = run_of[k - 1], run_of[k]
        if left == right or owner_equal[left] or not owner_equal[right]:
            cuts[k] = toks[k].start  # the gap stays with the left run
        else:
            cuts[k] = toks[k - 1].end
    return cuts


def _runs(
    a_text: str, a_toks: list[_Tok], b_text: str, b_toks: list[_Tok], ops: list[_Op]
) -> tuple[WordDiff, ...]:
    """WordDiff runs for `ops` (covering both token lists in order) with original surfaces.

    Joining the `a` sides gives `a_text` from the first word to the last word: the text between
    two words is kept, with the equal run next to it, so differing runs hold only their words.
    """
    equal = [op[0] == "equal" for op in ops]
    a_run = [0] * len(a_toks)
    b_run = [0] * len(b_toks)
    for r, (_, a_lo, a_hi, b_lo, b_hi) in enumerate(ops):
        a_run[a_lo:a_hi] = [r] * (a_hi - a_lo)
        b_run[b_lo:b_hi] = [r] * (b_hi - b_lo)
    a_cuts = _cuts(a_toks, equal, a_run)
    b_cuts = _cuts(b_toks, equal, b_run)

    def surface(text: str, toks: list[_Tok], cuts: list[int], lo: int, hi: int) -> str:
        if lo == hi:
            return ""
        start = toks[0].start if lo == 0 else cuts[lo]
        end = toks[-1].end if hi == len(toks) else cuts[hi]
        return text[start:end]

    return tuple(
        WordDiff(
            tag,
            surface(a_text, a_toks, a_cuts, a_lo, a_hi),
            surface(b_text, b_toks, b_cuts, b_lo, b_hi),
        )
        for tag, a_lo, a_hi, b_lo, b_hi in ops
    )


def word_diff(a: str, b: str) -> tuple[WordDiff, ...]:
    """Word-level runs turning wording `a` into wording `b`.

    Words are compared case-insensitively with punctuation left out, so only a change of words
    shows as a difference; each run carries the original surface text of both sides, and joining
    the `a` sides gives back `a` from its first word to its last (likewise `b`).
    """
    a_toks, b_toks = _tokens(a), _tokens(b)
    # Indel opcodes come from a longest common subsequence: as many words as possible agree.
    opcodes = Indel.opcodes([t.low for t in a_toks], [t.low for t in b_toks])
    ops = [(o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end) for o in opcodes]
    return _runs(a, a_toks, b, b_toks, _merge(ops))


# --------------------------------------------------------------------------------------------
# Quote variants
# --------------------------------------------------------------------------------------------

_CONTEXT = 4  # words of context each side of a quotation
_FLANK = 2  # how far (in words) context must agree around quotations that share no word
_MIN_AGREEMENT = 0.35  # weighted share of agreeing words below which quotations are unrelated


_GAP_OPEN = -0.15  # a word one wording has and the other lacks...
_GAP_EXTEND = -0.05  # ...and each further one in the same stretch
_SWAP = -0.1  # a word in place of another word of the same kind (content, or a determiner)
_SWAP_FUNCTION = -0.15  # a function word in place of another ("of"/"for")
_MISMATCH = -0.3  # two words of different kinds: left unpaired rather than paired


def _weight(tok: _Tok) -> float:
    return 1.0 if tok.content else _STOP_WEIGHT


def _align(a: list[_Tok], a_lo: int, a_hi: int, b: list[_Tok], b_lo: int, b_hi: int) -> list[_Op]:
    """Word-by-word (global) alignment of two stretches, one op per word or word pair.

    Shared words score by weight (content words far above function words), so a stray shared
    "the" cannot drag the alignment away from the shared nouns; a word facing a word of the same
    kind is paired rather than left out, so "this shameful deal" against "the disgraceful
    agreement" pairs shameful with disgraceful, and a one-word quotation lines up with the one
    word it stands in for.
    """
    xs, ys = a[a_lo:a_hi], b[b_lo:b_hi]
    n, m = len(xs), len(ys)
    kinds_y = [(t.key, t.content, t.low in _DETERMINERS) for t in ys]
    # score[i][j]: best alignment of xs[:i] with ys[:j]; move: 0 pair, 1 skip x, 2 skip y.
    # Gaps cost more to open than to extend (approximately: by the move that reached the cell),
    # so the unpaired words gather in one stretch and shared words stay together.
    score = [[0.0] + [_GAP_OPEN + (j - 1) * _GAP_EXTEND for j in range(1, m + 1)]]
    move = [bytearray([2] * (m + 1))]
    for i in range(1, n + 1):
        x = xs[i - 1]
        x_det = x.low in _DETERMINERS
        match = 2.0 if x.content else 2.0 * _STOP_WEIGHT
        above, above_moves = score[-1], move[-1]
        row = [_GAP_OPEN + (i - 1) * _GAP_EXTEND] + [0.0] * m
        moves = bytearray([1] * (m + 1))
        for j in range(1, m + 1):
            key, content, det = kinds_y[j - 1]
            if key == x.key:
                sub = match
            elif (content and x.content) or (det and x_det):
                sub = _SWAP
            elif not (content or x.content):
                sub = _SWAP_FUNCTION
            else:
                sub = _MISMATCH
            best, how = above[j - 1] + sub, 0
            skip_x = above[j] + (_GAP_EXTEND if above_moves[j] == 1 else _GAP_OPEN)
            if skip_x > best:
                best, how = skip_x, 1
            skip_y = row[j - 1] + (_GAP_EXTEND if moves[j - 1] == 2 else _GAP_OPEN)
            if skip_y > best:
                best, how = skip_y, 2
            row[j] = best
            moves[j] = how
        score.append(row)
        move.append(moves)

    ops: list[_Op] = []
    i, j = n, m
    while i or j:
        how = move[i][j]
        if how == 0:
            tag = "equal" if xs[i - 1].key == ys[j - 1].key else "replace"
            ops.append((tag, a_lo + i - 1, a_lo + i, b_lo + j - 1, b_lo + j))
            i, j = i - 1, j - 1
        elif how == 1:
            ops.append(("delete", a_lo + i - 1, a_lo + i, b_lo + j, b_lo + j))
            i -= 1
        else:
            ops.append(("insert", a_lo + i, a_lo + i, b_lo + j - 1, b_lo + j))
            j -= 1
    ops.reverse()
    return ops


class _Prepared(NamedTuple):
    text: str
    toks: list[_Tok]
    quotes: list[tuple[Quote, int, int]]  # quote, and its first/past-last token index
    nested: frozenset[Quote]  # quotations inside another quotation of the passage


def _prepare(text: str) -> _Prepared:
    return _prepare_quotes(text, tuple(extract_quotes(text)))


@lru_cache(maxsize=4096)
def _prepare_quotes(text: str, found: tuple[Quote, ...]) -> _Prepared:
    """A passage's words and quotations, read once: findings compare one passage with several
    others. The result is shared, so nothing may change it."""
    toks = _tokens(text)
    starts = [t.start for t in toks]
    ends = [t.end for t in toks]
    quotes = []
    for quote in found:
        lo = bisect_left(starts, quote.start)
        hi = bisect_right(ends, quote.end)
        if lo < hi:
            quotes.append((quote, lo, hi))
    nested = frozenset(
        q for q in found if any(o != q and o.start <= q.start and q.end <= o.end for o in found)
    )
    return _Prepared(text, toks, quotes, nested)


def _clip(op: _Op, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> _Op:
    """`op` cut to the quotations' token ranges, retagged for the sides it still has.

    A pair whose one word falls outside its quotation is no longer a pair within the quotations:
    the word left is one only that quotation has (an insert or a delete), whatever the pairing
    said. Keeping the pair's tag would leave a one-sided "equal" run, whose word the reader's
    word-by-word expansion of equal runs would drop.
    """
    i1, i2 = min(max(op[1], a_lo), a_hi), min(max(op[2], a_lo), a_hi)
    j1, j2 = min(max(op[3], b_lo), b_hi), min(max(op[4], b_lo), b_hi)
    tag = op[0] if i1 < i2 and j1 < j2 else _merged_op(i2 - i1, j2 - j1)
    return (tag, i1, i2, j1, j2)


def _two_sided(ops: list[_Op]) -> bool:
    return any(op[1] < op[2] for op in ops) and any(op[3] < op[4] for op in ops)


class _Match(NamedTuple):
    score: float
    core: list[_Op]  # the aligned stretch both quotations cover, token indices into the passages


def _compare(
    pa: _Prepared,
    qa: tuple[Quote, int, int],
    pb: _Prepared,
    qb: tuple[Quote, int, int],
    lopsided: bool = False,
) -> _Match | None:
    """Align two quotations with their context; a match if they share an anchor but differ.
    `lopsided`: a few quoted words against a much longer quotation, which must then stand in
    the same slot of the sentence (context agreeing on both sides)."""
    a, b = pa.toks, pb.toks
    _, qa_lo, qa_hi = qa
    _, qb_lo, qb_hi = qb
    if [t.low for t in a[qa_lo:qa_hi]] == [t.low for t in b[qb_lo:qb_hi]]:
        return None  # the same words: the outlets agree
    wa_lo, wa_hi = max(0, qa_lo - _CONTEXT), min(len(a), qa_hi + _CONTEXT)
    wb_lo, wb_hi = max(0, qb_lo - _CONTEXT), min(len(b), qb_hi + _CONTEXT)
    ops = _align(a, wa_lo, wa_hi, b, wb_lo, wb_hi)

    # The part both quotations cover. Runs outside both quotations go; before the first run
    # that both quotations share (and after the last), words only one quotation has are kept
    # only if the other quotation also has unshared words there: otherwise that quotation
    # simply starts earlier (or ends later), which says nothing about the wording.
    inside = [_clip(op, qa_lo, qa_hi, qb_lo, qb_hi) for op in ops]
    inside = [op for op in inside if op[1] < op[2] or op[3] < op[4]]
    both = [k for k, op in enumerate(inside) if op[1] < op[2] and op[3] < op[4]]
    if not both:
        return None
    first, last = both[0], both[-1]
    if not _two_sided(inside[:first]):
        inside = inside[first:]
        last -= first
    if not _two_sided(inside[last + 1 :]):
        inside = inside[: last + 1]

    # A change of words: any word one side has and the other lacks or renders otherwise, down
    # to an inflection ("Showers"/"Shower") or a contraction ("we have"/"we've"); case and
    # punctuation are not words.
    reworded = any(op[0] != "equal" for op in inside)
    inflected = any(
        x.low != y.low
        for _, a_lo, a_hi, b_lo, b_hi in inside
        for x, y in zip(a[a_lo:a_hi], b[b_lo:b_hi], strict=False)
    )
    # An inflection alone where one quotation runs on past the other is the grammar of the
    # sentence around it ("I need loyalty" against he "needed loyalty and ..."), not a rewording.
    whole = (inside[0][1], inside[-1][2], inside[0][3], inside[-1][4]) == (
        qa_lo,
        qa_hi,
        qb_lo,
        qb_hi,
    )
    if not (reworded or (inflected and whole)):
        return None

    ca_lo, ca_hi = inside[0][1], inside[-1][2]
    cb_lo, cb_hi = inside[0][3], inside[-1][4]
    if any(t.negation for t in a[ca_lo:ca_hi]) != any(t.negation for t in b[cb_lo:cb_hi]):
        # One side negated, the other not ("They're killing people" / "Facebook isn't killing
        # people"): two statements, a claim and its retraction, not one quoted two ways.
        return None
    pair: dict[int, int] = {}
    for op in ops:
        if op[0] == "equal":
            pair[op[1]] = op[3]  # _align pairs one word at a time

    agree = differ = 0.0
    quoted_anchor = False  # a content word both quotations share
    for tag, a_lo, a_hi, b_lo, b_hi in inside:
        for tok in (*a[a_lo:a_hi], *b[b_lo:b_hi]):
            if tag == "equal":
                agree += _weight(tok)
                quoted_anchor = quoted_anchor or tok.content
            else:
                differ += _weight(tok)

    # Context: words agreeing just outside the covered part, worth less the farther they are.
    # Context words that differ do not count against: paraphrase around a quotation is normal.
    context_anchor = False
    near_before = 0 if ca_lo == wa_lo and cb_lo == wb_lo else _CONTEXT  # both at a boundary
    near_after = 0 if ca_hi == wa_hi and cb_hi == wb_hi else _CONTEXT
    for i in range(max(wa_lo, ca_lo - _CONTEXT), min(wa_hi, ca_hi + _CONTEXT)):
        j = pair.get(i)
        if j is None or ca_lo <= i < ca_hi:
            continue
        if i < ca_lo and cb_lo - _CONTEXT <= j < cb_lo:
            distance = max(ca_lo - 1 - i, cb_lo - 1 - j)
            near_before = min(near_before, distance)
        elif i >= ca_hi and cb_hi <= j < cb_hi + _CONTEXT:
            distance = max(i - ca_hi, j - cb_hi)
            near_after = min(near_after, distance)
        else:
            continue
        agree += 2 * _weight(a[i]) / (1 + distance)
        context_anchor = context_anchor or a[i].content
    if not quoted_anchor:
        # Nothing shared inside the quotations: they must stand in the same slot, the words
        # right around them agreeing on both sides, with a shared content word among them.
        slot = near_before == 0 and near_after == 0
        if not (context_anchor or slot) or max(near_before, near_after) > _FLANK:
            return None
    if qa_hi - qa_lo == 1 and qb_hi - qb_lo == 1 and not (near_before == near_after == 0):
        return None  # two one-word quotations ("woke", "wokeness") need the same slot
    if lopsided and max(near_before, near_after) > _FLANK:
        return None
    agreement = agree / (agree + differ) if agree + differ else 0.0
    if agreement < _MIN_AGREEMENT:
        return None
    # Calibrated so that 0.5 is the bar a variant had to clear: reported variants score 0.5..1.
    score = 0.5 + 0.5 * (agreement - _MIN_AGREEMENT) / (1.0 - _MIN_AGREEMENT)
    return _Match(round(score, 3), inside)


def _variant(
    pa: _Prepared, qa: Quote, ia: int, pb: _Prepared, qb: Quote, ib: int, match: _Match
) -> QuoteVariant:
    """Build the reader's diff: surface-level runs over the part both quotations cover."""
    a_lo, a_hi = match.core[0][1], match.core[-1][2]
    b_lo, b_hi = match.core[0][3], match.core[-1][4]
    a_toks, b_toks = pa.toks[a_lo:a_hi], pb.toks[b_lo:b_hi]
    fine: list[_Op] = []
    for tag, i1, i2, j1, j2 in match.core:
        if tag != "equal":
            fine.append((tag, i1 - a_lo, i2 - a_lo, j1 - b_lo, j2 - b_lo))
            continue
        # Same stem, maybe another form ("trust"/"trusting"): the reader should still see it.
        for k in range(i2 - i1):
            i, j = i1 + k - a_lo, j1 + k - b_lo
            same = a_toks[i].low == b_toks[j].low
            fine.append(("equal" if same else "replace", i, i + 1, j, j + 1))
    diff = _runs(pa.text, a_toks, pb.text, b_toks, _merge(fine))
    return QuoteVariant(
        a_passage=ia,
        b_passage=ib,
        a=qa,
        b=qb,
        diff=diff,
        score=match.score,
        a_span=(a_toks[0].start, a_toks[-1].end),
        b_span=(b_toks[0].start, b_toks[-1].end),
    )


def _overlaps(span: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return any(span[0] < hi and lo < span[1] for lo, hi in used)


def match_quote_variants(texts: Sequence[str]) -> list[QuoteVariant]:
    """Given passages (one per outlet) already aligned as reporting the same claim, find one
    statement quoted with different words by different outlets.

    Every quotation of one passage is compared with every quotation of another, each with a few
    words of context so that a one-word quotation ("serious" harm) lines up with a longer
    one ("grave harm"). A pair is kept when the two share an anchor (a content word, or the
    same neighbours) and differ in at least one word; identical quotations, and a quotation
    that is a verbatim fragment of the other, agree and are not variants. Within a pair of
    passages each stretch of quoted words is used by one pairing only, the agreeing ones first
    and then the best-scoring variant: a quotation nested in another does not repeat its outer
    quotation's variant, and a quotation already paired with its true counterpart is not paired
    again with an unrelated one that merely sits nearby.
    """
    prepared = [_prepare(text) for text in texts]
    found: list[QuoteVariant] = []
    for ia in range(len(prepared)):
        for ib in range(ia + 1, len(prepared)):
            variants, _ = _pair(prepared[ia], ia, prepared[ib], ib, None, aligned=True)
            found.extend(variants)
    found.sort(key=lambda v: (v.a_passage, v.b_passage, v.a.start, v.b.start))
    return found


class QuotePairing(NamedTuple):
    """What two passages' quotations have in common: variants of one statement, and the
    pairs (quote indices) that quote the same words, one maybe a fragment of the other."""

    variants: list[QuoteVariant]
    identical: list[tuple[int, int]]


def pair_quotes(
    a_text: str,
    a_quotes: Sequence[Quote],
    b_text: str,
    b_quotes: Sequence[Quote],
    may_pair: Callable[[int, int], bool] | None = None,
    aligned: bool = True,
) -> QuotePairing:
    """`match_quote_variants` for two passages whose quotations are given (a quotation may
    have opened in an earlier sentence), `may_pair(i, j)` saying which of them may be one
    statement (the same speaker, say). Unless the passages are `aligned` (report one claim),
    quotations pair only on the words inside them: a strong share of their content words in
    order (see `quoted_overlap`)."""
    pa, pb = _prepare_quotes(a_text, tuple(a_quotes)), _prepare_quotes(b_text, tuple(b_quotes))
    index_a = {q: n for n, q in enumerate(a_quotes)}
    index_b = {q: n for n, q in enumerate(b_quotes)}

    def allowed(qa: Quote, qb: Quote) -> bool:
        return may_pair is None or may_pair(index_a[qa], index_b[qb])

    variants, identical = _pair(pa, 0, pb, 1, allowed, aligned)
    return QuotePairing(variants, [(index_a[qa], index_b[qb]) for qa, qb in identical])


# Quotations of at least this many words pair only when their content words largely agree.
_LONG_QUOTE = 4
# How many of the shorter quotation's content words the two must share, in order: more than
# half of them, and at least two.
_MIN_QUOTED_OVERLAP = 0.55
_MIN_QUOTED_SHARED = 2
_MIN_LETTERS = 12
# A quotation of at most this many words may be lopsided against a much longer one.
_LOPSIDED_SHORT = 3


def _keys(prepared: _Prepared, lo: int, hi: int) -> list[str]:
    return [t.key for t in prepared.toks[lo:hi] if t.content]


def quoted_overlap(a: Sequence[str], b: Sequence[str]) -> tuple[int, float]:
    """How many content words two quotations share in order (their longest common
    subsequence), and that as a share of the shorter one's: "the nuclear test site has done its
    job" against "the northern nuclear test site has completed its mission" shares 3 of 5;
    two remarks that merely share a stock phrase ("in a complete, verifiable and irreversible
    way") share far less of their words."""
    if not a or not b:
        return 0, 0.0
    shared = (len(a) + len(b) - Indel.distance(list(a), list(b))) // 2
    return shared, shared / min(len(a), len(b))


def _quoted_words_agree(a: Sequence[str], b: Sequence[str], letters: tuple[str, str]) -> bool:
    """Whether two quotations share enough words to be one statement; or the same letters,
    one inside the other, where only the spacing of a word differs ("goodwill"/"good will")."""
    shared, share = quoted_overlap(a, b)
    if shared >= _MIN_QUOTED_SHARED and share >= _MIN_QUOTED_OVERLAP:
        return True
    short, long_ = sorted(letters, key=len)
    return len(short) >= _MIN_LETTERS and short in long_


def _lopsided(short: Sequence[str], long_: Sequence[str]) -> bool:
    """A quotation of a few words against one several times longer ("serious challenge"
    against "one of the toughest challenges we face"; "They're killing people" against "I'm
    saying Facebook is killing people"): it renders a phrase of it only in the same slot of
    the sentence ("end the “inglorious” conflict between" / "end this dishonorable war
    between"), otherwise it is another phrase of the statement, or another statement."""
    return len(short) <= _LOPSIDED_SHORT and len(long_) >= 2 * len(short) + 3


def _letters(words: Sequence[str]) -> str:
    return "".join(ch for word in words for ch in word if ch.isalnum())


def _is_fragment(small: list[str], large: list[str]) -> bool:
    """True when `small` stands word for word, contiguously, inside `large`."""
    n = len(small)
    if n == 0 or n > len(large):
        return False
    first = small[0]
    return any(large[k] == first and large[k : k + n] == small for k in range(len(large) - n + 1))


def _pair(
    pa: _Prepared,
    ia: int,
    pb: _Prepared,
    ib: int,
    allowed: Callable[[Quote, Quote], bool] | None,
    aligned: bool,
) -> tuple[list[QuoteVariant], list[tuple[Quote, Quote]]]:
    candidates = []
    identical: list[tuple[Quote, Quote]] = []
    used_a: list[tuple[int, int]] = []
    used_b: list[tuple[int, int]] = []
    for qa in pa.quotes:
        words_a = [t.low for t in pa.toks[qa[1] : qa[2]]]
        for qb in pb.quotes:
            if allowed is not None and not allowed(qa[0], qb[0]):
                continue
            words_b = [t.low for t in pb.toks[qb[1] : qb[2]]]
            short, long_ = sorted((words_a, words_b), key=len)
            # A quotation inside another (the memo quoting the president) is that one's part;
            # agreeing words are read on the outer quotations.
            outer = qa[0] not in pa.nested and qb[0] not in pb.nested
            if _is_fragment(short, long_) and outer:
                identical.append((qa[0], qb[0]))
                used_a.append((qa[1], qa[2]))
                used_b.append((qb[1], qb[2]))
                continue
            keys_a, keys_b = _keys(pa, qa[1], qa[2]), _keys(pb, qb[1], qb[2])
            long_quotes = min(len(words_a), len(words_b)) >= _LONG_QUOTE
            letters = (_letters(words_a), _letters(words_b))
            if (long_quotes or not aligned) and not _quoted_words_agree(keys_a, keys_b, letters):
                continue
            match = _compare(pa, qa, pb, qb, _lopsided(short, long_))
            if match is not None:
                candidates.append((qa[0], qb[0], match))
    # Best first; a longer covered stretch wins a tie (the outer of two nested quotes).
    candidates.sort(key=lambda c: (-c[2].score, c[2].core[0][1] - c[2].core[-1][2]))
    found = []
    for qa_, qb_, match in candidates:
        span_a = (match.core[0][1], match.core[-1][2])
        span_b = (match.core[0][3], match.core[-1][4])
        if _overlaps(span_a, used_a) or _overlaps(span_b, used_b):
            continue
        used_a.append(span_a)
        used_b.append(span_b)
        found.append(_variant(pa, qa_, ia, pb, qb_, ib, match))
    return found, identical
