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


def test_a_figure_opening_the_sentence_after_a_closed_quotation_starts_a_new_sentence():
    text = "She said: “We will not give up the pipeline.” 1,710 people were hurt. Call “Room 101.”"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "She said: “We will not give up the pipeline.”",
        "1,710 people were hurt.",
        "Call “Room 101.”",
    ]


def test_a_month_abbreviation_before_its_day_does_not_end_the_sentence():
    text = "The governor on Oct. 11 signed the order. Officers sued over the Jan. 6 riot."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The governor on Oct. 11 signed the order.",
        "Officers sued over the Jan. 6 riot.",
    ]


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_a_quote_followed_by_its_attribution_is_one_sentence():
    text = '"We will rebuild the bridge." the mayor said. "Is it safe?" asked a reporter.'
    assert sentences(text) == [
        '"We will rebuild the bridge." the mayor said.',
        '"Is it safe?" asked a reporter.',
    ]


def test_a_time_at_the_end_of_a_clause_ends_the_sentence_before_a_title():
    text = "The hearing closed at 4 P.M. Sen. Jones then spoke to reporters. At 9 a.m. Dr. Li left."
    assert sentences(text) == [
        "The hearing closed at 4 P.M.",
        "Sen. Jones then spoke to reporters.",
        "At 9 a.m. Dr. Li left.",
    ]


def test_inline_lists_split_at_their_markers_in_sequence():
    assert sentences("1. Raise taxes 2. Cut spending 3. Hold a vote") == [
        "1. Raise taxes",
        "2. Cut spending",
        "3. Hold a vote",
    ]
    assert sentences("a) the council b) the mayor") == ["a) the council", "b) the mayor"]
    # Without the next number in sequence there is no list to cut.
    text = "1. The vote passed with 3 abstentions and 40 votes in favour"
    assert sentences(text) == [text]


def test_a_spaced_ellipsis_pauses_a_sentence_and_after_a_full_stop_opens_the_next():
    assert sentences("The rebuild . . . Officials said it will last.") == [
        "The rebuild . . . Officials said it will last."
    ]
    assert sentences("The work was done. . . . Traffic resumed.") == [
        "The work was done.",
        ". . . Traffic resumed.",
    ]


def test_text_without_sentence_ends_is_cut_into_passages_of_bounded_length():
    """A megabyte line of words is no sentence: it becomes pieces a reader (and the
    analysis) can take, cut after a clause mark where there is one."""
    from tui.engine.segment import MAX_SENTENCE_CHARS, split_sentences

    words = " ".join(f"word{i}" for i in range(3000))
    spans = split_sentences(words)
    assert len(spans) > 1
    assert all(0 < e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert " ".join(words[s:e] for s, e in spans) == words
    clauses = ", ".join(f"clause {i} of the list" for i in range(300)) + "."
    assert all(clauses[e - 1] in ",." for _, e in split_sentences(clauses))
