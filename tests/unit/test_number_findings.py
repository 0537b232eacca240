"""Number findings on invented articles: the same quantity of the same thing, or no finding.

No alignment is given: the findings stand on the numbers' own evidence (the words around them,
the counted noun, the event a date belongs to).
"""

from __future__ import annotations

from tui.engine.align import Alignment
from tui.engine.findings import find_numbers
from tui.engine.pipeline import build_passages
from tui.model import Finding, Relation, Source


def _numbers(*texts: str) -> list[Finding]:
    sources = [
        Source(id=f"{n:02d}_outlet", path=f"{n:02d}_outlet.txt", text=text, outlet=f"outlet {n}")
        for n, text in enumerate(texts, start=1)
    ]
    return find_numbers(sources, build_passages(sources), Alignment(clusters=[], related={}))


def _diverging(findings: list[Finding]) -> list[str]:
    return [f.summary for f in findings if f.consistent is False]


def test_two_counts_of_one_thing_that_disagree_are_flagged():
    (finding,) = _numbers(
        "The regime carried out 16 missile tests last year, the ministry said.",
        "The regime carried out over 30 missile tests last year, analysts said.",
    )
    assert finding.consistent is False
    assert {v.surface for v in finding.values} == {"16", "over 30"}
    assert {v.quantity.unit for v in finding.values if v.quantity} == {"test"}


def test_a_page_count_written_as_a_modifier_is_compared():
    (finding,) = _numbers(
        "Prosecutors unsealed a 48-page indictment against the mayor on Monday.",
        "Prosecutors unsealed a 47-page indictment against the mayor on Monday.",
    )
    assert finding.consistent is False
    assert finding.relation is Relation.CONTRADICTING


def test_years_of_two_different_events_are_not_compared():
    findings = _numbers(
        "The firm's lawyers said in 2017 that the accounts were sound.",
        "The audit covers expenses dating back to 2015 at the firm.",
    )
    assert _diverging(findings) == []


def test_days_that_date_two_different_acts_are_not_compared():
    findings = _numbers(
        "Three committee chairmen requested the files last Friday.",
        "The chairmen of the three committees said late Thursday they had the files.",
    )
    assert _diverging(findings) == []


def test_counts_of_different_size_are_different_tallies():
    findings = _numbers(
        "The army fired 23 missiles during the drill.",
        "The army fired three intercontinental missiles during the drill.",
    )
    assert _diverging(findings) == []


def test_one_length_written_two_ways_agrees():
    (finding,) = _numbers(
        "The leaders held two days of talks at the resort.",
        "Their two-day summit opened at the resort on Tuesday.",
    )
    assert finding.consistent is True
    assert {v.surface for v in finding.values} == {"two days", "two-day"}


def test_a_fall_and_a_rise_disagree():
    (finding,) = _numbers(
        "Company sales fell 4% in the spring quarter.",
        "Company sales rose 4% in the spring quarter.",
    )
    assert finding.consistent is False


def test_wages_per_hour_and_per_day_are_not_compared():
    assert _numbers("Cleaners earn $15 an hour.", "Cleaners earn $15 a day.") == []


def test_a_range_agrees_with_a_figure_at_each_end():
    findings = _numbers(
        "The truce of 1953 ended the fighting on the peninsula.",
        "The war that began in 1950 never formally ended on the peninsula.",
        "The 1950-53 war never formally ended on the peninsula.",
    )
    assert _diverging(findings) == []
    pairs = [{v.surface for v in f.values} for f in findings]
    assert {"1950", "1950-53"} in pairs


def test_a_date_is_not_the_start_of_a_range_read_from_the_articles_date():
    texts = (
        "Leaders will meet in two weeks, officials said.",
        "Leaders will meet within two weeks or so, officials said.",
        "On 2025-10-17 the leaders said they would meet within two weeks.",
    )
    sources = [
        Source(id=f"{n}_o", path=f"{n}_o.txt", text=t, outlet=f"o{n}", date="2025-10-17")
        for n, t in enumerate(texts)
    ]
    findings = find_numbers(sources, build_passages(sources), Alignment(clusters=[], related={}))
    assert [{v.surface for v in f.values} for f in findings] == [
        {"in two weeks", "within two weeks or so", "within two weeks"}
    ]


def test_amounts_of_different_things_do_not_disagree():
    findings = _numbers(
        "Lawmakers advanced a $1 trillion road bill on Tuesday in the chamber.",
        "Lawmakers adopted a $3.5 trillion budget resolution on Tuesday in the chamber.",
    )
    assert _diverging(findings) == []


def test_a_relative_time_inside_a_quotation_never_disagrees():
    findings = _numbers(
        "The governor announced last week that the state will build the dam.",
        '"Today we are announcing that the state will build the dam," the governor said.',
    )
    assert _diverging(findings) == []


