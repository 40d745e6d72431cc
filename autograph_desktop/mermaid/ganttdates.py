"""Date arithmetic for Mermaid gantt charts: dayjs-style `dateFormat` parsing, durations and excluded days.

Mermaid parses task dates with dayjs in strict mode, so `2014-1-6` does not match `YYYY-MM-DD`; we compile
the format into one anchored regular expression (linear time on any input) and then validate the calendar
values with `datetime`. Formats without a date part (e.g. `HH:mm`) are placed on 1970-01-01 rather than on
"today" as dayjs does, so the same text always gives the same chart; only relative positions matter.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

REFERENCE_DAY = date(1970, 1, 1)
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
_MONTHS_SHORT = tuple(m.lower() for m in calendar.month_abbr[1:])

_TOKENS = re.compile(r"\[[^\]]*\]|YYYY|YY|Q|MMMM|MMM|MM|M|Do|DDDD|DDD|DD|D|X|x|HH|H|hh|h|A|a|mm|m|SSS|SS|S|ss|s|"
                     r"ZZ|Z|dddd|ddd|dd|d|.", re.S)
_PATTERNS: dict[str, str] = {
    "YYYY": r"[+-]?\d{4}", "YY": r"\d{2}", "Q": r"[1-4]", "MMMM": r"[A-Za-z]+", "MMM": r"[A-Za-z]{3}",
    "MM": r"\d{2}", "M": r"\d{1,2}", "Do": r"\d{1,2}(?:st|nd|rd|th)", "DDDD": r"\d{3}", "DDD": r"\d{1,3}",
    "DD": r"\d{2}", "D": r"\d{1,2}", "X": r"-?\d+(?:\.\d+)?", "x": r"-?\d+", "HH": r"\d{2}", "H": r"\d{1,2}",
    "hh": r"\d{2}", "h": r"\d{1,2}", "A": r"[AaPp][Mm]", "a": r"[AaPp][Mm]", "mm": r"\d{2}", "m": r"\d{1,2}",
    "ss": r"\d{2}", "s": r"\d{1,2}", "SSS": r"\d{3}", "SS": r"\d{2}", "S": r"\d", "ZZ": r"Z|[+-]\d{2}:?\d{2}",
    "Z": r"Z|[+-]\d{2}:?\d{2}", "dddd": r"[A-Za-z]+", "ddd": r"[A-Za-z]{3}", "dd": r"[A-Za-z]{2}", "d": r"[0-6]",
}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|[Mdhmswy])")


class DateError(ValueError):
    """A date that does not exist or is out of range; the message is for the user."""


@dataclass(frozen=True)
class DateFormat:
    """A compiled dayjs format such as `YYYY-MM-DD` or `DD/MM/YYYY HH:mm`."""

    text: str
    regex: re.Pattern[str]
    tokens: tuple[str, ...]

    @property
    def has_date(self) -> bool:
        return any(t in ("YYYY", "YY", "M", "MM", "MMM", "MMMM", "D", "DD", "Do", "DDD", "DDDD", "X", "x", "Q")
                   for t in self.tokens)

    def parse(self, value: str) -> datetime | None:
        """The datetime `value` denotes in this format (strict, like dayjs), or None when it does not match.

        Raises DateError when the text matches the format but names an impossible date (2024-02-30).
        """
        if len(value) > 200:  # no date is this long; don't let a hostile line near the regex
            return None
        match = self.regex.fullmatch(value.strip())
        if match is None:
            return None
        parts = {tok: match.group(f"g{i}") for i, tok in enumerate(self.tokens) if match.group(f"g{i}") is not None}
        return _build(parts, value)


def compile_format(fmt: str) -> DateFormat:
    """Compile a dayjs format; unknown letters are literal, as dayjs treats them."""
    pieces: list[str] = []
    tokens: list[str] = []
    for match in _TOKENS.finditer(fmt.strip()):
        tok = match.group(0)
        if tok.startswith("[") and tok.endswith("]") and len(tok) >= 2:
            pieces.append(re.escape(tok[1:-1]))
        elif tok in _PATTERNS:
            pieces.append(f"(?P<g{len(tokens)}>{_PATTERNS[tok]})")
            tokens.append(tok)
        elif tok.isspace():
            pieces.append(r"\s+")
        else:
            pieces.append(re.escape(tok))
    return DateFormat(fmt.strip(), re.compile("".join(pieces), re.I), tuple(tokens))


def _build(parts: dict[str, str], original: str) -> datetime:
    if "X" in parts or "x" in parts:
        seconds = float(parts["X"]) if "X" in parts else int(parts["x"]) / 1000
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            raise DateError(f"'{original}' is out of range") from None
    has_date = any(k in parts for k in ("YYYY", "YY", "M", "MM", "MMM", "MMMM", "Q", "D", "DD", "Do", "DDD", "DDDD"))
    year = REFERENCE_DAY.year if not has_date else 2000
    if "YYYY" in parts:
        year = int(parts["YYYY"])
    elif "YY" in parts:
        yy = int(parts["YY"])
        year = 1900 + yy if yy > 68 else 2000 + yy
    month = 1
    if "Q" in parts:
        month = (int(parts["Q"]) - 1) * 3 + 1
    for key in ("MM", "M"):
        if key in parts:
            month = int(parts[key])
    for key, names in (("MMMM", _MONTHS), ("MMM", _MONTHS_SHORT)):
        if key in parts:
            name = parts[key].lower()
            found = [i for i, m in enumerate(names, 1) if m == name or (key == "MMMM" and m[:3] == name[:3])]
            if not found:
                raise DateError(f"'{parts[key]}' is not a month name")
            month = found[0]
    day = 1
    for key in ("DD", "D", "Do"):
        if key in parts:
            day = int(re.sub(r"\D", "", parts[key]))
    day_of_year = next((int(parts[k]) for k in ("DDDD", "DDD") if k in parts), None)
    hour = next((int(parts[k]) for k in ("HH", "H", "hh", "h") if k in parts), 0)
    ampm = parts.get("A") or parts.get("a")
    if ampm and ("hh" in parts or "h" in parts):
        if not 1 <= hour <= 12:
            raise DateError(f"hour {hour} is not a 12-hour clock hour")
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    minute = next((int(parts[k]) for k in ("mm", "m") if k in parts), 0)
    second = next((int(parts[k]) for k in ("ss", "s") if k in parts), 0)
    micro = 0
    for key, scale in (("SSS", 1000), ("SS", 10000), ("S", 100000)):
        if key in parts:
            micro = int(parts[key]) * scale
    try:
        if day_of_year is not None:
            result = datetime(year, 1, 1, hour, minute, second, micro) + timedelta(days=day_of_year - 1)
        else:
            result = datetime(year, month, day, hour, minute, second, micro)
    except (ValueError, OverflowError):
        raise DateError(f"'{original.strip()}' is not a real date or time") from None
    zone = parts.get("ZZ") or parts.get("Z")
    if zone and zone.upper() != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        try:
            result -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        except OverflowError:
            raise DateError(f"'{original}' is out of range") from None
    return result


def parse_iso(value: str) -> datetime | None:
    """Mermaid falls back to JavaScript's Date parsing for task starts; ISO 8601 is the portable subset."""
    if len(value) > 200:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


