"""Who is quoted: the speaker a news sentence names for a quotation.

News copy attributes quotes in a few fixed shapes: `"…," said X`, `"…," X said`, `X said: "…"`,
`X told reporters "…"`, `according to X`, `X dismissed it as "…"`, a pronoun ("he said") standing
for the last person named, and a quotation that continues one attributed in the sentence before.
The speaker decides whether two quotations can be one statement: a lawyer's words are not the
defendant's, and a press statement is not the lawsuit it announces. Written by hand because no
well-kept library does quote attribution within the speed budget (this takes about 20 µs a quote).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Attribution", "attribute", "speaker_key", "speakers_conflict"]

_VERBS = (
    "said|says|say|told|tells|wrote|writes|added|adds|stated|states|claimed|claims|alleged|"
    "alleges|argued|argues|asked|asks|explained|explains|tweeted|tweets|posted|warned|warns|"
    "declared|declares|noted|notes|insisted|insists|continued|recounted|recounts|recalled|"
    "replied|responded|acknowledged|announced|emphasized|emphasised|stressed|accused|accuses|"
    "called|calls|dismissed|described|describes|charged|contended|suggested|predicted|vowed|"
    "complained|conceded|admitted|concluded|observed|remarked|urged|promised|pledged|testified|"
    "maintained|indicated|affirmed|confirmed|countered|joked|boasted|lamented|reads|read|"
    "blasted|slammed|praised|hailed|characterized|characterised|labeled|labelled|branded|"
    "wrote|writes|shouted|added|cautioned|conceded|demanded|denied|repeated|recalls|recalled"
)
# A name: capitalised words (initials, "Mr.", "U.S.", particles such as "bin" allowed inside).
# A full stop ends a name unless it closes an initial, a title or a dotted acronym: "led by
# Ana Kovac. He added: ..." (or "by Kim. He added") names Kovac (Kim), never "Kovac. He".
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|St|Jr|Sr|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Cpl|Maj|Adm|Cmdr|Prof|Rev|Hon|Pres|"
    "Supt|Det|Insp|Mt|Ft"
)
_CAP = rf"(?:[A-Z](?:\.[A-Z])+\.?|(?:{_ABBREVIATIONS})\.|[A-Z]\.|[A-Z][\w’'-]*)"
_NAME = rf"{_CAP}(?:\s+(?:{_CAP}|de|van|von|al|bin|da|del|la|le))*"
# A described speaker: "the suit", "the White House", "a joint statement", "the adviser".
_DESCRIBED = r"(?:the|a|an)\s+(?:[A-Za-z][\w’'-]*\s+){0,2}?[A-Za-z][\w’'-]*"
_PRONOUN = r"(?:he|she|they|He|She|They)"
# A name may follow a few lower-case words that say what the person is ("union chief Ray Moss").
_LED_NAME = rf"(?:[a-z][\w’'-]*\s+){{0,3}}?{_NAME}"
_WHO = rf"(?P<who>{_LED_NAME}|{_DESCRIBED}|{_PRONOUN})"
_ADVERB = r"(?:\w+ly\s+)?"
# Words that may stand between a speaker and the verb: "Putin also stressed", "he has said",
# and when it was said: "the mayor late Thursday tweeted", "Kovac on Monday night wrote".
_WHEN = (
    r"late|early|on|last|this|yesterday|today|tonight|morning|afternoon|evening|night|week|"
    r"weekend|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
_FILLER = rf"(?:also|has|had|have|would|will|did|then|later|again|once|further|just|\w+ly|{_WHEN})"

_AFTER_VERB_WHO = re.compile(
    rf"^[\s,;—–-]*(?:{_ADVERB})(?:{_VERBS})\s+(?P<who>{_NAME}|{_DESCRIBED})"
)
_AFTER_WHO_VERB = re.compile(rf"^[\s,;—–-]*{_WHO}\s+{_ADVERB}(?:{_VERBS})\b")
# Before the quotation: a subject, an optional apposition, then a speech verb within a few words.
_BEFORE = re.compile(
    rf"(?:^\s*|[.;:]\s+|,\s+|\b(?:but|and|while|as|when|that|{_VERBS})\s+){_WHO}"
    rf"(?:,[^,\"“”]{{1,80}},)?\s+(?:{_FILLER}\s+){{0,4}}(?:{_VERBS})\b"
)
_ACCORDING = re.compile(rf"\baccording to\s+(?P<who>{_NAME}|{_DESCRIBED})")

# Words in front of a name that say what the person is, not who: dropped from the key.
_TITLES = frozenset(
    """
    mr mrs ms miss dr sir president vice chairman chairwoman chair chief secretary minister prime
    senator sen rep representative gov governor mayor leader former general attorney director
    deputy spokesman spokeswoman spokesperson house senate judiciary oversight intelligence
    committee's the a an of jr sr ii iii state foreign defense u.s us latter former
    """.split()  # noqa: SIM905
)
# Described speakers that are one document under several names.
_DOCUMENT = frozenset(
    ["suit", "lawsuit", "complaint", "filing", "document", "indictment", "letter"]
)
_PRONOUNS = frozenset({"he", "she", "they"})
_NOT_NAMES = frozenset(
    """
    the but and in on at while when as it this that these those there if after before during
    for with from by to of a an his her their its our my we i you said says
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Attribution:
    """A quotation's speaker as written (`name`) and the words that identify them (`key`)."""

    name: str
    key: frozenset[str]


