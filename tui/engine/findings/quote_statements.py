"""Variants joined into statements, one finding each: every distinct wording once, with its
word-level difference from the first."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from tui.engine.findings.quotations import _Quoted
from tui.engine.quotes import QuoteVariant, word_diff
from tui.model import Finding, FindingKind, FindingValue, WordDiff

# A verbatim fragment this long (in words) joins the statement it is a fragment of.
_FRAGMENT_WORDS = 3


class _Union:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(self, key: tuple[str, int]) -> tuple[str, int]:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        self.parent[self.root(a)] = self.root(b)


def _statements(
    variants: list[tuple[_Quoted, _Quoted, QuoteVariant]],
    identical: list[tuple[_Quoted, _Quoted]],
    clustered: dict[str, str],
    related: dict[tuple[str, str], float],
) -> list[Finding]:
    """Variants that share a quotation are one statement rendered several ways (strongest
    links first, never joining quotations of conflicting speakers); renderings quoting the same
    words are one wording of it."""
    items: dict[tuple[str, int], _Quoted] = {}
    for a, b, _ in variants:
        items[a.node], items[b.node] = a, b
    links: list[tuple[float, _Quoted, _Quoted]] = [(v.score, a, b) for a, b, v in variants]
    for a, b in identical:
        if (a.node in items or b.node in items) and min(
            len(a.quote.text.split()), len(b.quote.text.split())
        ) >= _FRAGMENT_WORDS:
            items.setdefault(a.node, a)
            items.setdefault(b.node, b)
            links.append((1.0, a, b))
    statement = _Union()
    # Each statement's speakers as the distinct words that name them (`speakers_conflict`
    # reads nothing else): a statement quoted by hundreds of outlets names a few.
    speakers: dict[tuple[str, int], dict[frozenset[str], None]] = {
        node: {q.speaker.key: None} if q.speaker and q.speaker.key else {}
        for node, q in items.items()
    }
    for _, a, b in sorted(links, key=lambda link: (-link[0], link[1].node, link[2].node)):
        ra, rb = statement.root(a.node), statement.root(b.node)
        if ra == rb or any(not x & y for x in speakers[ra] for y in speakers[rb]):
            continue
        statement.join(ra, rb)
        speakers[statement.root(ra)] = speakers[ra] | speakers[rb]
    wording = _wordings(identical)
    groups: dict[tuple[str, int], list[_Quoted]] = defaultdict(list)
    for node, item in items.items():
        groups[statement.root(node)].append(item)
    direct = {(a.node, b.node): v for a, b, v in variants}
    # How many variants each quotation is in, counted once for all statements.
    in_variants = Counter(n for pair in direct for n in pair)
    findings = []
    for members in groups.values():
        classes: dict[tuple[str, int], list[_Quoted]] = defaultdict(list)
        for item in sorted(
            members, key=lambda q: (q.passage.source, q.passage.index, q.quote.start)
        ):
            classes[wording.get(item.node, item.node)].append(item)
        if len(classes) < 2:
            continue
        finding = _quote_finding(list(classes.values()), direct, in_variants, clustered, related)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: f.passages[0])
    return findings


def _wordings(identical: list[tuple[_Quoted, _Quoted]]) -> dict[tuple[str, int], tuple[str, int]]:
    """Each quotation's wording: the fullest quotation it stands in word for word. A fragment
    joins one wording, so two wordings that merely share a fragment stay apart."""
    partners: dict[tuple[str, int], list[_Quoted]] = defaultdict(list)
    lookup: dict[tuple[str, int], _Quoted] = {}
    for a, b in identical:
        partners[a.node].append(b)
        partners[b.node].append(a)
        lookup[a.node], lookup[b.node] = a, b
    wording: dict[tuple[str, int], tuple[str, int]] = {}
    for node in sorted(lookup, key=lambda n: (-len(lookup[n].quote.text), n)):
        size = len(lookup[node].quote.text)
        hosts = [p for p in partners[node] if p.node in wording and len(p.quote.text) >= size]
        host = max(hosts, key=lambda p: len(p.quote.text), default=None)
        wording[node] = wording[host.node] if host is not None else node
    return wording


def _quote_finding(
    classes: list[list[_Quoted]],
    direct: dict[tuple[tuple[str, int], tuple[str, int]], QuoteVariant],
    links: Counter[tuple[str, int]],
    clustered: dict[str, str],
    related: dict[tuple[str, str], float],
) -> Finding | None:
    """One finding per statement: one value per distinct wording, the first the reference;
    every other value carries its word-level difference from it (only the words that differ
    are marked). Outlets quoting a wording identically are named in the notes. `links`: how
    many variants in `direct` each quotation is in."""

    def closeness(q: _Quoted, others: list[list[_Quoted]]) -> float:
        """How closely `q`'s passage reports the claim of the other wordings' passages."""
        pid = q.passage.id
        return sum(
            max(related.get((pid, o.passage.id), related.get((o.passage.id, pid), 0.0)) for o in c)
            for c in others
        )

    def fullest(
        members: list[_Quoted], near: str | None = None, others: list[list[_Quoted]] | None = None
    ) -> _Quoted:
        """The member to show: the longest rendering, then one in the anchor's claim, then
        (among outlets quoting the same words) the one whose passage is closest to the other
        wordings' passages."""

        def first(q: _Quoted) -> tuple[int, bool]:
            return len(q.quote.text), near is not None and clustered.get(q.passage.id) == near

        # The closeness of those that tie on the rest only: it reads many related pairs.
        top = max(map(first, members))
        return max(
            (q for q in members if first(q) == top),
            key=lambda q: (closeness(q, others) if others else 0.0, links[q.node]),
        )

    anchor_class = max(classes, key=lambda c: (sum(links[q.node] for q in c), -classes.index(c)))
    anchor = fullest(anchor_class, others=[c for c in classes if c is not anchor_class])
    near = clustered.get(anchor.passage.id)
    chosen = [(anchor, anchor_class)]
    for members in classes:
        if members is anchor_class:
            continue
        linked = [
            q for q in members if (anchor.node, q.node) in direct or (q.node, anchor.node) in direct
        ]
        chosen.append((fullest(linked or members, near), members))
    chosen.sort(key=lambda pair: (pair[0].passage.source, pair[0].passage.index))
    if len({q.passage.source for q, _ in chosen}) < 2:
        return None
    anchor = chosen[0][0]
    values, notes, differing = [], [], []
    for quoted, members in chosen:
        diff: tuple[WordDiff, ...] = ()
        if quoted is not anchor:
            diff = _diff_between(direct, anchor, quoted)
            differing.extend(_differing_words(diff))
        values.append(
            FindingValue(
                source=quoted.passage.source,
                passage=quoted.passage.id,
                surface=quoted.quote.text,
                start=quoted.quote.start,
                end=quoted.quote.end,
                diff=diff,
                speaker=quoted.speaker.name if quoted.speaker else None,
            )
        )
        # A fragment stands in its wording too ("But we will be talking about it." in "It
        # should never have been made, but we will be talking about it."): say it is a part.
        whole = len(quoted.quote.text.split())
        others: dict[str, bool] = {}
        for q in members:
            if q.passage.source != quoted.passage.source:
                complete = len(q.quote.text.split()) >= whole
                others[q.passage.source] = others.get(q.passage.source, False) or complete
        for other, complete in others.items():
            if complete:
                notes.append(f"{other} quotes the same words as {quoted.passage.source}")
            else:
                notes.append(f"{other} quotes part of {quoted.passage.source}'s words")
    if not differing:
        return None
    speaker = next((v.speaker for v in values if v.speaker), None)
    cluster_ids = {clustered.get(q.passage.id) for q, _ in chosen}
    lead = f"{speaker} quoted differently" if speaker else "quoted differently"
    return Finding(
        id="",
        kind=FindingKind.QUOTE,
        cluster=next(iter(cluster_ids)) if len(cluster_ids) == 1 else None,
        sources=tuple(dict.fromkeys(v.source for v in values)),
        passages=tuple(dict.fromkeys(v.passage for v in values)),
        summary=f"{lead}: " + "; ".join(dict.fromkeys(differing)),
        values=tuple(values),
        notes=tuple(dict.fromkeys(notes)),
    )


