"""Norwegian (bokmål) formatting of dates, times, counts and kroner.

Every screen and export should say a date or an amount the same way, and the locale
module cannot be trusted for that: a shared server may lack the ``nb_NO`` locale, and
``setlocale`` is process-wide. So the few words we need are spelled out here.
"""

from __future__ import annotations

import datetime as dt

#: Separates groups of thousands and the amount from "kr". A non-breaking space keeps
#: an amount on one line and is one cell wide in every terminal.
NBSP = "\u00a0"

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def weekday_name(day: dt.date) -> str:
    """The weekday in lower case, as Norwegian writes it: ``"torsdag"``."""
    return WEEKDAYS[day.weekday()]


def month_name(month: int) -> str:
    """The name of a month (1–12) in lower case: ``"november"``."""
    return MONTHS[month - 1]


def long_date(day: dt.date, *, weekday: bool = True) -> str:
    """``"søndag 22. november 2026"``, or ``"22. november 2026"`` without the weekday."""
    text = f"{day.day}. {month_name(day.month)} {day.year}"
    return f"{weekday_name(day)} {text}" if weekday else text


def short_date(day: dt.date) -> str:
    """The numeric form used in tables and minutes: ``"22.11.2026"``."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def clock(time: dt.time) -> str:
    """A time of day with the Norwegian full stop: ``"09.00"``."""
    return f"{time.hour:02d}.{time.minute:02d}"


def time_span(start: dt.time | None, end: dt.time | None) -> str:
    """``"kl. 09.00–15.00"``, ``"kl. 09.00"`` or ``""`` when the start is unknown."""
    if start is None:
        return ""
    if end is None:
        return f"kl. {clock(start)}"
    return f"kl. {clock(start)}–{clock(end)}"


def thousands(amount: int) -> str:
    """An integer with non-breaking spaces between groups of three: ``"1 000 003"``."""
    sign = "-" if amount < 0 else ""
    digits = str(abs(amount))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return sign + NBSP.join(reversed(groups))


def kroner(amount: int) -> str:
    """Whole kroner as users write them: ``"1 000 003 kr"`` (no decimals, ever)."""
    return f"{thousands(amount)}{NBSP}kr"


def count(n: int, singular: str, plural: str) -> str:
    """``"1 sak"``, ``"5 saker"``: the number and the noun in the right form."""
    return f"{thousands(n)} {singular if n == 1 else plural}"


def duration(minutes: int) -> str:
    """A planned length: ``"45 min"``, ``"2 t"``, ``"5 t 30 min"``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} t" if not rest else f"{hours} t {rest} min"


def days_until(day: dt.date, today: dt.date) -> str:
    """How far off a date is, in words: ``"i dag"``, ``"i morgen"``, ``"om 12 dager"``."""
    delta = (day - today).days
    if delta == 0:
        return "i dag"
    if delta == 1:
        return "i morgen"
    if delta == -1:
        return "i går"
    if delta > 0:
        return f"om {delta} dager"
    return f"for {-delta} dager siden"