def _clean(who: str) -> str:
    words = who.strip(" ,.;:").split()
    capitalised = [n for n, word in enumerate(words) if word[:1].isupper()]
    if capitalised and words[0].islower():
        words = words[capitalised[0] :]
    while words and words[0].lower() in _NOT_NAMES and len(words) > 1:
        words = words[1:]
    return " ".join(words).rstrip("’'s").strip(" ,.") if words else ""


def speaker_key(name: str) -> frozenset[str]:
    """The words that identify a speaker: "DNC Chairman Tom Perez" -> {dnc, tom, perez};
    a title alone ("the president") identifies nobody; the suit, the complaint and the lawsuit
    are one document."""
    words = [w.strip(".,’'").lower() for w in name.replace("’s", "").split()]
    words = [w.removesuffix("'s") for w in words if w]
    kept = {w for w in words if w not in _TITLES and w not in _PRONOUNS}
    if kept & _DOCUMENT:
        return frozenset({"<document>"})
    return frozenset(kept)


def speakers_conflict(a: Attribution | None, b: Attribution | None) -> bool:
    """True when both quotations name a speaker and the two share no identifying word."""
    if a is None or b is None or not a.key or not b.key:
        return False
    return not (a.key & b.key)


def _who(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    name = _clean(match.group("who"))
    first = name.split()[0].lower() if name else ""
    if not name or (first in _NOT_NAMES and first not in _PRONOUNS):
        return None
    return name


def _sentence_start(starts: Sequence[int], pos: int) -> int:
    best = 0
    for start in starts:
        if start <= pos:
            best = start
    return best


def _sentence_end(ends: Sequence[int], pos: int, size: int) -> int:
    for end in ends:
        if end >= pos:
            return end
    return size


def attribute(
    text: str,
    quotes: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]],
    previous: Attribution | None = None,
    lead_in: str = "",
) -> list[Attribution | None]:
    """The speaker of each outer quotation (start, end offsets inside its marks) of one
    paragraph `text` cut into `sentences`; `previous` is the last speaker named before this
    paragraph (for a pronoun or a continuing quotation) and `lead_in` the sentence before it
    (for a quotation that the sentence before introduces, as in "Perez said:")."""
    starts = [s for s, _ in sentences]
    ends = [e for _, e in sentences]
    found: list[Attribution | None] = []
    last = previous
    for n, (start, end) in enumerate(quotes):
        next_open = quotes[n + 1][0] - 1 if n + 1 < len(quotes) else len(text)
        close = min(end + 1, len(text))
        # The attribution may stand after the sentence the quotation closes ("…!" he said.).
        after = text[close : min(next_open, _sentence_end(ends, close + 1, len(text)) + 1)]
        lo = max(_sentence_start(starts, start), quotes[n - 1][1] + 1 if n else 0)
        before = text[lo : max(lo, start - 1)]
        # The sentence's words before the quotation, its earlier quotations blanked: a subject
        # named there ("The mayor stressed that ... would “…” and harm the “…”, her aide said")
        # is the speaker even when a relaying source is named after.
        sentence_start = _sentence_start(starts, start)
        prefix = _outside(
            text[sentence_start : max(sentence_start, start - 1)], quotes, sentence_start
        )
        name = (
            _who(_last(_BEFORE, prefix))
            or _who(_AFTER_VERB_WHO.search(after))
            or _who(_AFTER_WHO_VERB.search(after))
            or _who(_ACCORDING.search(before + " " + after))
        )
        if name is None and not before.strip(" \t—–-") and lead_in.rstrip().endswith(":"):
            name = _who(_last(_BEFORE, lead_in))
        if name is None:  # a quotation continuing the one before it in the paragraph
            found.append(found[-1] if n else None)
            continue
        if name.lower() in _PRONOUNS:
            named = _recent_name(lead_in + " " + _outside(text[:start], quotes))
            found.append(Attribution(named, speaker_key(named)) if named else last)
            continue
        attribution = Attribution(name, speaker_key(name))
        found.append(attribution)
        last = attribution
    return found


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match, overlapping ones included ("X said Y insisted": Y is the speaker)."""
    found, pos = None, 0
    while (match := pattern.search(text, pos)) is not None:
        found, pos = match, match.start() + 1
    return found


def _outside(text: str, quotes: Sequence[tuple[int, int]], offset: int = 0) -> str:
    """`text` (standing at `offset`) with its quoted words blanked: a name inside a quotation
    is not a speaker."""
    chars = list(text)
    for start, end in quotes:
        for k in range(max(start - offset, 0), min(end - offset, len(chars))):
            chars[k] = " "
    return "".join(chars)


def _recent_name(text: str) -> str | None:
    """The last person named as saying something in `text` (for "he said")."""
    name, pos = None, 0
    while (match := _BEFORE.search(text, pos)) is not None:
        who = _who(match)
        if who and who.lower() not in _PRONOUNS:
            name = who
        pos = match.start() + 1
    return name
