"""Calendar dates, clock times, times relative to the article ("next week", "two days ago")
and ages."""

from __future__ import annotations

import datetime as dt
import re

from tui.engine.quantities.numbers import (
    _parse_words,
)
from tui.engine.quantities.patterns import (
    _AFTER_RE,
    _AGED_RE,
    _AGO_TOKENS,
    _AHEAD_TOKENS,
    _BEFORE_RE,
    _CLOCK_RE,
    _COMING,
    _DAY_AFTER_RE,
    _DAY_BEFORE_RE,
    _DAY_TOKENS,
    _DIGIT_AFTER_RE,
    _DIRECTION_BEFORE_RE,
    _HOLIDAY_BEFORE_RE,
    _ISO_RE,
    _MONTHS,
    _PART_BEFORE_RE,
    _PREP_BEFORE_RE,
    _REL_AGO_RE,
    _REL_CALENDAR_RE,
    _REL_DAY_RE,
    _REL_NEXT_RE,
    _REL_WITHIN_RE,
    _SLASH_RE,
    _TITLE_BEFORE_RE,
    _UNIT_DAYS,
    _WEEKDAY_ANCHOR_RE,
    _WEEKDAY_BEFORE_RE,
    _WEEKDAYS,
    _YEAR_AFTER_RE,
    NAN,
)
from tui.engine.quantities.scan import (
    _Scan,
)

# --- dates -------------------------------------------------------------------------------


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()[:3]]


