"""Alignment: paraphrases across outlets pair up; unrelated claims never chain together."""

from __future__ import annotations

from tests.conftest import seed_source
from tui.engine.align import align_passages, link_pairs, vectorise
from tui.engine.align.scoring import names_differ
from tui.model import Passage


def _cluster_with(analysis, prefix: str, fragment: str):
    source = seed_source(prefix)
    passage = next(p for p in analysis.passages if p.source == source and fragment in p.text)
    cluster = analysis.cluster_of(passage.id)
    assert cluster is not None, f"{prefix} “{fragment}” is not aligned with any other outlet"
    return {analysis.passage(pid).source[:3] for pid in cluster.passages}, cluster


def test_rewordings_of_one_claim_are_aligned(seeds_analysis):
    sources, _ = _cluster_with(seeds_analysis, "001", "rushing to resume dialogue")
    assert "003" in sources


def test_the_battlefield_statement_is_aligned_across_outlets(seeds_analysis):
    carried = set()
    for prefix, fragment in (
        ("000", "will not change the battlefield situation"),
        ("001", "not change the situation on the battlefield"),
        ("002", "would not change the situation on the battlefield"),
        ("003", "would not alter the situation on the battlefield"),
    ):
        source = seed_source(prefix)
        passage = next(
            p for p in seeds_analysis.passages if p.source == source and fragment in p.text
        )
        cluster = seeds_analysis.cluster_of(passage.id)
        if cluster is not None:
            carried |= {seeds_analysis.passage(pid).source[:3] for pid in cluster.passages}
    assert len(carried) >= 3


def test_an_outlet_stating_the_lead_twice_does_not_split_it_in_two(seeds_analysis):
    # 002 gives the planned meeting twice (a meeting wish, then a scheduled summit); the other
    # outlets' versions support each other across both, so the claim is one cluster of five.
    sources, _ = _cluster_with(seeds_analysis, "000", "announced that he will meet with")
    assert sources == {"000", "001", "002", "003", "004"}
    other, _ = _cluster_with(seeds_analysis, "001", "announced on Thursday that he would meet")
    assert other == sources


def test_a_rewording_that_shares_mostly_the_storys_own_words_still_aligns(seeds_analysis):
    # In a story of a few dozen sentences every shared word is "common"; background counts
    # keep them from weighing nothing (000's "foreign ministers ... preparatory meeting ...
    # led on the U.S. side by Marco Rubio" is 002's, 003's and 004's Rubio-Lavrov claim).
    sources, _ = _cluster_with(seeds_analysis, "000", "foreign ministers of both countries")
    assert {"002", "003", "004"} <= sources


def test_a_cluster_holds_one_passage_per_source_unless_a_source_repeats(seeds_analysis):
    for cluster in seeds_analysis.clusters:
        assert len(cluster.sources) >= 2
        assert 0.0 < cluster.score <= 1.0


def _passage(source: str, index: int, text: str) -> Passage:
    return Passage(
        id=f"{source}:{index}", source=source, index=index, start=0, end=len(text), text=text
    )


def test_clusters_do_not_snowball_through_bridging_sentences():
    # Each outlet writes one sentence that mixes two claims; a chain A~B~C~... would pull every
    # claim into one cluster. Outlets sit on the chain in turn.
    claims = [
        "the harbour ferry fares will rise by a fifth next spring",
        "the northern rail tunnel construction will be delayed two years",
        "the city library renovation will close reading rooms until autumn",
        "the airport runway extension approval was blocked by judges",
        "the river flood barrier repairs will cost forty million euros",
        "the school meal subsidy programme will expand to every district",
    ]
    passages = []
    for n in range(30):
        first, second = claims[n % len(claims)], claims[(n + 1) % len(claims)]
        passages.append(_passage(f"s{n:02d}", 0, f"Officials said {first} and {second}."))
        passages.append(_passage(f"s{n:02d}", 1, f"Officials said {first}."))
    clusters = align_passages(passages).clusters
    assert clusters
    for cluster in clusters:
        texts = [p.text for p in passages if p.id in cluster.passages]
        mentioned = {c for c in claims if any(c in t for t in texts)}
        assert len(mentioned) <= 2, "a cluster chained unrelated claims"
        assert len(cluster.passages) <= len({p.source for p in passages})


