"""The engine on 150 real three-outlet stories it was not written for: it must never fail."""

from __future__ import annotations

import pytest

from tests.conftest import EVAL
from tui.engine.pipeline import analyse
from tui.model import FindingKind, PassageKind

STORIES = sorted((EVAL / "allsides" / "stories").glob("*/")) if EVAL.exists() else []

pytestmark = pytest.mark.skipif(not STORIES, reason="shared/eval/allsides is not beside the repo")


def test_every_story_is_analysed_consistently():
    shared_claims = 0
    for story in STORIES:
        analysis = analyse(story)
        assert len(analysis.sources) == 3, story.name
        ids = [p.id for p in analysis.passages]
        assert len(ids) == len(set(ids))
        by_id = {p.id: p for p in analysis.passages}
        for cluster in analysis.clusters:
            assert len(set(cluster.sources)) >= 2, story.name
            # headlines are matched with headlines, body text with body text, never noise
            kinds = {by_id[pid].kind for pid in cluster.passages}
            assert kinds in ({PassageKind.BODY}, {PassageKind.HEADING}), story.name
        for finding in analysis.findings:
            for value in finding.values:
                text = by_id[value.passage].text
                assert text[value.start : value.end] == value.surface, story.name
            if finding.kind is FindingKind.NUMBER:
                assert finding.consistent is not None
        shared_claims += len(analysis.clusters)
    # Three outlets covering one event share claims in most stories.
    assert shared_claims >= len(STORIES)