_FLIPPED = {"delete": "insert", "insert": "delete"}


def _diff_between(
    direct: dict[tuple[tuple[str, int], tuple[str, int]], QuoteVariant],
    anchor: _Quoted,
    other: _Quoted,
) -> tuple[WordDiff, ...]:
    """The matcher's own difference when it paired these two quotes, turned to read
    anchor -> other; otherwise a plain word diff of the two quotations."""
    variant = direct.get((anchor.node, other.node))
    if variant is not None:
        return tuple(variant.diff)
    variant = direct.get((other.node, anchor.node))
    if variant is not None:
        return tuple(WordDiff(_FLIPPED.get(op.op, op.op), op.b, op.a) for op in variant.diff)
    return word_diff(anchor.quote.text, other.quote.text)


def _differing_words(ops: Sequence[WordDiff]) -> list[str]:
    """Each change once, as “before” → “after” (an empty side is a word left out)."""
    seen: dict[str, None] = {}
    for n, op in enumerate(ops):
        if op.op == "equal":
            continue
        before, after = op.a.strip(), op.b.strip()
        if not before or not after:  # a word added or left out: show it beside a neighbour
            following = ops[n + 1].a.split() if n + 1 < len(ops) else []
            preceding = ops[n - 1].a.split() if n > 0 else []
            if following and ops[n + 1].op == "equal":
                before, after = f"{before} {following[0]}", f"{after} {following[0]}"
            elif preceding and ops[n - 1].op == "equal":
                before, after = f"{preceding[-1]} {before}", f"{preceding[-1]} {after}"
        before, after = before.strip() or "…", after.strip() or "…"
        seen.setdefault(f"“{before}” → “{after}”")
    return list(seen)
