"""Web pages as articles: the extractor's main text is the article, the rest of the page stays,
in order, as noise with a reason; metadata comes from the page."""

from __future__ import annotations

from pathlib import Path

from tui.engine.html import match_blocks
from tui.engine.load import load_story
from tui.engine.memory import TRIM_CHARACTERS
from tui.engine.pipeline import build_passages
from tui.engine.segment import loader_noise, split_blocks
from tui.model import NoiseReason, PassageKind, Source

STORY = (
    "The old bridge over the river reopened on Tuesday after six months of repair work, and "
    "the first cars crossed it shortly after dawn while a small crowd watched from the bank."
)
MORE = (
    "Officials said the repairs cost $4 million, less than the council had feared when cracks "
    "were found in the spring. Engineers replaced the deck and strengthened two of the piers."
)
LAST = (
    "Traffic resumed at noon. The council said buses would return to the bridge next week, "
    "once the new timetable is printed and the stops on both banks have been repainted."
)

PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8">
<title>Bridge reopens after repairs | Local | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<link rel="canonical" href="https://example.org/bridge">
<style>p {{ color: red }}</style>
<script>var tracking = 1;</script>
</head><body>
<header><div>Example Gazette</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li>
<li><a href="/s">Sport</a></li></ul></nav>
</header>
<main><article>
<h1>Bridge reopens after repairs</h1>
<p>{STORY}</p>
<p>{MORE}</p>
<p>{LAST} Escape &#27;[2J here.</p>
<aside><h3>Related</h3><ul><li><a href="/x">Another story about a ferry</a></li></ul></aside>
<form><input name="q"><button>Search</button></form>
</article></main>
<footer><p>Copyright Example Gazette 2024</p><p><a href="/c">Contact us</a></p></footer>
</body></html>
"""


def load_page(tmp_path: Path, page: str, name: str = "page.html") -> Source:
    (tmp_path / name).write_text(page, encoding="utf-8")
    (source,) = load_story(tmp_path / name).sources
    return source


def noise_text(source: Source) -> list[str]:
    return [source.text[span.start : span.end] for span in source.noise]


def article_text(source: Source) -> str:
    """The text outside the loader's noise spans."""
    kept, position = [], 0
    for span in source.noise:
        kept.append(source.text[position : span.start])
        position = span.end
    kept.append(source.text[position:])
    return " ".join(" ".join(kept).split())


def test_the_article_is_kept_and_the_rest_of_the_page_stays_as_noise_in_order(tmp_path):
    source = load_page(tmp_path, PAGE)
    # Nothing on the page is lost, and it reads in page order.
    order = ["Example Gazette", "Home", "Bridge reopens", STORY, MORE, LAST, "Related", "Copyright"]
    positions = [source.text.find(piece) for piece in order]
    assert -1 not in positions and positions == sorted(positions)
    article = article_text(source)
    for piece in (STORY, MORE, "Traffic resumed at noon.", "Bridge reopens after repairs"):
        assert piece in article
    noise = " ".join(noise_text(source))
    for chrome in ("Home", "Sport", "Another story about a ferry", "Copyright", "Contact us"):
        assert chrome in noise and chrome not in article
    reasons = {source.text[s.start : s.end].split("\n")[0]: s.reason for s in source.noise}
    assert reasons == {  # each from the page region it stands in
        "Example Gazette": NoiseReason.SITE_HEADER,
        "- Home": NoiseReason.NAVIGATION,
        "Related": NoiseReason.RELATED_LINKS,
        "Copyright Example Gazette 2024": NoiseReason.PAGE_CHROME,
    }
    for gone in ("tracking", "color", "Search", "\x1b", "[2J"):
        assert gone not in source.text  # scripts, styles, forms and escapes are not page text
    assert any(d.startswith("kept as noise (outside the article)") for d in source.dropped)


