"""What the reader flags on the sample story: unique claims, numbers, quotes."""

from __future__ import annotations

import pytest

from tests.conftest import seed_source
from tui.model import FindingKind, Relation


def _unique_texts(analysis, prefix):
    source = seed_source(prefix)
    return [
        analysis.passage(f.passages[0]).text
        for f in analysis.findings
        if f.kind is FindingKind.UNIQUE and f.sources == (source,)
    ]


@pytest.mark.parametrize(
    ("prefix", "fragment"),
    [
        ("002", "Medvedev even hinted at a possible counter-reaction with nuclear weapons"),
        ("001", "no braver than Hamas"),
        ("003", "rolling power outages"),
    ],
)
def test_claims_only_one_outlet_makes(seeds_analysis, prefix, fragment):
    assert any(fragment in text for text in _unique_texts(seeds_analysis, prefix))


def test_unique_findings_are_body_passages_outside_every_cluster(seeds_analysis):
    clustered = {pid for c in seeds_analysis.clusters for pid in c.passages}
    for finding in seeds_analysis.findings:
        if finding.kind is FindingKind.UNIQUE:
            passage = seeds_analysis.passage(finding.passages[0])
            assert passage.kind.value == "body"
            assert passage.id not in clustered


def _number_finding_with(analysis, *surfaces):
    for finding in analysis.findings:
        if finding.kind is not FindingKind.NUMBER:
            continue
        found = {v.surface for v in finding.values}
        if all(any(s in f for f in found) for s in surfaces):
            return finding
    raise AssertionError(f"no number finding holds {surfaces}")


def test_missile_range_agrees_after_conversion(seeds_analysis):
    finding = _number_finding_with(seeds_analysis, "1,600 kilometers", "1,000 miles")
    assert finding.consistent is True
    assert finding.relation is Relation.EQUIVALENT
    assert {v.source[:3] for v in finding.values} == {"000", "003"}
    miles = next(v for v in finding.values if "miles" in v.surface)
    assert miles.quantity is not None
    assert miles.quantity.normalized_unit == "km"
    assert round(miles.quantity.normalized_value) == 1609
    assert "1%" in (finding.tolerance or "")


def test_summit_timing_is_one_finding_resolved_against_a_date(seeds_analysis):
    finding = _number_finding_with(seeds_analysis, "October 28th, 2025", "two weeks")
    sources = {v.source[:3] for v in finding.values}
    assert {"000", "002"} <= sources
    assert len(sources) >= 3
    assert finding.consistent is True
    assert finding.relation is Relation.LESS_PRECISE
    assert any("2025-10-17" in note for note in finding.notes)
    assert any("coming weeks" in v.surface for v in finding.values)


def test_values_point_at_their_text(seeds_analysis):
    for finding in seeds_analysis.findings:
        for value in finding.values:
            text = seeds_analysis.passage(value.passage).text
            assert text[value.start : value.end] == value.surface


def _quote_finding_with(analysis, before, after):
    for finding in analysis.findings:
        if finding.kind is not FindingKind.QUOTE:
            continue
        changes = {
            (op.a.strip().lower(), op.b.strip().lower())
            for value in finding.values
            for op in value.diff
            if op.op != "equal"
        }
        if (before, after) in changes:
            return finding
    raise AssertionError(f"no quote finding marks {before!r} -> {after!r}")


@pytest.mark.parametrize(
    ("before", "after", "sources"),
    [
        ("severe", "significant", {"000", "001"}),
        ("significant", "great", {"000", "001"}),
        ("dishonorable", "inglorious", {"000", "001"}),
    ],
)
def test_quotes_worded_differently(seeds_analysis, before, after, sources):
    finding = _quote_finding_with(seeds_analysis, before, after)
    assert sources <= {v.source[:3] for v in finding.values}
    # Only the differing words are marked, not the whole quotation.
    marked = [op for v in finding.values for op in v.diff if op.op != "equal"]
    assert all(len(op.b.split()) <= 3 for op in marked)


def test_a_quote_summary_shows_an_added_word_beside_its_neighbour(seeds_analysis):
    # 000 "change the battlefield situation", 001 "change the situation on the battlefield":
    # the summary names the words around the change, never a bare "…".
    summaries = [f.summary for f in seeds_analysis.findings if f.kind is FindingKind.QUOTE]
    assert any("→ “situation on the battlefield”" in s for s in summaries)
    assert not any("“…”" in s for s in summaries)