def test_unrelated_sentences_are_not_linked():
    passages = [
        _passage("a", 0, "The orchestra will tour eleven cities in Japan this winter."),
        _passage("b", 0, "Farmers protested against the new water tax outside parliament."),
        _passage("c", 0, "A volcano erupted on the island, forcing villagers to leave."),
    ]
    assert align_passages(passages).clusters == []


def test_mutual_best_matches_link_even_with_few_shared_words():
    texts = [
        "Moscow appears eager to resume dialogue upon hearing about the missiles.",
        "The weather in the capital was cold and grey all week long.",
        "Russia is rushing to resume dialogue as soon as it hears about missiles.",
        "Parliament will vote on the budget in the spring session.",
    ]
    sources = ["a", "a", "b", "b"]
    vectors = vectorise(texts, sources)
    scores = {(0, 2): 0.25, (0, 3): 0.05, (1, 2): 0.02, (1, 3): 0.03}
    links = link_pairs(scores, vectors)
    assert (0, 2) in links
    assert (0, 3) not in links


def test_same_wording_about_different_named_subjects_is_not_one_claim():
    template = "Officials said the {} under {} had set a strict deadline of 21 days for replies."
    passages = [
        _passage("a", 0, template.format("Harbour Board", "Mayor Lindqvist")),
        _passage("b", 0, template.format("Valley Council", "Governor Okafor")),
        _passage(
            "c", 0, "The deadline is strict, said Mayor Lindqvist of the Harbour Board: 21 days."
        ),
    ]
    clusters = align_passages(passages).clusters
    assert [c.sources for c in clusters] == [("a", "c")]


def _clusters_of(texts: dict[str, list[str]]) -> list[tuple[str, ...]]:
    passages = [_passage(s, k, t) for s, lines in texts.items() for k, t in enumerate(lines)]
    return [c.passages for c in align_passages(passages, semantic=False).clusters]


FILLER = [
    "The weather was mild across the region all week.",
    "Council members met to discuss the new library plans.",
    "A local bakery won a national award for its bread.",
    "The river festival drew crowds despite the rain.",
]


def test_one_template_about_two_companies_stays_two_claims() -> None:
    # Two outlets carry each company's line; the template words are shared by all four.
    harlow = "Shares of Harlow Foods fell 25 cents to close at $32.30 in trading on the Northern "
    pelton = "Shares of Pelton Mills were down 1.5 percent in early afternoon trading on the "
    clusters = _clusters_of(
        {
            "o1": [harlow + "Stock Exchange.", FILLER[0]],
            "o2": [
                "In trading on the Northern Stock Exchange, shares of Harlow Foods fell 25 cents "
                "to close at $32.30 yesterday.",
                FILLER[1],
            ],
            "o3": [pelton + "Northern Stock Exchange.", FILLER[2]],
            "o4": [
                "In early afternoon trading on the Northern Stock Exchange, shares of Pelton "
                "Mills were down 1.5 percent.",
                FILLER[3],
            ],
        }
    )
    assert sorted(clusters) == [("o1:0", "o2:0"), ("o3:0", "o4:0")]


def test_a_template_whose_companies_only_open_sentences_stays_two_claims() -> None:
    # Each company is named only as a sentence's first word, so nothing capitalises it in
    # mid-sentence; it never appears in lower case either, unlike the words around it.
    trading = " in early afternoon trading on the Northern Stock Exchange."
    clusters = _clusters_of(
        {
            "o1": ["Harlowe shares fell sharply" + trading, FILLER[0]],
            "o2": ["Harlowe shares dropped sharply" + trading, FILLER[1]],
            "o3": ["Peltonix shares rose sharply" + trading, FILLER[2]],
            "o4": ["Peltonix shares climbed sharply" + trading, FILLER[3]],
        }
    )
    assert sorted(clusters) == [("o1:0", "o2:0"), ("o3:0", "o4:0")]


def test_another_days_figures_in_one_template_stay_another_claim() -> None:
    # The index's name holds a figure every sentence shares; its moves differ throughout.
    monday = "The Harbor 500 index, which tracks smaller stocks, rose 3.28, or 0.7 percent, to "
    tuesday = "The Harbor 500 index, which tracks smaller stocks, was up 1.02, or 0.21 percent, at "
    clusters = _clusters_of(
        {
            "o1": [monday + "494.20.", FILLER[0]],
            "o2": [monday.replace("rose", "climbed") + "494.20 points.", FILLER[1]],
            "o3": [tuesday + "496.83.", FILLER[2]],
            "o4": [tuesday.replace("was up", "gained") + "496.83 points.", FILLER[3]],
        }
    )
    assert sorted(clusters) == [("o1:0", "o2:0"), ("o3:0", "o4:0")]


