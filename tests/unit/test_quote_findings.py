"""Quote findings on invented articles: one statement by one speaker, quoted two ways.

The passages are not aligned (no clusters): the findings must stand on the quotations' own
evidence, the speaker and the quoted words, whatever the alignment makes of the sentences.
"""

from __future__ import annotations

from tui.engine.align import Alignment
from tui.engine.findings import find_quotes
from tui.engine.pipeline import build_passages
from tui.model import Cluster, Finding, Passage, Source


def _sources(texts: tuple[str, ...]) -> list[Source]:
    return [
        Source(id=f"{n:02d}_outlet", path=f"{n:02d}_outlet.txt", text=text, outlet=f"outlet {n}")
        for n, text in enumerate(texts, start=1)
    ]


def _quote_findings(*texts: str) -> list[Finding]:
    sources = _sources(texts)
    passages = build_passages(sources)
    return find_quotes(passages, Alignment(clusters=[], related={}), sources)


def _passage(passages: list[Passage], words: str) -> Passage:
    return next(p for p in passages if words in p.text)


def _aligned_quote_findings(
    texts: tuple[str, ...], claim: list[str], related: dict[tuple[str, str], float] | None = None
) -> list[Finding]:
    """Quote findings where the sentences containing each of `claim` report one claim, and
    `related` gives how closely pairs of sentences (named by their words) report it."""
    sources = _sources(texts)
    passages = build_passages(sources)
    members = [_passage(passages, words) for words in claim]
    cluster = Cluster(
        id="c1",
        passages=tuple(p.id for p in members),
        sources=tuple(p.source for p in members),
        score=0.9,
    )
    pairs = {
        (_passage(passages, a).id, _passage(passages, b).id): score
        for (a, b), score in (related or {}).items()
    }
    return find_quotes(passages, Alignment(clusters=[cluster], related=pairs), sources)


def _changes(finding: Finding) -> set[tuple[str, str]]:
    return {
        (op.a.strip(), op.b.strip()) for v in finding.values for op in v.diff if op.op != "equal"
    }


def test_one_speaker_quoted_with_a_word_swapped_names_the_speaker_and_the_words():
    (finding,) = _quote_findings(
        'The storm cut power to the valley. "Crews will restore every line before the '
        'weekend," said Governor Lena Hart.',
        'Hart promised quick repairs. "Crews will restore every line before Sunday," Hart '
        "told reporters.",
    )
    assert [v.speaker for v in finding.values] == ["Governor Lena Hart", "Hart"]
    assert _changes(finding) == {("the weekend", "Sunday")}
    assert finding.summary.startswith("Governor Lena Hart quoted differently")


def test_similar_words_from_two_speakers_are_two_statements():
    assert (
        _quote_findings(
            '"This is a reckless plan that will hurt every family," said Senator Dora Vance.',
            '"This is a careful plan that will help every family," said Mayor Ken Odum.',
        )
        == []
    )


def test_a_lawsuit_and_the_press_statement_about_it_are_not_one_statement():
    assert (
        _quote_findings(
            '"The company hid the defects from its own inspectors," the complaint states.',
            '"The company hid the defects from every inspector," union chief Ray Moss said.',
        )
        == []
    )


def test_a_verbatim_fragment_is_the_same_wording():
    assert (
        _quote_findings(
            '"We found the leak, we sealed the leak, and the water is safe to drink," said '
            "engineer Ola Brandt.",
            'Brandt said the water "is safe to drink."',
        )
        == []
    )


def test_outlets_quoting_identically_are_one_wording_named_in_the_notes():
    same = '"The vote was rigged from the start," said Councillor Ines Falk.'
    (finding,) = _quote_findings(
        same, same, '"The vote was fixed from the start," said Councillor Ines Falk.'
    )
    assert [v.source for v in finding.values] == ["01_outlet", "03_outlet"]
    assert _changes(finding) == {("rigged", "fixed")}
    assert any("02_outlet" in note and "01_outlet" in note for note in finding.notes)


