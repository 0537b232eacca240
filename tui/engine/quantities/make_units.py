"""Write `unit_table.py` from pint's unit definitions: names, symbols and factors.

The units a news reader meets are chosen here (`UNITS`, with the prefixes each takes); what each
is called, its symbol and its size come from pint, so the table is pint's and not a hand list.
pint is needed only to regenerate the table, not at run time (loading its registry takes about
0.4 s; looking a unit up in the generated table is a dict access):

    pip install pint && python -m tui.engine.quantities.make_units
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# dimension -> (pint's unit for the canonical one, how the reader writes it)
CANONICAL = {
    "length": ("kilometer", "km"),
    "area": ("kilometer ** 2", "km²"),
    "volume": ("liter", "L"),
    "mass": ("kilogram", "kg"),
    "duration": ("hour", "h"),
    "speed": ("kilometer / hour", "km/h"),
    "energy": ("joule", "J"),
    "power": ("watt", "W"),
    "frequency": ("hertz", "Hz"),
    "data": ("byte", "B"),
    "pressure": ("pascal", "Pa"),
    "force": ("newton", "N"),
    "voltage": ("volt", "V"),
    "current": ("ampere", "A"),
    "dose": ("gray", "Gy"),
}
_SI_SMALL = ("milli", "micro", "nano")
_SI_BIG = ("kilo", "mega", "giga", "tera")
# pint unit -> (dimension, prefixes it takes)
UNITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "meter": ("length", ("kilo", "centi", "milli", "micro", "nano", "pico", "femto", "atto")),
    "angstrom": ("length", ()),
    "light_year": ("length", ()),
    "astronomical_unit": ("length", ()),
    "parsec": ("length", ("kilo", "mega")),
    "gram": ("mass", ("kilo", "milli", "micro", "nano")),
    "metric_ton": ("mass", ()),
    "stone": ("mass", ()),
    "carat": ("mass", ()),
    "liter": ("volume", ("centi", "deci", "milli", "micro", "hecto")),
    "pint": ("volume", ()),
    "quart": ("volume", ()),
    "fluid_ounce": ("volume", ()),
    "cup": ("volume", ()),
    "tablespoon": ("volume", ()),
    "teaspoon": ("volume", ()),
    "cubic_foot": ("volume", ()),
    "year": ("duration", ("kilo", "mega", "giga")),
    "millennium": ("duration", ()),
    "second": ("duration", ("milli", "micro", "nano")),
    "watt": ("power", (*_SI_BIG, "milli")),
    "horsepower": ("power", ()),
    "watt_hour": ("energy", _SI_BIG),
    "joule": ("energy", _SI_BIG),
    "calorie": ("energy", ("kilo",)),
    "electron_volt": ("energy", (*_SI_BIG, "peta")),
    "british_thermal_unit": ("energy", ()),
    "hertz": ("frequency", _SI_BIG),
    "byte": ("data", (*_SI_BIG, "peta", "exa", "kibi", "mebi", "gibi", "tebi")),
    "bit": ("data", (*_SI_BIG, "kibi", "mebi")),
    "pascal": ("pressure", ("hecto", "kilo", "mega", "giga")),
    "bar": ("pressure", ("milli",)),
    "atmosphere": ("pressure", ()),
    "psi": ("pressure", ()),
    "newton": ("force", ("kilo", "mega")),
    "volt": ("voltage", ("kilo", "milli", "mega")),
    "ampere": ("current", ("kilo", "milli")),
    "gray": ("dose", ("milli", "micro")),
    "sievert": ("dose", ("milli", "micro")),
}
# Symbols that are everyday words or abbreviations in news text ("2 pm", "in", "at", "a",
# "5G", "10K", "$2T"): never read as units. One-letter symbols are left out but for these.
# Length units that are squared and cubed: "square kilometers", "km²", "4 km cubed".
POWERS = {"meter": ("kilo", "centi", "milli"), "mile": (), "foot": (), "yard": ()}
NOT_SYMBOLS = frozenset({"am", "pm", "in", "at", "a", "ha", "Ma", "mi", "min", "ly", "au"})
ONE_LETTER = frozenset({"L", "l", "t", "g", "B"})
_IRREGULAR_PLURAL = {"foot": "feet", "century": "centuries", "millennium": "millennia"}


def _plural(name: str) -> str:
    head, _, rest = name.partition(" ")
    if head in _IRREGULAR_PLURAL:
        return " ".join([_IRREGULAR_PLURAL[head], rest]).strip()
    if rest:  # "watt hour" -> "watt hours"; "light year" -> "light years"
        return f"{head} {_plural(rest)}"
    if name.endswith(("s", "x", "z", "ch", "sh")):
        return name + "es"
    return name + "s"


def build() -> tuple[dict[str, tuple[str, str, float]], dict[str, tuple[str, str, float]]]:
    """(lower-case names -> entry, exact-case symbols -> entry); an entry is (name as shown,
    dimension, factor to the dimension's canonical unit)."""
    import pint

    registry: Any = pint.UnitRegistry()
    names: dict[str, tuple[str, str, float]] = {}
    symbols: dict[str, tuple[str, str, float]] = {}
    for unit, (dimension, prefixes) in UNITS.items():
        canonical = CANONICAL[dimension][0]
        for prefix in ("", *prefixes):
            full = prefix + unit
            factor = float(registry.Quantity(1, full).to(canonical).magnitude)
            shown = full.replace("_", " ")
            entry = (shown, dimension, factor)
            for word in {shown, shown.replace("meter", "metre").replace("liter", "litre")}:
                names.setdefault(word, entry)
                names.setdefault(_plural(word), entry)
            symbol = str(registry.get_symbol(full))
            if symbol in NOT_SYMBOLS or (len(symbol) == 1 and symbol not in ONE_LETTER):
                continue
            symbols.setdefault(symbol.replace("µ", "μ"), entry)
            symbols.setdefault(symbol.replace("μ", "µ"), entry)
            if symbol.endswith("l") and unit == "liter":
                symbols.setdefault(symbol[:-1] + "L", entry)
    for unit, prefixes in POWERS.items():
        for prefix in ("", *prefixes):
            full = prefix + unit
            symbol = str(registry.get_symbol(full))
            shown = full.replace("_", " ")
            for power, dimension, word, after in ((2, "area", "square", "squared"),
                                                  (3, "volume", "cubic", "cubed")):  # fmt: skip
                canonical = CANONICAL[dimension][0]
                factor = float(registry.Quantity(1, f"{full} ** {power}").to(canonical).magnitude)
                entry = (f"{word} {shown}", dimension, factor)
                for base in {shown, shown.replace("meter", "metre")}:
                    names.setdefault(f"{word} {base}", entry)
                    names.setdefault(f"{word} {_plural(base)}", entry)
                    names.setdefault(f"{base} {after}", entry)
                    names.setdefault(f"{_plural(base)} {after}", entry)
                mark = "²" if power == 2 else "³"
                for written in (f"{symbol}{mark}", f"{symbol}{power}", f"{symbol}^{power}"):
                    symbols.setdefault(written, entry)
                    names.setdefault(f"{symbol} {after}", entry)
    return names, symbols


def main() -> None:
    import pint

    names, symbols = build()
    lines = [
        f'"""Units from pint {pint.__version__}\'s definitions, by make_units.py: do not edit.',
        "",
        "Each entry: (name as shown, dimension, factor to the dimension's canonical unit).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "CANONICAL = {",
        *(f"    {d!r}: {shown!r}," for d, (_, shown) in CANONICAL.items()),
        "}",
        "NAMES: dict[str, tuple[str, str, float]] = {",
        *(f"    {k!r}: {v!r}," for k, v in sorted(names.items())),
        "}",
        "SYMBOLS: dict[str, tuple[str, str, float]] = {",
        *(f"    {k!r}: {v!r}," for k, v in sorted(symbols.items())),
        "}",
        "",
    ]
    target = Path(__file__).with_name("unit_table.py")
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {target}: {len(names)} names, {len(symbols)} symbols")


if __name__ == "__main__":
    main()