def test_page_metadata(tmp_path):
    source = load_page(tmp_path, PAGE)
    assert source.title == "Bridge reopens after repairs"
    assert source.title_span is not None
    start, end = source.title_span
    assert source.text[start:end] == "Bridge reopens after repairs"
    assert source.outlet == "Example Gazette"
    assert source.date == "2024-03-05"
    assert source.url == "https://example.org/bridge"


def test_noise_spans_become_noise_passages_and_the_article_body(tmp_path):
    source = load_page(tmp_path, PAGE)
    blocks = split_blocks(source.text)
    reasons = loader_noise(source.noise, blocks)
    by_text = {block.text: reason for block, reason in zip(blocks, reasons, strict=True)}
    assert by_text["- Home"] is NoiseReason.NAVIGATION
    assert by_text[STORY] is None and by_text[MORE] is None
    assert by_text["Copyright Example Gazette 2024"] is not None
    kinds = {p.kind for p in build_passages([source])}
    assert PassageKind.BODY in kinds


def test_a_story_beside_a_larger_article_of_teasers_is_the_article(tmp_path):
    teasers = "".join(
        f'<article class="teaser"><h2><a href="/{i}">Teaser headline number {i} about '
        f'something else</a></h2><p><a href="/{i}">Read the story about topic {i} now</a></p>'
        "</article>"
        for i in range(12)
    )
    page = (
        f"<html><body><article><h1>Bridge reopens</h1><p>{STORY}</p><p>{MORE}</p>"
        f"<p>{LAST}</p></article><section>{teasers}</section></body></html>"
    )
    source = load_page(tmp_path, page)
    article = article_text(source)
    assert STORY in article and MORE in article
    assert "Teaser headline number 3" in source.text  # kept on the page, as noise
    assert "Teaser headline number 3" not in article


def test_a_lead_paragraph_inside_the_header_is_kept(tmp_path):
    page = (
        "<html><body><article><header><h1>Bridge reopens</h1>"
        f"<p class='lead'>{STORY}</p></header><p>{MORE}</p><p>{LAST}</p></article></body></html>"
    )
    assert STORY in article_text(load_page(tmp_path, page))


def test_a_processing_instruction_does_not_break_the_page(tmp_path):
    page = f"<html><body><?php echo 'x'; ?><h1>Bridge</h1><p>{STORY}</p><p>{MORE}</p></body></html>"
    source = load_page(tmp_path, page)
    assert STORY in source.text


def test_a_few_nul_bytes_and_soft_hyphens(tmp_path):
    page = f"<html><body><h1>Bridge</h1><p>{STORY}</p><p>Re\u00adpairs cost less.</p></body></html>"
    data = page.encode().replace(b"<body>", b"<body>\x00\x00\x00")
    (tmp_path / "page.html").write_bytes(data)
    (source,) = load_story(tmp_path / "page.html").sources
    assert "Repairs cost less." in source.text
    assert "\x00" not in source.text and "\u00ad" not in source.text


def test_a_short_page_the_extractor_gives_up_on_keeps_its_text_as_the_article(tmp_path):
    source = load_page(tmp_path, "<html><body><p>Schools closed on Monday.</p></body></html>")
    assert source.text == "Schools closed on Monday."
    assert source.noise == () or article_text(source) == "Schools closed on Monday."


def test_matching_follows_reading_order() -> None:
    extracted = f"{STORY}\nHome is where the heart is, the mayor said.\n{MORE}"
    blocks = ["Home", STORY, "Home is where the heart is, the mayor said.", MORE, "Home"]
    assert match_blocks(blocks, extracted) == [False, True, True, True, False]


def test_nesting_deeper_than_the_limit_is_unwrapped_and_its_text_kept(tmp_path):
    from tui.engine.html import MAX_DEPTH, limit_depth

    deep = "<div>" * 5000 + f"<p>{STORY}</p>" + "</div>" * 5000
    flattened = limit_depth(deep)
    assert flattened.count("<div>") == MAX_DEPTH and flattened.count("</div>") == MAX_DEPTH
    assert STORY in flattened
    shallow = "<div>" * 10 + "<p>x</p>" + "</div>" * 10
    assert limit_depth(shallow) == shallow  # ordinary pages are left exactly as they are
    source = load_page(tmp_path, f"<html><body>{deep}</body></html>")
    assert source.text == STORY