def test_an_outlet_quoting_only_part_of_a_wording_is_not_said_to_quote_the_same_words():
    """Outlet 3 quotes the tail of outlet 2's wording in a sentence of its own (the two are
    aligned): its words are a part of that wording, not the same words."""
    (finding,) = _aligned_quote_findings(
        (
            '"It is a bad levy that should have never been passed," said Councillor Ines Falk.',
            '"The levy should never have been passed, but we will be talking about it," said '
            "Councillor Ines Falk.",
            'The council met on Monday. "It should have never been passed," said Councillor '
            'Ines Falk. "But we will be talking about it," Falk added.',
        ),
        claim=["The levy should never", "Falk added"],
    )
    assert "03_outlet quotes part of 02_outlet's words" in finding.notes
    assert not any("same words" in note for note in finding.notes)


def test_a_quotation_running_over_sentences_is_compared_in_each():
    (finding,) = _quote_findings(
        '"The dam is sound. The spillway, however, needs urgent repairs to its gates," said '
        "inspector Jo Reyes.",
        '"The spillway needs urgent repairs to its doors," said inspector Jo Reyes.',
    )
    assert ("gates", "doors") in _changes(finding)
    assert finding.values[0].surface.startswith("The spillway, however")


def test_quotations_sharing_only_a_stock_phrase_are_not_paired():
    assert (
        _quote_findings(
            '"The talks made real progress on trade and on the border," said envoy Al Kerr.',
            '"The border remains closed until the talks resume," said envoy Al Kerr.',
        )
        == []
    )


def test_the_json_report_names_who_is_quoted(seeds_analysis):
    from tui.report.json_report import analysis_to_dict

    quotes = [f for f in analysis_to_dict(seeds_analysis)["findings"] if f["kind"] == "quote"]
    speakers = {v.get("speaker") for f in quotes for v in f["values"]}
    assert {"Trump", "Putin"} <= speakers


def test_a_short_quotation_of_one_speaker_is_not_a_variant_of_another_speakers_words():
    # The mayor's two words and the auditors' sentence report one claim, and share words
    # ("audits", "prove", "plain"), but the speakers differ (named with a time between).
    texts = (
        'Mayor Ana Kovac late Tuesday tweeted that the audits "prove plainly" the budget is sound.',
        '"The audits prove the mayor spent plainly against the rules," the auditors said.',
    )
    claim = ["prove plainly", "The audits prove"]
    assert _aligned_quote_findings(texts, claim) == []


def test_an_outlet_quoting_the_changed_words_elsewhere_quotes_another_remark():
    # Outlet 2 quotes "shameful deal" word for word too: its "a disaster" is another remark
    # of the senator, not a misquote of "a shameful deal".
    first = '"The water merger is a shameful deal," said Senator Dora Vance on Monday.'
    elsewhere = 'Vance called the water merger a "shameful deal." '
    other = 'On Friday she spoke again. "The water merger is a disaster," Vance said.'
    claim = ["shameful deal,", "a disaster"]
    assert _aligned_quote_findings((first, elsewhere + other), claim) == []
    # Without the verbatim copy, the same two quotations are one remark worded two ways.
    (finding,) = _aligned_quote_findings((first, other), claim)
    assert _changes(finding) == {("shameful deal", "disaster")}


def test_of_outlets_quoting_the_same_words_the_closest_report_is_shown():
    # Outlets 1 and 2 quote the chief identically; outlet 3 words it differently. Outlet 2's
    # sentence reports the claim most like outlet 3's, so the finding shows outlet 2's copy.
    texts = (
        '"The dam will hold through the spring," chief engineer Ola Brandt said last year.',
        '"The dam will hold through the spring," chief engineer Ola Brandt said at the site.',
        '"The dam will last through the spring," chief engineer Ola Brandt said at the site.',
    )
    claim = ["said last year", "said at the site", "last through"]
    related = {
        ("said last year", "last through"): 0.3,
        ("said at the site", "last through"): 0.9,
        ("said last year", "said at the site"): 0.5,
    }
    (finding,) = _aligned_quote_findings(texts, claim, related)
    assert [v.source for v in finding.values] == ["02_outlet", "03_outlet"]
    assert _changes(finding) == {("hold", "last")}
    assert any("01_outlet" in note and "02_outlet" in note for note in finding.notes)
    # Turned around, outlet 1's copy is the one shown.
    related = {("said last year", "last through"): 0.9, ("said at the site", "last through"): 0.3}
    (finding,) = _aligned_quote_findings(texts, claim, related)
    assert [v.source for v in finding.values] == ["01_outlet", "03_outlet"]


