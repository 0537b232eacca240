"""What news writes about numbers, read right (invented sentences, one per failure class)."""

from __future__ import annotations

import math

import pytest

from tui.engine.quantities import (
    comparable,
    compare_quantities,
    extract_quantities,
    format_normalized,
)
from tui.model import Quantity, Relation


def one(text: str) -> Quantity:
    (quantity,) = extract_quantities(text)
    return quantity


def relation(a: str, b: str) -> Relation | None:
    x, y = one(a), one(b)
    return compare_quantities([x, y]).relation if comparable(x, y) else None


# --- direction ------------------------------------------------------------------------


def test_a_fall_and_a_rise_of_the_same_size_disagree():
    assert relation("Ticket sales fell 4%.", "Ticket sales rose 4%.") is (Relation.CONTRADICTING)
    assert one("Exports dropped by 3 percent.").value == -3


def test_a_change_is_not_a_level():
    # "fell to 4%" says where it ended, "fell 4%" how far it moved.
    assert relation("Unemployment fell to 4%.", "Unemployment fell 4%.") is None


def test_minus_signs_and_words_keep_the_value_negative():
    assert one("The club booked a loss of -€15 million.").normalized_value == -15e6
    assert one("It was minus 5 degrees at dawn.").value == -5
    assert one("The pond froze at -3C.").normalized_value == -3


# --- units ----------------------------------------------------------------------------


def test_units_from_pint_have_their_dimension():
    assert one("Each tablet holds 50 mg of iron.").dimension == "mass"
    assert one("The new turbine adds 12 MW.").dimension == "power"
    assert one("The farm produced 3.5 GWh.").dimension == "energy"
    assert one("The chip uses a 5 nm process.").dimension == "length"
    assert one("The phone has 8 GB of memory.").dimension == "data"


def test_milligrams_and_grams_do_not_agree():
    assert relation("Each tablet holds 50 mg of iron.", "Each tablet holds 50 g of iron.") is (
        Relation.CONTRADICTING
    )


def test_a_symbol_is_read_only_in_its_own_case():
    assert one("a 5 mW laser").normalized_value == pytest.approx(0.005)
    assert one("a 5 MW plant").normalized_value == pytest.approx(5e6)


def test_square_and_cubic_units():
    assert one("The lake covers 40 km² of the valley.").dimension == "area"
    assert one("The reservoir holds 2 cubic kilometers of water.").dimension == "volume"


# --- rates ----------------------------------------------------------------------------


def test_a_rate_keeps_its_denominator():
    assert relation("Cleaners earn $15 an hour.", "Cleaners earn $15 a day.") is None
    mileage = one("The car does 40 miles per gallon.")
    assert mileage.dimension == "length/gallon"
    assert relation("The car does 40 miles per gallon.", "The car drove 40 miles.") is None


# --- numbers without their noun, and number idioms -------------------------------------


def test_a_number_word_whose_noun_is_left_out():
    assert one("The flood killed at least seven.").value == 7
    assert one("The death toll rose to twelve.").value == 12
    assert extract_quantities("The two of them met.") == []


def test_half_a_million_and_scale_suffixes():
    assert one("Half a million people marched.").value == 500_000
    assert one("The union has 10k members.").value == 10_000
    assert one("Its output was $2.174T.").normalized_value == pytest.approx(2.174e12)
    assert one("She paid 10 000 dollars for it.").normalized_value == 10_000


def test_durations_with_an_article():
    assert one("The hearing lasted an hour and a half.").normalized_value == 1.5
    assert one("The trial took a year.").normalized_value == pytest.approx(8766)


def test_mixed_numbers_and_fractions_before_a_unit():
    assert one("The wall is 2 1/2 inches thick.").value == 2.5
    assert one("Add ¾ cup of flour.").value == 0.75


def test_suspended_hyphen_and_between_ranges_are_one_value():
    telescope = one("They plan an 8- to 16-meter telescope.")
    assert (telescope.dimension, telescope.low, telescope.high) == ("length", 0.008, 0.016)
    dose = one("Patients got between 44 mg and 50 mg a day.")
    assert dose.dimension.startswith("mass")
    assert dose.low == pytest.approx(44e-6) and dose.high == pytest.approx(50e-6)
    assert [q.surface for q in extract_quantities("The fee rose from 5% to 7%.")] == ["5%", "7%"]


def test_compound_modifiers_count_their_noun():
    pages = one("The 48-page report was leaked.")
    assert (pages.value, pages.unit) == (48, "page")
    assert relation("The 48-page report", "The 47-page report") is Relation.CONTRADICTING


def test_tallies_are_votes_or_scores_not_ranges_or_dates():
    vote = one("The Senate voted 97-1 to confirm her.")
    assert (vote.dimension, format_normalized(vote)) == ("tally", "97-1")
    assert one("The bill passed 348-77.").text_value == "348-77"
    assert relation("The Senate voted 97-1.", "The Senate voted 98-1.") is Relation.CONTRADICTING


def test_filing_names_are_not_units():
    assert extract_quantities("The fund's 13F filing lists the shares.") == []


# --- dates ----------------------------------------------------------------------------


def test_a_month_of_a_year():
    born = one("She was born in April of 1987.")
    assert born.text_value == "1987-04-01/1987-04-30"


def test_fiscal_quarters_are_dates():
    assert one("Profit doubled in Q3 2024.").text_value == "2024-07-01/2024-09-30"
    assert one("in the first quarter of 2024").text_value == "2024-01-01/2024-03-31"


