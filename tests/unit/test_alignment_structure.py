"""Alignment at any number of outlets: candidates that keep real pairs, clusters that cannot
chain, copies grouped first, headlines matched with headlines. Invented stories only."""

from __future__ import annotations

from pathlib import Path

from tui.engine.align import align_passages, candidate_pairs, pair_score, vectorise
from tui.engine.pipeline import analyse
from tui.model import Passage, PassageKind
from tui.report.json_report import analysis_to_dict
from tui.report.text import render_text


def _passage(source: str, index: int, text: str, kind: PassageKind = PassageKind.BODY) -> Passage:
    return Passage(
        id=f"{source}:{index}",
        source=source,
        index=index,
        start=0,
        end=len(text),
        text=text,
        kind=kind,
    )


def _cluster_of(clusters, passage_id):
    return next((c for c in clusters if passage_id in c.passages), None)


def _subject_heavy_story() -> tuple[list[Passage], str, str]:
    """Twelve outlets on one team: every sentence names it, its coach and its games, so the
    words the pair shares ("Vell", "miss", "final", "games") are the story's commonest."""
    fillers = [
        "Coach Dara Brennick said the Harbour Falcons games this season were hard for Vell.",
        "The Harbour Falcons lost their games to the Valley Rams, Brennick said of Vell.",
        "Vell and the Harbour Falcons will play the final games at home, Brennick said.",
        "Brennick praised Vell after the Harbour Falcons games against the Rams.",
        "Fans of the Harbour Falcons asked whether Vell would miss games, Brennick said.",
    ]
    passages = []
    for n in range(12):
        source = f"o{n:02d}"
        for k, text in enumerate(fillers):
            passages.append(_passage(source, k, text))
    a = _passage("o00", 9, "Running back Tomas Vell will miss the final two games with an injury.")
    b = _passage("o07", 9, "The 23-year-old Vell will miss the team's final two games, hurt.")
    passages += [a, b]
    return passages, a.id, b.id


def test_a_pair_sharing_only_the_storys_commonest_words_still_reaches_the_scorer():
    passages, a, b = _subject_heavy_story()
    vectors = vectorise([p.text for p in passages], [p.source for p in passages])
    index = {p.id: k for k, p in enumerate(passages)}
    pair = tuple(sorted((index[a], index[b])))
    assert pair in candidate_pairs(vectors)
    cluster = _cluster_of(align_passages(passages).clusters, a)
    assert cluster is not None and b in cluster.passages


def test_names_the_whole_story_uses_are_no_conflict_between_two_passages():
    # Each sentence names two people particular to it, but both name the story's subject
    # (used everywhere): they may still be one claim.
    texts = [
        "Mayor Lindqvist met Inspector Okafor and the Harbour Board on the flood barrier.",
        "Lindqvist said Councillor Amadi and Engineer Soto met the Harbour Board on the barrier.",
    ] + [f"The Harbour Board discussed item {n} of the agenda at length." for n in range(20)]
    sources = ["a", "b"] + [f"s{n % 4}" for n in range(20)]
    vectors = vectorise(texts, sources)
    assert pair_score(vectors[0], vectors[1]) > 0.0


def test_a_weak_link_never_grows_a_cluster():
    # Three outlets state one claim in near-identical words; a fourth outlet's sentence on
    # another matter shares a few words with one of them only (its mutual best match, weak).
    claim = "The harbour ferry fares will rise by a fifth next spring, the operator said."
    passages = [
        _passage("a", 0, claim),
        _passage(
            "b", 0, "The harbour ferry fares will rise by a fifth next spring, operators say."
        ),
        _passage(
            "c", 0, "Harbour ferry fares will rise by a fifth next spring, the operator said."
        ),
        _passage(
            "d",
            0,
            "The operator will also repaint the old lighthouse by the harbour in the spring.",
        ),
    ]
    vectors = vectorise([p.text for p in passages], [p.source for p in passages])
    assert all(0.1 <= pair_score(vectors[3], vectors[k]) < 0.5 for k in range(3))  # weak links
    # Each article opens on something else (leads get a bonus of their own).
    openers = ["Snow closed the pass", "The choir sang at noon", "A bakery opened", "Rain fell"]
    passages = [
        _passage(p.source, k, f"{openers[n]} ({k}).")
        for n, p in enumerate(passages)
        for k in (0, 1)
    ] + [_passage(p.source, 2, p.text) for p in passages]
    clusters = align_passages(passages).clusters
    lead = _cluster_of(clusters, "a:2")
    assert lead is not None and {"a:2", "b:2", "c:2"} <= set(lead.passages)
    assert "d:2" not in lead.passages
    assert all(0.0 <= s <= 1.0 for s in lead.strengths)
    assert len(lead.strengths) == len(lead.passages)


def test_sentences_of_one_template_with_other_figures_throughout_are_not_one_claim():
    passages = [
        _passage("a", 0, "The Coastal Index rose 12.4 points, or 0.8 percent, to 1,642.19."),
        _passage("b", 0, "The Coastal Index fell 3.1 points, or 0.2 percent, to 1,598.70."),
        _passage(
            "c", 0, "The Coastal Index rose 12.4 points, or 0.8 percent, to close at 1,642.19."
        ),
    ]
    cluster = _cluster_of(align_passages(passages).clusters, "a:0")
    assert cluster is not None and "c:0" in cluster.passages
    assert "b:0" not in cluster.passages


