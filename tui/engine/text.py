"""Word helpers shared by noise detection, alignment and quotes: tokens, stems, stopwords."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from functools import lru_cache

WORD_RE = re.compile(r"[^\W_](?:[\w’'\-.]*[^\W_])?")
POSSESSIVE_RE = re.compile(r"(?<=[^\W_])[’']s\b")
NUMBER_RE = re.compile(r"\d")

# A compact English function-word list: words that carry no claim of their own.
STOPWORDS = frozenset(
    """
    a about above after again against all almost also am an and any are aren't around as at be
    because been before being below between both but by can cannot could couldn't did didn't do
    does doesn't doing don't down during each either even ever every few for from further had
    hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself
    just let's may me might more most much must mustn't my myself neither no nor not now of off
    on once one only or other ought our ours ourselves out over own per quite rather same shall
    shan't she she'd she'll she's should shouldn't since so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're they've
    this those though through thus to too under until up upon us very via was wasn't we we'd
    we'll we're we've were weren't what what's when when's where where's whether which while
    who who's whom whose why why's will with within without won't would wouldn't yet you you'd
    you'll you're you've your yours yourself yourselves said says say told according also still
    already well
    """.split()  # noqa: SIM905
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a lower-case word; cached because stories repeat their vocabulary."""
    return str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """Surface words of `text`, in order, possessive endings removed."""
    if "'" in text or "’" in text:  # else there is no possessive to remove: one pass, not two
        text = POSSESSIVE_RE.sub("", text)
    return WORD_RE.findall(text)


def normalise_word(word: str) -> str:
    return word.lower().replace("’", "'").strip(".-'")


# Word -> its content token ("" for a stopword): stories repeat their vocabulary, and one dict
# lookup per word instead of strip, stopword test and stemming made tokenising 40% faster
# (0.073 s -> 0.044 s for a 100-article story).
_TOKEN_OF: dict[str, str] = {}
_TOKEN_CACHE_LIMIT = 200_000


def content_tokens(text: str) -> list[str]:
    """Stems of the words that carry meaning: no stopwords, no one-letter words; words with
    digits are kept as they are, hyphenated compounds give their parts."""
    return list(_content_tokens(text))


# Texts whose tokens are remembered. The analysis reads each sentence's tokens four times (the
# copy finder, the vectoriser, the copied shares, the findings): read once, tokenising takes
# 0.22 s instead of 0.37 s of a 100-article analysis. Enough for a 1,000-article story's
# passages; at most some 40 MB.
_TEXT_CACHE = 1 << 17


@lru_cache(maxsize=_TEXT_CACHE)
def _content_tokens(text: str) -> tuple[str, ...]:
    token_of = _TOKEN_OF
    if len(token_of) > _TOKEN_CACHE_LIMIT:
        token_of.clear()
    tokens = []
    for word in words(text.lower().replace("’", "'")):
        token = token_of.get(word)
        if token is None:
            token = token_of[word] = _token(word)
        if token:
            tokens.extend(token.split(" "))
    return tuple(tokens)


def _token(word: str) -> str:
    """A word's content token(s), space-separated: a hyphenated compound gives its parts
    ("Putin-Trump" is Putin and Trump; "long-range" long and range), a word with digits
    stays whole ("48-page")."""
    low = word.strip(".-'")
    if NUMBER_RE.search(low):
        return low
    if "-" in low:
        return " ".join(t for t in map(_token, low.split("-")) if t)
    if len(low) < 2 or low in STOPWORDS:
        return ""
    return stem(low)


NAME_RE = re.compile(r"[A-Z][\w’'\-]*[\w]")
_CALENDAR = """monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december jan feb mar apr jun jul aug sep
sept oct nov dec tue tues thu thur thurs fri"""
CALENDAR_WORDS = frozenset(_CALENDAR.split())
# Titles written in front of a name ("Mr. Powell", "Sen. Ortiz"): one outlet writes them and
# another does not, so they never tell two subjects apart.
HONORIFICS = frozenset(
    """mr mrs ms mx dr sen rep gov gen col lt sgt capt cpl maj adm cmdr prof rev hon pres supt
    det insp""".split()  # noqa: SIM905
)
# Capitalised words that name a scale, not a subject: "37 degrees Celsius" and "99 degrees
# Fahrenheit" report one temperature.
_SCALE_WORDS = frozenset({"celsius", "centigrade", "fahrenheit", "kelvin", "richter"})


def names_and_heads(
    text: str, known: Container[str] = frozenset(), only_known: bool = False
) -> tuple[frozenset[str], frozenset[str]]:
    """Capitalised words inside a sentence (people, places, bodies), and the last word of
    each run of them: the surname or the body's own word ("Kuby" of "Ronald L. Kuby",
    "Exchange" of "New York Stock Exchange"), not the titles and first names that come and go
    between outlets.

    A sentence's first word counts only when it is `known` as a name (seen capitalised
    mid-sentence elsewhere), and so does every word with `only_known` (a headline in Title
    Case capitalises every word). Weekdays, months and temperature scales are left out: dates
    and measures are compared as numbers, not as names. Both are stemmed, so "Falcons" and
    "Falcon" are one name."""
    runs = _name_runs(text, known, only_known)
    if not runs:
        return frozenset(), frozenset()
    words = sorted({word for run in runs for word in run})
    stem_of = dict(zip(words, _stemmer().stemWords(words), strict=True))
    return frozenset(stem_of.values()), frozenset(stem_of[run[-1]] for run in runs)


