"""analyse(path) -> Analysis: load, segment, mark noise, align, find. One direction, plain data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from tui.engine.align import LINK_THRESHOLD, align_passages, copied_shares
from tui.engine.collector import collector_paused
from tui.engine.findings import find_all
from tui.engine.load import LoadedStory, load_story
from tui.engine.memory import TRIM_CHARACTERS, release_free_memory
from tui.engine.noise import BlockLabel, OtherOutlets, classify_blocks, sentence_noise
from tui.engine.segment import loader_noise, split_blocks, split_sentences
from tui.engine.side_process import start_reading
from tui.engine.text import content_tokens
from tui.engine.version import ENGINE_VERSION as ENGINE_VERSION  # where it was before
from tui.model import Analysis, LoadNote, Passage, PassageKind, Source, StoryInfo

Progress = Callable[[str], None]
# The sentence model embeds about 300-400 passages a second here: beyond this many passages
# (some 30 articles), alignment uses shared words alone so a story still opens in seconds.
SEMANTIC_PASSAGE_LIMIT = 1500
# ... and beyond this much text: its time grows with each passage's length (a file of 2 MB
# without a full stop is a thousand 2,000-character passages: 31 s in the model). 1,500
# news sentences are some 200,000 characters.
SEMANTIC_CHARACTER_LIMIT = 400_000


def analyse(
    path: Path,
    progress: Progress | None = None,
    link_threshold: float = LINK_THRESHOLD,
    semantic: bool | str = True,
) -> Analysis:
    """Analyse the story in `path` (a folder of articles, or one article)."""
    return analyse_story(load_story(path), progress, link_threshold, semantic)


def analyse_story(
    story: LoadedStory,
    progress: Progress | None = None,
    link_threshold: float = LINK_THRESHOLD,
    semantic: bool | str = True,
) -> Analysis:
    """The whole analysis of a loaded story. `semantic`: whether (and with which model) the
    aligner uses sentence embeddings besides shared words (see `tui.engine.align`)."""
    with collector_paused():
        return _analyse(story, progress, link_threshold, semantic)


def _analyse(
    story: LoadedStory, progress: Progress | None, link_threshold: float, semantic: bool | str
) -> Analysis:
    report = progress or (lambda _message: None)
    report(f"segmenting {len(story.sources)} sources")
    passages = build_passages(story.sources)
    if sum(len(s.text) for s in story.sources) >= TRIM_CHARACTERS:
        release_free_memory()  # the blocks and word lists are freed: before the alignment's peak
    report(f"aligning {len(passages)} passages")
    # Headlines and headings are claims too: a journalist compares headlines first.
    alignable = [p for p in passages if p.kind is not PassageKind.NOISE]
    notes = story.notes
    characters = sum(len(p.text) for p in alignable)
    if semantic and (
        len(alignable) > SEMANTIC_PASSAGE_LIMIT or characters > SEMANTIC_CHARACTER_LIMIT
    ):
        semantic = False
        notes = (
            *notes,
            LoadNote(
                str(story.path),
                f"{len(alignable):,} passages, {characters:,} characters: aligned on shared "
                f"words alone (the sentence model is used up to {SEMANTIC_PASSAGE_LIMIT:,} "
                f"passages and {SEMANTIC_CHARACTER_LIMIT:,} characters, to keep the analysis "
                "quick)",
            ),
        )
    # The finders' reading of the passages needs no alignment: a second core does it meanwhile.
    side = start_reading(story.sources, passages)
    try:
        alignment = align_passages(alignable, link_threshold, semantic)
        readings = side.result() if side else None
    finally:
        if side:
            side.close()
    clusters = alignment.clusters
    report(f"finding differences in {len(clusters)} shared claims")
    findings = find_all(story.sources, passages, alignment, readings)
    return Analysis(
        story=StoryInfo(title=story_title(story), path=str(story.path)),
        sources=story.sources,
        passages=tuple(passages),
        clusters=tuple(clusters),
        findings=tuple(findings),
        notes=notes,
        engine_version=ENGINE_VERSION,
        copied=copied_shares([p for p in passages if p.kind is PassageKind.BODY]),
    )


def story_title(story: LoadedStory) -> str:
    """story.toml's title, else the headline closest to the other outlets' headlines: the
    one that says what they all say, not whichever file happens to sort first."""
    if story.title:
        return story.title
    titles = [s.title for s in story.sources if s.title]
    if len(titles) <= 2:
        return titles[0] if titles else (story.path.name or str(story.path))
    words = [set(content_tokens(t)) for t in titles]

    def closeness(k: int) -> float:
        own = words[k]
        return sum(
            len(own & other) / (len(own | other) or 1) for n, other in enumerate(words) if n != k
        )

    return titles[max(range(len(titles)), key=lambda k: (closeness(k), -k))]


def build_passages(sources: Sequence[Source]) -> list[Passage]:
    """Every block of every source as passages: body blocks split into sentences."""
    blocks_of = {s.id: split_blocks(s.text) for s in sources}
    # Each block's words, read once for the outlets' vocabularies and the noise rules. Block
    # by block: no word spans two blocks, and the whole text's word list at once was the
    # analysis's largest temporary (2.4 million strings for an 18 MB page).
    tokens_of = {s.id: [set(content_tokens(b.text)) for b in blocks_of[s.id]] for s in sources}
    vocab_of = {s.id: set().union(*tokens_of[s.id]) for s in sources}
    outlets_using: Counter[str] = Counter()
    for vocab in vocab_of.values():
        outlets_using.update(vocab)
    passages: list[Passage] = []
    for source in sources:
        others = OtherOutlets(outlets_using, vocab_of[source.id])
        blocks = blocks_of[source.id]
        labels = classify_blocks(
            blocks, source.title, source.title_span, others, tokens_of.pop(source.id)
        )
        # What the loader already knows is not the article (a web page's menus, footers and
        # the blocks its extractor left out) stays noise, with the loader's reason.
        labels = [
            label if reason is None else BlockLabel(PassageKind.NOISE, reason)
            for label, reason in zip(labels, loader_noise(source.noise, blocks), strict=True)
        ]
        index = 0
        for block, label in zip(blocks, labels, strict=True):
            if label.kind is PassageKind.BODY:
                spans = split_sentences(source.text, block.start, block.end)
            else:
                spans = [(block.start, block.end)]
            for start, end in spans:
                text = source.text[start:end]
                kind, noise = label.kind, label.noise
                if kind is PassageKind.BODY:
                    noise = sentence_noise(text)
                    if noise is not None:
                        kind = PassageKind.NOISE
                passages.append(
                    Passage(
                        id=f"{source.id}:{index}",
                        source=source.id,
                        index=index,
                        start=start,
                        end=end,
                        text=text,
                        kind=kind,
                        noise=noise,
                        paragraph=block.index,
                    )
                )
                index += 1
    return passages
