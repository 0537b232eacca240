"""The footer: the focused widget's keys in one line, drawn by one widget as Textual draws it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.css.styles import StylesBase
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it, and the cells it takes."""

    key: str  # as the binding names it, pressed when the key is clicked
    display: str  # as the app shows it (`^p`, `⏎`)
    description: str
    tooltip: str | None
    enabled: bool
    palette: bool = False  # the command palette's key, at the right end

    @property
    def width(self) -> int:
        if self.palette:  # its border, the key, a space, the description, a space
            return 1 + len(self.display) + 1 + len(self.description) + 1
        if not self.description:
            return len(self.display)
        return len(self.display) + 2 + len(self.description) + 1


class QuietFooter(Widget, can_focus=False):
    """Textual's `Footer` lays its keys out as one widget each: mounting, styling, measuring
    and drawing nine of them cost a cached 400-outlet start ~0.08 s of CPU before its first
    key was answered (and a relayout of the screen whenever the focus moved). This draws the
    same cells (the same styles, from the same theme variables) as one line, built again only
    when the keys change; the mouse over a key highlights it and shows its tooltip, a click
    presses it. Its screen calls `fill` in its `on_mount`, once the focus is set, so the keys
    are in the first frame. Bindings in a `Binding.Group` are shown one by one (the reader
    has none)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--item",
        "footer-key--item-hover",
        "footer-key--disabled",
        "footer-key--key",
        "footer-key--description",
        "footer-key--border",
    }
    # Textual's Footer and FooterKey styles (textual/widgets/_footer.py), as components.
    DEFAULT_CSS = """
    QuietFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--item { background: $footer-item-background; }
        & > .footer-key--item-hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer-key--disabled { text-style: dim; }
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--border { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[FooterEntry, ...] = ()
        self._filled = False
        self._hover: FooterEntry | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def fill(self) -> None:
        """The keys of the screen's focus, now (its screen calls this in `on_mount`)."""
        self._filled = True
        self._show(self._keys_of(self.screen))

    def _bindings_changed(self, screen: Screen) -> None:
        if self._filled and screen is self.screen:
            self._show(self._keys_of(screen))

    def _show(self, keys: tuple[FooterEntry, ...]) -> None:
        if keys != self.keys:
            self.keys = keys
            self._hover = None
            self.refresh()

    def _keys_of(self, screen: Screen) -> tuple[FooterEntry, ...]:
        """What Textual's footer shows: the first key of each action shown, in order, and
        the command palette's key."""
        app = self.app
        active = screen.active_bindings
        shown: dict[str, FooterEntry] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = FooterEntry(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    tooltip or None,
                    enabled,
                )
        keys = list(shown.values())
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            keys.append(
                FooterEntry(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.tooltip or binding.description,
                    enabled,
                    palette=True,
                )
            )
        return tuple(keys)

    def _places(self, width: int) -> Iterable[tuple[int, FooterEntry]]:
        """Where each key starts: left to right, the palette's at the right end (over the
        others when they do not fit, as Textual docks it)."""
        x = 0
        for key in self.keys:
            if key.palette:
                yield width - key.width, key
            else:
                yield x, key
                x += key.width

    def key_at(self, x: int) -> FooterEntry | None:
        """The key drawn in column `x`, if any."""
        found = None
        for start, key in self._places(self.size.width):
            if start <= x < start + key.width and (found is None or key.palette):
                found = key
        return found

    def _style(self, *components: str) -> Style:
        """A component's style as Textual computes a FooterKey's: the footer's ancestors,
        the key's own item style, then the component (`DOMNode.rich_style`)."""
        chain: list[StylesBase] = [node.styles for node in reversed(self.ancestors_with_self)]
        chain.extend(self.get_component_styles(name) for name in components)
        background = Color(0, 0, 0, 0)
        color = Color(255, 255, 255, 0)
        style = Style()
        opacity = 1.0
        for styles in chain:
            has_rule = styles.has_rule
            opacity *= styles.opacity
            if has_rule("background"):
                tinted = styles.background.tint(styles.background_tint)
                text_background = background + tinted
                background += tinted.multiply_alpha(opacity)
            else:
                text_background = background
            if has_rule("color"):
                color = styles.color
            style += styles.text_style
            if has_rule("auto_color") and styles.auto_color:
                color = text_background.get_contrast_text(color.a)
        return style + Style.from_color(
            (background + color).rich_color if (background.a or color.a) else None,
            background.rich_color if background.a else None,
        )

    def _key_segments(self, key: FooterEntry) -> list[Segment]:
        item = ["footer-key--item-hover" if key == self._hover else "footer-key--item"]
        if not key.enabled:
            item.append("footer-key--disabled")
        base = self._style(*item)
        key_style = base + self._style(*item, "footer-key--key")
        description_style = base + self._style(*item, "footer-key--description")
        if key.palette:  # compact: no padding around the key, a space before the description
            return [
                # The border's colour as Textual blends it: over the key's usual background.
                Segment("▏", self._border_colour() + Style.from_color(bgcolor=base.bgcolor)),
                Segment(key.display, key_style),
                Segment(f" {key.description}", description_style),
                Segment(" ", Style.from_color(bgcolor=base.bgcolor)),
            ]
        if not key.description:
            return [Segment(key.display, key_style)]
        return [
            Segment(f" {key.display} ", key_style),
            Segment(f"{key.description} ", description_style),
        ]

    def _border_colour(self) -> Style:
        colour = self._style("footer-key--item", "footer-key--border").color
        return Style(color=colour)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        background = Style.from_color(bgcolor=base.bgcolor)
        if y or not self._filled:
            return Strip.blank(width, background)
        left: list[Segment] = []
        right: list[Segment] = []
        palette_width = 0
        for key in self.keys:
            if key.palette:
                right = self._key_segments(key)
                palette_width = key.width
            else:
                left.extend(self._key_segments(key))
        room = max(0, width - palette_width)
        line = Strip(left).adjust_cell_length(room, background).crop(0, room)
        return Strip([*line, *right]).adjust_cell_length(width, background).crop(0, width)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self.key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.tooltip = hover.tooltip if hover is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
