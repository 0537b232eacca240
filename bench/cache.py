"""What a cached open costs before the reader's first frame, stage by stage, and how the
entry's format compares with the alternatives.

    python bench/cache.py [--articles 400] [--repeat 5]

A synthetic story (bench/generate.py) is analysed once (lexically: the entry's size hardly
depends on the aligner), then, as medians of `--repeat` runs in CPU seconds of this process
(wall seconds follow the machine's load; the load average is printed):

1. the stages of `analyse_cached` on a hit: loading the story's files, its key, reading the
   entry (inflate, decode) and checking it against the story, and what inflating the same
   MessagePack would cost from zlib (the codec before zstd);
2. decoding the same analysis from other formats (all with the cyclic collector paused, as
   `read_entry` decodes): json + msgspec.convert (what a JSON entry
   costs with the types checked), orjson and msgpack (the msgpack package) when installed,
   and msgspec's MessagePack decoder straight into the model (the format used). orjson and
   JSON in general cannot carry an infinite float (an open range has one): they are listed
   for their speed, not as candidates. Pickle is never a candidate: entries are untrusted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))


def cpu_median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args(argv)

    import msgspec
    from generate import write_story

    from tui import cache, model
    from tui.engine.load import open_path

    print(f"load average {' / '.join(f'{n:.1f}' for n in os.getloadavg())} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory() as folder:
        story_path = write_story(Path(folder) / "story", options.articles)
        story = open_path(story_path)
        assert not isinstance(story, type(None))
        started = time.perf_counter()
        analysis = cache.analyse_cached(story, folder=Path(folder) / "cache", semantic=False)
        print(f"{options.articles} articles analysed in {time.perf_counter() - started:.1f} s")
        key = cache.story_key(story, cache.LINK_THRESHOLD, False)
        entry = Path(folder) / "cache" / f"{key}{cache.SUFFIX}"
        raw = entry.read_bytes()
        data = cache.unpack_entry(raw, key)
        deflated = zlib.compress(data, 6)
        repeat = options.repeat

        decoded = cache.read_entry(entry, key)

        def check() -> None:
            with cache.collector_paused():  # as analyse_cached does
                cache.check_consistent(decoded, story)

        stages = {
            "load the files": cpu_median(lambda: open_path(story_path), repeat),
            "key": cpu_median(lambda: cache.story_key(story, cache.LINK_THRESHOLD, False), repeat),
            "inflate (zstd)": cpu_median(lambda: cache.unpack_entry(raw, key), repeat),
            "read the entry": cpu_median(lambda: cache.read_entry(entry, key), repeat),
            "check against the story": cpu_median(check, repeat),
        }
        print(
            f"entry {len(raw) / 1e6:.1f} MB compressed ({len(deflated) / 1e6:.1f} MB with zlib), "
            f"{len(data) / 1e6:.1f} MB MessagePack"
        )
        for name, seconds in stages.items():
            print(f"  {name:<24} {seconds * 1000:6.0f} ms CPU")
        inflating = [name for name in stages if name.startswith("inflate")]
        hit = sum(seconds for name, seconds in stages.items() if name not in inflating)
        print(f"  {'a hit in all':<24} {hit * 1000:6.0f} ms CPU (reading includes inflating)")
        zlib_inflate = cpu_median(lambda: zlib.decompress(deflated), repeat)
        print(f"  {'(inflate with zlib)':<24} {zlib_inflate * 1000:6.0f} ms CPU")

        plain = cache.encode(analysis)
        as_json = json.dumps(plain, ensure_ascii=False).encode("utf-8")
        as_msgpack = msgspec.msgpack.encode(plain)
        typed = msgspec.msgpack.Decoder(model.Analysis)
        formats: dict[str, Callable[[], object]] = {
            "json.loads + msgspec.convert": lambda: msgspec.convert(
                json.loads(as_json), model.Analysis
            ),
            "msgspec MessagePack, typed (used)": lambda: typed.decode(as_msgpack),
        }
        if importlib.util.find_spec("orjson"):
            import orjson

            formats["orjson.loads, no types checked"] = lambda: orjson.loads(
                as_json.replace(b"Infinity", b"1e308").replace(b"NaN", b"0")
            )
        if importlib.util.find_spec("msgpack"):
            import msgpack

            formats["msgpack.unpackb, no types checked"] = lambda: msgpack.unpackb(as_msgpack)
        print(f"decoding the analysis ({len(as_json) / 1e6:.1f} MB as JSON):")
        for name, action in formats.items():
            with cache.collector_paused():  # as read_entry decodes: a fair comparison
                seconds = cpu_median(action, repeat)
            print(f"  {name:<36} {seconds * 1000:6.0f} ms CPU")
        missing = [name for name in ("orjson", "msgpack") if not importlib.util.find_spec(name)]
        if missing:
            print(f"  (not installed, not measured: {', '.join(missing)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
