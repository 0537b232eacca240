"""A compositor that, for a partial repaint, renders only what the terminal is sent.

Textual's compositor, asked to repaint part of the screen, renders every widget whose *clip*
(its container's visible region) meets the bounding box of the changed regions, and cuts up
each of their lines, though only the pieces inside the changed regions are sent. The reader's
panes share one container under a full-width source strip: moving the focus between two of
five panes rendered all five, and the container and the screen behind them. Here a widget is
rendered only where a changed region meets it and no single widget in front covers it, and a
line is cut up only when it fills a piece the terminal is sent. The screen the terminal ends
up with is the same (tests/app/test_compositor.py builds it from the repaints and compares it
with the screen painted whole). Measured at 400 outlets, 160x48, with the focus moved by hand
(reader.py): `l`/`h` 8.5 -> 5.5 ms of CPU; every key of bench/reader.py 10-30% less.
Textual's private `_get_renders`/`_render_chops` are what this overrides: a Textual whose
compositor is not the class extended here keeps its own (`use_cropped_compositor`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise
from typing import cast

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class CroppedCompositor(Compositor):
    """`Compositor` whose partial repaints leave out what no changed region meets."""

    _repainting: tuple[Region, ...] = ()

    def render_partial_update(self) -> ChopsUpdate | None:
        self._repainting = tuple(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._repainting = ()

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        """Front to back, each widget's parts that changed and that no single widget in
        front of it covers: a changed pane, not the container and the screen behind it."""
        repainting = self._repainting
        if crop is None or not repainting:
            yield from super()._get_renders(crop)
            return
        intersection = Region.intersection
        in_front: list[Region] = []
        for widget, (region, clip) in list(self.visible_widgets.items()):
            visible = intersection(region, clip)
            if not visible.width or not visible.height:
                continue
            parts = [intersection(visible, changed) for changed in repainting]
            parts = [
                part
                for part in parts
                if part.area and not any(cover.contains_region(part) for cover in in_front)
            ]
            in_front.append(visible)
            for part in parts:
                part = self._on_cuts(part, visible)
                x, y, width, height = part
                # `part` as the clip: Textual places the lines at region ∩ clip, which is it.
                yield (
                    region,
                    part,
                    widget.render_lines(Region(x - region.x, y - region.y, width, height)),
                )

    def _on_cuts(self, part: Region, visible: Region) -> Region:
        """`part` widened to start and end on a cut on each of its lines (the compositor files
        the pieces of a line under the cuts they start at), else to the widget's width."""
        x1, x2 = part.column_span
        if x1 == visible.x and x2 == visible.right:  # a widget's edges are cuts on its lines
            return part
        cuts = self.cuts[part.y : part.bottom]
        start = min(max(cut for cut in line if cut <= x1) for line in cuts)
        end = max(min(cut for cut in line if cut >= x2) for line in cuts)
        if all(start in line and end in line for line in cuts):
            return Region(start, part.y, end - start, part.height)
        return Region(visible.x, part.y, visible.width, part.height)

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        repainting = self._repainting
        if not repainting:
            return super()._render_chops(crop, is_rendered_line)
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
        # The pieces of each line the terminal is sent: those meeting a changed span.
        sent: dict[int, set[int]] = {}
        for y, x1, x2 in self._regions_to_spans(repainting):
            line = cuts[y]
            sent.setdefault(y, set()).update(
                cut for cut, end in pairwise(line) if cut < x2 and end > x1
            )
        intersection = Region.intersection
        # Front to back: the first strip to fill a piece wins, as in Textual's.
        for region, clip, strips in self._get_renders(crop):
            render_region = intersection(region, clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips, strict=False):
                wanted = sent.get(y)
                if not wanted:
                    continue
                line_chops = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                if not any(
                    cut in wanted and line_chops.get(cut) is None for cut in final_cuts[:-1]
                ):
                    continue
                pieces = strip.divide([cut - render_x for cut in final_cuts[1:]])
                for cut, piece in zip(final_cuts, pieces, strict=False):
                    if line_chops.get(cut) is None:
                        line_chops[cut] = piece
        return cast("Sequence[Mapping[int, Strip]]", chops)  # Textual's own type for them


def use_cropped_compositor(screen: object) -> None:
    """Give `screen` the cropping compositor, if its Textual builds the compositor this
    extends, with the methods it overrides as they were written against (Textual 8)."""
    if type(getattr(screen, "_compositor", None)) is Compositor and _fits_textual():
        screen._compositor = CroppedCompositor()  # type: ignore[attr-defined]


@functools.cache
def _fits_textual() -> bool:
    import inspect

    expected = {
        "_get_renders": ["self", "crop"],
        "_render_chops": ["self", "crop", "is_rendered_line"],
        "render_partial_update": ["self"],
        "_regions_to_spans": ["regions"],  # a class method
    }
    for name, parameters in expected.items():
        method = getattr(Compositor, name, None)
        if method is None or list(inspect.signature(method).parameters) != parameters:
            return False
    return all(hasattr(Compositor, name) for name in ("cuts", "visible_widgets")) and hasattr(
        Compositor(), "_dirty_regions"
    )