def test_a_member_that_names_nobody_does_not_carry_two_companies_into_one_claim() -> None:
    # o5 fits both companies' claims; it must not bridge them.
    clusters = _clusters_of(
        {
            "o1": ["Norvell said the Brightline acquisition would close in the third quarter."],
            "o2": ["Norvell expects the acquisition to close in the third quarter."],
            "o3": ["Tessaro said its acquisition of Quillon would close in the third quarter."],
            "o4": ["Tessaro expects the Quillon acquisition to close in the third quarter."],
            "o5": ["The acquisition is expected to close in the third quarter."],
        }
    )
    assert ("o3:0", "o4:0") in clusters
    assert not any("o1:0" in c and "o3:0" in c for c in clusters)


def test_words_that_open_sentences_are_names_only_when_never_written_in_lower_case() -> None:
    from tui.engine.text import known_names, opening_names

    texts = [
        "Harlowe shares fell on Monday.",
        "Shares of the firm rose, and traders bought shares.",
        "Meanwhile, prices held.",
        "Separately, the board met.",
        "Forty people came.",
        "Officials said the officials were right.",
        "Trading closed at 4 p.m. Tuesday, when Dunmore announced it.",
        "Dunmore said so.",
    ]
    known = known_names(texts)
    assert "dunmore" in known
    assert opening_names(texts, known) == {"harlowe"}


def test_titles_and_first_names_outlets_add_do_not_split_a_claim() -> None:
    full = (
        "Foreign Minister Sergei Lavrov told reporters the talks with President Donald Trump "
        "would resume in Geneva next week."
    )
    short = "Lavrov told reporters that talks with Trump would resume in Geneva next week."
    clusters = _clusters_of(
        {
            "o1": [full, FILLER[0]],
            "o2": [
                "Sergei Lavrov told reporters the talks with Donald Trump would resume in "
                "Geneva next week.",
                FILLER[1],
            ],
            "o3": [short, FILLER[2]],
            "o4": [
                "Lavrov told reporters talks with Trump would resume next week in Geneva.",
                FILLER[3],
            ],
        }
    )
    assert clusters == [("o1:0", "o2:0", "o3:0", "o4:0")]


def test_titles_and_abbreviated_months_are_not_subjects() -> None:
    texts = [
        "Mr. Halvorsen said in a speech on Sept. 12 that the port would reopen.",
        "Halvorsen said the port would reopen, according to remarks seen by Ledger.",
    ]
    first, second = vectorise(texts, ["o1", "o2"])
    assert first.heads == {"halvorsen"}
    assert not names_differ(first, second)


def test_a_word_or_a_figure_on_its_own_is_not_a_claim_another_passage_shares() -> None:
    # A one-word line ("Fast.", "Spiders!") sits inside any sentence that uses the word, and
    # a table cell ("139 €", "1,7") inside any that gives the figure: neither is that claim.
    passages = [
        _passage("a", 0, "Fast."),
        _passage("a", 1, "139 €"),
        _passage("a", 2, "1,7"),
        _passage("a", 3, "June 2018"),
        _passage("a", 4, "Divers reached the wreck after a week of storms."),
        _passage("b", 0, "That is where the new telescope is really going to be fast, she says."),
        _passage("b", 1, "The ticket costs 139 euros for the season at the lake."),
        _passage("b", 2, "The pool is 1 metre deep and 7 metres wide."),
        _passage("b", 3, "June 2018"),
        _passage("b", 4, "After a week of storms, divers reached the wreck."),
    ]
    clusters = [set(c.passages) for c in align_passages(passages, semantic=False).clusters]
    assert clusters == [{"a:4", "b:4"}]  # the one claim both outlets report


def test_a_short_line_still_aligns_with_the_same_short_line() -> None:
    passages = [
        _passage("a", 0, "It's insane."),
        _passage("a", 1, "The council voted to close the harbour bridge for repairs."),
        _passage("b", 0, "\"It's insane."),
        _passage("b", 1, "Repairs will close the harbour bridge, the council decided."),
    ]
    clusters = [set(c.passages) for c in align_passages(passages, semantic=False).clusters]
    assert {"a:0", "b:0"} in clusters and {"a:1", "b:1"} in clusters