def test_a_pages_noise_spans_survive_the_cache(tmp_path):
    from tui import cache

    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE, encoding="utf-8")
    (folder / "b.txt").write_text(f"Bridge reopens\n\n{STORY}\n", encoding="utf-8")
    first = cache.analyse_cached(load_story(folder), folder=tmp_path / "cache")
    again = cache.analyse_cached(load_story(folder), folder=tmp_path / "cache")
    assert first.sources[0].noise and again.sources[0].noise == first.sources[0].noise


def test_invisible_format_characters_do_not_hide_a_block_from_the_extractors_text() -> None:
    block = f"{STORY} Thanks to \u2066@mayor\u2069 for the photo\u00ad."
    extracted = f"{STORY} Thanks to @mayor for the photo."
    assert match_blocks([block], extracted) == [True]


def test_a_date_only_in_the_pages_time_element_or_url_is_found(tmp_path):
    body = f"<h1>Bridge</h1><p>{STORY}</p><p>{MORE}</p>"
    timed = f'<html><body><article><time datetime="2023-01-02T10:00">Jan 2</time>{body}</article>'
    assert load_page(tmp_path, timed + "</body></html>", "a.html").date == "2023-01-02"
    linked = (
        '<html><head><link rel="canonical" href="https://example.org/2021/05/07/bridge.html">'
        f"</head><body>{body}</body></html>"
    )
    assert load_page(tmp_path, linked, "b.html").date == "2021-05-07"


def test_a_page_without_a_site_name_is_named_by_its_address(tmp_path):
    page = (
        '<html><head><link rel="canonical" href="https://www.harbour-news.example/a/1">'
        f"</head><body><h1>Bridge</h1><p>{STORY}</p></body></html>"
    )
    assert load_page(tmp_path, page).outlet == "harbour-news.example"


def test_an_editions_label_in_og_site_name_is_not_the_outlets_name(tmp_path):
    """Reuters' pages give og:site_name "U.S." (the edition): the address names the outlet."""

    def page(site: str, address: str) -> str:
        return (
            f'<html><head><meta property="og:site_name" content="{site}">'
            f'<link rel="canonical" href="{address}"></head>'
            f"<body><h1>Bridge</h1><p>{STORY}</p></body></html>"
        )

    assert load_page(tmp_path, page("U.S.", "https://www.wire.example/a/1")).outlet == (
        "wire.example"
    )
    named = load_page(tmp_path, page("CNN", "https://edition.cnn.example/a/1"), "b.html")
    assert named.outlet == "CNN"


def test_a_page_over_a_megabyte_of_flat_divs_keeps_every_block_in_order(tmp_path):
    # Above TRIM_CHARACTERS the loader and the analysis hand the parse trees' memory back as
    # soon as the text is out of them: nothing of the page may go with it.
    sentences = [
        f"Report {n} says the harbour wall held through the storm, and the council will meet "
        f"on Tuesday to count the cost of repairs to the boats and the quay {n}."
        for n in range(7_000)
    ]
    assert sum(map(len, sentences)) > TRIM_CHARACTERS
    divs = "".join(f"<div>{sentence}</div>" for sentence in sentences)
    page = PAGE.replace(f"<p>{STORY}</p>", f"<p>{STORY}</p>{divs}")
    source = load_page(tmp_path, page)
    positions = [source.text.find(sentence) for sentence in sentences]
    assert -1 not in positions and positions == sorted(positions)
    assert "Home" in " ".join(noise_text(source)) and "Contact us" in " ".join(noise_text(source))
    body = [p.text for p in build_passages([source]) if p.kind is PassageKind.BODY]
    assert set(sentences) <= set(body)