def test_a_claim_and_its_retraction_are_two_statements_not_a_misquote():
    # One outlet quotes the remark, the other the walk-back: the words differ by a negation.
    texts = (
        "Mayor Ilse Brandt attacked the utility on Friday. “They are cheating people,” "
        "Brandt said outside the council hall.",
        "Brandt softened her attack on the utility on Monday. “The utility is not cheating "
        "people,” Brandt said.",
    )
    claim = ["They are cheating", "is not cheating"]
    assert _aligned_quote_findings(texts, claim) == []


def test_a_negation_both_outlets_keep_does_not_hide_a_reworded_quote():
    texts = (
        "“We will not raise the fare this winter,” the transit chief Omar Reyes said.",
        "“We will not lift the fare this winter,” the transit chief Omar Reyes said.",
    )
    (finding,) = _aligned_quote_findings(texts, ["raise the fare", "lift the fare"])
    assert _changes(finding) == {("raise", "lift")}


def test_two_quoted_words_against_a_long_quote_elsewhere_in_the_sentence_are_not_a_variant():
    texts = (
        "The district faces a “grave shortage” of teachers this autumn, schools chief Nora "
        "Quist said on Thursday.",
        "Quist said staffing had worsened, calling it “one of the hardest shortages we have "
        "seen in years.”",
    )
    claim = ["grave shortage", "hardest shortages"]
    assert _aligned_quote_findings(texts, claim) == []


def test_a_headline_quote_is_not_compared_with_another_outlets_body_text():
    texts = (
        "‘They Are Cheating People’? The Mayor Goes Too Far\n\n"
        "Mayor Ilse Brandt attacked the utility on Friday in a speech at the hall.",
        "Utility answers the mayor\n\n"
        "Brandt later said she never meant “that somehow I am saying the utility is cheating "
        "people,” in a statement.",
    )
    sources = _sources(texts)
    passages = build_passages(sources)
    assert any(p.kind.value == "heading" and "Cheating" in p.text for p in passages)
    pairs = {(_passage(passages, "Cheating People").id, _passage(passages, "somehow").id): 0.9}
    assert find_quotes(passages, Alignment(clusters=[], related=pairs), sources) == []


def test_a_short_remark_against_a_long_quote_that_reports_it_is_not_a_variant():
    # The later quote repeats the remark inside other words: another statement about it.
    texts = (
        "“They’re cheating people,” Mayor Ilse Brandt said loudly outside the council hall "
        "on Friday.",
        "Brandt said she hoped the utility would act “instead of taking it personally that "
        "somehow I am saying the utility is cheating people.”",
    )
    claim = ["They’re cheating", "instead of taking"]
    assert _aligned_quote_findings(texts, claim) == []


def test_a_passage_whose_quote_another_outlet_renders_is_not_only_this_outlets():
    from tui.engine.findings import find_all
    from tui.model import FindingKind

    sources = _sources(
        (
            'Governor Ana Ruiz said: "After the first talks, the mayor and I will meet in Oslo '
            'to see if we can end this shameful dispute between the two cities."',
            'Governor Ana Ruiz wrote that she and the mayor would meet in Oslo "to see if we '
            'can bring this disgraceful dispute between the two cities to an end."',
        )
    )
    passages = build_passages(sources)
    findings = find_all(sources, passages, Alignment(clusters=[], related={}))
    quoted = {p for f in findings if f.kind is FindingKind.QUOTE for p in f.passages}
    assert len(quoted) == 2
    unique = {p for f in findings if f.kind is FindingKind.UNIQUE for p in f.passages}
    assert not unique & quoted
