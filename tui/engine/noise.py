"""Tell reporting from page furniture: headings, and noise with the reason it is noise.

Noise is decided per block (a line or paragraph), from structure (position, list runs that
mirror the article's own headings, all-caps labels), repetition (a title or paragraph that
appears twice), phrase families (cookie consent, "related" labels, photo credits) and evidence
from the other outlets (a trailing headline that shares no words with the rest of the story).
Nothing is deleted: every block keeps its text and gets a kind.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from tui.engine.segment import LIST_MARKER_RE, SENTENCE_END_RE, Block
from tui.engine.text import content_tokens, squash, words
from tui.model import NoiseReason, PassageKind

COOKIE_RE = re.compile(r"\bcookies?\b", re.I)
COOKIE_CONTEXT_RE = re.compile(
    r"\b(accept|consent|privacy|opt[- ]?(?:out|in)|your experience|agree|preferences|settings|"
    r"policy|browsing|this (?:web)?site|we use)\b",
    re.I,
)
TOC_LABEL_RE = re.compile(
    r"^(?:table of contents|contents|in this (?:article|story|post|page)|on this page|jump to|"
    r"article contents|quick links|sections?)\s*:?$",
    re.I,
)
RELATED_LABEL_RE = re.compile(
    r"^(?:related(?: (?:posts?|articles?|stories|news|coverage|content|reading|links?|topics))?|"
    r"read (?:more|also|next)(?: .{0,30})?|more (?:from|stories|news|on|in|like this|articles)"
    r"(?: .{0,40})?|you (?:may|might) (?:also )?(?:like|be interested in|have missed)|"
    r"recommended(?: for you| stories| reading)?|also read|see also|trending(?: now| stories)?|"
    r"most (?:read|popular|viewed|shared)|popular (?:posts|stories|now)|"
    r"latest (?:news|stories|posts|headlines)|further reading|top stories|don[’']t miss|"
    r"editor[’']?s picks|what to read next|more to explore|around the web|sponsored(?: content)?|"
    r"(?:photos|videos|gallery|watch|listen)|trending topics)\s*:?$",
    re.I,
)
SUMMARY_LABEL_RE = re.compile(
    r"^(?:summary(?: of (?:this|the) (?:article|story|report))?|key (?:points|takeaways|facts)|"
    r"highlights|story highlights|at a glance|in (?:brief|short)|tl;?dr|quick read|"
    r"the big picture|what we know|listen to (?:this|the) (?:article|story))\s*:?$",
    re.I,
)
CHROME_RE = re.compile(
    r"^(?:share(?: this| on .{1,20})?|tweet|email|e-mail|print|advertisement|advert|"
    r"sponsored|skip to (?:main )?content|subscribe(?: now)?|sign (?:in|up)|log ?in|"
    r"close|menu|search|home|comments?|\d+ comments?|follow us.*|back to top|"
    r"click here.*|accept(?: all)?|reject(?: all)?|read more|continue reading|"
    r"loading\.*|copy link|copied)\s*[.:!]?$",
    re.I,
)
PHOTO_RE = re.compile(
    r"\((?:photo|image|picture|pic|credit|foto|file photo|video)s?\s*(?:credit)?\s*[:/][^)]*\)|"
    r"(?:^|[|–—]\s*)(?:photo|image|picture|credit|file photo|photograph)s?(?: credit)?\s*:|"
    r"\b(?:getty images|shutterstock|ap photo|afp via|afp/|reuters/|epa-efe|imago)\b|"
    r"^©|\(©",
    re.I,
)
BYLINE_RE = re.compile(
    r"^(?i:by|written by|reporting by|words by|story by|posted by)\s+[A-Z][\w.’'-]+"
    r"(?:\s+[A-Z][\w.’'-]+){0,3}(?:\s*(?:,|and|&)\s*.{0,60})?$",
)
METADATA_RE = re.compile(
    r"^(?:(?:last )?(?:updated|published|posted|modified)(?: on| at)?\b.{0,60}\d.{0,40}|"
    r"\d+\s*min(?:ute)?s? read|date:?\s*\d{4}-\d{2}-\d{2}|"
    r"(?:\w+ )?\d{1,2}:\d{2}\s*(?:am|pm)?\b.{0,30})$",
    re.I,
)
# "Related: …", "More: …", "Read more: …": a link to another article, label and headline.
RELATED_PREFIX_RE = re.compile(
    r"^(?:related(?: (?:stories|articles|coverage|content))?|more|read more|see also|also read|"
    r"read also|recommended|further reading|most read|top stories|"
    r"mehr (?:zum thema|dazu)|lesen sie auch|auch interessant|siehe auch|"
    r"lea también|leer más|más información|relacionad[oa]s?|lire aussi|à lire aussi)"
    r"\s*:\s*\S",
    re.I,
)
# A video's caption or its reporter's sign-off: "X has that story", "John Roberts reports from".
PROMO_RE = re.compile(
    r"\b(?:has|have|brings?) (?:that|this|the) (?:story|report|details|latest)\b|"
    r"\bcorrespondent [A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)* reports from\b|"
    r"\b(?:reports|has more) from [A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)*\.?$|"
    r"^(?:watch|video|listen|watch the video|click to play video)\b",
)
# What a picture shows: "A photograph released by … shows", "X, left, and Y", "(center)".
CAPTION_CUE_RE = re.compile(
    r"\b(?:photograph|photo|image|picture)s? (?:released|provided|taken|made available|"
    r"distributed|obtained)\b|\b(?:photograph|photo|image|picture)s? (?:of|shows?)\b|"
    r",\s*(?:left|right|center|centre|second (?:left|right))\s*,|"
    r"\(\s*(?:left|right|center|centre|l|r|c|pictured)\s*\)|\bpictured\b|\bis seen\b",
    re.I,
)
# A dateline opens the story's body: "WASHINGTON —", "SEOUL, South Korea —", "PARIS (Reuters) -".
DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.’' -]{2,}(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)*)?\s*(?:\([\w .’'-]{2,30}\)\s*)?"
    r"[—–―-]{1,2}\s"
)
# "Tom Perez, the party's chairman, during a meeting in Atlanta last year.": a person, who
# they are, and where the picture was taken, with no verb of its own.
VERBLESS_CAPTION_RE = re.compile(
    r"^(?:[A-Z][\w.’'-]+\s){1,3}[A-Z][\w.’'-]+,[^,]{3,90},\s+(?:during|at|in|on|after|before|"
    r"outside|inside|near|with|arriving|leaving|speaking|walking|seen)\b[^,;]*\.?$"
)
# A sentence that points at what the page embeds (a document, a video, a tweet, a chart)
# rather than reporting: "Redacted copies of the memos can be seen below.", "Watch it above:".
EMBED_POINTER_RE = re.compile(
    r"^(?:(?:you can |you may )?(?:see|read|watch|view|listen to|hear|find|check out)\b|"
    r".*\b(?:can|may|could) be (?:seen|read|found|viewed|watched|heard)\b|"
    r".*\b(?:is|are) (?:embedded|available|attached|included|posted|shown|pictured)\b)"
    r"[^.!?]*\b(?:below|above)\s*[.:!]?[”\"’')]*$",
    re.I,
)
EMBED_POINTER_WORDS = 20
ATTRIBUTION_RE = re.compile(r"\b(?:said|says|told|tells|wrote|writes|according to)\b", re.I)
QUOTE_MARKS = "\"“”‘’'«»„"

CONTACT_RE = re.compile(
    r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+|\+?[\d()\s.-]{7,})$", re.I
)
DOMAIN_RE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)
MENU_SEPARATORS_RE = re.compile(r"\s+[|•›»/·]\s+")
_MENU_MARKS = "|•›»/·"

# Below this share of words found in other outlets, a trailing short line is not about the story.
UNRELATED_SHARE = 0.35


class OtherOutlets(Container[str]):
    """The words the other outlets of a story use: a view, so building it per source is free."""

    def __init__(self, outlets_using: Counter[str], own: set[str]) -> None:
        self.outlets_using = outlets_using
        self.own = own

    def __contains__(self, token: object) -> bool:
        return self.outlets_using.get(token, 0) > (token in self.own)  # type: ignore[call-overload]

    def __bool__(self) -> bool:
        """Whether there is another outlet at all (a one-source story has none)."""
        return any(count > (token in self.own) for token, count in self.outlets_using.items())


@dataclass(frozen=True)
class BlockLabel:
    kind: PassageKind
    noise: NoiseReason | None = None


BODY = BlockLabel(PassageKind.BODY)
HEADING = BlockLabel(PassageKind.HEADING)


def _noise(reason: NoiseReason) -> BlockLabel:
    return BlockLabel(PassageKind.NOISE, reason)


def classify_blocks(
    blocks: Sequence[Block],
    title: str | None,
    title_span: tuple[int, int] | None,
    other_vocabulary: Container[str],
    tokens: Sequence[set[str]] | None = None,
) -> list[BlockLabel]:
    """Label each block of one source as body, heading or noise (with a reason). `tokens`:
    each block's `content_tokens`, when the caller has read them already."""
    labels: list[BlockLabel | None] = [None] * len(blocks)
    squashed = [squash(_strip_marker(b.text)) for b in blocks]
    title_key = squash(title) if title else ""

    _mark_title_and_site(blocks, labels, squashed, title_key, title_span)
    for i, block in enumerate(blocks):
        if labels[i] is None:
            labels[i] = _phrase_family(block.text)
    _mark_table_of_contents(blocks, labels, squashed)
    _mark_related_runs(blocks, labels, other_vocabulary)
    _mark_between_related(blocks, labels)
    _mark_photo_captions(blocks, labels, squashed)
    _mark_second_headline(blocks, labels, title_key)
    _mark_above_dateline(blocks, labels)
    _mark_restated_captions(blocks, labels, tokens)
    _mark_repeats(blocks, labels, squashed)
    _mark_pull_quotes(blocks, labels, squashed)
    _mark_trailing_unrelated(blocks, labels, other_vocabulary)

    for i in range(len(blocks)):
        if labels[i] is None:
            labels[i] = HEADING if _is_heading(blocks, i) else BODY
    return [label or BODY for label in labels]


