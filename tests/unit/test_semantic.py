"""The semantic signal: paraphrases that share almost no words align, and without the model
alignment still works on shared words alone."""

from __future__ import annotations

from pathlib import Path

from tui.config import parse_config
from tui.engine.align import align_passages
from tui.engine.align.semantic import load_encoder, model_identity
from tui.model import Passage


def _passage(source: str, index: int, text: str) -> Passage:
    return Passage(
        id=f"{source}:{index}", source=source, index=index, start=0, end=len(text), text=text
    )


def _story() -> list[Passage]:
    texts = {
        "a": [
            "Snow closed the mountain pass for the third time this winter.",
            "The bakery on the square reopened after a fire in the spring.",
            "Macron and other European leaders have urged the president to stay in the pact.",
            "The ferry timetable changes again in March.",
        ],
        "b": [
            "A choir from the valley sang at the harvest festival.",
            "Tram works on the high street will last two more years.",
            "Visiting French leader Emmanuel Macron lobbied him to preserve the agreement.",
            "Fishermen protested against new quotas at the harbour.",
        ],
    }
    return [_passage(s, k, t) for s, lines in texts.items() for k, t in enumerate(lines)]


def _paired(clusters) -> bool:
    return any({"a:2", "b:2"} <= set(c.passages) for c in clusters)


def test_the_shipped_model_loads_in_the_test_environment():
    encoder = load_encoder()
    assert encoder is not None, "pip install '.[semantic]' (the test extra includes it)"
    vectors = encoder.encode(["The mayor resigned.", "The mayor stepped down.", "It rained."])
    assert vectors.shape[0] == 3
    close, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert close > far


def test_a_sentence_means_the_same_whatever_else_the_story_holds():
    # The same sentence must get the same vector beside short or long neighbours: otherwise
    # removing one unrelated sentence from an outlet re-pairs claims elsewhere in the story.
    encoder = load_encoder()
    assert encoder is not None
    sentence = "The harbour board released the tram contracts to the council on Monday."
    alone = encoder.encode([sentence])[0]
    neighbours = [
        "Hi.",
        "Fishermen protested against the new quotas at the harbour for the second week, "
        "blocking the ferry terminal and the fish market until the police arrived at noon.",
    ]
    for batch in ([sentence, *neighbours], [*neighbours, sentence]):
        vectors = encoder.encode(batch)
        row = vectors[batch.index(sentence)]
        assert float(alone @ row) > 0.99999
        assert float(vectors[0] @ vectors[0]) > 0.999  # still unit length


def test_a_paraphrase_with_few_shared_words_aligns_with_the_model_only():
    passages = _story()
    assert _paired(align_passages(passages, semantic=True).clusters)
    assert not _paired(align_passages(passages, semantic=False).clusters)


def test_without_a_usable_model_alignment_is_lexical(tmp_path: Path):
    assert load_encoder(str(tmp_path)) is None  # an empty folder: no model there
    clusters = align_passages(_story(), semantic=str(tmp_path)).clusters
    assert not _paired(clusters)
    assert model_identity(str(tmp_path)) == "lexical (no model)"
    assert model_identity(False) == "lexical"
    assert model_identity(True) not in ("lexical", model_identity(str(tmp_path)))


def test_the_config_turns_the_model_off_or_points_at_another(tmp_path: Path):
    path = tmp_path / "config.toml"
    off, warnings = parse_config({"semantic": False}, "semantic = false\n", path)
    assert off.semantic_choice is False and not warnings
    other, _ = parse_config({"semantic_model": "models/mine"}, "", path)
    assert other.semantic_choice == str(tmp_path / "models" / "mine")
    default, _ = parse_config({}, "", path)
    assert default.semantic_choice is True
    _, problems = parse_config({"semantic": "yes"}, 'semantic = "yes"\n', path)
    assert problems and "semantic: expected true or false" in problems[0]


def test_a_story_over_the_model_limit_is_aligned_lexically_and_says_so(tmp_path, monkeypatch):
    from tui.engine import pipeline

    monkeypatch.setattr(pipeline, "SEMANTIC_PASSAGE_LIMIT", 3)
    for name, text in (
        ("a.txt", "Harbour fares rise\n\nThe harbour ferry fares will rise next spring."),
        ("b.txt", "Ferry fares up\n\nFerry fares in the harbour will rise next spring."),
    ):
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    analysis = pipeline.analyse(tmp_path)
    assert any("aligned on shared words alone" in note.message for note in analysis.notes)
    assert analysis.clusters  # still aligned, on shared words
    monkeypatch.setattr(pipeline, "SEMANTIC_PASSAGE_LIMIT", 1500)
    assert not any("shared words alone" in n.message for n in pipeline.analyse(tmp_path).notes)


def test_a_story_over_the_models_character_budget_is_aligned_lexically(tmp_path, monkeypatch):
    """A few very long passages cost the model as much as thousands of sentences."""
    from tui.engine import pipeline

    monkeypatch.setattr(pipeline, "SEMANTIC_CHARACTER_LIMIT", 60)
    for name, text in (
        ("a.txt", "The harbour ferry fares will rise next spring, the port authority said."),
        ("b.txt", "Ferry fares in the harbour will rise next spring, officials said."),
    ):
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    analysis = pipeline.analyse(tmp_path)
    assert any("characters: aligned on shared words alone" in n.message for n in analysis.notes)
    assert analysis.clusters
