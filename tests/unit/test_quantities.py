"""Quantities: what is extracted from news sentences, how it is normalised, how values compare."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.quantities import (
    Comparison,
    comparable,
    compare_quantities,
    extract_quantities,
    format_normalized,
)
from tui.model import Quantity, Relation

ARTICLE_DATE = dt.date(2025, 10, 17)  # a Friday
MRPC = Path(__file__).resolve().parents[3] / "shared" / "eval" / "mrpc"


def only(text: str, article_date: dt.date | None = None) -> Quantity:
    """The single quantity in `text` (the test fails if there are more or none)."""
    found = extract_quantities(text, article_date)
    assert len(found) == 1, [q.surface for q in found]
    return found[0]


def surfaces(text: str, article_date: dt.date | None = None) -> list[str]:
    return [q.surface for q in extract_quantities(text, article_date)]


def compare(a: str, b: str, article_date: dt.date | None = None) -> Comparison:
    return compare_quantities([only(a, article_date), only(b, article_date)])


# --- extraction --------------------------------------------------------------------------


def test_length_with_hedge_is_approximate_and_in_kilometres():
    text = "The missile's range is about 1,600 kilometers, officials said."
    q = only(text)
    assert text[q.start : q.end] == q.surface == "about 1,600 kilometers"
    assert (q.value, q.unit, q.dimension) == (1600, "kilometer", "length")
    assert (q.normalized_value, q.normalized_unit) == (1600, "km")
    assert q.approximate
    assert q.precision == 100


def test_miles_convert_to_kilometres_with_their_rounding():
    q = only("missiles capable of reaching 1,000 miles")
    assert (q.value, q.unit) == (1000, "mile")
    assert q.normalized_value == pytest.approx(1609.344)
    assert q.precision == pytest.approx(160.9344)  # "1,000" is read as rounded to 100 miles
    assert format_normalized(q) == "1,609 km"


def test_speed_in_kilometres_per_hour():
    q = only("it can fly at a speed of 880 kilometers per hour at a very low altitude")
    assert (q.surface, q.dimension, q.unit) == ("880 kilometers per hour", "speed", "km/h")
    assert (q.normalized_value, q.normalized_unit) == (880, "km/h")
    mph = only("a top speed of 550 mph")
    assert mph.normalized_value == pytest.approx(885.1392)


def test_two_and_a_half_hours_is_2_5_h():
    q = only("a discussion that lasted almost two and a half hours")
    assert q.surface == "almost two and a half hours"
    assert (q.dimension, q.normalized_value, q.normalized_unit) == ("duration", 2.5, "h")
    assert q.approximate
    assert format_normalized(q) == "≈ 2.5 h"


def test_a_compound_duration_is_one_quantity():
    q = only("The talks lasted two hours and 30 minutes.")
    assert q.surface == "two hours and 30 minutes"
    assert (q.normalized_value, q.normalized_unit) == (2.5, "h")
    assert only("The flight took 1 hour 20 minutes.").surface == "1 hour 20 minutes"
    result = compare(
        "The talks lasted two hours and 30 minutes.", "Talks ran two and a half hours."
    )
    assert result.consistent and result.relation is Relation.IDENTICAL
    assert surfaces("It took 2 hours, and 5 people came.") == ["2 hours", "5"]  # not a duration


def test_hundreds_of_is_a_range_that_contains_a_figure():
    q = only("Hundreds of people protested outside.")
    assert (q.dimension, q.low, q.high, q.approximate) == ("count", 200, 1_999, True)
    assert compare("Hundreds of people protested.", "About 500 people protested.").consistent
    # loose at the top: "hundreds" is said of a toll of 1,419
    assert compare("It killed hundreds of people.", "It killed at least 1,419 people.").consistent
    assert not compare("Hundreds of people protested.", "5,000 people protested.").consistent
    assert only("Tens of thousands of troops massed.").low == 20_000
    money = only("Millions of dollars were lost.")
    assert (money.dimension, money.normalized_unit) == ("money", "USD")
    assert surfaces("Thousands of them left.") == []  # nothing counted: no quantity


def test_a_fraction_of_something_is_a_share():
    assert (only("Half of the budget went to roads.").normalized_value) == 50
    two_thirds = only("Two-thirds of members backed the plan.")
    assert (two_thirds.surface, two_thirds.normalized_unit) == ("Two-thirds", "%")
    assert compare("Two-thirds of members backed it.", "67% of members backed it.").consistent
    assert not compare("A third of voters agreed.", "Half of voters agreed.").consistent
    assert only("Three quarters of homes lost power.").normalized_value == 75
    assert surfaces("In the second half of the game.") == ["second"]  # a time, not a share


def test_half_an_hour_and_minutes():
    assert only("they spoke for half an hour").normalized_value == 0.5
    assert only("a 90-minute call").normalized_value == 1.5


def test_ordinal_words_and_digits():
    q = only("the call, the eighth between them")
    assert (q.surface, q.dimension, q.normalized_value) == ("eighth", "ordinal", 8)
    assert format_normalized(q) == "8th"
    digits = only("on its 28th day")
    assert (digits.dimension, digits.value, format_normalized(digits)) == ("ordinal", 28, "28th")
    second = only("marking their second meeting")
    assert (second.value, second.unit) == (2, "meeting")


def test_age():
    q = only("The 79-year-old Republican president later described the call")
    assert (q.surface, q.dimension, q.value, q.normalized_unit) == (
        "79-year-old",
        "age",
        79,
        "years",
    )
    assert only("a man aged 45 was arrested").value == 45


def test_full_date():
    q = only("a summit scheduled for October 28th, 2025.")
    assert q.surface == "October 28th, 2025"
    assert q.dimension == "date" and q.normalized_unit == "date"
    assert q.normalized_value == dt.date(2025, 10, 28).toordinal()
    assert q.text_value == "2025-10-28" == format_normalized(q)
    assert q.resolved_from is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("on 28 October 2025", "2025-10-28"),
        ("published 2025-10-17 at noon", "2025-10-17"),
        ("on Oct. 28, 2025", "2025-10-28"),
        ("on 10/28/2025", "2025-10-28"),
        ("on Thursday, October 16, 2025", "2025-10-16"),
    ],
)
def test_date_forms(text, iso):
    assert only(text).text_value == iso


def test_date_without_year_takes_the_article_year_and_says_so():
    q = only("a lengthy phone call on October 16, where", ARTICLE_DATE)
    assert q.text_value == "2025-10-16"
    assert "article date 2025-10-17" in (q.resolved_from or "")


def test_date_without_year_or_article_date_stays_unresolved():
    q = only("a lengthy phone call on October 16, where")
    assert q.dimension == "date" and math.isnan(q.normalized_value)
    assert (q.unit, q.text_value) == ("month-day", "--10-16")
    assert q.low is None and q.high is None
    assert "year unknown" in format_normalized(q)


def test_months_are_month_ranges():
    mid = only("their previous summit in mid-August", ARTICLE_DATE)
    assert (mid.low, mid.high) == (
        dt.date(2025, 8, 11).toordinal(),
        dt.date(2025, 8, 20).toordinal(),
    )
    august = only("a previous summit in August failed", ARTICLE_DATE)
    assert august.surface == "August" and august.text_value == "2025-08"
    assert (august.low, august.high) == (
        dt.date(2025, 8, 1).toordinal(),
        dt.date(2025, 8, 31).toordinal(),
    )
    assert only("the invasion in February 2022").text_value == "2022-02"


def test_weekday_resolves_to_the_nearest_such_day():
    q = only("The president announced on Thursday that he would", ARTICLE_DATE)
    assert q.text_value == "2025-10-16" and q.approximate
    assert "Thursday" in (q.resolved_from or "")
    assert only("at the White House on Friday", ARTICLE_DATE).text_value == "2025-10-17"
    unresolved = only("at the White House on Friday")
    assert unresolved.unit == "weekday" and math.isnan(unresolved.normalized_value)


def test_years_are_years_not_counts():
    assert [(q.surface, q.dimension) for q in extract_quantities("in 2018 and (2019)")] == [
        ("2018", "year"),
        ("2019", "year"),
    ]
    assert only("the 2016 US presidential election").dimension == "year"
    assert only("sent 2000 troops").dimension == "count"
    decade = only("since the 1990s")
    assert (decade.low, decade.high) == (1990, 1999)


def test_money_keeps_its_currency():
    q = only("sold it for $2.5 billion in cash")
    assert (q.dimension, q.normalized_value, q.normalized_unit) == ("money", 2.5e9, "USD")
    assert q.precision == pytest.approx(1e8)
    assert only("a fine of 1.8bn euros").normalized_unit == "EUR"
    assert only("it cost £5m").normalized_value == 5e6
    assert only("shares rose to A$4.56").normalized_unit == "AUD"
    assert only("up 19 cents").normalized_value == pytest.approx(0.19)
    assert only("a deal worth €3 million").normalized_unit == "EUR"


def test_percent_forms_agree():
    assert only("40%").normalized_value == 40
    assert only("40 percent").normalized_value == 40
    assert only("40 per cent").normalized_value == 40
    assert only("a rise of 1.2 percentage points").dimension == "percentage-point"


def test_counts_name_what_they_count():
    q = only("four people were killed")
    assert (q.dimension, q.value, q.unit) == ("count", 4, "people")
    assert only("two administration officials said").unit == "official"
    assert only("three Russian warships").unit == "warship"
    assert only("a dozen missiles").value == 12
    assert only("twenty-five soldiers").value == 25
    assert only("a hundred drones").value == 100


def test_ranges_and_bounds():
    q = only("talks lasting 3-4 hours")
    assert (q.low, q.high, q.normalized_value) == (3, 4, 3.5)
    assert (only("3 to 4 hours").low, only("3 to 4 hours").high) == (3, 4)
    assert only("between 2 and 3 percent").surface == "between 2 and 3 percent"
    assert only("$2-3 billion").high == 3e9
    more = only("the war has gone on for more than three years")
    assert more.surface == "more than three years"
    assert more.low == pytest.approx(3 * 8766) and more.high == math.inf and more.approximate
    upto = only("faces up to 10 years in prison")
    assert upto.high == pytest.approx(10 * 8766) and upto.approximate
    assert only("200 or more people").low == 200


def test_from_to_is_a_change_not_a_range():
    assert surfaces("rose from 5 percent to 7 percent") == ["5 percent", "7 percent"]


def test_relative_times_without_article_date_are_offsets():
    within = only("to meet within two weeks")
    assert (within.dimension, within.normalized_unit, within.low, within.high) == (
        "time-offset",
        "d",
        0,
        14,
    )
    assert within.resolved_from is None
    coming = only("in the coming weeks")
    assert coming.approximate and coming.low == 0 and coming.high > 14
    assert only("next week").dimension == "time-offset"
    assert only("yesterday").normalized_value == -1


def test_relative_times_with_article_date_are_date_ranges():
    within = only("to meet within two weeks", ARTICLE_DATE)
    assert within.dimension == "date"
    assert (within.low, within.high) == (
        ARTICLE_DATE.toordinal(),
        (ARTICLE_DATE + dt.timedelta(days=14)).toordinal(),
    )
    assert within.resolved_from == "relative to article date 2025-10-17"
    assert format_normalized(within) == "2025-10-17 – 2025-10-31"
    next_week = only("a meeting next week", ARTICLE_DATE)
    assert next_week.text_value == "2025-10-20/2025-10-26"
    assert only("two weeks ago", ARTICLE_DATE).text_value == "2025-10-03"
    assert only("this year", ARTICLE_DATE).text_value == "2025"
    assert only("yesterday", ARTICLE_DATE).text_value == "2025-10-16"


def test_relative_to_an_event_is_an_interval():
    q = only("just a day before the president was scheduled to host")
    assert (q.surface, q.dimension, q.normalized_value) == ("a day before", "interval", -1)
    assert only("a day before the summit", ARTICLE_DATE).dimension == "interval"


def test_hedge_after_the_value():
    q = only("a meeting could happen within two weeks or so, quite soon")
    assert q.surface == "within two weeks or so" and q.approximate


def test_offsets_point_into_the_text():
    text = "The range is about 1,600 km; it flies at 880 km/h (550 mph) and costs $2 million."
    found = extract_quantities(text)
    assert len(found) == 4
    for q in found:
        assert text[q.start : q.end] == q.surface


# --- what is not a quantity --------------------------------------------------------------


def test_model_designations_produce_nothing():
    assert surfaces("The range of the BGM-109 missile") == []
    assert surfaces("F-16s and MH17 and COVID-19 and an A320") == []
    assert surfaces("a 5G network") == []


def test_abbreviations_and_phone_numbers_produce_nothing():
    assert surfaces("U.S. President and the U.S.-made weapons") == []
    assert surfaces("Call 555-123-4567 or +1 202 555 0100 for details") == []
    assert surfaces("Order ID 20251017123") == []


def test_ordinary_words_produce_nothing():
    assert surfaces("one of the most important meetings") == []
    assert surfaces("He once said no one would win; someone else did it once more.") == []
    assert surfaces("At first, the two of them agreed; wait a second.") == []
    assert surfaces("a third of the vote and third-party candidates") == ["a third"]  # a share
    assert surfaces("Prime Minister Theresa May said it may happen") == []
    assert surfaces("There's A Lot To Do First") == []


def test_labels_and_list_markers_produce_nothing():
    assert surfaces("under Article 5 of the treaty") == []
    assert surfaces("Chapter 11 bankruptcy") == []
    assert surfaces("- 12. Expert analysis") == []


# --- comparison --------------------------------------------------------------------------


def test_about_1600_km_and_1000_miles_are_equivalent():
    c = compare("about 1,600 kilometers", "1,000 miles")
    assert c.relation is Relation.EQUIVALENT and c.consistent
    assert c.tolerance == "within 1% after conversion"
    assert c.explanation == "1,000 miles = 1,609 km; about 1,600 kilometers agrees within 1%"


def test_identical_values():
    c = compare("four people", "4 people")
    assert c.relation is Relation.IDENTICAL and c.consistent
    assert compare("40%", "40 percent").relation is Relation.IDENTICAL


def test_equivalent_after_conversion():
    assert compare("two and a half hours", "150 minutes").relation is Relation.EQUIVALENT
    assert compare("880 km/h", "550 mph").relation is Relation.EQUIVALENT


def test_rounding_is_less_precise():
    c = compare("1,600 km", "1,609 km")
    assert c.relation is Relation.LESS_PRECISE and c.consistent
    assert "rounded" in c.explanation


def test_contradicting_values():
    c = compare("$2.5 billion", "$1.8 billion")
    assert c.relation is Relation.CONTRADICTING and not c.consistent
    assert c.tolerance == "differ by 28%"
    assert compare("the eighth call", "the seventh call").relation is Relation.CONTRADICTING
    assert compare("2.5 hours", "two hours").relation is Relation.CONTRADICTING
    assert compare("1,000 miles", "1,500 km").relation is Relation.CONTRADICTING


def test_within_two_weeks_and_in_the_next_two_weeks_agree_with_or_without_a_date():
    for date in (None, ARTICLE_DATE):
        c = compare("within two weeks", "in the next two weeks", date)
        assert c.relation is Relation.IDENTICAL and c.consistent
    c = compare("within two weeks", "within 14 days")
    assert c.relation is Relation.EQUIVALENT


def test_coming_weeks_is_less_precise_than_two_weeks():
    for date in (None, ARTICLE_DATE):
        c = compare("in the coming weeks", "within two weeks", date)
        assert c.relation is Relation.LESS_PRECISE and c.consistent


def test_a_date_inside_a_resolved_range_is_less_precise():
    c = compare("within two weeks", "October 28th, 2025", ARTICLE_DATE)
    assert c.relation is Relation.LESS_PRECISE and c.consistent
    assert c.tolerance == "dates overlap"
    late = compare("within two weeks", "November 28th, 2025", ARTICLE_DATE)
    assert late.relation is Relation.CONTRADICTING and not late.consistent


def test_weekday_and_date_for_the_same_day_are_equivalent():
    c = compare("on Thursday", "on October 16", ARTICLE_DATE)
    assert c.relation is Relation.EQUIVALENT and c.consistent


def test_dates_missing_a_year_compare_on_what_they_say():
    assert compare("October 16", "October 16, 2025").relation is Relation.LESS_PRECISE
    assert compare("October 16", "October 17").relation is Relation.CONTRADICTING
    assert compare("October 16", "October 16").relation is Relation.IDENTICAL


def test_open_ranges_contain_values():
    c = compare("more than three years", "four years")
    assert c.relation is Relation.LESS_PRECISE and c.consistent
    assert compare("more than three years", "two years").relation is Relation.CONTRADICTING


def test_comparable_requires_same_dimension_currency_and_noun():
    assert comparable(only("$5 million"), only("$7 million"))
    assert not comparable(only("$5 million"), only("€5 million"))
    assert not comparable(only("five soldiers"), only("five tanks"))
    assert comparable(only("five soldiers"), only("5 soldiers"))
    assert not comparable(only("5 km"), only("5 hours"))
    c = compare_quantities([only("$5 million"), only("€5 million")])
    assert c.relation is Relation.CONTRADICTING and not c.consistent


def test_many_values_take_the_weakest_relation():
    values = [only("1,600 km"), only("1,609 km"), only("1,000 miles")]
    c = compare_quantities(values)
    assert c.relation is Relation.LESS_PRECISE and c.consistent
    values.append(only("1,500 km"))
    c = compare_quantities(values)
    assert c.relation is Relation.CONTRADICTING and not c.consistent
    assert compare_quantities(values[:1]).relation is Relation.IDENTICAL


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1,000 miles", "1,609 km"),
        ("two and a half hours", "2.5 h"),
        ("October 28th, 2025", "2025-10-28"),
        ("the eighth", "8th"),
        ("$2.5 billion", "USD 2.5 billion"),
        ("more than three years", "≥ 3 yr"),
        ("four people", "4 people"),
        ("40 percent", "40%"),
    ],
)
def test_format_normalized(text, shown):
    assert format_normalized(only(text)) == shown


# --- robustness --------------------------------------------------------------------------


PIECES = st.sampled_from(
    [" two", " and a half", " hours", " km", " miles", " October", " 28th", " 2025",
     " within", " weeks", " next week", " million", " more than", " Thursday", " ago", " the",
     " BGM-", " year-old", " or so", " per cent", " mid-", "August", " a", " half", " first"]
)  # fmt: skip
NEWS_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("0123456789 ,.-–/:$€£%+()'’\"abcdefghijklmnopqrstuvwxyz")),
        PIECES,
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(NEWS_TEXT, st.one_of(st.none(), st.dates()))
def test_any_text_extracts_without_error_and_offsets_are_valid(text, date):
    for q in extract_quantities(text, date):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.surface
        format_normalized(q)
    found = extract_quantities(text, date)
    for a in found:
        for b in found:
            if comparable(a, b):
                compare_quantities([a, b])


def test_every_mrpc_sentence_extracts_without_error():
    path = MRPC / "msr_paraphrase_train.tsv"
    if not path.exists():
        pytest.skip("MRPC training data not present")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        sentences = [text for row in reader if len(row) >= 5 for text in (row[3], row[4])]
    assert len(sentences) > 1000
    total = 0
    for text in sentences:
        for q in extract_quantities(text, ARTICLE_DATE):
            assert text[q.start : q.end] == q.surface
            total += 1
    assert total > len(sentences) // 2


@pytest.mark.parametrize(
    "text", ["5 ſeconds", "10 mıles", "3 İNCHES", "$5 bıllıon", "a 5-ſear-old", "on Octoberſ 5"]
)
def test_lookalike_letters_never_crash_and_keep_offsets(text):
    for q in extract_quantities(text):
        assert text[q.start : q.end] == q.surface


def test_long_s_reads_as_s():
    (q,) = extract_quantities("It lasted 5 ſeconds.")
    assert q.surface == "5 ſeconds"
    assert q.dimension == "duration"


_VERDICT_SAMPLES = [
    "1,000 miles", "about 1,600 kilometers", "1,609 km", "more than 13,000", "up to 12",
    "nearly 5%", "5.4 million dollars", "$200,000", "3-4 hours", "two and a half hours",
    "within two weeks", "on October 28", "in late October", "on Monday", "in 2019", "in 2016",
    "at 4%", "fell 4%", "16 tests", "over 20 missile tests", "at least seven", "the 1950s",
    "1950-53", "six decades", "60 years", "14 days", "at 7 p.m.", "at 19:00",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    a=st.sampled_from(_VERDICT_SAMPLES),
    b=st.sampled_from(_VERDICT_SAMPLES),
    dated=st.booleans(),
)
def test_a_comparison_without_its_text_reaches_the_same_verdict(a, b, dated):
    date = ARTICLE_DATE if dated else None
    values = [*extract_quantities(a, date), *extract_quantities(b, date)]
    assert len(values) >= 2, (a, b)
    full = compare_quantities(values)
    quiet = compare_quantities(values, explain=False)
    assert (quiet.relation, quiet.consistent) == (full.relation, full.consistent)