def _strip_marker(text: str) -> str:
    return LIST_MARKER_RE.sub("", text, count=1).strip()


@lru_cache(maxsize=4096)
def _word_count(text: str) -> int:
    """How many words `text` has; each block's count is asked for by several rules."""
    return len(words(text))


def _mark_title_and_site(
    blocks: Sequence[Block],
    labels: list[BlockLabel | None],
    squashed: list[str],
    title_key: str,
    title_span: tuple[int, int] | None,
) -> None:
    """The title once as a heading; its repeats and a 'Title | Section | site' line as noise."""
    title_seen = False
    for i, block in enumerate(blocks):
        holds_title = title_span is not None and block.start <= title_span[0] < block.end
        if i < 3 and _is_site_header(block.text):
            labels[i] = _noise(NoiseReason.SITE_HEADER)
            continue
        if not title_key:
            continue
        if squashed[i] == title_key or (holds_title and title_key in squashed[i]):
            if title_seen:
                labels[i] = _noise(NoiseReason.REPEATED_TITLE)
            else:
                labels[i] = HEADING
                title_seen = True


def _is_site_header(text: str) -> bool:
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s+[|]\s*", text) if p.strip()]
    return (len(parts) >= 2 and bool(DOMAIN_RE.match(parts[-1]))) or bool(DOMAIN_RE.match(text))


