"""Synthetic stories for the speed bench: many outlets paraphrasing one pool of claims.

    python bench/generate.py OUT --articles 25 [--sentences 60] [--seed 0]

A story is a pool of claims (a sentence shape with named entities and a number: "<Person> said
the <thing> would cost $<N> million"). Each article carries about 60% of them, each rendered
as its own paraphrase: another core wording, the attribution moved ("X, P said" / "According to
P, X"), synonyms swapped, the number written another way ("1,000 miles", "1,609 kilometers",
"about 1,600 km") and now and then a diverging number or a reworded quote. Around them: about
15 sentences of the article's own built from invented words, context sentences on the subjects
of its claims (a claim's thing, person or place, in new words) up to `sentences`, a title, one
or two section headings, and page furniture (a cookie banner, sometimes a photo credit, a
"Related posts" box of unrelated headlines at the end). Paragraphs of 2-4 sentences are
separated by blank lines. Every name and content word is invented; the same seed gives the
same story, and a bigger story starts with the articles of a smaller one.

`build_story` returns the texts and which claim each sentence renders (the bench uses it to
check that no cluster mixes two claims); `write_story` writes the files.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POOL_SIZE = 40  # claims in the story
CARRY_SHARE = 0.6  # mean share of the pool an article carries
UNIQUE_SHARE = 0.25  # share of an article's sentences that are its own (15 of 60)
DIVERGE = 0.07  # chance that an outlet's number for a claim differs from the others'
MISQUOTE = 0.15  # chance that an outlet words a quote differently
SYNONYM = 0.5  # chance that each swappable word is swapped

# -- invented words -----------------------------------------------------------------------

ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "k", "l", "m", "n", "p", "r", "s", "st", "t", "v")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ou")
CODAS = ("", "", "", "", "", "n", "r", "l", "s", "m", "nd", "rk", "st")
NOUN_ENDS = ("", "", "", "en", "et", "ar", "ot")
ADJ_ENDS = ("ic", "al", "ous", "ish", "ent", "ive")


def pseudo_word(rng: random.Random, syllables: int | None = None) -> str:
    count = syllables or rng.choice((1, 2, 2, 2, 2, 3))
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(count)]
    return "".join(parts)


def pseudo_name(rng: random.Random, used: set[str]) -> str:
    """A capitalised invented word not handed out before."""
    while True:
        word = pseudo_word(rng, rng.choice((2, 2, 2, 3))).capitalize()
        if word not in used and 4 <= len(word) <= 9:
            used.add(word)
            return word


@dataclass
class Vocabulary:
    """Invented content words, drawn with a Zipf-like skew as real text is."""

    nouns: list[str]
    verbs: list[str]
    adjectives: list[str]

    @classmethod
    def make(cls, rng: random.Random, size: int = 1200) -> Vocabulary:
        seen: set[str] = set()

        def fresh(ends: Sequence[str]) -> str:
            while True:
                word = pseudo_word(rng) + rng.choice(ends)
                if word not in seen and len(word) >= 4:
                    seen.add(word)
                    return word

        nouns = [fresh(NOUN_ENDS) for _ in range(size // 2)]
        verbs = [fresh(["", "", "er", "ate"]).rstrip("e") for _ in range(size // 4)]
        adjectives = [fresh(ADJ_ENDS) for _ in range(size // 4)]
        return cls(nouns, verbs, adjectives)

    @staticmethod
    def _zipf(rng: random.Random, items: Sequence[str]) -> str:
        # Rank r is drawn with weight ~1/(r+20): a few words are common, most are rare.
        index = int(math.exp(rng.random() * math.log(len(items) + 20)) - 20)
        return items[max(0, min(index, len(items) - 1))]

    def noun(self, rng: random.Random) -> str:
        return self._zipf(rng, self.nouns)

    def verb(self, rng: random.Random) -> str:
        return self._zipf(rng, self.verbs)

    def verbed(self, rng: random.Random) -> str:
        return self.verb(rng) + "ed"

    def adjective(self, rng: random.Random) -> str:
        return self._zipf(rng, self.adjectives)


# -- numbers --------------------------------------------------------------------------------

NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def round_sig(x: float, digits: int) -> float:
    if x == 0:
        return 0.0
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def num(x: float) -> str:
    """1234.0 -> '1,234'; 2.5 -> '2.5'."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def approx(rng: random.Random) -> str:
    return rng.choice(("about", "some", "roughly", "around", "nearly"))


def half_words(value: float) -> str | None:
    """2.5 -> 'two and a half'; 1 -> 'one'; None when there is no short wording."""
    whole, frac = int(value), value - int(value)
    if whole > 20 or frac not in (0.0, 0.5):
        return None
    if frac == 0:
        return NUMBER_WORDS[whole]
    return "half an" if whole == 0 else f"{NUMBER_WORDS[whole]} and a half"


Formats = list[tuple[str, float]]  # surface, weight