def test_syndicated_copies_and_a_rewrite_are_one_claim_with_the_copied_share_reported(tmp_path):
    wire = "The regional council approved the new tram line on Monday after a six-hour debate."
    rewrite = "After debating for six hours, councillors gave the tram line their approval Monday."
    other = "Local shops said the works would hurt trade on the high street for two years."
    for n in range(10):
        lines = [f"Tram line approved ({n})", "", wire if n < 5 else rewrite, ""]
        lines.append(other if n % 2 else f"Outlet {n} sent a reporter to the town hall meeting.")
        (tmp_path / f"outlet{n:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    analysis = analyse(tmp_path)
    wire_ids = {p.id for p in analysis.passages if p.text == wire}
    rewrite_ids = {p.id for p in analysis.passages if p.text == rewrite}
    cluster = analysis.cluster_of(next(iter(wire_ids)))
    assert cluster is not None
    assert wire_ids | rewrite_ids <= set(cluster.passages)
    report = analysis_to_dict(analysis)
    first = next(s for s in report["sources"] if s["id"] == "outlet00")
    assert first["copied"]["outlet01"] > 0.3  # the wire sentence is most of its body
    assert "outlet05" not in first["copied"]  # the rewrite is not a copy
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(render_text(analysis))
    assert "stands word for word in outlet01" in console.export_text()


def test_headlines_are_aligned_with_each_other_not_with_body_text():
    passages = [
        _passage("a", 0, "Council Approves Tram Line After Marathon Debate", PassageKind.HEADING),
        _passage("a", 1, "The council approved the tram line after a marathon debate on Monday."),
        _passage("b", 0, "Tram Line Approved After Marathon Council Debate", PassageKind.HEADING),
        _passage("b", 1, "After a marathon debate, the council approved the tram line Monday."),
    ]
    clusters = align_passages(passages).clusters
    headlines = _cluster_of(clusters, "a:0")
    body = _cluster_of(clusters, "a:1")
    assert headlines is not None and set(headlines.passages) == {"a:0", "b:0"}
    assert body is not None and set(body.passages) == {"a:1", "b:1"}


def test_the_story_title_is_the_headline_the_outlets_share_not_the_first_file(tmp_path: Path):
    heads = [
        "Who is Mara Lindqvist?",
        "Mayor Lindqvist loses primary to newcomer Okafor",
        "Okafor defeats Mayor Lindqvist in primary upset",
        "Newcomer Okafor beats Lindqvist in mayoral primary",
    ]
    for n, head in enumerate(heads):
        body = f"Reporter {n} wrote about the primary in the harbour town on Tuesday."
        (tmp_path / f"{n:02d}.txt").write_text(f"{head}\n\n{body}\n", encoding="utf-8")
    title = analyse(tmp_path).story.title
    assert "primary" in title.lower()
    assert title != heads[0]


def test_reports_name_outlets_as_story_toml_does(tmp_path: Path):
    text = "The tram line was approved on Monday after a six-hour debate in the council."
    (tmp_path / "a.txt").write_text(f"Tram approved\n\n{text}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Tram line passes\n\n{text} Shops objected.\n", "utf-8")
    (tmp_path / "story.toml").write_text(
        '[sources."a.txt"]\noutlet = "The Harbour Herald"\n'
        '[sources."b.txt"]\noutlet = "Valley Courier"\n',
        encoding="utf-8",
    )
    from rich.console import Console

    from tui.report.markdown import render_markdown

    analysis = analyse(tmp_path)
    console = Console(width=120, record=True)
    console.print(render_text(analysis))
    text_report = console.export_text()
    assert "The Harbour Herald" in text_report and "Valley Courier" in text_report
    assert "THH" in text_report and "VC" in text_report  # the coverage table's columns
    markdown = render_markdown(analysis)
    assert "The Harbour Herald" in markdown


def test_wire_copies_never_hide_the_other_wordings_figure(tmp_path: Path):
    # Five outlets carry one wording, five another with a different figure: the copies of each
    # figure must not use up the links to the other outlets' figure.
    first = "The council approved 45 new electric buses for the harbour line on Monday."
    second = "Councillors backed the purchase of 60 new electric buses for the harbour line."
    for n in range(10):
        body = first if n < 5 else second
        extra = f"Reporter {n} spoke to drivers at the depot about the timetable."
        (tmp_path / f"outlet{n:02d}.txt").write_text(
            f"Buses for the harbour ({n})\n\n{body}\n\n{extra}\n", encoding="utf-8"
        )
    analysis = analyse(tmp_path, semantic=False)
    diverging = [f for f in analysis.findings if f.kind.value == "number" and f.consistent is False]
    assert diverging, "45 and 60 buses should be reported as a disagreement"
    surfaces = {v.surface for f in diverging for v in f.values}
    assert any("45" in s for s in surfaces) and any("60" in s for s in surfaces)


def test_a_claims_member_strengths_read_at_once_are_each_members_strength() -> None:
    from tui.model import Cluster

    cluster = Cluster("c1", ("a:1", "b:2", "a:1", "c:3"), ("a", "b", "c"), 0.5, (0.9, 0.2, 0.4))
    assert cluster.member_strengths() == {p: cluster.strength(p) for p in cluster.passages}
    assert cluster.member_strengths() == {"a:1": 0.9, "b:2": 0.2, "c:3": 0.5}