# Words without which the costliest patterns cannot match (in the lower-cased text; where a
# case-insensitive pattern needs an i, s or k, letters it also finds in "ı", "ſ" and "K", the
# look-alike is listed too or the letter left out): most paragraphs lack them, so the patterns
# are not run (0.15 s of regex searching at 100 articles; the cookie and caption gates, made
# exact, cut what was left of theirs from 0.04 s to 0.015 s).
_PROMO_WORDS = ("story", "report", "details", "latest", " from ")
_PHOTO_WORDS = ("(", ":", "©", "getty", "hutter", "photo", "afp", "reuter", "epa-efe", "mago")
_CAPTION_WORDS = ("photo", "mage", "ctur", "(", "seen", "ſeen")  # "ſ" matches s, ignoring case
_CAPTION_SIDE_WORDS = ("left", "ght", "cent")  # ", left," ", right," ", center,": after a comma


def _phrase_family(text: str) -> BlockLabel | None:
    stripped = text.strip()
    low = stripped.lower()
    if "coo" in low and COOKIE_RE.search(stripped) and COOKIE_CONTEXT_RE.search(stripped):
        return _noise(NoiseReason.COOKIE_BANNER)
    if TOC_LABEL_RE.match(stripped):
        return _noise(NoiseReason.TABLE_OF_CONTENTS)
    if SUMMARY_LABEL_RE.match(stripped):
        return _noise(NoiseReason.SUMMARY_LABEL)
    if RELATED_LABEL_RE.match(stripped) or (
        RELATED_PREFIX_RE.match(stripped) and _word_count(stripped) <= 30
    ):
        return _noise(NoiseReason.RELATED_LINKS)
    promo = stripped[:1] in "wvlc" or any(word in stripped for word in _PROMO_WORDS)
    if promo and PROMO_RE.search(stripped) and _word_count(stripped) <= 50:
        return _noise(NoiseReason.VIDEO_PROMO)
    cue = (
        any(word in low for word in _CAPTION_WORDS)
        or ("," in low and any(word in low for word in _CAPTION_SIDE_WORDS))
    ) and CAPTION_CUE_RE.search(stripped)
    if (cue or VERBLESS_CAPTION_RE.match(stripped)) and _is_caption_like(stripped):
        return _noise(NoiseReason.CAPTION)
    if CHROME_RE.match(stripped):
        return _noise(NoiseReason.PAGE_CHROME)
    if CONTACT_RE.match(stripped):
        return _noise(NoiseReason.CONTACT)
    photo = any(word in low for word in _PHOTO_WORDS) and PHOTO_RE.search(stripped)
    if photo and _word_count(stripped) <= 45:
        return _noise(NoiseReason.PHOTO_CREDIT)
    if BYLINE_RE.match(stripped):
        return _noise(NoiseReason.BYLINE)
    if METADATA_RE.match(stripped):
        return _noise(NoiseReason.METADATA)
    if _is_menu(stripped):
        return _noise(NoiseReason.NAVIGATION)
    if _is_shouted_label(stripped):
        return _noise(NoiseReason.NAVIGATION)
    return None