def money_formats(m: float, rng: random.Random) -> Formats:
    """`m` in millions of dollars."""
    if m >= 1000:
        b = m / 1000
        return [
            (f"${num(b)} billion", 3),
            (f"${num(b)}bn", 1),
            (f"${num(m)} million", 1),
            (f"{approx(rng)} ${num(round_sig(b, 1))} billion", 1),
        ]
    return [
        (f"${num(m)} million", 4),
        (f"${num(m)}m", 1),
        (f"{num(m)} million dollars", 1),
        (f"${num(m * 1_000_000)}", 1),
        (f"{approx(rng)} ${num(round_sig(m, 1))} million", 1),
    ]


def distance_formats(value: tuple[float, str], rng: random.Random) -> Formats:
    amount, unit = value
    km = amount if unit == "km" else amount * 1.609344
    miles = amount if unit == "mi" else amount / 1.609344
    return [
        (f"{num(round(miles))} miles", 2),
        (f"{num(round(km))} kilometers", 2),
        (f"{num(round(km))} km", 1),
        (f"{approx(rng)} {num(round_sig(km, 2))} km", 1),
        (f"{approx(rng)} {num(round_sig(miles, 2))} miles", 1),
    ]


def count_formats(n: float, rng: random.Random) -> Formats:
    low = round_sig(n, 1)
    return [
        (num(n), 5),
        (f"{approx(rng)} {num(round_sig(n, 2))}", 2),
        (f"more than {num(low if low < n else round_sig(n * 0.9, 1))}", 1),
    ]


def percent_formats(p: float, rng: random.Random) -> Formats:
    return [
        (f"{num(p)}%", 3),
        (f"{num(p)} percent", 2),
        (f"{num(p)} per cent", 1),
        (f"{approx(rng)} {num(5 * round(p / 5))} percent", 1),
    ]


def weight_formats(t: float, rng: random.Random) -> Formats:
    return [
        (f"{num(t)} tonnes", 3),
        (f"{num(t)} metric tons", 1),
        (f"{num(t * 1000)} kilograms", 1),
        (f"{approx(rng)} {num(round_sig(t * 2204.62, 2))} pounds", 1),
    ]


def speed_formats(kmh: float, rng: random.Random) -> Formats:
    mph = kmh / 1.609344
    return [
        (f"{num(kmh)} km/h", 2),
        (f"{num(kmh)} kilometers per hour", 2),
        (f"{num(round(mph))} mph", 1),
        (f"{approx(rng)} {num(round_sig(mph, 2))} miles per hour", 1),
    ]


def months_formats(m: float, rng: random.Random) -> Formats:
    formats: Formats = [(f"{num(m)} months", 3)]
    if m % 6 == 0 and m >= 12:
        years = m / 12
        formats.append((f"{num(years)} years", 1))
        words = half_words(years)
        if words:
            formats.append(("a year and a half" if years == 1.5 else f"{words} years", 1))
    return formats


