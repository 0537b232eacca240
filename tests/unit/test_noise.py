"""Noise and headings: the seeds' furniture is flagged, their reporting is not."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from tests.conftest import seed_source
from tui.engine.noise import BlockLabel, _mark_table_of_contents, _strip_marker, classify_blocks
from tui.engine.segment import split_blocks
from tui.engine.text import squash
from tui.model import NoiseReason, PassageKind


def _labelled(analysis, prefix):
    source = seed_source(prefix)
    return [p for p in analysis.passages if p.source == source]


def _noise_of(analysis, prefix):
    return {p.text: p.noise for p in _labelled(analysis, prefix) if p.kind is PassageKind.NOISE}


def test_site_header_repeated_title_related_block_and_cookie_banner(seeds_analysis):
    noise = _noise_of(seeds_analysis, "003")
    first_line = next(t for t in noise if "|" in t)
    assert noise[first_line] is NoiseReason.SITE_HEADER
    assert Counter(noise.values())[NoiseReason.REPEATED_TITLE] >= 1
    related = [t for t, r in noise.items() if r is NoiseReason.RELATED_LINKS]
    assert "Related posts" in related
    assert any("@" in t for t in related), "the e-mail address under the related block"
    assert len(related) >= 5
    assert any(r is NoiseReason.COOKIE_BANNER for r in noise.values())
    # The title is kept once, as a heading, not thrown away.
    headings = [p for p in _labelled(seeds_analysis, "003") if p.kind is PassageKind.HEADING]
    assert len(headings) == 1


def test_table_of_contents_and_its_entries(seeds_analysis):
    noise = _noise_of(seeds_analysis, "002")
    toc = [t for t, r in noise.items() if r is NoiseReason.TABLE_OF_CONTENTS]
    assert "Table of Contents" in toc
    assert sum(1 for t in toc if t.startswith("- ")) == 13
    # The real section headings the entries mirror stay headings.
    headings = {p.text for p in _labelled(seeds_analysis, "002") if p.kind is PassageKind.HEADING}
    assert "Alaska summit yielded no results" in headings


def test_summary_label_photo_credits_and_author_widgets(seeds_analysis):
    noise = _noise_of(seeds_analysis, "004")
    assert noise.get("Summary of this article") is NoiseReason.SUMMARY_LABEL
    credits = [t for t, r in noise.items() if r is NoiseReason.PHOTO_CREDIT]
    assert any("Photo:" in t for t in credits)
    assert any("Photo:" not in t for t in credits), "the caption the credit repeats"
    assert "MORE FROM THE AUTHOR" in noise
    assert "PHOTOS" in noise


def test_photo_caption_inside_the_body_is_noise(seeds_analysis):
    noise = _noise_of(seeds_analysis, "002")
    assert any("(Photo:" in t and r is NoiseReason.PHOTO_CREDIT for t, r in noise.items())


def test_real_section_headings_are_headings_not_noise(seeds_analysis):
    passages = _labelled(seeds_analysis, "000")
    heading = next(p for p in passages if p.text == "Preparing for the Upcoming Summit")
    assert heading.kind is PassageKind.HEADING
    assert not any(p.kind is PassageKind.NOISE for p in passages)


def test_first_lines_of_body_text_are_not_titles(seeds_analysis):
    for prefix in ("001",):
        first = _labelled(seeds_analysis, prefix)[0]
        assert first.kind is PassageKind.BODY


def test_noise_is_never_deleted(seeds_analysis):
    for source in seeds_analysis.sources:
        covered = "".join(
            source.text[p.start : p.end] for p in seeds_analysis.passages if p.source == source.id
        )
        assert "".join(covered.split()) == "".join(source.text.split())


def _labels(text, other_vocabulary=frozenset()):
    blocks = split_blocks(text)
    return [
        (b.text, label.kind, label.noise)
        for b, label in zip(
            blocks, classify_blocks(blocks, None, None, set(other_vocabulary)), strict=True
        )
    ]


def test_phrase_families_generalise_beyond_the_seeds():
    text = "\n".join(
        [
            "By Jane Roe and Sam Poe",
            "Home | News | Sport | Weather",
            "The city council approved the harbour plan on Monday after a long debate.",
            "Members said the plan would add ferry routes. Critics disagreed strongly.",
            "Image credit: Harbour Authority",
            "You might also like",
            "Ten gardens to visit this spring",
            "Why bakers are moving north",
            "We use cookies to personalise content. By continuing you agree to our Privacy Policy.",
        ]
    )
    labels = {t: (k, r) for t, k, r in _labels(text)}
    assert labels["By Jane Roe and Sam Poe"][1] is NoiseReason.BYLINE
    assert labels["Home | News | Sport | Weather"][1] is NoiseReason.NAVIGATION
    assert labels["Image credit: Harbour Authority"][1] is NoiseReason.PHOTO_CREDIT
    assert labels["You might also like"][1] is NoiseReason.RELATED_LINKS
    assert labels["Why bakers are moving north"][1] is NoiseReason.RELATED_LINKS
    assert labels[text.splitlines()[-1]][1] is NoiseReason.COOKIE_BANNER
    assert labels[text.splitlines()[2]][0] is PassageKind.BODY


def test_a_list_that_mirrors_the_headings_is_a_table_of_contents():
    text = "\n".join(
        [
            "Intro paragraph that sets the scene for the whole article today.",
            "1. Costs",
            "2. Timeline",
            "3. Reactions",
            "Costs",
            "The project will cost more than planned, officials said on Monday.",
            "Timeline",
            "Work starts in spring and should end within two years of the start.",
            "Reactions",
            "Residents welcomed the news but asked about noise during the works.",
        ]
    )
    labels = _labels(text)
    assert [k for t, k, r in labels if r is NoiseReason.TABLE_OF_CONTENTS] == [
        PassageKind.NOISE
    ] * 3
    assert ("Costs", PassageKind.HEADING, None) in labels


def test_a_list_that_is_content_is_not_a_table_of_contents():
    text = "\n".join(
        [
            "The plan has three parts, officials said in a statement on Monday.",
            "- New ferry routes to the islands",
            "- A cheaper fare for residents",
            "- Longer opening hours at the terminal",
            "Critics said the cost had not been explained to the public.",
        ]
    )
    assert all(k is PassageKind.BODY for t, k, r in _labels(text))


def _labels_of(text: str, title: str | None = None):
    blocks = split_blocks(text)
    title = title or blocks[0].text
    labels = classify_blocks(blocks, title, (0, len(title)), frozenset())
    return {b.text: label for b, label in zip(blocks, labels, strict=True)}


CAPTIONED = "\n\n".join(
    [
        "Harbour Council Approves Tram Line",
        "Council approves tram line after marathon session.",
        (
            "A photograph released by the council shows the mayor, center, with engineers at "
            "the depot."
        ),
        (
            "Mara Lindqvist, the harbour mayor, during a council session in the town hall "
            "last spring."
        ),
        (
            "HARBOURTON — The regional council approved the new tram line on Monday after a "
            "six-hour debate, ending a dispute that had divided the town for a decade."
        ),
        (
            "Councillors voted 31 to 12 in favour, and construction is due to start in the "
            "autumn, the council said."
        ),
        "Related: Why the harbour ferry keeps losing money",
        "More: A guide to every tram line in the region",
        "The Ledger: What the tram debate says about the town",
        "Watch: Jon Marr has that story.",
        "The mayor hosted a ceremony for the engineers at the tram depot.",
        (
            "Shops along the route said they feared two years of works, and several asked "
            "for compensation for lost trade, a spokeswoman said."
        ),
        (
            "At the depot on Tuesday, the mayor hosted a ceremony for the engineers who will "
            "build the line, and thanked them."
        ),
        (
            '"We waited ten years for this line and now it will finally be built," the mayor '
            "told the crowd on Tuesday."
        ),
        '"We waited ten years for this line and now it will finally be built."',
        "Nobody expected it.",
    ]
)


def test_captions_promos_and_pull_quotes_are_noise_from_their_structure():
    labels = _labels_of(CAPTIONED)

    def reason(prefix):
        return next(label.noise for text, label in labels.items() if text.startswith(prefix))

    assert reason("Council approves tram line after") is NoiseReason.VIDEO_PROMO
    assert reason("A photograph released") is NoiseReason.CAPTION
    assert reason("Mara Lindqvist, the harbour mayor") is NoiseReason.CAPTION
    assert reason("Related: Why") is NoiseReason.RELATED_LINKS
    assert reason("More: A guide") is NoiseReason.RELATED_LINKS
    assert reason("The Ledger:") is NoiseReason.RELATED_LINKS  # between two related links
    assert reason("Watch: Jon Marr") is NoiseReason.VIDEO_PROMO
    assert reason("The mayor hosted a ceremony") is NoiseReason.CAPTION  # restated below
    assert reason('"We waited ten years for this line and now it will finally be built."') is (
        NoiseReason.REPEATED_TEXT
    )


def test_real_short_sentences_and_the_dateline_lead_stay_body():
    labels = _labels_of(CAPTIONED)
    for prefix in (
        "HARBOURTON — The regional council",
        "Councillors voted 31 to 12",
        "Shops along the route",
        "At the depot on Tuesday",
        '"We waited ten years for this line and now it will finally be built," the mayor',
        "Nobody expected it.",
    ):
        label = next(label for text, label in labels.items() if text.startswith(prefix))
        assert label.kind is PassageKind.BODY, prefix


def _toc_by_every_pair(blocks, labels, squashed):
    """The table-of-contents rule read literally: every item of every list run against every
    line outside the run."""
    toc = BlockLabel(PassageKind.NOISE, NoiseReason.TABLE_OF_CONTENTS)
    i = 0
    while i < len(blocks):
        if not blocks[i].list_item:
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].list_item:
            j += 1
        elsewhere = [squashed[k] for k in range(len(blocks)) if not i <= k < j and squashed[k]]
        mirrored = sum(
            1
            for k in range(i, j)
            if squashed[k]
            and any(
                squashed[k] == other
                or (
                    min(len(squashed[k]), len(other)) >= 12 and fuzz.ratio(squashed[k], other) >= 90
                )
                for other in elsewhere
            )
        )
        after_label = i > 0 and labels[i - 1] == toc
        if (j - i >= 3 and mirrored >= (j - i) / 2) or (after_label and mirrored >= 1):
            for k in range(i, j):
                labels[k] = toc
            if i > 0 and labels[i - 1] is None and len(blocks[i - 1].text.split()) <= 5:
                labels[i - 1] = toc
        i = j


_LINES = st.sampled_from(
    ["Costs", "Costs and fees", "Costs and fees.", "The cost and fees", "Timeline of the works",
     "Timeline of the work", "Reactions from residents", "Reaction from the residents", "Contents",
     "A long sentence about the harbour plan and its costs, officials said on Monday.",
     "A long sentence about the harbor plan and its cost, officials said on Monday."]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _LINES), max_size=24))
def test_the_table_of_contents_index_finds_what_comparing_every_pair_finds(lines):
    text = "\n".join(("- " if item else "") + line for item, line in lines)
    blocks = split_blocks(text)
    squashed = [squash(_strip_marker(b.text)) for b in blocks]
    toc_label = BlockLabel(PassageKind.NOISE, NoiseReason.TABLE_OF_CONTENTS)
    start = [toc_label if b.text == "Contents" else None for b in blocks]
    fast, slow = list(start), list(start)
    _mark_table_of_contents(blocks, fast, squashed)
    _toc_by_every_pair(blocks, slow, squashed)
    assert fast == slow


_FRAGMENTS = st.sampled_from(
    ["Photo", "PHOTOS", "image", "Pictured", "picture", "ſhutterſtock", "Getty Images", "AFP via",
     "REUTERS/", "EPA-EFE", "ımago", "İMAGO", "©", "(", ")", ":", ",", " ", "left", "RIGHT",
     "centre", "is seen", "ıs ſeen", "released", "of", "shows", "has", "that", "story", "report",
     "from", "Anna Berg", "watch", "video", "listen", "click to play video", "correspondent", "K"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=10).map(" ".join))
def test_the_words_that_gate_the_costly_patterns_stand_in_every_text_they_match(text):
    from tui.engine import noise

    low = text.lower()
    if noise.PROMO_RE.search(text):
        assert text[:1] in "wvlc" or any(w in text for w in noise._PROMO_WORDS)
    if noise.PHOTO_RE.search(text):
        assert any(w in low for w in noise._PHOTO_WORDS)
    if noise.CAPTION_CUE_RE.search(text):
        assert any(w in low for w in noise._CAPTION_WORDS)


EMBEDDED = (
    "Harbour board releases the tram contracts\n\n"
    "The harbour board released the tram contracts to the council on Monday. "
    "Redacted copies of the four contracts can be read below.\n\n"
    "The contracts run to 40 pages. The board said the rest would follow in May.\n\n"
    "Watch the board's announcement above.\n\n"
    "Divers found the missing valve in the chamber below.\n\n"
    "Prices on the northern line stay below.\n\n"
    '"You can see the damage below," the engineer said.\n'
)


def test_a_pointer_to_embedded_material_is_noise_even_inside_a_paragraph(tmp_path):
    from tui.engine.pipeline import analyse

    story = tmp_path / "story"
    story.mkdir()
    (story / "01_ledger.txt").write_text(EMBEDDED, encoding="utf-8")
    passages = {p.text: p for p in analyse(story, semantic=False).passages}
    for pointer in (
        "Redacted copies of the four contracts can be read below.",
        "Watch the board's announcement above.",
    ):
        assert passages[pointer].kind is PassageKind.NOISE
        assert passages[pointer].noise is NoiseReason.EMBED
    # The paragraph's reporting around it stays body, and so do sentences that say where
    # something is, or quote someone saying it.
    for reporting in (
        "The harbour board released the tram contracts to the council on Monday.",
        "The contracts run to 40 pages.",
        "Divers found the missing valve in the chamber below.",
        "Prices on the northern line stay below.",
        '"You can see the damage below," the engineer said.',
    ):
        assert passages[reporting].kind is PassageKind.BODY, reporting