def test_an_open_bound_does_not_agree_with_a_figure_far_past_it():
    findings = _numbers(
        "The campaign paid the firm just over $200,000 for the research.",
        "The campaign paid the firm $5.4 million for the research.",
    )
    assert [f for f in findings if f.consistent] == []


def _aligned_numbers(texts: list[str]) -> list[Finding]:
    """Number findings for one sentence per outlet, all aligned as one claim."""
    from tui.model import Cluster

    sources = [
        Source(id=f"{n:02d}_outlet", path=f"{n:02d}_outlet.txt", text=text, outlet=f"outlet {n}")
        for n, text in enumerate(texts, start=1)
    ]
    passages = build_passages(sources)
    cluster = Cluster(
        id="c1",
        passages=tuple(p.id for p in passages),
        sources=tuple(p.source for p in passages),
        score=0.9,
    )
    return find_numbers(sources, passages, Alignment(clusters=[cluster], related={}))


def test_bare_figures_in_the_same_slot_of_wire_copies_disagree():
    # Five outlets carry one wording, five another with the first figure changed; nothing
    # names what the figures count, and each sentence gives four of them.
    one = "At the north pier the salt reading came back at 160 on May 6 and at 120 on May 13."
    two = "The readings came back at 213 on May 6 and 120 on May 13 at the north pier."
    findings = _aligned_numbers([one] * 5 + [two] * 5)
    (finding,) = [f for f in findings if f.consistent is False]
    assert {v.surface for v in finding.values} == {"160", "213"}
    assert len({v.source for v in finding.values}) == 10


def test_an_outlet_giving_both_figures_of_a_revision_does_not_contradict_the_other(
    tmp_path,
) -> None:
    from tui.engine.pipeline import analyse

    texts = {
        "01_left.txt": "Claims fall again\n\nJobless claims in the region fell to 31,200 last "
        "week, the labour office said. The drop brings claims to their lowest level since "
        "March. The previous week's level was revised up by 900 from 33,800 to 34,700. The "
        "four-week average was 35,100.",
        "02_center.txt": "Claims drop\n\nClaims fell to 31,200 last week from a revised "
        "34,700 a week earlier, the labour office said Thursday. Economists had expected "
        "32,000.",
        "03_right.txt": "Jobless claims drop\n\nClaims fell to 31,200 last week. Economists "
        "had expected claims to fall to 32,000. The previous week was revised up to 34,700 "
        "from the first estimate of 33,800.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    analysis = analyse(tmp_path, semantic=False)
    assert _diverging([f for f in analysis.findings if f.kind.value == "number"]) == []


def test_vague_times_of_unrelated_sentences_do_not_agree():
    """'This year' takes in any day of the year: across two claims it agrees with whatever
    else is dated this year, which tells the reader nothing and looks like a finding."""
    findings = _numbers(
        "Mayor Okafor is planning to meet the union leaders in the coming months.",
        "Mayor Okafor also took credit for this year's marathon, which drew record crowds.",
        "Aides said Mayor Okafor would sign the port deal with the union later this year.",
    )
    assert findings == []


def test_a_bare_month_and_a_day_of_it_in_two_claims_do_not_agree():
    findings = _numbers(
        "Envoys traveled to the capital in March to open talks with the rebels.",
        "The minister announced on March 13 that he would fire the central bank governor.",
    )
    assert findings == []


def test_two_in_unrelated_quotes_is_no_finding():
    findings = _numbers(
        '"When you look at the trade between our two countries, it is balanced," Macron said.',
        '"This visit bears witness to the strength that unites our two countries," Macron '
        "told the guests at the dinner.",
    )
    assert findings == []


def test_one_measure_in_two_units_still_agrees_across_claims():
    (finding,) = _numbers(
        "The drone has a range of about 1,600 kilometers and flies low over the ground.",
        "Officials discussed supplying the army with drones that can reach 1,000 miles.",
    )
    assert finding.consistent is True and finding.relation is Relation.EQUIVALENT


def test_ordinals_of_two_named_series_do_not_agree():
    """'The third Lakeside-Harbour summit' and 'the third Northern summit' rank two series."""
    findings = _numbers(
        "This is the third Lakeside-Harbour summit, after two earlier meetings in the port.",
        "The gathering will be the third Northern summit since the league was founded.",
    )
    assert findings == []


def test_one_series_ranked_in_two_outlets_still_agrees():
    (finding,) = _numbers(
        "For the first official state visit of his presidency, the mayor chose the harbour.",
        "The mayor welcomed the delegation in their first formal state visit on Tuesday.",
    )
    assert finding.consistent is True


def test_an_article_for_a_number_is_no_agreement_across_claims():
    """'A day of ceremony' and 'a day of talks' both say one day: nothing to compare."""
    findings = _numbers(
        "The comments came on a day of ceremony, as the mayor rolled out the red carpet.",
        "The delegates arrived on Tuesday, ahead of a day of talks about the river port.",
    )
    assert findings == []
