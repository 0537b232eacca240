"""Quote findings: which passages' quotations to compare, and which of the variants found can
be one statement rendered two ways."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence

from tui.engine.align import Alignment
from tui.engine.findings.common import _cluster_index
from tui.engine.findings.quotations import _quotations, _Quoted
from tui.engine.findings.quote_statements import _FRAGMENT_WORDS, _statements
from tui.engine.quotes import QuotePairing, QuoteVariant, pair_quotes
from tui.engine.shared_keys import SharedKeys
from tui.engine.speakers import speakers_conflict
from tui.engine.text import content_tokens
from tui.model import Finding, Passage, PassageKind, Source, WordDiff

# How many members of its cluster, and how many related passages elsewhere, each quoted passage
# is compared with (see `_quote_pairs`).
QUOTE_REFERENCES = 3
QUOTE_NEIGHBOURS = 6
# A quote variant needs at least this confidence from the quote matcher; more when the two
# passages do not report one claim (the quoted words alone must carry the pairing).
QUOTE_SCORE = 0.5
UNALIGNED_QUOTE_SCORE = 0.75
# Passages whose quotations share this many content words are compared, aligned or not.
_MIN_SHARED_QUOTED = 2


def find_quotes(
    passages: Sequence[Passage],
    alignment: Alignment,
    sources: Sequence[Source] = (),
    quoted: dict[str, list[_Quoted]] | None = None,
) -> list[Finding]:
    """One statement by one speaker quoted with different words by different outlets.

    Quotations are read per paragraph (a quotation may run over several sentences) and
    attributed there. Two are compared when their passages report one claim, or when the
    words inside them overlap strongly, whatever the alignment says; they are one statement
    only when their speakers do not conflict. Renderings that agree word for word (one maybe a
    fragment of the other) are one wording: a finding shows each distinct wording once and
    names the outlets that agree with it. `quoted`: `_quotations` of these passages, when
    read already.
    """
    if quoted is None:
        quoted = _quotations(passages, sources)
    if not quoted:
        return []
    by_id = {p.id: p for p in passages}
    pairs = {pair: True for pair in _quote_pairs(alignment, set(quoted))}
    for pair in _overlapping_quotes(quoted):
        pairs.setdefault(pair, False)

    read: dict[tuple, QuotePairing] = {}
    variants, identical = _compare_pairs(pairs, by_id, quoted, read)
    # A statement found rendered two ways is looked for in the claims of both passages too:
    # an outlet whose sentence aligned with one side may quote it a third way.
    clustered = _cluster_index(alignment)
    members_of = {c.id: c.passages for c in alignment.clusters}
    extra: dict[tuple[str, str], bool] = {}
    for first, second, _ in variants:
        for here, there in ((first, second), (second, first)):
            cluster = clustered.get(here.passage.id)
            for mate in members_of.get(cluster, ())[:QUOTE_NEIGHBOURS] if cluster else ():
                pair = (min(mate, there.passage.id), max(mate, there.passage.id))
                if mate in quoted and mate != here.passage.id and pair not in pairs:
                    extra[pair] = True
    more_variants, more_identical = _compare_pairs(extra, by_id, quoted, read)
    variants += more_variants
    identical += more_identical
    variants = _best_variants(variants, identical)
    return _statements(variants, identical, clustered, alignment.related)


def _compare_pairs(
    pairs: dict[tuple[str, str], bool],
    by_id: dict[str, Passage],
    quoted: dict[str, list[_Quoted]],
    read: dict[tuple, QuotePairing],
) -> tuple[list[tuple[_Quoted, _Quoted, QuoteVariant]], list[tuple[_Quoted, _Quoted]]]:
    """The variants and the verbatim agreements between the quotations of each passage pair
    (the flag says whether the pair reports one claim). `read`: the pairings found so far, by
    what decides them (copies of one sentence in many outlets are compared once: at 100
    articles 3,284 pairs are 612 distinct)."""
    variants: list[tuple[_Quoted, _Quoted, QuoteVariant]] = []
    identical: list[tuple[_Quoted, _Quoted]] = []
    for (a_id, b_id), aligned in sorted(pairs.items()):
        left, right = by_id[a_id], by_id[b_id]
        if left.source == right.source:
            continue
        if (left.kind is PassageKind.HEADING) != (right.kind is PassageKind.HEADING):
            continue  # a headline cuts its quotation to fit: compared with headlines only
        qa, qb = quoted[a_id], quoted[b_id]
        may_pair = tuple(tuple(not speakers_conflict(x.speaker, y.speaker) for y in qb) for x in qa)
        quotes_a, quotes_b = tuple(q.quote for q in qa), tuple(q.quote for q in qb)
        key = (left.text, quotes_a, right.text, quotes_b, may_pair, aligned)
        pairing = read.get(key)
        if pairing is None:
            pairing = read[key] = pair_quotes(
                left.text,
                quotes_a,
                right.text,
                quotes_b,
                _lookup(may_pair),
                aligned=aligned,
            )
        for variant in pairing.variants:
            first, second = (qa, qb) if variant.a_passage == 0 else (qb, qa)
            a = next(q for q in first if q.quote == variant.a)
            b = next(q for q in second if q.quote == variant.b)
            if variant.score >= (QUOTE_SCORE if aligned else UNALIGNED_QUOTE_SCORE):
                variants.append((a, b, variant))
        identical.extend((qa[i], qb[j]) for i, j in pairing.identical)
    return variants, identical


def _lookup(table: tuple[tuple[bool, ...], ...]) -> Callable[[int, int], bool]:
    def allowed(i: int, j: int) -> bool:
        return table[i][j]

    return allowed


def _best_variants(
    variants: list[tuple[_Quoted, _Quoted, QuoteVariant]],
    identical: list[tuple[_Quoted, _Quoted]],
) -> list[tuple[_Quoted, _Quoted, QuoteVariant]]:
    """The variants that can be one statement rendered two ways.

    When an outlet quotes all of a quotation word for word elsewhere, its other quotation is
    not a variant of it (that pairing is with another part of the statement); nor is it when
    the outlet quotes elsewhere, word for word, the very words the variant says it changed
    (it has them: its other quotation is another remark); two quotations that both stand
    verbatim inside a longer third are two parts of one statement, not two renderings; and a
    quotation is paired with at most one quotation of each other outlet, its best match.
    """
    words = {q.node: len(q.quote.text.split()) for pair in identical for q in pair}
    verbatim: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    covered_by: dict[tuple[str, int], set[str]] = defaultdict(set)
    for a, b in identical:
        verbatim[a.node].add(b.node)
        verbatim[b.node].add(a.node)
        for x, y in ((a, b), (b, a)):
            if words[y.node] >= words[x.node] >= _FRAGMENT_WORDS:
                covered_by[x.node].add(y.passage.source)
    # Each quotation's verbatim partners by outlet: copies in many outlets made reading all of
    # them for each variant quadratic.
    partners: dict[tuple[str, int], dict[str, list[_Quoted]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for a, b in identical:
        partners[a.node][b.passage.source].append(b)
        partners[b.node][a.passage.source].append(a)
    kept = []
    for a, b, variant in sorted(variants, key=lambda item: -item[2].score):
        if b.passage.source in covered_by[a.node] or a.passage.source in covered_by[b.node]:
            continue
        if _renders_elsewhere(a, b, variant.diff, partners) or _renders_elsewhere(
            b, a, tuple(WordDiff(op.op, op.b, op.a) for op in variant.diff), partners
        ):
            continue
        longest = max(words.get(a.node, 0), words.get(b.node, 0), _FRAGMENT_WORDS - 1)
        if any(words[n] > longest for n in verbatim[a.node] & verbatim[b.node]):
            continue
        kept.append((a, b, variant))
    used: dict[tuple[tuple[str, int], str], list[tuple[int, int]]] = defaultdict(list)
    chosen = []
    for a, b, variant in kept:
        # In each other outlet, each stretch of a quotation pairs once (a long quotation may
        # pair with several shorter ones quoting different parts of it).
        spans = (
            ((a.node, b.passage.source), variant.a_span),
            ((b.node, a.passage.source), variant.b_span),
        )
        if any(_overlapping(span, used[key]) for key, span in spans):
            continue
        for key, span in spans:
            used[key].append(span)
        chosen.append((a, b, variant))
    return chosen


def _renders_elsewhere(
    x: _Quoted,
    y: _Quoted,
    diff: Sequence[WordDiff],
    partners: dict[tuple[str, int], dict[str, list[_Quoted]]],
) -> bool:
    """Whether `y`'s outlet quotes, word for word in another quotation, the words of `x` that
    the variant says it changed: the outlet does render those words, so its quotation `y`
    (which lacks them) is another remark of the speaker, not a misquote of this one."""
    changed = {key for op in diff if op.op != "equal" for key in content_tokens(op.a)}
    if not changed:
        return False
    theirs = partners[x.node].get(y.passage.source, ()) if x.node in partners else ()
    return any(z.node != y.node and changed <= z.keys for z in theirs)


def _overlapping(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < hi and lo < span[1] for lo, hi in spans)


def _overlapping_quotes(quoted: dict[str, list[_Quoted]]) -> set[tuple[str, str]]:
    """Passage pairs (in different outlets) whose quotations share content words: each
    passage with its few best-sharing partners, at least `_MIN_SHARED_QUOTED` words shared.
    Words quoted in more passages than about two per outlet say nothing about which."""
    # Passages as numbers in order, each word's list in that order (see `SharedKeys`).
    pids = list(quoted)
    postings: dict[str, list[int]] = defaultdict(list)
    words_of: list[list[str]] = []
    by_source: dict[str, list[int]] = defaultdict(list)
    for n, items in enumerate(quoted.values()):
        by_source[items[0].passage.source].append(n)
        words = sorted(set().union(*(q.keys for q in items)))
        words_of.append(words)
        for key in words:
            postings[key].append(n)
    max_df = max(6, 2 * len(by_source))
    index = SharedKeys(postings)
    pairs: set[tuple[str, str]] = set()
    for own in by_source.values():
        leave_out = index.bits_of(own)  # the passage's own outlet
        for n in own:
            keys = [k for k in words_of[n] if len(postings[k]) <= max_df]
            pid = pids[n]
            for other, shared in index.best(keys, QUOTE_NEIGHBOURS, leave_out):
                if shared >= _MIN_SHARED_QUOTED:
                    pairs.add((min(pid, pids[other]), max(pid, pids[other])))
    return pairs


def _quote_pairs(alignment: Alignment, quoted: set[str]) -> set[tuple[str, str]]:
    """Passage pairs reporting one claim whose quotations are worth comparing, in bounded
    number.

    Each quoted member of a cluster is compared with the cluster's first few quoted members,
    and each quoted passage with its closest few related passages elsewhere.
    """
    pairs: set[tuple[str, str]] = set()
    for cluster in alignment.clusters:
        members = [pid for pid in cluster.passages if pid in quoted]
        for reference in members[:QUOTE_REFERENCES]:
            pairs.update((min(reference, m), max(reference, m)) for m in members if m != reference)
    nearest: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (a, b), score in alignment.related.items():
        if a in quoted and b in quoted:
            nearest[a].append((score, b))
            nearest[b].append((score, a))
    for a, options in nearest.items():
        for _, b in heapq.nlargest(QUOTE_NEIGHBOURS, options):
            pairs.add((min(a, b), max(a, b)))
    return pairs
