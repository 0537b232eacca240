"""A semantic signal beside the lexical one: sentence embeddings from a small model.

Outlets paraphrase ("lobbied him to preserve it" / "encouraged Trump to remain in the
agreement"); shared stems miss such pairs. The model in `model/` is all-MiniLM-L6-v2
(Apache-2.0, `model/NOTICE.md`) exported to ONNX with mean pooling and normalisation in the
graph, weights quantised to int8: 23 MB, about 100 sentences a second on one busy core here
(fp32 ran at a third of that; a static model2vec distillation of it was 100x faster but
found 5 of the shared gold's 75 aligned pairs where this finds 13, at no loss of precision).

It is optional: onnxruntime, tokenizers and numpy come with `pip install
coverage-tui[semantic]` and are imported only when a story is aligned. Without them, or when
the model cannot be read, alignment is lexical alone (`load_encoder` gives None).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Kept beside the threshold, where a cached story's reader can read them without the engine.
from tui.engine.identity import MODEL_DIR, MODEL_FILE
from tui.engine.identity import model_identity as model_identity

if TYPE_CHECKING:
    import numpy as np

# Word pieces a sentence keeps (longer ones are cut, as sentence-transformers does).
MAX_PIECES = 256
# Rows of the similarity matrix computed at a time in `nearest`.
_SEARCH_ROWS = 32


class SentenceEncoder:
    """Word-piece tokenizer + the ONNX graph; a text becomes one unit-length vector."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.folder = folder
        options = onnxruntime.SessionOptions()
        # One thread per run, and several runs at once (`encode`): a sentence is too small a
        # graph for onnxruntime's own threads, which spin while they wait (two of them took
        # twice as long as one on a busy two-core machine).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_PIECES)
        self.tokenizer.no_padding()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length float32 row per text, each text run through the model on its own:
        the int8 graph quantises its activations over the whole batch, padding included, so
        a batch made a sentence's vector depend on its neighbours (cosine 0.993 to its own
        vector alone, enough to swing a pair's score by 0.09). Runs release the interpreter
        lock, so a few threads share the session: 322 gold sentences in 1.1 s instead of
        1.7 s on two cores (the batched graph with two threads of its own took 3.8 s)."""
        import numpy as np

        encodings = self.tokenizer.encode_batch(list(texts))
        if not encodings:
            return np.zeros((0, 0), dtype=np.float32)
        workers = min(_encoding_threads(), max(1, len(encodings) // _ROWS_PER_THREAD))
        rows = [range(k, len(encodings), workers) for k in range(workers)]
        if workers == 1:
            parts = [self._run(encodings, rows[0])]
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(workers, thread_name_prefix="sentence-model") as pool:
                parts = list(pool.map(lambda chosen: self._run(encodings, chosen), rows))
        width = parts[0][0].shape[0]
        out = np.zeros((len(encodings), width), dtype=np.float32)
        for chosen, vectors in zip(rows, parts, strict=True):
            out[list(chosen)] = vectors
        return out

    def _run(self, encodings: Sequence[Any], chosen: Sequence[int]) -> list[np.ndarray]:
        import numpy as np

        found = []
        for row in chosen:
            ids = np.array([encodings[row].ids], dtype=np.int64)
            mask = np.array([encodings[row].attention_mask], dtype=np.int64)
            found.append(self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0])
        return found


# A thread is started for every this many sentences, up to one per core (at most four).
_ROWS_PER_THREAD = 16


def _encoding_threads() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


@functools.lru_cache(maxsize=4)
def load_encoder(folder: str | None = None) -> SentenceEncoder | None:
    """The encoder for `folder` (the shipped model by default), or None when it cannot be
    used here: onnxruntime, tokenizers or numpy not installed, or the files unreadable."""
    try:
        return SentenceEncoder(Path(folder) if folder else MODEL_DIR)
    except Exception:  # any failure to load means: align without it
        return None


def similarities(vectors: Any, pairs: Sequence[tuple[int, int]]) -> list[float]:
    """Cosine of each pair of rows (the rows are unit length)."""
    import numpy as np

    if not pairs:
        return []
    left = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    right = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    return np.einsum("ij,ij->i", vectors[left], vectors[right]).tolist()


def nearest(
    vectors: Any, sources: Sequence[frozenset[str]], k: int, floor: float
) -> list[tuple[int, int]]:
    """Each row's `k` closest rows from other outlets with cosine at least `floor`, as pairs
    (i, j), i < j; computed a block of rows at a time so memory stays small."""
    import numpy as np

    n = len(vectors)
    take = min(k, n - 1)
    if take <= 0:
        return []
    numbers: dict[str, int] = {}
    owner = np.array(
        [numbers.setdefault(next(iter(c)), len(numbers)) if len(c) == 1 else -1 for c in sources],
        dtype=np.int64,
    )
    found: set[tuple[int, int]] = set()
    for start in range(0, n, _SEARCH_ROWS):
        sims = vectors[start : start + _SEARCH_ROWS] @ vectors.T
        own = owner[start : start + _SEARCH_ROWS]
        same = (own[:, None] == owner[None, :]) & (own[:, None] >= 0)
        sims[same] = -1.0
        sims[np.arange(len(own)), np.arange(start, start + len(own))] = -1.0
        best = np.argpartition(-sims, take - 1, axis=1)[:, :take]
        for r, cols in enumerate(best.tolist()):
            i = start + r
            for j in cols:
                if sims[r, j] >= floor and not (sources[i] & sources[j]):
                    found.add((i, j) if i < j else (j, i))
    return sorted(found)
