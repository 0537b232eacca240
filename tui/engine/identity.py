"""What a cached analysis depends on besides the story, importable without the engine: the
matcher's link threshold and the sentence model's identity. Reading a cached story needs
both, and `tui.engine.align` (where they are used) costs a start ~0.02 s to import."""

from __future__ import annotations

from pathlib import Path

# Pairs scoring at least this are linked (chosen on MRPC for recall on same-claim pairs).
LINK_THRESHOLD = 0.5

MODEL_DIR = Path(__file__).parent / "align" / "model"
MODEL_FILE = "minilm-l6-v2-int8.onnx"


def model_identity(choice: bool | str) -> str:
    """What a cached analysis made with `choice` depends on, without loading the model: which
    model file (its size and time), and whether its libraries are installed at all."""
    import importlib.util

    if not choice:
        return "lexical"
    folder = Path(choice) if isinstance(choice, str) else MODEL_DIR
    libraries = all(
        importlib.util.find_spec(name) is not None
        for name in ("onnxruntime", "tokenizers", "numpy")
    )
    try:
        stat = (folder / MODEL_FILE).stat()
    except OSError:
        return "lexical (no model)"
    if not libraries:
        return "lexical (no libraries)"
    return f"{folder}:{stat.st_size}:{stat.st_mtime_ns}"