def sentence_noise(text: str) -> NoiseReason | None:
    """Why one sentence of a body block is not reporting, if it is not: a pointer to embedded
    material ends the paragraph it stands in as often as it stands alone."""
    stripped = text.strip()
    tail = stripped[-12:].lower()
    if (
        ("below" in tail or "above" in tail)
        and EMBED_POINTER_RE.search(stripped)
        and _word_count(stripped) <= EMBED_POINTER_WORDS
        and not any(mark in stripped for mark in '“"')
    ):
        return NoiseReason.EMBED
    return None


def _is_menu(text: str) -> bool:
    if not any(mark in text for mark in _MENU_MARKS):  # no separator: one part, not a menu
        return False
    parts = MENU_SEPARATORS_RE.split(text)
    return len(parts) >= 3 and all(0 < _word_count(p) <= 3 for p in parts)


def _is_shouted_label(text: str) -> bool:
    """A short all-capitals line such as a widget label; acronyms alone are not enough."""
    if text != text.upper():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return (
        len(letters) >= 4
        and _word_count(text) <= 6
        and all(ch.isupper() for ch in letters)
        and not SENTENCE_END_RE.search(text)
    )


def _mark_table_of_contents(
    blocks: Sequence[Block], labels: list[BlockLabel | None], squashed: list[str]
) -> None:
    """A run of list items that mirrors the article's own headings is a table of contents.

    Each item is looked up in an index of the article's lines (exact repeats by hash, near ones
    only among lines of a length that can reach the similarity), and a run stops being read as
    soon as its verdict is settled: comparing every run with every other line made an article
    of many short lists quadratic."""
    lines = _LineIndex(squashed)
    toc = _noise(NoiseReason.TABLE_OF_CONTENTS)
    i = 0
    while i < len(blocks):
        if not blocks[i].list_item:
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].list_item:
            j += 1
        size = j - i
        after_label = i > 0 and labels[i - 1] == toc
        # mirrored >= size / 2 for a run of three or more; one is enough after a label
        needed = 1 if after_label else (size + 1) // 2
        if size >= 3 or after_label:
            mirrored = 0
            for k in range(i, j):
                if mirrored >= needed or mirrored + (j - k) < needed:
                    break
                if squashed[k] and lines.mirrored(k, i, j):
                    mirrored += 1
            if mirrored >= needed:
                for k in range(i, j):
                    labels[k] = toc
                if i > 0 and labels[i - 1] is None and _word_count(blocks[i - 1].text) <= 5:
                    labels[i - 1] = toc
        i = j


