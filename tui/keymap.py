"""The config's `[keys]` (binding id = keys) checked against the reader's own bindings before
the reader starts, so that what `?` lists is what the keys do.

Each problem is one warning naming the config file and the line, as the other config
warnings do: an id no binding has, an empty key, a key name Textual never reports (a
misspelt name, modifiers in another order than Textual's), and a key given to two actions
active at the same time (one of them would never run). The entry at fault is dropped (for a
clash: the later of the two, which keeps its default keys); the rest applies.

The bindings are read from the `BINDINGS` of the app's classes (as Textual merges them along
each class's bases), found by walking `tui.app`, so a new screen or binding needs no list kept
here. Which bindings are active together follows Textual's binding chain: a screen's own, the
widgets on it, and the app's (on a modal screen, only the app's priority ones). A widget's
screen is the one whose binding ids share its prefix (`reader.` for the source pane); a
widget sharing none is taken to be on every screen. Two bindings that share a key by default
(n: next finding, or next match while searching) do so by design and are left alone.

`check_keys` itself needs no Textual (the bindings and the key check are passed in);
`checked_config` gathers them from the running program's classes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.config import Config

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")  # Textual sorts them so


@dataclass(frozen=True)
class Declared:
    """One binding as the program declares it: its id (None for Textual's own), its default
    keys in Textual's names, what it does and what it says it does."""

    id: str | None
    keys: tuple[str, ...]
    action: str
    description: str
    owner: str  # the class that declares it, to tell id-less bindings apart


@dataclass(frozen=True)
class Screenful:
    """The bindings active together on one screen."""

    name: str
    bindings: tuple[Declared, ...]


def check_keys(
    keys: Mapping[str, str],
    screens: Sequence[Screenful],
    key_problem: Callable[[str], str | None],
    normalise: Callable[[str], str] = lambda key: key,
    where: Callable[[str], str] = lambda binding_id: "config",
) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply (binding id -> "key,key") and one warning per problem, each
    starting with `where(binding_id)` (the file and line). `keys` in the file's order."""
    defaults: dict[str, tuple[str, ...]] = {}
    described: dict[str, str] = {}
    for screen in screens:
        for binding in screen.bindings:
            if binding.id is not None:
                known = defaults.setdefault(binding.id, ())
                defaults[binding.id] = known + tuple(k for k in binding.keys if k not in known)
                described.setdefault(binding.id, binding.description)

    position = {binding_id: index for index, binding_id in enumerate(keys)}
    found: list[tuple[int, str]] = []

    def warn(binding_id: str, problem: str) -> None:
        found.append((position[binding_id], f"{where(binding_id)}: keys.{binding_id}: {problem}"))

    wanted: dict[str, tuple[str, ...]] = {}
    for binding_id, value in keys.items():
        if binding_id not in defaults:
            warn(binding_id, "no binding has this id; ignored (? then i lists the ids)")
            continue
        usable: list[str] = []
        problems: list[str] = []
        for written in value.split(","):
            key = normalise(written.strip())
            problem = "an empty key (between two commas, or at an end)" if not key else None
            problem = problem or key_problem(key)
            if problem is not None:
                problems.append(f"{problem}; ignored")
            elif key not in usable:
                usable.append(key)
        if not usable and problems:
            kept = _keys(defaults[binding_id])
            problems[-1] += f"; no key left, so it keeps its default keys ({kept})"
        for problem in problems:
            warn(binding_id, problem)
        if usable:
            wanted[binding_id] = tuple(usable)

    effective = {**defaults, **wanted}
    order = {binding_id: index for index, binding_id in enumerate(wanted)}
    while (clash := _first_clash(screens, effective, defaults, order)) is not None:
        loser, other, key = clash
        other_name = described.get(other.id or "") or other.description or other.action
        other_id = f" ({other.id})" if other.id else " (Textual's own)"
        warn(
            loser,
            f"{key} is also {other_name!r}{other_id}, active at the same time; {loser} keeps "
            f"its default keys ({_keys(defaults[loser])})",
        )
        effective[loser] = defaults[loser]
        del order[loser]
    warnings = [message for _, message in sorted(found, key=lambda item: item[0])]
    return {binding_id: ",".join(effective[binding_id]) for binding_id in order}, warnings


def _first_clash(
    screens: Sequence[Screenful],
    effective: Mapping[str, tuple[str, ...]],
    defaults: Mapping[str, tuple[str, ...]],
    order: Mapping[str, int],
) -> tuple[str, Declared, str] | None:
    """The first key the user gave a binding that another active with it also has, not by
    default for both: (the binding that gives way, the other one, the key)."""

    def keys_of(binding: Declared) -> tuple[str, ...]:
        return effective[binding.id] if binding.id is not None else binding.keys

    def default_of(binding: Declared) -> tuple[str, ...]:
        return defaults[binding.id] if binding.id is not None else binding.keys

    for changed in sorted(order, key=order.__getitem__):
        for screen in screens:
            mine = [b for b in screen.bindings if b.id == changed]
            if not mine:
                continue
            for key in effective[changed]:
                for other in screen.bindings:
                    if other.id == changed or key not in keys_of(other):
                        continue
                    if all(other.action == b.action for b in mine):
                        continue  # the same action under two ids: no key is lost
                    if key in defaults[changed] and key in default_of(other):
                        continue  # shared by default, by design
                    later = other.id is not None and order.get(other.id, -1) > order[changed]
                    if later:
                        assert other.id is not None
                        return other.id, mine[0], key
                    return changed, other, key
    return None


def _keys(keys: Iterable[str]) -> str:
    return ", ".join(keys)


# -- what Textual knows --------------------------------------------------------------------


def key_problem(key: str) -> str | None:
    """Why Textual would never report `key` (a key name as in BINDINGS, after single
    characters are named as Textual names them), or None when it may."""
    *modifiers, base = key.split("+")
    if not base:
        return f"{key!r} ends with '+' (the plus key is 'plus')"
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{key!r}: {unknown[0]!r} is not a modifier ({', '.join(MODIFIERS)})"
    if len(set(modifiers)) != len(modifiers):
        return f"{key!r} repeats a modifier"
    if not _is_key_name(base):
        return f"{key!r} is not a key Textual reports ({base!r} names no key)"
    if modifiers and len(base) == 1 and base.isalpha() and base.isupper():
        named = "+".join(sorted({*modifiers, "shift"})) + "+" + base.lower()
        return f"{key!r} is not a key Textual reports: it names it {named!r}"
    if modifiers == ["shift"] and len(base) == 1 and base.isalpha():
        return f"{key!r} is not a key Textual reports: it names it {base.upper()!r}"
    if modifiers != sorted(modifiers):
        named = "+".join([*sorted(modifiers), base])
        return f"{key!r} is not a key Textual reports: it names it {named!r}"
    return None


def _is_key_name(base: str) -> bool:
    """A key Textual names `base`: a character, a character's name ("question_mark"), or a
    key of its own ("up", "f5", "escape", "pagedown"...)."""
    from textual._keyboard_protocol import FUNCTIONAL_KEYS
    from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character

    if len(base) == 1:
        return base.isprintable()
    special = {k.value.split("+")[-1] for k in Keys if not k.value.startswith("<")}
    if base in special or base in FUNCTIONAL_KEYS.values():
        return True
    character = key_to_character(REPLACED_KEYS.get(base, base))
    return character is not None and _character_to_key(character) == base


def normalise(key: str) -> str:
    """A key as Textual stores it: a single character by its name ("?" is "question_mark")."""
    from textual.keys import _character_to_key

    return _character_to_key(key) if len(key) == 1 else key


def reader_screens() -> list[Screenful]:
    """The reader's bindings, screen by screen, read from the classes under `tui.app`."""
    import importlib
    import pkgutil

    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import ModalScreen, Screen

    import tui.app

    classes: list[type[DOMNode]] = []
    for module_info in pkgutil.walk_packages(tui.app.__path__, "tui.app."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
            ):
                classes.append(value)

    def declared(owner: type[DOMNode], priority_only: bool = False) -> list[Declared]:
        found: dict[tuple[str | None, str, str], list[str]] = {}
        descriptions: dict[tuple[str | None, str, str], str] = {}
        for key, bindings in owner._merge_bindings().key_to_bindings.items():
            for binding in bindings:
                if priority_only and not binding.priority:
                    continue
                group = (binding.id, binding.action, owner.__name__)
                found.setdefault(group, []).append(key)
                descriptions.setdefault(group, binding.tooltip or binding.description)
        return [
            Declared(group[0], tuple(keys), group[1], descriptions[group], group[2])
            for group, keys in found.items()
        ]

    def prefixes(owner: type[DOMNode]) -> set[str]:
        return {b.id.split(".")[0] for b in declared(owner) if b.id and "." in b.id}

    apps = [c for c in classes if issubclass(c, App)]
    screens = [c for c in classes if issubclass(c, Screen)]
    widgets = [
        c for c in classes if not issubclass(c, (App, Screen)) and any(b.id for b in declared(c))
    ]
    result = []
    for screen in screens:
        bindings = declared(screen)
        for widget in widgets:
            if prefixes(widget) & prefixes(screen) or not any(
                prefixes(widget) & prefixes(s) for s in screens
            ):
                bindings += declared(widget)
        for app in apps:
            bindings += declared(app, priority_only=issubclass(screen, ModalScreen))
        result.append(Screenful(screen.__name__, tuple(bindings)))
    return result


def checked_config(config: Config) -> tuple[Config, list[str]]:
    """The config with only the `[keys]` that work as written, and a warning per problem
    (file and line, as `load_config` gives)."""
    if not config.keys:
        return config, []

    def where(binding_id: str) -> str:
        line = config.key_lines.get(binding_id)
        return f"{config.path}:{line}" if line else str(config.path)

    keys, warnings = check_keys(config.keys, reader_screens(), key_problem, normalise, where)
    return dataclasses.replace(config, keys=keys), warnings