def _last_day(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def _add_date(
    scan: _Scan,
    start: int,
    end: int,
    first: dt.date,
    last: dt.date,
    unit: str,
    value: float | None = None,
    *,
    approximate: bool = False,
    resolved_from: str | None = None,
    text_value: str | None = None,
    precision: float = 1.0,
) -> None:
    a, b = first.toordinal(), last.toordinal()
    if a == b:
        scan.make(
            start,
            end,
            a if value is None else value,
            unit,
            "date",
            float(a),
            "date",
            approximate=approximate,
            precision=precision,
            resolved_from=resolved_from,
            text_value=text_value or first.isoformat(),
        )
        return
    if b < a:
        a, b, first, last = b, a, last, first
    middle = (a + b) / 2
    scan.make(
        start,
        end,
        middle if value is None else value,
        unit,
        "date",
        middle,
        "date",
        low=float(a),
        high=float(b),
        approximate=approximate,
        precision=1.0,
        resolved_from=resolved_from,
        text_value=text_value or f"{first.isoformat()}/{last.isoformat()}",
    )


def _add_unresolved_date(
    scan: _Scan, start: int, end: int, month: int | None, day: int | None, weekday: int | None
) -> None:
    if weekday is not None:
        name = next(k for k, v in _WEEKDAYS.items() if v == weekday).capitalize()
        scan.make(start, end, float(weekday), "weekday", "date", NAN, "date", text_value=name)
    elif month is not None and day is not None:
        scan.make(
            start,
            end,
            float(month * 100 + day),
            "month-day",
            "date",
            NAN,
            "date",
            precision=1.0,
            text_value=f"--{month:02d}-{day:02d}",
        )
    elif month is not None:
        scan.make(
            start, end, float(month), "month", "date", NAN, "date", text_value=f"--{month:02d}"
        )


def _year_note(scan: _Scan) -> str:
    assert scan.date is not None
    return f"year taken from article date {scan.date.isoformat()}"


def _month_dates(scan: _Scan, digits: bool) -> None:
    """ "October 28th, 2025", "28 October", "Oct. 16-17", "February 2022", "mid-August"."""
    text = scan.text
    for mm in scan.months:
        start, end = mm.start(), mm.end()
        if not scan.free(start, end):
            continue
        month = _month_number(mm["mon"])
        window = max(0, start - 24)
        part = _PART_BEFORE_RE.search(text, window, start)
        if part is not None and scan.free(part.start(), start):
            year_m = _YEAR_AFTER_RE.match(text, end) if digits else None
            _part_month(
                scan,
                part.start(),
                year_m.end() if year_m else end,
                month,
                int(year_m["y"]) if year_m else None,
                part["part"],
            )
            continue
        if not digits:
            continue
        after = _DAY_AFTER_RE.match(text, end)
        if after is not None and scan.free(end, after.end()):
            first = _weekday_start(scan, start)
            _day_match(scan, first, after.end(), month, after["d"], after["d2"], after["y"])
            continue
        before = _DAY_BEFORE_RE.search(text, window, start)
        if before is not None and scan.free(before.start(), start):
            year_m = _YEAR_AFTER_RE.match(text, end)
            first = _weekday_start(scan, before.start())
            _day_match(
                scan,
                first,
                year_m.end() if year_m else end,
                month,
                before["d"],
                before["d2"],
                year_m["y"] if year_m else None,
            )
            continue
        year_m = _YEAR_AFTER_RE.match(text, end)
        if year_m is not None and scan.free(end, year_m.end()):
            year = int(year_m["y"])
            first_day = dt.date(year, month, 1)
            last_day = dt.date(year, month, _last_day(year, month))
            _add_date(
                scan,
                start,
                year_m.end(),
                first_day,
                last_day,
                "month",
                text_value=f"{year}-{month:02d}",
            )


def _weekday_start(scan: _Scan, start: int) -> int:
    """Where a date begins when a weekday stands before it ("Thursday, October 16")."""
    weekday = _WEEKDAY_BEFORE_RE.search(scan.text, max(0, start - 12), start)
    if weekday is not None and scan.free(weekday.start(), start):
        return weekday.start()
    return start


def _numeric_dates(scan: _Scan) -> None:
    """ "2025-10-17", "10/17/2025" (read month first unless that cannot be)."""
    text = scan.text
    for m in _ISO_RE.finditer(text) if "-" in text else ():
        if not scan.free(m.start(), m.end()):
            continue
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        _add_date(scan, m.start(), m.end(), day, day, "date")
    for m in _SLASH_RE.finditer(text) if "/" in text else ():
        if not scan.free(m.start(), m.end()):
            continue
        a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        month, day_n = (a, b) if a <= 12 else (b, a)  # month/day unless that cannot be
        try:
            day = dt.date(year, month, day_n)
        except ValueError:
            continue
        _add_date(scan, m.start(), m.end(), day, day, "date")


def _day_match(
    scan: _Scan,
    start: int,
    end: int,
    month: int,
    day_text: str,
    day2_text: str | None,
    year_text: str | None,
) -> None:
    day, day2 = int(day_text), int(day2_text) if day2_text else None
    if not 1 <= day <= 31 or (day2 is not None and not day < day2 <= 31):
        return
    year = int(year_text) if year_text else None
    note = None
    if year is None and scan.date is not None:
        year, note = scan.date.year, _year_note(scan)
    if year is None:
        try:
            dt.date(2000, month, day)  # a leap year accepts every real month-day
        except ValueError:
            return
        # (a range of days with no year keeps its first day)
        _add_unresolved_date(scan, start, end, month, day, None)
        return
    try:
        first = dt.date(year, month, day)
        last = dt.date(year, month, day2) if day2 else first
    except ValueError:
        return
    _add_date(scan, start, end, first, last, "date", resolved_from=note)


def _part_month(
    scan: _Scan, start: int, end: int, month: int, year: int | None, part_text: str
) -> None:
    note = None
    if year is None and scan.date is not None:
        year, note = scan.date.year, _year_note(scan)
    if year is None:
        _add_unresolved_date(scan, start, end, month, None, None)
        return
    part = " ".join(part_text.lower().split())
    end_day = _last_day(year, month)
    if part == "mid":
        days = (11, 20)
    elif part == "early" or "beginning" in part or "start" in part:
        days = (1, 10)
    else:
        days = (21, end_day)
    first, last = dt.date(year, month, days[0]), dt.date(year, month, days[1])
    _add_date(
        scan,
        start,
        end,
        first,
        last,
        "part-month",
        resolved_from=note,
        text_value=f"{first.isoformat()}/{last.isoformat()}",
    )


def _bare_months(scan: _Scan) -> None:
    """ "in August", "since January", "last March": a month named without a day."""
    text = scan.text
    for mm in scan.months:
        start, end = mm.start(), mm.end()
        if not scan.free(start, end) or _DIGIT_AFTER_RE.match(text, end):
            continue
        before = _PREP_BEFORE_RE.search(text, max(0, start - 14), start)
        if before is None:
            continue
        prep = before["prep"].lower()
        if mm["mon"].startswith("May") and prep in {"and", "or", "to", "by", "this", "next"}:
            continue  # a person's name or the verb, more often than the month
        if prep in {"last", "next", "this"}:
            start = before.start()
            if not scan.free(start, end):
                continue
        month = _month_number(mm["mon"])
        if scan.date is None:
            _add_unresolved_date(scan, start, end, month, None, None)
            continue
        year = scan.date.year
        if prep == "last" and month >= scan.date.month:
            year -= 1
        elif prep == "next" and month <= scan.date.month:
            year += 1
        if not 1 <= year <= 9999:
            continue
        first = dt.date(year, month, 1)
        last = dt.date(year, month, _last_day(year, month))
        note = (
            f"relative to article date {scan.date.isoformat()}"
            if prep in {"last", "next", "this"}
            else _year_note(scan)
        )
        _add_date(
            scan,
            start,
            end,
            first,
            last,
            "month",
            float(month),
            resolved_from=note,
            text_value=f"{year}-{month:02d}",
        )


def _weekdays(scan: _Scan) -> None:
    """ "on Thursday", "last Friday": the nearest such day to the article date."""
    text = scan.text
    for m in _WEEKDAY_ANCHOR_RE.finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and text[start - 1].isalpha():
            continue
        window = max(0, start - 10)
        if not scan.free(start, end) or _HOLIDAY_BEFORE_RE.search(text, window, start):
            continue
        before = _DIRECTION_BEFORE_RE.search(text, window, start)
        direction = ""
        if before is not None and scan.free(before.start(), start):
            direction, start = before["dir"].lower(), before.start()
        name = m.group()
        weekday = _WEEKDAYS[name.lower()]
        if scan.date is None:
            _add_unresolved_date(scan, start, end, None, None, weekday)
            continue
        delta = weekday - scan.date.isoweekday()
        if direction == "last":
            delta = delta - 7 if delta >= 0 else delta
        elif direction in {"next", "coming"}:
            delta = delta + 7 if delta <= 0 else delta
        elif delta > 3:
            delta -= 7
        elif delta < -3:
            delta += 7
        try:
            day = scan.date + dt.timedelta(days=delta)
        except OverflowError:
            continue
        note = f"nearest {name} to article date {scan.date.isoformat()}"
        if direction:
            note = f"{direction} {name} from article date {scan.date.isoformat()}"
        _add_date(
            scan,
            start,
            end,
            day,
            day,
            "weekday",
            float(weekday),
            approximate=True,
            resolved_from=note,
        )


# --- clock times -------------------------------------------------------------------------


def _clock_times(scan: _Scan) -> None:
    """ "10:30 a.m.", "3 p.m.", "0335 GMT": minutes after midnight, zone kept as the unit."""
    for m in _CLOCK_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        if m["hm"]:
            hour, minute, ampm, zone = int(m["hm"][:2]), int(m["hm"][2:]), None, m["tz3"]
        elif m["h2"]:
            hour, minute, ampm, zone = int(m["h2"]), 0, m["ap2"], m["tz2"]
        else:
            hour, minute, ampm, zone = int(m["h"]), int(m["mi"]), m["ap"], m["tz"]
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
        elif hour > 24:
            continue
        minutes = hour * 60 + minute
        label = f"{hour:02d}:{minute:02d}" + (f" {zone}" if zone else "")
        scan.make(
            m.start(),
            m.end(),
            float(minutes),
            zone or "local",
            "clock",
            float(minutes),
            "min",
            precision=1.0,
            text_value=label,
        )


# --- relative times ----------------------------------------------------------------------


def _count_text(raw: str | None) -> tuple[float, float, bool] | None:
    """How many units a relative phrase counts: (low, high, vague)."""
    if raw is None:
        return None
    words = " ".join(raw.lower().split())
    if words in {"a", "an"}:
        return 1.0, 1.0, False
    if words in {"a few", "few", "several"}:
        return 2.0, 5.0, True
    if words in {"a couple", "a couple of"}:
        return 2.0, 3.0, True
    value = _number_text_value(words)
    if value is None:
        return None
    return value, value, False


def _number_text_value(words: str) -> float | None:
    fraction = 0.0
    for tail, part in ((" and a half", 0.5), ("-and-a-half", 0.5), (" and a quarter", 0.25)):
        if words.endswith(tail):
            words, fraction = words[: -len(tail)], part
    if words[:1].isdigit():
        try:
            return float(words) + fraction
        except ValueError:
            return None
    parsed = _parse_words(words)
    return None if parsed is None else parsed[0] + fraction


def _relative_times(scan: _Scan, tokens: set[str]) -> None:
    """ "next week", "within two weeks", "two months ago", "yesterday": against the article."""
    text = scan.text
    ahead = not tokens.isdisjoint(_AHEAD_TOKENS)
    if ahead and "the" in tokens:
        for m in _REL_NEXT_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _next_units(scan, m)
    if "in" in tokens or "within" in tokens:
        for m in _REL_WITHIN_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _within_units(scan, m)
    if not tokens.isdisjoint(_AGO_TOKENS):
        for m in _REL_AGO_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _units_ago(scan, m)
    if not tokens.isdisjoint(_DAY_TOKENS):
        for m in _REL_DAY_RE.finditer(text):
            if not scan.free(m.start(), m.end()):
                continue
            if m["w"] == "Today" and _TITLE_BEFORE_RE.search(
                text, max(0, m.start() - 30), m.start()
            ):
                continue  # a title such as a newspaper's name
            word = " ".join(m["w"].lower().split())
            offset = {"yesterday": -1.0, "last night": -1.0, "tomorrow": 1.0}.get(word, 0.0)
            _add_offset(scan, m.start(), m.end(), offset, "day", offset, offset)
    if ahead or "this" in tokens:
        for m in _REL_CALENDAR_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _calendar(scan, m)


def _next_units(scan: _Scan, m: re.Match[str]) -> None:
    """ "in the next two weeks", "in the coming weeks", "over the past year"."""
    unit = m["unit"].lower()
    counted = _count_text(m["n"])
    if counted is None:  # "the coming weeks" is vague; "the next week" is one
        counted = (0.0, _COMING[unit] / _UNIT_DAYS[unit], True) if m["pl"] else (1.0, 1.0, False)
    _, high_n, vague = counted
    span = high_n * _UNIT_DAYS[unit]
    past = m["dir"].lower() in {"past", "last", "previous"}
    lo, hi = (-span, 0.0) if past else (0.0, span)
    end = _after_end(scan, m.end())
    approximate = vague or end > m.end()
    _add_offset(scan, m.start(), end, high_n, unit, lo, hi, approximate=approximate)


_LOOKBACK_RE = re.compile(
    r"\b(?:first|time|times|highest|lowest|most|least|best|worst|biggest|largest|smallest|"
    r"record|ever|only|once|twice|never|no)\b[^.;:!?]*\Z",
    re.I,
)


def _within_units(scan: _Scan, m: re.Match[str]) -> None:
    """ "within two weeks", "in two weeks' time", "within a day"."""
    unit = m["unit"].lower()
    if (
        m["prep"].lower() == "in"
        and unit == "year"
        and _LOOKBACK_RE.search(scan.text, max(0, m.start() - 50), m.start())
    ):
        return  # "the first time in two years" looks back; "in two years" alone looks ahead
    counted = _count_text(m["n"])
    if counted is None:
        return
    _, high_n, vague = counted
    start, end = _before_start(scan, m.start()), _after_end(scan, m.end())
    approximate = vague or start < m.start() or end > m.end()
    _add_offset(scan, start, end, high_n, unit, 0.0, high_n * _UNIT_DAYS[unit],
                approximate=approximate)  # fmt: skip


def _units_ago(scan: _Scan, m: re.Match[str]) -> None:
    """ "two weeks ago" (from the article), "a day before" (from an event in the text)."""
    unit = m["unit"].lower()
    counted = (1.0, 1.0, False) if m["the"] else _count_text(m["n"])
    if counted is None:
        return
    low_n, high_n, vague = counted
    direction = " ".join(m["dir"].lower().split())
    sign = 1.0 if direction in {"from now", "later", "after"} else -1.0
    start, end = _before_start(scan, m.start()), _after_end(scan, m.end())
    lo, hi = sorted((sign * low_n * _UNIT_DAYS[unit], sign * high_n * _UNIT_DAYS[unit]))
    _add_offset(scan, start, end, high_n, unit, lo, hi,
                approximate=vague or start < m.start() or end > m.end(),
                event=direction not in {"ago", "from now"}, precision=_UNIT_DAYS[unit])  # fmt: skip


def _before_start(scan: _Scan, start: int) -> int:
    """Where a hedge such as "about" that stands before `start` begins (else `start`)."""
    before = _BEFORE_RE.search(scan.text, max(0, start - 24), start)
    if before and before["approx"] and scan.free(before.start(), start):
        return before.start()
    return start


def _after_end(scan: _Scan, end: int) -> int:
    after = _AFTER_RE.match(scan.text, end)
    if after and (after["so"] or after["vague"]) and scan.free(end, after.end()):
        return after.end()
    return end


def _add_offset(
    scan: _Scan,
    start: int,
    end: int,
    value: float,
    unit: str,
    low_days: float,
    high_days: float,
    *,
    approximate: bool = False,
    event: bool = False,
    precision: float = 1.0,
) -> None:
    """A time relative to the article (or, with `event`, to something the text mentions)."""
    if event or scan.date is None:
        dimension = "interval" if event else "time-offset"
        if low_days == high_days:
            scan.make(
                start,
                end,
                value,
                unit,
                dimension,
                low_days,
                "d",
                approximate=approximate,
                precision=precision,
            )
        else:
            middle = (low_days + high_days) / 2
            scan.make(
                start,
                end,
                value,
                unit,
                dimension,
                middle,
                "d",
                low=low_days,
                high=high_days,
                approximate=approximate,
                precision=precision,
            )
        return
    try:
        first = scan.date + dt.timedelta(days=round(low_days))
        last = scan.date + dt.timedelta(days=round(high_days))
    except OverflowError:
        return
    note = f"relative to article date {scan.date.isoformat()}"
    text_value = None
    if precision > 1 and first == last:
        text_value = first.isoformat()
    _add_date(
        scan,
        start,
        end,
        first,
        last,
        unit,
        value,
        approximate=approximate,
        resolved_from=note,
        text_value=text_value,
        precision=precision,
    )


def _calendar(scan: _Scan, m: re.Match[str]) -> None:
    """ "this year", "next week", "last month", "earlier this year": calendar periods."""
    direction, unit = m["dir"].lower(), m["unit"].lower()
    pre = (m["pre"] or "").lower()
    shift = {"next": 1, "last": -1}.get(direction, 0)
    if scan.date is None:
        length = {"week": 7, "weekend": 7, "month": 31, "year": 366}[unit]
        if direction == "past":
            lo, hi = -float(length), 0.0
        elif direction == "coming":
            lo, hi = 0.0, float(length)
        elif shift:
            lo, hi = (1.0, 2.0 * length - 1) if shift > 0 else (1.0 - 2 * length, -1.0)
        else:
            lo, hi = -length + 1.0, length - 1.0
        if pre == "earlier":
            hi = min(hi, 0.0)
        elif pre == "later":
            lo = max(lo, 0.0)
        _add_offset(scan, m.start(), m.end(), 1.0, unit, lo, hi)
        return
    day = scan.date
    try:
        if direction == "past":
            length = {"week": 7, "weekend": 7, "month": 30, "year": 365}[unit]
            first, last = day - dt.timedelta(days=length), day
        elif direction == "coming":
            length = {"week": 7, "weekend": 7, "month": 30, "year": 365}[unit]
            first, last = day, day + dt.timedelta(days=length)
        elif unit in {"week", "weekend"}:
            monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=shift)
            first = monday + dt.timedelta(days=5 if unit == "weekend" else 0)
            last = monday + dt.timedelta(days=6)
        elif unit == "month":
            month_index = day.year * 12 + day.month - 1 + shift
            year, month = divmod(month_index, 12)
            month += 1
            first = dt.date(year, month, 1)
            last = dt.date(year, month, _last_day(year, month))
        else:
            first, last = dt.date(day.year + shift, 1, 1), dt.date(day.year + shift, 12, 31)
    except (ValueError, OverflowError):
        return
    if pre == "earlier":
        last = min(last, day)
    elif pre == "later":
        first = max(first, day)
    note = f"relative to article date {day.isoformat()}"
    text_value = None
    if unit == "month" and direction not in {"past", "coming"} and not pre:
        text_value = f"{first.year}-{first.month:02d}"
    elif unit == "year" and direction not in {"past", "coming"} and not pre:
        text_value = f"{first.year}"
    _add_date(
        scan, m.start(), m.end(), first, last, unit, 1.0, resolved_from=note, text_value=text_value
    )


# --- ages --------------------------------------------------------------------------------


def _ages(scan: _Scan) -> None:
    """ "aged 79" (the "79-year-old" form is read with the number that starts it)."""
    for m in _AGED_RE.finditer(scan.text):
        if scan.free(m.start(), m.end()):
            value = float(m["n"])
            scan.make(m.start(), m.end(), value, "year", "age", value, "years", precision=1.0)
