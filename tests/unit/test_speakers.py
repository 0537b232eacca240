"""Quote attribution: who a news sentence says is speaking (invented sentences)."""

from __future__ import annotations

import pytest

from tui.engine.quotes import extract_quotes
from tui.engine.speakers import Attribution, attribute, speaker_key, speakers_conflict


def _speakers(text: str, lead_in: str = "") -> list[str | None]:
    """The speaker of each outer quotation of a one-sentence-per-line paragraph."""
    quotes = extract_quotes(text)
    outer = [
        q
        for q in quotes
        if not any(o != q and o.start <= q.start and q.end <= o.end for o in quotes)
    ]
    sentences, start = [], 0
    for line in text.split("\n"):
        sentences.append((start, start + len(line)))
        start += len(line) + 1
    found = attribute(
        text.replace("\n", " "), [(q.start, q.end) for q in outer], sentences, None, lead_in
    )
    return [a.name if a else None for a in found]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will rebuild the bridge by spring," said Mayor Ana Kovac.', "Mayor Ana Kovac"),
        ('"We will rebuild the bridge by spring," Kovac said on Tuesday.', "Kovac"),
        ('Kovac said in a statement: "We will rebuild the bridge by spring."', "Kovac"),
        ('Kovac told reporters "the bridge will reopen by spring."', "Kovac"),
        ('The bridge will reopen "by spring at the latest," according to Ana Kovac.', "Ana Kovac"),
        ('"The contractor ignored every warning," the lawsuit states.', "lawsuit"),
        (
            "Ilse Marten, a spokeswoman for the council, said Kovac insisted that the work "
            '"will not slip again."',
            "Kovac",
        ),
        ('Kovac dismissed the report as "a work of fiction."', "Kovac"),
        # When it was said may stand between the speaker and the verb.
        (
            'Mayor Ana Kovac late Thursday tweeted that audits "prove plainly" it.',
            "Mayor Ana Kovac",
        ),
        ('Kovac on Monday night wrote that the bridge "will reopen by spring."', "Kovac"),
    ],
)
def test_the_speaker_a_sentence_names(text, speaker):
    assert _speakers(text) == [speaker]


def test_a_quotation_continuing_after_its_attribution_keeps_the_speaker():
    text = '"The river rose overnight," said Tomas Berg. "Nobody expected it."'
    assert _speakers(text) == ["Tomas Berg", "Tomas Berg"]


def test_a_pronoun_stands_for_the_person_named_before():
    text = 'Berg warned that the levee was weak.\n"It could fail within a day," he said.'
    assert _speakers(text) == ["Berg"]


def test_a_quotation_the_sentence_before_introduces():
    assert _speakers('"The levee held."', lead_in="Tomas Berg said on the radio:") == ["Tomas Berg"]


def test_a_name_never_runs_on_into_the_next_sentence():
    text = 'The talks were led by Ana Kovac.\nHe added: "We will rebuild the bridge."'
    assert "Kovac. He" not in str(_speakers(text))
    short = 'The talks were led by Kim.\nHe added: "We will rebuild the bridge."'
    assert "Kim. He" not in str(_speakers(short))
    assert str(_speakers('Sen. Ana Kovac said: "The levee held."')[0]).endswith("Ana Kovac")
    assert _speakers('U.S. envoy Ana Kovac said: "The levee held."') == ["Ana Kovac"]


def test_an_unattributed_quotation_has_no_speaker():
    assert _speakers('The levee was "holding for now."') == [None]


def _who(name: str) -> Attribution:
    return Attribution(name, speaker_key(name))


def test_speakers_conflict_only_when_they_share_no_identifying_word():
    assert not speakers_conflict(_who("Council Chair Ana Kovac"), _who("Kovac"))
    assert not speakers_conflict(_who("Mr. Berg"), _who("Tomas Berg"))
    assert speakers_conflict(_who("President Kovac"), _who("President Berg"))
    assert speakers_conflict(_who("the lawsuit"), _who("Ana Kovac"))
    # The suit, the lawsuit and the complaint are one document; a title alone is nobody.
    assert not speakers_conflict(_who("the suit"), _who("the complaint"))
    assert not speakers_conflict(_who("the president"), _who("Berg"))
    assert not speakers_conflict(None, _who("Berg"))
