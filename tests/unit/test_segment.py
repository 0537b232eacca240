from tui.engine.segment import split_blocks, split_sentences


def test_lines_are_blocks_and_offsets_point_into_the_text():
    text = "Heading Line\n\nFirst sentence here. Second one.\n- 1. a list item\n"
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == [
        "Heading Line",
        "First sentence here. Second one.",
        "- 1. a list item",
    ]
    assert all(text[b.start : b.end] == b.text for b in blocks)
    assert [b.list_item for b in blocks] == [False, False, True]


def test_sentences_keep_abbreviations_and_quotes_together():
    text = "The U.S. President said “we are ready.” Then he left. Dr. Smith stayed."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "The U.S. President said “we are ready.”",
        "Then he left.",
        "Dr. Smith stayed.",
    ]


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "The council met on Tuesday to discuss the budget for the coming\n"
        "year, and members argued for nearly three hours about the cost of\n"
        "the new bridge across the river before they voted on it.\n"
        "\n"
        "A second paragraph begins here and it also wraps around at the\n"
        "same width as the first one did, which is typical of e-mail.\n"
    )
    blocks = split_blocks(text)
    assert len(blocks) == 2
    assert blocks[0].text.startswith("The council") and blocks[0].text.endswith("voted on it.")


def test_numbered_list_markers_are_not_sentences_of_their_own():
    text = "- 12. Expert analysis: perspectives from think tanks"
    assert split_sentences(text) == [(0, len(text))]


def test_a_sentence_opening_with_a_figure_starts_a_new_sentence():
    text = "Fire spread quickly. 240 square kilometres burned. See vol. 3 for fig. 12 details."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Fire spread quickly.",
        "240 square kilometres burned.",
        "See vol. 3 for fig. 12 details.",
    ]


def test_a_month_abbreviation_before_its_day_does_not_end_the_sentence():
    text = "The governor on Oct. 11 signed the order. Officers sued over the Jan. 6 riot."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The governor on Oct. 11 signed the order.",
        "Officers sued over the Jan. 6 riot.",
    ]