# What may stand between two words of one name: spaces, and initials ("Ronald L. Kuby").
_NAME_GAP_RE = re.compile(r"\s+(?:[A-Z]\.\s*)*")


def _name_runs(text: str, known: Container[str], only_known: bool) -> list[list[str]]:
    runs: list[list[str]] = []
    previous_end = -1
    for match in NAME_RE.finditer(text):
        start = match.start()
        if start and text[start - 1].isalnum():
            continue
        joined = previous_end >= 0 and _NAME_GAP_RE.fullmatch(text, previous_end, start)
        previous_end = match.end()
        word = POSSESSIVE_RE.sub("", match.group()).lower().replace("’", "'")
        if (only_known or _opens_sentence(text, start)) and word not in known:
            previous_end = -1
            continue
        if (
            word in STOPWORDS
            or word in CALENDAR_WORDS
            or word in _SCALE_WORDS
            or word in HONORIFICS
            or len(word) <= 1
        ):
            continue
        if joined and runs:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def known_names(texts: Iterable[str]) -> frozenset[str]:
    """Lower-cased words that some text capitalises in mid-sentence: names, not openers."""
    found: set[str] = set()
    for text in texts:
        for match in NAME_RE.finditer(text):
            start = match.start()
            if not _opens_sentence(text, start) and not text[start - 1].isalnum():
                found.add(POSSESSIVE_RE.sub("", match.group()).lower())
    return frozenset(found)


def opening_names(texts: Iterable[str], known: Container[str]) -> frozenset[str]:
    """Lower-cased words that only ever open a text, never `known` from mid-sentence, and that
    no text writes in lower case, not even inflected: likely names ("Mattel shares fell"),
    where "Shares" or "Officials" stand in lower case somewhere. Weaker evidence than a
    capital in mid-sentence: an outlet's "Authorities said" may still slip through."""
    # Imported here: the number vocabulary's package costs 44 ms to import, and the reader
    # imports this module on a cached start, when nothing is analysed.
    from tui.engine.quantities.patterns import _NUMBER_WORD_SET

    openers: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        match = _FIRST_NAME_RE.match(text)
        if match:
            word = POSSESSIVE_RE.sub("", match.group(1)).lower()
            if (
                word not in STOPWORDS
                and word not in known
                and not _not_a_subject(word, _NUMBER_WORD_SET)
            ):
                openers.add(word)
        lower.update(_LOWER_WORD_RE.findall(text))
    if not openers:
        return frozenset()
    openers -= lower
    stems = set(_stemmer().stemWords(sorted(lower)))
    ordered = sorted(openers)
    return frozenset(
        word
        for word, stemmed in zip(ordered, _stemmer().stemWords(ordered), strict=True)
        if stemmed not in stems
    )


# A text's first word, after any opening quotes: only there is a sentence start sure (a full
# stop further in may end "p.m." or "U.S.").
_FIRST_NAME_RE = re.compile(r"[\s“\"‘'(]*([A-Z][\w’'\-]*\w)")


def _not_a_subject(word: str, number_words: Container[str]) -> bool:
    """A number in words ("Forty", "Fifty-seven"), a word that opens a sentence to link it to
    the last ("Meanwhile", "Separately"), or one shaped like a common plural or a verb's -ing
    form ("Analysts", "Trading"), the usual openers a short story never writes in lower
    case: not taken for a subject's name."""
    return (
        all(part in number_words for part in word.split("-"))
        or word in _LINKING_OPENERS
        or word.endswith(("ly", "s", "ing"))
    )


_LINKING_OPENERS = frozenset(
    {
        "meanwhile", "furthermore", "moreover", "nevertheless", "nonetheless", "therefore",
        "instead", "later", "earlier", "indeed", "overall", "contrary", "besides", "otherwise",
        "hence", "afterwards", "elsewhere", "today", "yesterday", "tonight", "tomorrow", "now",
        "here", "there",
    }
)  # fmt: skip


_LOWER_WORD_RE = re.compile(r"(?<![\w’'])[a-z][a-z’'\-]*[a-z]")


def _opens_sentence(text: str, start: int) -> bool:
    """Whether only opening quotes and spaces stand between `start` and a sentence end."""
    k = start - 1
    while k >= 0 and text[k] in " “\"‘'(\n":
        k -= 1
    return k < 0 or text[k] in ".!?:"


def squash(text: str) -> str:
    """Lower-case letters and digits only, single-spaced: for exact-repeat comparisons. (A
    word of `WORD_RE` starts and ends with a letter or digit: no ".-'" to strip from it.)"""
    return " ".join(words(text.lower().replace("’", "'")))