# Lines this long or longer may be near repeats (`fuzz.ratio` at least this) of each other.
NEAR_LINE_LENGTH = 12
NEAR_LINE_RATIO = 90
# A near repeat differs by a few letters, so it is looked for among this many lines closest in
# length: every line of similar length made an article of 4,000 short lists take 23 s.
NEAR_CANDIDATES = 256


def _same_line(a: str, b: str) -> bool:
    return a == b or (
        min(len(a), len(b)) >= NEAR_LINE_LENGTH and fuzz.ratio(a, b) >= NEAR_LINE_RATIO
    )


class _LineIndex:
    """The lines of one article (squashed), for "does this line stand elsewhere, more or less?"
    in time independent of the number of lines for exact repeats."""

    def __init__(self, squashed: list[str]) -> None:
        self.squashed = squashed
        self.where: dict[str, list[int]] = defaultdict(list)
        for k, line in enumerate(squashed):
            if line:
                self.where[line].append(k)
        near = sorted(
            (len(line), k) for k, line in enumerate(squashed) if len(line) >= NEAR_LINE_LENGTH
        )
        self.lengths = [n for n, _ in near]
        self.by_length = [k for _, k in near]

    def mirrored(self, k: int, lo: int, hi: int) -> bool:
        """Whether line k stands (or nearly stands, see `_same_line`) outside lines lo..hi-1."""
        line = self.squashed[k]
        same = self.where[line]
        if same[0] < lo or same[-1] >= hi:
            return True
        size = len(line)
        if size < NEAR_LINE_LENGTH:
            return False
        # fuzz.ratio counts insertions and deletions: two lengths further apart than this
        # cannot reach the ratio, whatever the letters.
        shortest = -(-size * NEAR_LINE_RATIO // (200 - NEAR_LINE_RATIO))
        longest = size * (200 - NEAR_LINE_RATIO) // NEAR_LINE_RATIO
        first = bisect.bisect_left(self.lengths, shortest)
        last = bisect.bisect_right(self.lengths, longest)
        if last - first > NEAR_CANDIDATES:  # the lines closest in length to this one
            middle = bisect.bisect_left(self.lengths, size, first, last)
            first = max(first, min(middle - NEAR_CANDIDATES // 2, last - NEAR_CANDIDATES))
            last = first + NEAR_CANDIDATES
        candidates = [self.squashed[n] for n in self.by_length[first:last] if not lo <= n < hi]
        found = process.extractOne(
            line, candidates, scorer=fuzz.ratio, score_cutoff=NEAR_LINE_RATIO
        )
        return found is not None


def _looks_like_link_text(text: str) -> bool:
    """Short and unpunctuated like a headline or a link, not a reported sentence."""
    return _word_count(text) <= 20 and not re.search(r"[.!?…][\"”’]?$", text.strip())


def _relevance(text: str, other_vocabulary: Container[str]) -> float:
    tokens = set(content_tokens(text))
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t in other_vocabulary) / len(tokens)


def _mark_related_runs(
    blocks: Sequence[Block],
    labels: list[BlockLabel | None],
    other_vocabulary: Container[str],
) -> None:
    """After a 'Related' label, link-like lines belong to the same box until the article resumes."""
    related = _noise(NoiseReason.RELATED_LINKS)
    for i, label in enumerate(labels):
        if label != related:
            continue
        for k in range(i + 1, len(blocks)):
            text = blocks[k].text
            if labels[k] is not None and labels[k] != BODY:
                if labels[k] in (_noise(NoiseReason.CONTACT), related):
                    labels[k] = related
                    continue
                break
            if _looks_like_link_text(text) or (
                blocks[k].list_item and _relevance(text, other_vocabulary) < UNRELATED_SHARE
            ):
                labels[k] = related
            else:
                break


def _mark_between_related(blocks: Sequence[Block], labels: list[BlockLabel | None]) -> None:
    """A short line between two related links ("More: …", "Column: headline", "Related: …")
    is one of them."""
    related = _noise(NoiseReason.RELATED_LINKS)
    for i in range(1, len(blocks) - 1):
        if (
            labels[i] is None
            and labels[i - 1] == related
            and labels[i + 1] == related
            and _word_count(blocks[i].text) <= 25
        ):
            labels[i] = related


def _mark_photo_captions(
    blocks: Sequence[Block], labels: list[BlockLabel | None], squashed: list[str]
) -> None:
    """A short line that a following photo credit repeats is the photo's caption."""
    photo = _noise(NoiseReason.PHOTO_CREDIT)
    for i in range(len(blocks) - 1):
        if (
            labels[i] is None
            and labels[i + 1] == photo
            and squashed[i]
            and squashed[i + 1].startswith(squashed[i])
            and _word_count(blocks[i].text) <= 20
        ):
            labels[i] = photo


def _is_caption_like(text: str) -> bool:
    """One short sentence with no quotation and no attribution: what a caption looks like."""
    stripped = text.strip()
    return (
        0 < _word_count(stripped) <= 40
        and not any(mark in stripped for mark in QUOTE_MARKS[:3] + "«»„")
        and not ATTRIBUTION_RE.search(stripped)
        and len(SENTENCE_END_RE.findall(stripped.rstrip('.!?…"”’ '))) == 0
    )


def _mark_above_dateline(blocks: Sequence[Block], labels: list[BlockLabel | None]) -> None:
    """Between the headline and a dateline ("WASHINGTON —") stand the page's picture and
    video captions: the story itself starts at the dateline."""
    dateline = next(
        (i for i, b in enumerate(blocks[:8]) if labels[i] is None and DATELINE_RE.match(b.text)),
        None,
    )
    if dateline is None:
        return
    for i in range(dateline):
        if labels[i] is None and not blocks[i].list_item and _is_caption_like(blocks[i].text):
            if i == 0 and _is_heading(blocks, 0):
                continue  # the headline itself
            labels[i] = _noise(NoiseReason.CAPTION)


def _mark_second_headline(
    blocks: Sequence[Block], labels: list[BlockLabel | None], title_key: str
) -> None:
    """A short headline-like line right under the title, on its subject, before the body: a
    video's title ("X claims Y in memos."), not the story's first sentence."""
    title_at = next((i for i, label in enumerate(labels) if label == HEADING), None)
    if title_at is None or not title_key:
        return
    k = title_at + 1
    if k + 1 >= len(blocks) or labels[k] is not None or blocks[k].list_item:
        return
    text = blocks[k].text.strip()
    title_words = set(content_tokens(title_key))
    if (
        _word_count(text) <= 12
        and _is_caption_like(text)
        and set(content_tokens(text)) & title_words
        and _word_count(blocks[k + 1].text) > 2 * _word_count(text)
    ):
        labels[k] = _noise(NoiseReason.VIDEO_PROMO)


# A short paragraph whose words stand this completely in one other paragraph restates it;
# the paragraphs sharing its rarest word that are compared with it.
RESTATED_SHARE = 0.75
RESTATED_CANDIDATES = 50
# Words at each end of a quotation looked up elsewhere in the article (pull quotes).
PULL_QUOTE_WORDS = 8


def _mark_restated_captions(
    blocks: Sequence[Block],
    labels: list[BlockLabel | None],
    tokens: Sequence[set[str]] | None = None,
) -> None:
    """A one-sentence paragraph that another paragraph of the article restates word for word,
    more or less ("Mr. X hosted a ceremony on the lawn."), is the caption of a picture of it:
    a paper repeats its own sentence only beside a photo. Only paragraphs sharing the
    caption's rarest word are compared, so the cost stays linear in the article."""
    candidates = [
        i
        for i, block in enumerate(blocks)
        if labels[i] is None
        and not block.list_item
        and block.text.strip().endswith(".")
        and _word_count(block.text.strip()) <= 25
        and _is_caption_like(block.text.strip())
    ]
    if not candidates:
        return  # no paragraph could be a caption: the article's words need not be read
    if tokens is None:
        tokens = [set(content_tokens(b.text)) for b in blocks]
    # Which paragraphs hold each word of a caption candidate: only those words are looked up
    # (indexing every word of the article cost 0.06 s at 100 articles).
    wanted = set().union(*(tokens[i] for i in candidates))
    holding: dict[str, list[int]] = {}
    for k, found in enumerate(tokens):
        for token in found & wanted:
            holding.setdefault(token, []).append(k)
    for i in candidates:
        words_here = tokens[i]
        if labels[i] is not None or len(words_here) < 4:
            continue
        rarest = min(words_here, key=lambda t: (len(holding[t]), t))
        for k in holding[rarest][:RESTATED_CANDIDATES]:
            other = tokens[k]
            if abs(k - i) <= 1 or len(other) <= len(words_here) or labels[k] is not None:
                continue
            if len(words_here & other) >= RESTATED_SHARE * len(words_here):
                labels[i] = _noise(NoiseReason.CAPTION)
                break


def _mark_pull_quotes(
    blocks: Sequence[Block], labels: list[BlockLabel | None], squashed: list[str]
) -> None:
    """A paragraph that is only a quotation found inside another paragraph is a pull quote
    (an editor's bracketed insertion, "[Trump]", aside); the line naming its speaker after
    it goes with it. Each quotation's first and last eight words are looked up in one pass
    over every paragraph's word windows, so the cost stays linear in the article."""
    probes: dict[str, list[int]] = defaultdict(list)
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if labels[i] is not None or not text or text[0] not in QUOTE_MARKS:
            continue
        key = squash(re.sub(r"\[[^\]]{1,40}\]", " ", text)).split()
        if len(key) >= PULL_QUOTE_WORDS:
            probes[" ".join(key[:PULL_QUOTE_WORDS])].append(i)
            probes[" ".join(key[-PULL_QUOTE_WORDS:])].append(i)
    if not probes:
        return
    found: set[int] = set()
    # A window is joined and looked up only where it opens with a probe's first word.
    openers = {probe.split(" ", 1)[0] for probe in probes}
    for k, other in enumerate(squashed):
        window = other.split()
        for n in range(len(window) - PULL_QUOTE_WORDS + 1):
            if window[n] not in openers:
                continue
            for i in probes.get(" ".join(window[n : n + PULL_QUOTE_WORDS]), ()):
                if i != k and len(other) > len(squashed[i]):
                    found.add(i)
    for i in sorted(found):
        labels[i] = _noise(NoiseReason.REPEATED_TEXT)
        after = i + 1
        if (
            after < len(blocks)
            and labels[after] is None
            and _word_count(blocks[after].text) <= 10
            and not SENTENCE_END_RE.search(blocks[after].text.strip().rstrip("."))
        ):
            labels[after] = _noise(NoiseReason.REPEATED_TEXT)


def _mark_repeats(
    blocks: Sequence[Block], labels: list[BlockLabel | None], squashed: list[str]
) -> None:
    """A paragraph that repeats (or is the start of) another one in the same source is a copy.
    The paragraphs are sorted once, so a paragraph's repeats and extensions are found by
    binary search (the pairwise comparison took minutes on a 20 MB article)."""
    ordered = sorted((key, k) for k, key in enumerate(squashed) if key)
    keys = [key for key, _ in ordered]
    for i, key in enumerate(squashed):
        if labels[i] is not None or len(key.split()) < 6:
            continue
        # every paragraph equal to `key` or starting with it sorts right after it
        for n in range(bisect.bisect_left(keys, key), len(keys)):
            other, k = ordered[n]
            if not other.startswith(key):
                break
            if (other == key and k < i) or len(other) > len(key):
                labels[i] = _noise(NoiseReason.REPEATED_TEXT)
                break


def _mark_trailing_unrelated(
    blocks: Sequence[Block],
    labels: list[BlockLabel | None],
    other_vocabulary: Container[str],
) -> None:
    """Short unpunctuated lines at the very end that share little with the story are page links."""
    if not other_vocabulary:
        return
    for i in range(len(blocks) - 1, -1, -1):
        if labels[i] is not None and labels[i] != BODY:
            continue
        text = blocks[i].text
        if _looks_like_link_text(text) and _relevance(text, other_vocabulary) < UNRELATED_SHARE:
            labels[i] = _noise(NoiseReason.RELATED_LINKS)
            continue
        break


def _is_heading(blocks: Sequence[Block], i: int) -> bool:
    """Short, unpunctuated, standing alone before more text: a section heading."""
    block = blocks[i]
    text = block.text.strip()
    if block.list_item or i == len(blocks) - 1:
        return False
    count = _word_count(text)
    if count == 0 or count > 18:
        return False
    if re.search(r"[.,;]$|[.!][\"”’)]$", text):
        return False
    if text.endswith(("?", ":", "!")) and count > 14:
        return False
    first = text.lstrip("“\"‘'(")[:1]
    return first.isalnum()