def test_holidays_are_dates():
    fourth = one("Fireworks are planned for the Fourth of July.")
    assert (fourth.dimension, fourth.text_value) == ("date", "--07-04")
    assert math.isnan(fourth.normalized_value)
    christmas = one("The store reopens on Christmas Day, 2026.")
    assert christmas.text_value == "2026-12-25"


def test_the_unit_table_is_what_pint_defines():
    from tui.engine.quantities import make_units, unit_table

    names, symbols = make_units.build()
    for built, table in ((names, unit_table.NAMES), (symbols, unit_table.SYMBOLS)):
        assert built.keys() == table.keys()
        for alias, (name, dimension, factor) in built.items():
            assert table[alias][:2] == (name, dimension)
            assert table[alias][2] == pytest.approx(factor, rel=1e-9)


def test_a_currency_sign_after_the_number():
    assert one("The ticket costs 15€.").normalized_unit == "EUR"
    assert one("Lunch was 12,50 € each.").value == 12.5


def test_one_unit_written_for_two_figures():
    assert [(q.value, q.dimension) for q in extract_quantities("They took 45 and 50 mg.")] == [
        (45, "mass"),
        (50, "mass"),
    ]
    (share,) = extract_quantities("Prices rose between 3 and 4 percent.")
    assert (share.low, share.high) == (3, 4)


def test_one_of_a_unit_written_with_an_article():
    assert one("They shipped a gallon of fuel.").dimension == "volume"
    assert one("The road runs one-half miles east.").value == 0.5


def test_in_n_years_looks_ahead_unless_it_looks_back():
    ahead = one("The plant will open in two years.")
    assert (ahead.dimension, ahead.low) == ("time-offset", 0.0)
    assert ahead.high == pytest.approx(730, abs=1)
    assert one("Prices rose the most in three years.").dimension == "duration"


def test_a_sign_between_the_currency_symbol_and_the_digits():
    assert one("The quarter closed at $-99.99 a share.").value == -99.99


def test_fractions_as_shares():
    assert one("The odds are exactly one sixth.").value == pytest.approx(100 / 6)
    assert one("It is about 1/40 of the width.").value == pytest.approx(2.5)
    assert [q.dimension for q in extract_quantities("They scored in the second half.")] == [
        "ordinal"
    ]


def test_absolute_zero_and_a_coin():
    assert one("The gas was cooled to near absolute zero.").normalized_value == -273.15
    assert one("Not a penny more.").normalized_unit == "GBP"


def test_there_are_two_in_the_car():
    assert one("There are two in the car.").value == 2


def _read(text: str) -> list[tuple[str, str, str]]:
    return [(q.surface, q.dimension, q.unit) for q in extract_quantities(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Temperatures in the valley climbed to 38 C on the hottest afternoon.",
        "The forecast calls for highs of 31 C along the coast.",
        "Temperatures fell to 4\u00a0C overnight.",
    ],
)
def test_degrees_written_with_a_space_before_c_where_the_sentence_is_about_temperature(text):
    (quantity,) = [q for q in extract_quantities(text) if q.dimension != "date"]
    assert (quantity.dimension, quantity.unit) == ("temperature", "celsius")
    assert quantity.surface[-2:].replace("\u00a0", " ") == " C"
    assert relation("It reached 38 C, a record temperature.", "It reached 38°C.") is (
        Relation.IDENTICAL
    )


@pytest.mark.parametrize(
    "text",
    [
        "The school enrolled 30 C students and 12 B students.",
        "The shop sold 40 C batteries.",
        "Surgeons performed 30 C-sections, a record, as the heat rose.",
    ],
)
def test_a_capital_c_after_a_number_is_no_temperature_elsewhere(text):
    assert all(q.dimension != "temperature" for q in extract_quantities(text))


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The storm left 5 in. of rain on the town.", "5 in"),
        ("Crews laid a 12-in pipe under the road.", "12-in"),
        ("Up to 3 and 4 in. of snow fell overnight.", "4 in"),
    ],
)
def test_in_is_inches_where_it_is_written_as_a_unit(text, surface):
    found = {q.surface: (q.dimension, q.unit) for q in extract_quantities(text)}
    assert found[surface] == ("length", "inch")
    assert math.isclose(one("It fell 2 in. deep overnight.").normalized_value, 2 * 2.54e-5)


@pytest.mark.parametrize(
    "text",
    [
        "He scored 5 in the first half.",
        "In 2020, 3 in 10 voters stayed home.",
        "The company sold 30 in New York.",
        "The phone is a 3-in-1 charger.",
        "Turnout rose to 52 In. the north.",
    ],
)
def test_in_after_a_number_is_the_preposition_otherwise(text):
    assert all(q.unit != "inch" for q in extract_quantities(text)), _read(text)


def test_a_range_written_with_c_or_in_follows_the_same_rules():
    (warm,) = extract_quantities("Temperatures stayed between 20 C and 25 C all week.")
    assert (warm.dimension, warm.low, warm.high) == ("temperature", 20, 25)
    assert all(
        q.dimension != "temperature"
        for q in extract_quantities("The school had between 20 C and 25 C students.")
    )
    (snow,) = extract_quantities("Forecasters expect between 3 in and 5 in. of snow.")
    assert (snow.unit, snow.surface) == ("inch", "3 in and 5 in")
    assert math.isclose(snow.high, 5 * 2.54e-5)