def days_formats(d: float, rng: random.Random) -> Formats:
    formats: Formats = [(f"{num(d)} days", 3)]
    if d <= 20:
        formats.append((f"{NUMBER_WORDS[int(d)]} days", 2))
    if d % 7 == 0:
        weeks = int(d // 7)
        formats.append(("a week" if weeks == 1 else f"{NUMBER_WORDS[weeks]} weeks", 1))
    return formats


def minutes_formats(m: float, rng: random.Random) -> Formats:
    formats: Formats = [(f"{num(m)} minutes", 2)]
    hours = m / 60
    if m % 30 == 0:
        words = half_words(hours)
        formats.append((f"{num(hours)} hours" if hours != 1 else "one hour", 1))
        if words and hours != 1:
            formats.append((f"{words} hours", 2))
    return formats


def temperature_formats(c: float, rng: random.Random) -> Formats:
    f = round(c * 9 / 5 + 32)
    return [
        (f"{num(c)} °C", 2),
        (f"{num(c)} degrees Celsius", 2),
        (f"{num(f)} °F", 1),
        (f"{num(f)} degrees Fahrenheit", 1),
    ]


def area_formats(h: float, rng: random.Random) -> Formats:
    acres = h * 2.47105
    formats: Formats = [
        (f"{num(h)} hectares", 3),
        (f"{num(round_sig(acres, 3))} acres", 1),
        (f"{approx(rng)} {num(round_sig(acres, 2))} acres", 1),
    ]
    if h >= 1000:
        formats.append((f"{num(h / 100)} square kilometers", 1))
    return formats


def vote_formats(value: tuple[int, int], rng: random.Random) -> Formats:
    a, b = value
    return [(f"{a} to {b}", 2), (f"{a}-{b}", 2), (f"{a} votes to {b}", 1)]


def plain_formats(value: Any, rng: random.Random) -> Formats:
    return [(str(value), 1)]


FORMATTERS: dict[str, Callable[..., Formats]] = {
    "money": money_formats,
    "distance": distance_formats,
    "count": count_formats,
    "percent": percent_formats,
    "weight": weight_formats,
    "speed": speed_formats,
    "months": months_formats,
    "days": days_formats,
    "minutes": minutes_formats,
    "temperature": temperature_formats,
    "area": area_formats,
    "vote": vote_formats,
    "year": plain_formats,
    "weekday": plain_formats,
}


def draw_value(kind: str, rng: random.Random) -> Any:
    if kind == "money":
        return round_sig(rng.uniform(8, 2500), 2)
    if kind == "distance":
        return (round_sig(rng.uniform(40, 2000), 2), rng.choice(("km", "mi")))
    if kind == "count":
        return round_sig(rng.uniform(150, 25000), rng.choice((2, 3, 4)))
    if kind == "percent":
        return rng.randint(18, 86)
    if kind == "weight":
        return round_sig(rng.uniform(2, 900), 2)
    if kind == "speed":
        return round_sig(rng.uniform(60, 2400), 2)
    if kind == "months":
        return rng.choice((6, 9, 12, 18, 24, 30, 36, 48))
    if kind == "days":
        return rng.choice((3, 5, 7, 10, 14, 21, 30))
    if kind == "minutes":
        return rng.choice((45, 60, 90, 120, 150, 180))
    if kind == "temperature":
        return rng.randint(31, 48)
    if kind == "area":
        return round_sig(rng.uniform(200, 40000), 2)
    if kind == "vote":
        a = rng.randint(20, 80)
        return (a, rng.randint(3, a - 5))
    if kind == "year":
        return rng.randint(1998, 2022)
    if kind == "weekday":
        return rng.choice(WEEKDAYS)
    raise ValueError(kind)


def far_apart(kind: str, a: Any, b: Any) -> bool:
    """Whether two values of one kind are too different to be roundings of each other."""
    if kind == "distance":
        a = a[0] * (1.609344 if a[1] == "mi" else 1)
        b = b[0] * (1.609344 if b[1] == "mi" else 1)
    elif kind == "vote":
        return abs(a[0] - b[0]) >= 5
    elif kind == "weekday":
        return a != b
    if kind in ("percent", "year", "temperature"):
        return abs(float(a) - float(b)) >= 5
    low, high = sorted((float(a), float(b)))
    return high >= 1.3 * low


def diverge(kind: str, value: Any, rng: random.Random) -> Any:
    """Another outlet's (wrong, or newer) figure for the same thing."""
    for _ in range(20):
        other = _diverge_once(kind, value, rng)
        if other != value:
            return other
    return value


def _diverge_once(kind: str, value: Any, rng: random.Random) -> Any:
    factor = rng.choice((0.5, 0.75, 0.8, 1.2, 1.25, 1.5, 2.0))
    if kind == "distance":
        amount, unit = value
        return (round_sig(amount * factor, 2), unit)
    if kind in ("money", "count", "weight", "speed", "area"):
        return round_sig(float(value) * factor, 2)
    if kind == "percent":
        return max(5, min(95, int(value) + rng.choice((-9, -6, -4, 4, 6, 9))))
    if kind == "temperature":
        return int(value) + rng.choice((-3, -2, 2, 3))
    if kind == "vote":
        a, b = value
        return (a + rng.randint(1, 4), b)
    if kind == "year":
        return int(value) + rng.choice((-2, -1, 1))
    if kind == "weekday":
        return rng.choice(WEEKDAYS)
    return draw_value(kind, rng)


def render_value(kind: str, value: Any, rng: random.Random, exact: bool = False) -> str:
    """One outlet's way of writing `value`; `exact` when the sentence already hedges it."""
    formats = FORMATTERS[kind](value, rng)
    if exact:
        return formats[0][0]
    surfaces = [s for s, _ in formats]
    weights = [w for _, w in formats]
    return rng.choices(surfaces, weights)[0]


# -- claims ---------------------------------------------------------------------------------
# Templates: {SLOT} is filled from the claim, [a|b|c] picks one wording per rendering.
# Slots: P, P2 people (PL last name), R role, O organisation, L, L2 places, T thing, Q number.

PERSON = (
    "{core}, {P} said",
    "{P} said {core}",
    "according to {P}, {core}",
    "{core}, according to {R} {P}",
    "{R} {P} [said|stated|noted] that {core}",
    "{core}, {PL} [said|told reporters|added]",
)
WARNING = (
    "{P} warned that {core}",
    "{core}, {P} warned",
    "according to {R} {P}, {core}",
    "{R} {P} [cautioned|warned] that {core}",
)
ORG = (
    "{core}, [the|a] {O} spokesperson said",
    "according to the {O}, {core}",
    "the {O} said {core}",
    "{core}, the {O} said",
)
POLL = (
    "a {O} poll found that {core}",
    "{core}, according to a {O} poll",
    "according to a survey by the {O}, {core}",
)
BARE = ("{core}",)
QUOTED = (
    "{P} said: “{core}.”",
    "“{core},” {P} said.",
    "“{core},” {R} {P} told reporters.",
    "{P} told reporters: “{core}.”",
)


@dataclass(frozen=True)
class Shape:
    kind: str | None  # the number's kind, None for a claim without one
    cores: tuple[str, ...]
    attributions: tuple[str, ...]
    thing: str = "work"  # what {T} is: a "work" (a bridge) or a "vehicle" (an airship)


SHAPES = (
    Shape(
        "money",
        (
            "the {T} would cost {Q}",
            "the {T} [is expected to|will] cost {Q}",
            "building the {T} would cost {Q}",
            "the price of the {T} [could reach|will be|is put at] {Q}",
        ),
        PERSON,
    ),
    Shape(
        "distance",
        (
            "the {T} [will run|would stretch] {Q} from {L} to {L2}",
            "the {T}, [which runs|stretching] {Q}, [links|would link] {L} and {L2}",
            "[covering|spanning] {Q}, the {T} [would connect|links] {L} with {L2}",
        ),
        ORG + BARE + BARE,
    ),
    Shape(
        "count",
        (
            "{Q} [people|residents] were evacuated from {L}",
            "[authorities|officials] [evacuated|moved] {Q} [people|residents] out of {L}",
            "{Q} [people|residents] [had to leave|fled] their homes in {L}",
        ),
        ORG + BARE,
    ),
    Shape(
        "percent",
        (
            "{Q} of [voters|respondents] [support|back] the {T}",
            "[support|backing] for the {T} [stands at|is] {Q}",
            "the {T} is [supported|backed] by {Q} of [voters|respondents]",
        ),
        POLL,
    ),
    Shape(
        "weekday",
        (
            "{P} will meet {P2} in {L} on {Q}",
            "a meeting between {P} and {P2} [is planned|has been scheduled] in {L} for {Q}",
            "{P} and {P2} [are due to|will] meet in {L} on {Q}",
        ),
        ORG + BARE + BARE,
    ),
    Shape(
        "quote",
        (
            "we will not [give up|abandon] the {T} [under any circumstances|whatever happens]",
            "the people of {L} deserve [answers|the truth] about the {T}",
        ),
        QUOTED,
    ),
    Shape(
        "quote",
        (
            "nobody in {L} [wants|asked for] a [conflict|fight] over the {T}",
            "[this plan|the {T}] will [hurt|burden] {L} for [years|decades] to come",
        ),
        QUOTED,
    ),
    Shape(
        "weight",
        (
            "the {T} weighs {Q}",
            "the {T} [has a mass of|tips the scales at] {Q}",
            "at {Q}, the {T} is the heaviest of its kind",
        ),
        ORG + BARE,
        "vehicle",
    ),
    Shape(
        "speed",
        (
            "the {T} [can travel|moves|runs] at {Q}",
            "the {T} has a top speed of {Q}",
            "the {T} [reaches|can reach] speeds of {Q}",
        ),
        ORG + BARE,
        "vehicle",
    ),
    Shape(
        "months",
        (
            "[construction of|work on] the {T} [took|lasted] {Q}",
            "it took {Q} to build the {T}",
            "the {T} was [built|completed] in {Q}",
        ),
        PERSON + BARE,
    ),
    Shape(
        "money",
        (
            "the {O} has [pledged|promised|committed] {Q} [for|to] the {T}",
            "the {T} will receive {Q} from the {O}",
            "the {O} [offered|set aside] {Q} for the {T}",
        ),
        PERSON + BARE,
    ),
    Shape(
        "count",
        (
            "at least {Q} people were injured in {L}",
            "{Q} people were [hurt|injured] in {L}",
            "the number of [injured|wounded] in {L} [rose to|reached] {Q}",
        ),
        ORG + BARE,
    ),
    Shape(
        "vote",
        (
            "the {O} voted {Q} to approve the {T}",
            "the {T} was approved by the {O} in a {Q} vote",
            "[members of|delegates on] the {O} backed the {T} by {Q}",
        ),
        BARE,
    ),
    Shape(
        "year",
        (
            "{P} became head of the {O} in {Q}",
            "{P} has [led|headed|run] the {O} since {Q}",
            "{P} [took over|took charge of] the {O} in {Q}",
        ),
        BARE,
    ),
    Shape(
        "count",
        (
            "{L} is a [town|city] of {Q} [people|residents]",
            "{Q} people live in {L}",
            "{L}, [home to|with] {Q} [people|residents], [lies|sits] [near|close to] the {T}",
        ),
        BARE,
    ),
    Shape(
        "count",
        (
            "{Q} [engineers|workers] [arrived|have arrived] in {L} [this week|since Monday]",
            "[a team of|a group of] {Q} [engineers|workers] [reached|arrived in] {L} this week",
        ),
        ORG + BARE,
    ),
    Shape(
        None,
        (
            "the {T} would [damage|harm|hurt] relations between {L} and {L2}",
            "relations between {L} and {L2} would [suffer|be damaged] if the {T} [went ahead|"
            "were built]",
            "[going ahead with|building] the {T} would [damage|strain] ties between {L} and {L2}",
        ),
        WARNING,
    ),
    Shape(
        "days",
        (
            "the {O} gave {P} {Q} to [respond|reply] to the [proposal|offer]",
            "{P} has {Q} to [answer|respond to] the {O} [proposal|offer]",
            "the {O} [set|imposed] a deadline of {Q} for {P} to [respond|reply]",
        ),
        BARE,
    ),
    Shape(
        "temperature",
        (
            "temperatures in {L} [reached|hit|climbed to] {Q}",
            "{L} [recorded|registered] a temperature of {Q}",
            "the temperature in {L} [rose to|peaked at] {Q}",
        ),
        ORG + BARE,
    ),
    Shape(
        "area",
        (
            "the fire [destroyed|burned] {Q} of [forest|woodland] near {L}",
            "{Q} of [forest|woodland] near {L} [burned|were destroyed]",
            "[flames|the blaze] [consumed|swept through] {Q} of [forest|woodland] around {L}",
        ),
        ORG + BARE,
    ),
    Shape(
        "minutes",
        (
            "the [phone|telephone] call between {P} and {P2} lasted {Q}",
            "{P} and {P2} spoke by [phone|telephone] for {Q}",
            "{P} talked to {P2} for {Q} [by phone|on the phone]",
        ),
        BARE,
    ),
)

# Words an outlet may swap for its own; whole words of the templates only, never names.
SYNONYMS = {
    "said": ("stated", "noted"),
    "build": ("construct",),
    "built": ("constructed",),
    "relations": ("ties",),
    "approve": ("endorse",),
    "expected": ("projected",),
    "support": ("favour",),
    "destroyed": ("wiped out",),
    "injured": ("wounded",),
    "homes": ("houses",),
    "people": ("residents",),
    "planned": ("expected",),
    "lasted": ("went on for",),
    "offer": ("deal",),
}
SYNONYM_RE = re.compile(r"(?<![{\w])(" + "|".join(SYNONYMS) + r")(?![\w}])")
CHOICE_RE = re.compile(r"\[([^\[\]]*)\]")
ARTICLE_RE = re.compile(r"\b([Aa]) (?=[AEIOUaeiou])")
QUOTE_START_RE = re.compile(r"(?<=“)[a-z]")

ROLES = (
    "Transport Minister",
    "Interior Minister",
    "Finance Minister",
    "Foreign Minister",
    "Governor",
    "Senator",
    "Mayor",
    "Deputy Mayor",
    "Commissioner",
    "Ambassador",
    "Chief Engineer",
    "Party Leader",
)
ORG_FORMS = ("{} Institute", "{} Council", "{} Authority", "{} Commission", "{} Assembly")
WORKS = ("pipeline", "railway", "tunnel", "canal", "power line", "highway", "cable car")
VEHICLES = ("airship", "ferry", "satellite", "drone", "hovercraft", "icebreaker", "tram")
OUTLET_FORMS = (
    "Herald",
    "Post",
    "Times",
    "Courier",
    "Ledger",
    "Gazette",
    "Dispatch",
    "Observer",
    "Chronicle",
    "Wire",
    "Daily",
    "Tribune",
    "Journal",
    "Monitor",
    "Sentinel",
    "Record",
    "Bulletin",
    "Express",
)


def choose(template: str, rng: random.Random) -> str:
    """Resolve every [a|b] alternative, innermost first."""
    while True:
        replaced = CHOICE_RE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        if replaced == template:
            return replaced
        template = replaced


def swap_synonyms(template: str, rng: random.Random) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        return rng.choice(SYNONYMS[word]) if rng.random() < SYNONYM else word

    return SYNONYM_RE.sub(swap, template)


def sentence_case(text: str) -> str:
    text = ARTICLE_RE.sub(lambda m: m.group(1) + "n ", text)
    lead = 1 if text[:1] in '“"' else 0
    text = text[:lead] + text[lead : lead + 1].upper() + text[lead + 1 :]
    return text if text[-1:] in ".!?”" else text + "."


@dataclass(frozen=True)
class Claim:
    id: str
    shape: Shape
    slots: dict[str, str]
    value: Any
    quote_template: str  # for a quote claim: its core, before [a|b] choices
    quote: str  # ... and its canonical wording
    popularity: float  # chance that an article carries it

    @property
    def subject(self) -> str:
        """What an outlet's own context sentence about this claim would mention."""
        templates = " ".join(self.shape.cores + self.shape.attributions)
        if "{T}" in templates:
            return f"the {self.slots['T']}"
        return self.slots["P"] if "{P}" in templates else self.slots["L"]

    def render(self, rng: random.Random) -> str:
        shape = self.shape
        attribution = rng.choice(shape.attributions)
        if shape.kind == "quote":
            core = self.quote if rng.random() >= MISQUOTE else self._quote_wording(rng)
            text = attribution.replace("{core}", core)
        else:
            core = rng.choice(shape.cores)
            text = attribution.replace("{core}", core)
        text = swap_synonyms(choose(text, rng), rng)
        slots = dict(self.slots)
        if shape.kind not in (None, "quote"):
            value = self.value
            if rng.random() < DIVERGE:
                value = diverge(shape.kind, value, rng)
            hedged = "least {Q}" in text
            slots["Q"] = render_value(shape.kind, value, rng, exact=hedged)
        text = QUOTE_START_RE.sub(lambda m: m.group().upper(), text.format_map(slots))
        return sentence_case(text)

    def _quote_wording(self, rng: random.Random) -> str:
        return choose(self.quote_template, rng).format_map(self.slots)


@dataclass
class World:
    """The story's cast: people, places, organisations, things, outlets, invented words."""

    rng: random.Random
    names: set[str] = field(default_factory=set)
    vocabulary: Vocabulary | None = None
    places: list[str] = field(default_factory=list)  # for the articles' own sentences
    locals: list[str] = field(default_factory=list)  # people those sentences mention

    def name(self) -> str:
        return pseudo_name(self.rng, self.names)

    def person(self) -> tuple[str, str]:
        first, last = self.name(), self.name()
        return f"{first} {last}", last

    def words(self) -> Vocabulary:
        if self.vocabulary is None:
            self.vocabulary = Vocabulary.make(self.rng)
        return self.vocabulary


def make_claims(world: World, count: int) -> list[Claim]:
    """`count` claims, round-robin over the shapes; a shape's instances share no name."""
    rng = world.rng
    people = [(*world.person(), rng.choice(ROLES)) for _ in range(14)]
    places = [world.name() for _ in range(10)]
    orgs = [rng.choice(ORG_FORMS).format(world.name()) for _ in range(6)]
    things = {
        "work": [f"{world.name()} {thing}" for thing in rng.sample(WORKS, 6)],
        "vehicle": [f"{world.name()} {thing}" for thing in rng.sample(VEHICLES, 4)],
    }
    used: dict[int, set[str]] = {}
    drawn: dict[int, list[Any]] = {}
    claims = []
    for n in range(count):
        shape = SHAPES[n % len(SHAPES)]
        taken = used.setdefault(n % len(SHAPES), set())
        for _ in range(100):
            (p, pl, role), (p2, _, _) = rng.sample(people, 2)
            l1, l2 = rng.sample(places, 2)
            thing = rng.choice(things[shape.thing])
            if not {p, p2, l1, l2, thing} & taken:
                break
        taken |= {p, p2, l1, l2, thing}
        org = orgs[n % len(orgs)]
        slots = {"P": p, "PL": pl, "R": role, "P2": p2, "L": l1, "L2": l2, "O": org, "T": thing}
        value = None
        if shape.kind not in (None, "quote"):
            # Another claim of the same shape gets a clearly different number.
            values = drawn.setdefault(n % len(SHAPES), [])
            for _ in range(100):
                value = draw_value(shape.kind, rng)
                if all(far_apart(shape.kind, value, other) for other in values):
                    break
            values.append(value)
        template = quote = ""
        if shape.kind == "quote":
            template = shape.cores[(n // len(SHAPES)) % len(shape.cores)]
            quote = choose(template, rng).format_map(slots)
        popularity = min(0.95, max(0.2, rng.gauss(CARRY_SHARE, 0.2)))
        claims.append(Claim(f"c{n + 1:02d}", shape, slots, value, template, quote, popularity))
    return claims


# -- the article's own sentences --------------------------------------------------------------

UNIQUE = (
    "The {adj} {noun} in {place} {verbed} a {noun2} [last month|on {day}|earlier this year].",
    "{name}, a {noun} from {place}, {verbed} that the {noun2} {verbed2} [quickly|slowly|twice].",
    "[Residents|Visitors|Traders] in {place} have {verbed} the {adj} {noun} for {n} years.",
    "[Local|Regional|Several] {noun}s {verbed} a {adj} {noun2} near the {place} {noun3}.",
    "In {place}, the {noun} was {verbed} by a {adj} {noun2} [after|before] the {noun3} {verbed2}.",
    "Some {noun}s {verbed} the {adj} {noun2}, while others {verbed2} a {noun3}.",
    "One {adj} {noun} {verbed} {n} {noun2}s [along|across|beside] the {place} {noun3}.",
    "The {noun} {verbed} a {noun2} and {verbed2} the {adj} {noun3} [at dawn|by evening|overnight].",
    "[Last year|In {year}], {name} {verbed} the {noun} that {place} still {verb}s today.",
    "Nobody in {place} had {verbed} a {adj} {noun} like it since {year}.",
)
CONTEXT = (
    "{E} has [drawn|attracted] [criticism|praise] from {adj} {noun}s in {place}.",
    "Critics of {E} {verbed} the {adj} {noun} [last year|this spring|in {year}].",
    "{E} was first [mentioned|discussed] at a {adj} {noun} in {place}.",
    "Few {noun}s in {place} expected {E} to {verb} the {noun2} so soon.",
    "Supporters say {E} will {verb} the {adj} {noun} of {place}.",
    "The debate over {E} has {verbed} a {adj} {noun} among {noun2}s.",
    "{E} is [often|rarely] {verbed} in the {adj} {noun2}s of {place}.",
    "Questions about {E} {verbed} again after a {adj} {noun} in {place}.",
    "For {noun}s in {place}, {E} [remains|is still] a {adj} {noun2}.",
    "{E} [first|once] {verbed} the {noun} of a {adj} {noun2} near {place}.",
    "Officials in {place} would not say whether {E} had {verbed} the {noun}.",
    "Much of the {adj} {noun} around {E} [dates back to|began in] {year}.",
    "{E} came up again when {name} {verbed} a {noun} in {place}.",
    "Opponents call {E} a {adj} {noun} that only {verb}s the {noun2}.",
)
HEADINGS = (
    "{Adj} {Noun} in {Place}",
    "Concerns Over the {Thing}",
    "Reaction in {Place}",
    "What Comes Next for {Place}",
    "The {Thing} Debate",
    "A {Adj} {Noun} for {Place}",
    "{Place} Waits for Answers",
    "Inside the {Adj} {Noun}",
)
TITLES = (
    "{PL} Warns Over {Thing} as {Place} Waits",
    "{Thing} Plan Faces Questions in {Place}",
    "{PL} and {P2L} to Meet in {Place}",
    "Cost of {Thing} Rises as {Place} Counts the Damage",
    "Inside the Row Over the {Thing}",
    "{Place} Braces for {Thing} Decision",
    "What the {Thing} Means for {Place}",
)
RELATED_LABELS = ("Related posts", "Related stories", "Read more", "You may also like", "More news")
HEADLINES = (
    "{Place} {Noun} [Wins|Loses|Opens] {Adj} [Award|Contest|Season]",
    "How a {Adj} {Noun} Changed {Place}",
    "{N} Things to Know About {Place} {Noun}s",
    "{Name} Named New {Noun} Coach",
    "Why {Place} Is Banning {Adj} {Noun}s",
    "{Adj} {Noun} Prices Hit Record in {Place}",
)
COOKIES = (
    "We use cookies to improve your experience on this site. By continuing to browse, you agree "
    "to our use of cookies.",
    "This website uses cookies to personalise content and analyse traffic. Accept all cookies or "
    "manage your preferences.",
    "Cookies help us deliver our services. By using this site, you consent to our cookie policy.",
    "We and our partners use cookies for analytics and advertising. You can opt out at any time "
    "in the privacy settings.",
)
AGENCIES = ("{Name} Press Agency", "{Name} News Agency", "{Name} Images", "{Name} Photo Service")


def fill(template: str, rng: random.Random, world: World, **slots: str) -> str:
    words = world.words()
    text = choose(template, rng)
    values: dict[str, str] = {
        "noun": words.noun(rng),
        "noun2": words.noun(rng),
        "noun3": words.noun(rng),
        "verb": words.verb(rng),
        "verbed": words.verbed(rng),
        "verbed2": words.verbed(rng),
        "adj": words.adjective(rng),
        "place": rng.choice(world.places),
        "name": rng.choice(world.locals),
        "day": rng.choice(WEEKDAYS),
        "n": str(rng.randint(2, 40)),
        "N": str(rng.randint(3, 12)),
        "year": str(rng.randint(1990, 2022)),
    }
    values["Noun"] = values["noun"].title()
    values["Adj"] = values["adj"].title()
    values["Place"] = values["place"]
    values["Name"] = values["name"]
    values.update(slots)
    return ARTICLE_RE.sub(lambda m: m.group(1) + "n ", text.format_map(values))


@dataclass(frozen=True)
class Article:
    name: str  # file name
    outlet: str
    text: str
    claims: tuple[tuple[str, str], ...]  # (sentence, claim id) for every claim sentence


@dataclass(frozen=True)
class Story:
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]

    @property
    def labels(self) -> dict[str, str]:
        """Claim sentence text -> claim id, over all articles."""
        return {text: claim for a in self.articles for text, claim in a.claims}

    @property
    def shapes(self) -> dict[str, int]:
        """Claim id -> its sentence shape: claims of one shape differ only in names and numbers."""
        return {c.id: SHAPES.index(c.shape) for c in self.claims}

    @property
    def carriers(self) -> dict[str, int]:
        """Claim id -> how many articles carry it."""
        counts = {c.id: 0 for c in self.claims}
        for article in self.articles:
            for claim in {claim for _, claim in article.claims}:
                counts[claim] += 1
        return counts

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for article in self.articles:
            (folder / article.name).write_text(article.text, encoding="utf-8")
        return folder


def build_story(articles: int, sentences: int = 60, seed: int = 0) -> Story:
    """The whole story in memory: `articles` outlets, about `sentences` body sentences each."""
    world = World(random.Random(seed))
    claims = make_claims(world, POOL_SIZE)
    world.places = [world.name() for _ in range(40)]
    world.locals = [world.person()[0] for _ in range(60)]
    world.words()  # drawn before the outlets, so a bigger story extends a smaller one
    outlets: list[str] = []
    for _ in range(articles):
        outlets.append(f"{world.name()} {world.rng.choice(OUTLET_FORMS)}")
    built = [
        _article(n, outlet, claims, world, sentences, random.Random(seed * 1_000_003 + n + 1))
        for n, outlet in enumerate(outlets)
    ]
    return Story(tuple(built), tuple(claims))


def _article(
    number: int,
    outlet: str,
    claims: Sequence[Claim],
    world: World,
    sentences: int,
    rng: random.Random,
) -> Article:
    unique_count = max(1, round(sentences * UNIQUE_SHARE))
    budget = max(1, sentences - unique_count)
    carried = [c for c in claims if rng.random() < c.popularity]
    carried.sort(key=lambda c: -c.popularity + rng.gauss(0, 0.25))  # the lede first, loosely
    carried = carried[:budget]
    context_count = budget - len(carried)

    groups: list[list[tuple[str, str | None]]] = []
    labelled: list[tuple[str, str]] = []
    context_for = [rng.randrange(len(carried)) for _ in range(context_count)] if carried else []
    for k, claim in enumerate(carried):
        sentence = claim.render(rng)
        labelled.append((sentence, claim.id))
        group: list[tuple[str, str | None]] = [(sentence, claim.id)]
        for _ in range(context_for.count(k)):
            subject = claim.subject
            text = fill(rng.choice(CONTEXT), rng, world, E=subject)
            group.append((sentence_case(text), None))
        groups.append(group)
    for _ in range(unique_count + (context_count if not carried else 0)):
        position = rng.randint(1 if groups else 0, len(groups))
        groups.insert(position, [(sentence_case(fill(rng.choice(UNIQUE), rng, world)), None)])

    body = [text for group in groups for text, _ in group]
    paragraphs: list[str] = []
    while body:
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(body[:size]))
        body = body[size:]

    blocks: list[str] = []
    lead = rng.choice(claims)
    thing = lead.slots["T"].title()
    title = fill(
        rng.choice(TITLES),
        rng,
        world,
        PL=lead.slots["PL"],
        P2L=lead.slots["P2"].split()[-1],
        Thing=thing,
        Place=lead.slots["L"],
    )
    blocks.append(title)
    cookie = rng.choice(COOKIES) if rng.random() < 0.7 else None
    cookie_on_top = rng.random() < 0.5
    if cookie and cookie_on_top:
        blocks.append(cookie)
    heading_count = rng.choice((1, 2))
    heading_at = {
        max(1, round(len(paragraphs) * k / (heading_count + 1)))
        for k in range(1, heading_count + 1)
    }
    photo_at = rng.choice((1, 2)) if rng.random() < 0.35 else -1
    for k, paragraph in enumerate(paragraphs):
        if k in heading_at and 0 < k < len(paragraphs):
            blocks.append(fill(rng.choice(HEADINGS), rng, world, Thing=thing))
        blocks.append(paragraph)
        if k == photo_at:
            agency = fill(rng.choice(AGENCIES), rng, world)
            blocks.append(f"(Photo: {agency})")
    if cookie and not cookie_on_top:
        blocks.append(cookie)
    related = [rng.choice(RELATED_LABELS)]
    related += [fill(rng.choice(HEADLINES), rng, world) for _ in range(3)]
    blocks.append("\n".join(related))

    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")
    return Article(
        name=f"{number:03d}_{slug}.txt",
        outlet=outlet,
        text="\n\n".join(blocks) + "\n",
        claims=tuple(labelled),
    )


def write_story(folder: Path, articles: int, sentences: int = 60, seed: int = 0) -> Path:
    """Write `articles` plain-text articles (000_outlet.txt, ...) into `folder`; return it."""
    return build_story(articles, sentences, seed).write(Path(folder))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic multi-outlet story.")
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--articles", type=int, default=25)
    parser.add_argument("--sentences", type=int, default=60, help="body sentences per article")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    if options.articles < 1 or options.sentences < 1:
        parser.error("--articles and --sentences must be at least 1")
    story = build_story(options.articles, options.sentences, options.seed)
    story.write(options.out)
    print(
        f"wrote {len(story.articles)} articles to {options.out} "
        f"({len(story.claims)} claims, seed {options.seed})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
