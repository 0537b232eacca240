"""The `coverage-tui/report@1` JSON document (see docs/report-schema.md)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from tui.model import Analysis, Finding, FindingValue, Quantity

SCHEMA = "coverage-tui/report@1"
COLLECTION_SCHEMA = "coverage-tui/collection@1"


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    cluster_of = {pid: c.id for c in analysis.clusters for pid in c.passages}
    copied: dict[str, dict[str, float]] = {s.id: {} for s in analysis.sources}
    for share in analysis.copied:
        copied.setdefault(share.source, {})[share.other] = round(share.share, 3)
    return {
        "schema": SCHEMA,
        "engine": analysis.engine_version,
        "story": {"title": analysis.story.title, "path": analysis.story.path},
        "sources": [
            {
                "id": s.id,
                "path": s.path,
                "title": s.title,
                "outlet": s.outlet,
                "date": s.date,
                "url": s.url,
                "format": s.format,
                "encoding": s.encoding,
                "dropped": list(s.dropped),
                "lean": s.lean,
                "copied": copied.get(s.id, {}),
            }
            for s in analysis.sources
        ],
        "passages": [
            {
                "id": p.id,
                "source": p.source,
                "index": p.index,
                "paragraph": p.paragraph,
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "kind": p.kind.value,
                "noise": p.noise.value if p.noise else None,
                "cluster": cluster_of.get(p.id),
            }
            for p in analysis.passages
        ],
        "clusters": [
            {
                "id": c.id,
                "passages": list(c.passages),
                "sources": list(c.sources),
                "score": c.score,
                "strengths": [round(x, 3) for x in c.strengths],
                "by_user": c.by_user,
            }
            for c in analysis.clusters
        ],
        "findings": [finding_to_dict(f) for f in analysis.findings],
        "notes": [{"path": n.path, "message": n.message} for n in analysis.notes],
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": finding.id,
        "kind": finding.kind.value,
        "cluster": finding.cluster,
        "sources": list(finding.sources),
        "passages": list(finding.passages),
        "summary": finding.summary,
        "values": [_value_to_dict(v) for v in finding.values],
    }
    if finding.consistent is not None:
        data["consistent"] = finding.consistent
    if finding.relation is not None:
        data["relation"] = finding.relation.value
    if finding.tolerance is not None:
        data["tolerance"] = finding.tolerance
    if finding.notes:
        data["notes"] = list(finding.notes)
    return data


def _number(value: float | None) -> float | int | None:
    """JSON has no NaN or infinity: those become null; whole floats become ints."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def _value_to_dict(value: FindingValue) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": value.source,
        "passage": value.passage,
        "surface": value.surface,
        "start": value.start,
        "end": value.end,
    }
    if value.quantity is not None:
        data.update(_quantity_to_dict(value.quantity))
    if value.diff:
        data["diff"] = [{"op": d.op, "a": d.a, "b": d.b} for d in value.diff]
    if value.speaker is not None:
        data["speaker"] = value.speaker
    return data


def _quantity_to_dict(q: Quantity) -> dict[str, Any]:
    return {
        "value": _number(q.value),
        "unit": q.unit,
        "dimension": q.dimension,
        "normalized": {
            "value": q.text_value if q.text_value else _number(q.normalized_value),
            "unit": q.normalized_unit,
        },
        "approximate": q.approximate,
        "low": _number(q.low),
        "high": _number(q.high),
        "resolved_from": q.resolved_from,
    }


# What `json.dumps(ensure_ascii=False)` leaves raw that could act on a terminal the report is
# printed to: C1 controls (U+009B is a CSI to some terminals), bidi controls, lone surrogates.
_INERT = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _dumps(document: Any) -> str:
    """JSON with those characters written as \\uXXXX escapes: the same strings to a parser."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _INERT.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def render_json(analysis: Analysis) -> str:
    return _dumps(analysis_to_dict(analysis))


def render_collection_json(path: str, analyses: list[Analysis], errors: list[str]) -> str:
    document = {
        "schema": COLLECTION_SCHEMA,
        "path": path,
        "stories": [analysis_to_dict(a) for a in analyses],
        "errors": errors,
    }
    return _dumps(document)
