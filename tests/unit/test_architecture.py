"""The engine and the report stay free of Textual, and start-up stays light."""

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_engine_and_report_never_import_textual():
    loaded = _modules_after(
        "import tui.engine.pipeline, tui.report.json_report, tui.report.text, "
        "tui.report.markdown, tui.cache, tui.config\n"
        "from tui.engine.load import open_path\n"
        "from tui.cache import analyse_cached\n"
        "from tui.locations import bundled_seeds\n"
        "analyse_cached(open_path(bundled_seeds()))"
    )
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)


def test_cli_help_does_not_load_the_engine():
    loaded = _modules_after("import tui.cli")
    assert "numpy" not in loaded
    assert "tui.engine.pipeline" not in loaded


def test_reading_a_cached_analysis_does_not_load_the_analysis_stages():
    # What the reader imports to open a cached story: no number parser, no findings, not
    # even the aligner for its threshold or the sentence model's identity.
    loaded = _modules_after(
        "from tui.cache import cached_analysis, cached_story\n"
        "from tui.engine.identity import LINK_THRESHOLD\n"
        "from tui.engine.load import open_path"
    )
    assert "tui.engine.quantities" not in loaded
    assert "tui.engine.findings" not in loaded
    assert "tui.engine.align" not in loaded