@dataclass(frozen=True)
class Duration:
    """`3d`, `1.5w`, `2M`: fixed-length units become a timedelta, months and years calendar arithmetic."""

    value: float
    unit: str

    def add_to(self, start: datetime) -> datetime:
        """dayjs `add`: days and weeks move whole calendar days (1.5d rounds half up to 2 days), months
        and years whole months (fractions dropped), smaller units exactly."""
        if self.unit in ("M", "y"):
            months = math.trunc(self.value) * (12 if self.unit == "y" else 1)
            return add_months(start, months)
        if self.unit in ("d", "w"):
            days = math.floor(self.value * (7 if self.unit == "w" else 1) + 0.5)
            return start + timedelta(days=days)
        seconds = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[self.unit]
        return start + timedelta(seconds=self.value * seconds)


def parse_duration(text: str) -> Duration | None:
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        return None
    return Duration(float(match.group(1)), match.group(2))


def add_months(start: datetime, months: int) -> datetime:
    """dayjs semantics: Jan 31 + 1 month = the last day of February."""
    total = start.year * 12 + (start.month - 1) + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return start.replace(year=year, month=month + 1, day=day)


@dataclass
class Exclusions:
    """Days that do not count towards a task's duration (`excludes`), minus `includes`."""

    weekends: bool = False
    weekend_start: str = "saturday"
    weekdays: set[int] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)
    includes: set[date] = field(default_factory=set)

    def __bool__(self) -> bool:
        return self.weekends or bool(self.weekdays) or bool(self.dates)

    def excluded_weekdays(self) -> set[int]:
        days = set(self.weekdays)
        if self.weekends:
            days |= {4, 5} if self.weekend_start == "friday" else {5, 6}
        return days

    def is_excluded(self, day: datetime) -> bool:
        d = day.date()
        if d in self.includes:
            return False
        return d.weekday() in self.excluded_weekdays() or d in self.dates


#: Mermaid walks day by day; past this many days we stop extending (a chart of 270 years is not a plan).
MAX_WALK_DAYS = 100_000


def extend_for_exclusions(start: datetime, end: datetime, exclusions: Exclusions) -> tuple[datetime, bool]:
    """Mermaid's rule for duration-based tasks: walking from the day after the start to the (moving) end,
    every excluded day pushes the end one day later. Returns (end, True if the walk was cut short)."""
    if not exclusions:
        return end, False
    step = timedelta(days=1)
    current = start + step
    walked = 0
    while current <= end:
        if exclusions.is_excluded(current):
            end += step
        current += step
        walked += 1
        if walked > MAX_WALK_DAYS:
            return end, True
    return end, False
