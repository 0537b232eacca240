"""JSON and JSON Lines files of articles: the fields scrapers and news APIs use for the text,
title, outlet, date and address."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from tui.engine.load.cleaning import _clean, _meta_text, _tidy
from tui.engine.load.dates import _parse_date
from tui.engine.load.errors import _Skip
from tui.engine.load.html_pages import _parse_html
from tui.engine.load.metadata import _Meta, _text_meta

_TEXT_KEYS = (
    "text",
    "body",
    "content",
    "maintext",
    "article",
    "articleBody",
    "article_body",
    "full_text",
    "fulltext",
)
_TITLE_KEYS = ("title", "headline", "heading")
_OUTLET_KEYS = (
    "outlet",
    "source",
    "site",
    "site_name",
    "publisher",
    "publication",
    "source_name",
    "source_domain",
)
_DATE_KEYS = (
    "date",
    "published",
    "publishedAt",
    "published_at",
    "datePublished",
    "date_publish",
    "publish_date",
    "published_date",
    "pubDate",
)
_URL_KEYS = ("url", "link", "canonical", "canonical_url", "href")
_LIST_KEYS = ("articles", "items", "data", "results", "stories", "sources")

_JsonItem = tuple[str, _Meta, list[str]]


def _json_items(raw: str, name: str, fmt: str) -> tuple[list[_JsonItem], list[str]]:
    """Articles in a JSON file (an object, a list, or {"articles": [...]}) or in JSON Lines,
    and the problems with the entries that are not articles ("line 3 is not valid JSON")."""
    problems: list[str] = []
    objects: list[tuple[str, object]] = []  # (where, object)
    if fmt == "jsonl":
        for number, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                objects.append((f"line {number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"line {number} is not valid JSON ({exc.msg})")
            except (ValueError, RecursionError) as exc:
                problems.append(f"line {number} cannot be read ({_json_problem(exc)})")
    else:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _Skip(name, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
        except (ValueError, RecursionError) as exc:
            raise _Skip(name, f"cannot be read as JSON ({_json_problem(exc)})") from None
        if isinstance(data, dict) and not _first(data, _TEXT_KEYS):
            data = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), data)
        if isinstance(data, list):
            objects = [(f"item {i}", item) for i, item in enumerate(data, start=1)]
        else:
            objects = [("", data)]

    items: list[_JsonItem] = []
    for where, obj in objects:
        label = f"{where} " if where else ""
        if not isinstance(obj, dict):
            problems.append(f"{label}is not a JSON object")
            continue
        item = _json_article(obj)
        if item is None:
            found = next((k for k in _TEXT_KEYS if obj.get(k) not in (None, "", [], {})), None)
            if found is not None:  # {"text": 12345}: the field is there, but holds no text
                kind = _JSON_KINDS.get(type(obj[found]), "value")
                problems.append(f"{label}has no article text ('{found}' holds {kind}, not text)")
            else:
                problems.append(
                    f"{label}has no article text (no 'text', 'body' or 'content' field)"
                )
            continue
        items.append(item)
    if not objects and not problems:
        problems.append("holds no article")
    return items, problems


# What a JSON value is, as a problem names it.
_JSON_KINDS = {
    int: "a number",
    float: "a number",
    bool: "true or false",
    dict: "an object",
    list: "a list",
}


def _json_problem(error: Exception) -> str:
    """What Python's JSON parser refused, said briefly."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if "digits" in str(error):
        return "a number too long to read"
    return str(error)


def _first(obj: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _json_article(obj: Mapping[str, Any]) -> _JsonItem | None:
    body = _first(obj, _TEXT_KEYS)
    if isinstance(body, list) and all(isinstance(p, str) for p in body):
        body = "\n\n".join(body)  # a list of paragraphs
    if not isinstance(body, str) or not body.strip():
        return None
    dropped: list[str] = []
    if body.lstrip().startswith("<") and re.search(r"</p>|<br\s*/?>|</div>", body, re.I):
        text, _, dropped, _ = _parse_html(body, None, extract=False)  # HTML in a JSON field
    else:
        text, removed = _clean(body)
        text = _tidy(text)
        if removed:
            dropped.append(f"control characters x{removed}")
    if not text:
        return None

    title = _meta_text(_first(obj, _TITLE_KEYS))
    if title:
        span = (0, len(title)) if text.startswith(title) else None
        meta = _Meta(title=title, title_span=span)
    else:
        meta = _text_meta(text)
    outlet = _first(obj, _OUTLET_KEYS)
    if isinstance(outlet, dict):  # NewsAPI: "source": {"id": ..., "name": "..."}
        outlet = _first(outlet, ("name", "title", "id"))
    meta.outlet = _meta_text(outlet) or meta.outlet
    meta.date = _parse_date(_first(obj, _DATE_KEYS)) or meta.date
    meta.url = _meta_text(_first(obj, _URL_KEYS))
    return text, meta, dropped
