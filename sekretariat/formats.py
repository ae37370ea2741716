"""Norwegian (bokmål, and for documents nynorsk) dates, times, counts, kroner, percentages and case numbers:
written here, and read back here from what people type.

Every screen, dialog, export and command says a date or an amount the same way, and
accepts it typed the same way: a date typed in one dialog is a date in every dialog and
on the command line. The locale module cannot be trusted for this: a shared server may
lack the ``nb_NO`` locale, and ``setlocale`` is process-wide. So the few words and
patterns we need are spelled out here.
"""

from __future__ import annotations

import datetime as dt
import re

from sekretariat import limits
from sekretariat.errors import UserError, shown
from sekretariat.translator import N_, ui

#: Separates groups of thousands and the amount from "kr". A non-breaking space keeps
#: an amount on one line and is one cell wide in every terminal.
NBSP = "\u00a0"

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
#: The weekdays in nynorsk (Nynorskordboka; «tysdag», «laurdag», «sundag» are the only
#: nynorsk forms). The months are written alike in both standards.
WEEKDAYS_NN = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag")
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


def weekday_name(day: dt.date, lang: str = "nb") -> str:
    """The weekday in lower case, as Norwegian writes it: ``"torsdag"``; ``lang="nn"``
    gives nynorsk (``"måndag"``, ``"tysdag"``, ``"laurdag"``, ``"sundag"``)."""
    return (WEEKDAYS_NN if lang == "nn" else WEEKDAYS)[day.weekday()]


def month_name(month: int, lang: str = "nb") -> str:
    """The name of a month (1–12) in lower case: ``"november"`` (alike in nynorsk)."""
    return MONTHS[month - 1]


def long_date(day: dt.date, *, weekday: bool = True, lang: str = "nb") -> str:
    """``"søndag 22. november 2026"``, or ``"22. november 2026"`` without the weekday;
    ``lang="nn"``: ``"sundag 22. november 2026"``."""
    text = f"{day.day}. {month_name(day.month, lang)} {day.year}"
    return f"{weekday_name(day, lang)} {text}" if weekday else text


def short_date(day: dt.date) -> str:
    """The numeric form used in tables and minutes: ``"22.11.2026"``."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def compact_date(day: dt.date) -> str:
    """The numeric form with a two-digit year, for narrow table columns: ``"22.11.26"``."""
    return f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}"


def day_month(day: dt.date) -> str:
    """Day and month only, where the year is plain from the context: ``"22.11."``."""
    return f"{day.day:02d}.{day.month:02d}."


def clock(time: dt.time, *, seconds: bool = False) -> str:
    """A time of day with the Norwegian full stop: ``"09.00"`` (``"09.00.05"``)."""
    text = f"{time.hour:02d}.{time.minute:02d}"
    return f"{text}.{time.second:02d}" if seconds else text


def moment(at: dt.datetime, *, compact: bool = False) -> str:
    """A point in time in local time: ``"22.11.2026 kl. 10.42"``, compact ``"22.11.26 10.42"``.

    An aware time (the audit log's UTC stamps) is shown in the machine's time zone.
    """
    local = at.astimezone() if at.tzinfo is not None else at
    if compact:
        return f"{compact_date(local.date())} {clock(local.time())}"
    return f"{short_date(local.date())} kl. {clock(local.time())}"


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


def decimal(value: float, places: int = 1) -> str:
    """A number with a decimal comma: ``decimal(612.4) == "612,4"``."""
    return f"{value:.{places}f}".replace(".", ",")


def percent(basis_points: int) -> str:
    """A stored percentage (basis points, 1 % = 100): 3500 → ``"35 %"``, 1250 → ``"12,5 %"``."""
    return f"{percent_number(basis_points)} %"


def percent_number(basis_points: int) -> str:
    """The number of a stored percentage, as typed into a field: 1250 → ``"12,5"``."""
    whole, rest = divmod(basis_points, 100)
    return str(whole) if not rest else f"{whole},{rest:02d}".rstrip("0")


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` with one decimal, rounded half up: ``"12,3 %"`` (``"–"`` of 0)."""
    if whole <= 0:
        return "–"
    tenths = (part * 1000 * 2 + whole) // (2 * whole)
    return f"{tenths // 10},{tenths % 10} %"


def count(n: int, singular: str, plural: str) -> str:
    """``"1 sak"``, ``"5 saker"``: the number and the noun in the right form."""
    return f"{thousands(n)} {singular if n == 1 else plural}"


_NUMBER_WORDS = ("null", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti")
_NUMBER_WORDS_NN = ("null", "eitt", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti")


def years_in_words(n: int, lang: str = "nb") -> str:
    """A length in years as a sentence says it: ``"ett år"``, ``"to år"``, ``"12 år"``
    (nynorsk ``"eitt år"``)."""
    words = _NUMBER_WORDS_NN if lang == "nn" else _NUMBER_WORDS
    return f"{words[n] if 0 <= n < len(words) else thousands(n)} år"


def listing(words: list[str] | tuple[str, ...]) -> str:
    """Words as a sentence lists them: ``"a"``, ``"a og b"``, ``"a, b og c"``."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " og " + words[-1]


def duration(minutes: int) -> str:
    """A planned length: ``"45 min"``, ``"2 t"``, ``"5 t 30 min"``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} t" if not rest else f"{hours} t {rest} min"


def case_number(number: int | None, year: int) -> str:
    """An agenda item's number in its year: ``"01/27"``; ``""`` while it has none.

    Numbers are given when the summons goes out, counting from 1 each year, so 0 (like
    None) is an item not numbered yet.
    """
    if not number:
        return ""
    return f"{number:02d}/{year % 100:02d}"


def case_label(number: int | None, year: int) -> str:
    """``"Sak 01/27"``, as agendas, minutes and tables name an item; ``""`` without a number."""
    found = case_number(number, year)
    return f"Sak {found}" if found else ""


def days_until(day: dt.date, today: dt.date, lang: str = "nb") -> str:
    """How far off a date is, in words: ``"i dag"``, ``"i morgen"``, ``"om 12 dager"``;
    ``lang="nn"``: ``"i morgon"``, ``"om 12 dagar"``, ``"for 3 dagar sidan"``."""
    delta = (day - today).days
    nynorsk = lang == "nn"
    if delta == 0:
        return "i dag"
    if delta == 1:
        return "i morgon" if nynorsk else "i morgen"
    if delta == -1:
        return "i går"
    if delta > 0:
        return f"om {delta} dagar" if nynorsk else f"om {delta} dager"
    return f"for {-delta} dagar sidan" if nynorsk else f"for {-delta} dager siden"


# -- reading what people type ------------------------------------------------------------


class NotUnderstood(UserError, ValueError):
    """Typed text that is not a date, a time or an amount: one Norwegian sentence.

    Both a ``UserError`` (shown as is, never a traceback) and a ``ValueError`` (what a
    parser raises: argparse and the settings form catch that).
    """


def _number(digits: str) -> int | None:
    """Plain digits 0–9 as a number, or None: not digits (``"²"`` is a digit to Python,
    but not a number), or more digits than any number within the limits has."""
    if not (digits.isascii() and digits.isdigit()) or len(digits) > limits.MAX_DIGITS:
        return None
    return int(digits)


#: What the date fields and the command line suggest.
DATE_HINT = N_("skriv DD.MM.ÅÅÅÅ, for eksempel 22.11.2026")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> dt.date:
    """A date as people type it: ``22.11.2026``, ``1.2.2027``, ``1.2.27`` or ``2027-02-01``.

    A two-digit year is in this century. Anything else, or a day the calendar does not
    have (``31.02.2027``), is refused with a sentence that quotes what was typed.
    """
    raw = text.strip()
    found = _DOTTED_DATE.fullmatch(raw)
    if found:
        day, month, year = (int(g) for g in found.groups())
        if len(found.group(3)) == 2:
            year += 2000
    else:
        found = _ISO_DATE.fullmatch(raw)
        if found is None:
            raise NotUnderstood(
                ui("«{value}» er ikke en dato; {hint}.").format(
                    value=shown(raw), hint=ui(DATE_HINT)
                )
                if raw
                else ui("Datoen mangler; {hint}.").format(hint=ui(DATE_HINT))
            )
        year, month, day = (int(g) for g in found.groups())
    try:
        found_date = dt.date(year, month, day)
    except ValueError:
        raise NotUnderstood(
            ui("«{value}» er ikke en dato som finnes; {hint}.").format(
                value=shown(raw), hint=ui(DATE_HINT)
            )
        ) from None
    if not limits.FIRST_YEAR <= year <= limits.LAST_YEAR:
        raise NotUnderstood(
            ui("«{value}» er utenfor årene {first}–{last}; {hint}.").format(
                value=shown(raw), first=limits.FIRST_YEAR, last=limits.LAST_YEAR, hint=ui(DATE_HINT)
            )
        )
    return found_date


_TIME = re.compile(r"(\d{1,2})[.:]?(\d{2})")


def parse_time(text: str) -> dt.time:
    """A time of day: ``09.00``, ``9.00``, ``9:30`` or ``0930``."""
    raw = text.strip()
    found = _TIME.fullmatch(raw)
    if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise NotUnderstood(
            ui("«{value}» er ikke et klokkeslett; skriv TT.MM, for eksempel 09.00.").format(
                value=shown(raw)
            )
        )
    return dt.time(int(found.group(1)), int(found.group(2)))


def parse_minutes(text: str, *, least: int = 0, most: int = limits.MAX_MINUTES) -> int:
    """A whole number of minutes between ``least`` and ``most`` (an agenda item: 0–600)."""
    number = _number(text.strip())
    if number is None or not least <= number <= most:
        raise NotUnderstood(
            ui("Tiden må være et helt antall minutter ({least}–{most}).").format(
                least=least, most=most
            )
        )
    return number


#: Spaces people and spreadsheets put between groups of digits (and the underscore of
#: the command line, ``1_200_000``).
_GROUP_SEPARATORS = re.compile(r"[\s\u00a0\u202f\u2009_]+")
_DOTTED_GROUPS = re.compile(r"\d{1,3}(\.\d{3})+")


def parse_kroner(text: str, what: str | None = None) -> int:
    """Whole kroner as people type them: ``"1 200 000"``, ``"1.200.000"``, ``"950000 kr"``.

    Groups of thousands may be set off by spaces (plain or non-breaking), underscores or
    full stops, but must be groups of three. Decimals, negative amounts, text and an
    empty field are refused with a sentence that quotes what was typed; ``what`` names the
    amount in it (``"Budsjettet"``; ``"Beløpet"`` when not given).
    """
    what = what or ui("Beløpet")
    raw = text.strip()
    body = raw.removesuffix(",-").strip().removesuffix("kr").strip()
    groups = _GROUP_SEPARATORS.split(body)
    if len(groups) > 1 and not (
        1 <= len(groups[0].lstrip("-")) <= 3 and all(len(g) == 3 for g in groups[1:])
    ):
        raise NotUnderstood(ui("«{value}» er ikke et helt kronebeløp.").format(value=shown(raw)))
    cleaned = "".join(groups)
    if _DOTTED_GROUPS.fullmatch(cleaned.lstrip("-")):
        cleaned = cleaned.replace(".", "")
    if cleaned.startswith("-") and _number(cleaned[1:]) is not None:
        raise NotUnderstood(
            ui("{what} kan ikke være negativt ({value}).").format(what=what, value=shown(raw))
        )
    amount = _number(cleaned)
    if amount is None and cleaned.isascii() and cleaned.isdigit():
        amount = limits.MAX_KRONER + 1  # too many digits to read: too large, as it says
    if amount is None:
        raise NotUnderstood(
            ui("«{value}» er ikke et helt kronebeløp.").format(value=shown(raw))
            if raw
            else ui("{what} mangler.").format(what=what)
        )
    if amount > limits.MAX_KRONER:
        raise NotUnderstood(
            ui("{what} er urimelig stort ({value}); høyst {most}.").format(
                what=what, value=shown(raw), most=kroner(limits.MAX_KRONER)
            )
        )
    return amount


_PERCENT = re.compile(r"-?\d+([.,]\d+)?")


def parse_percent(text: str) -> float | int:
    """The number of a percentage as typed: ``"35"``, ``"12,5"``, ``"12.5 %"`` → 35, 12.5.

    Whether it may be stored (at most 100, two decimals) is ``values.percent``'s rule.
    """
    raw = text.strip()
    number = raw.removesuffix("%").strip()
    if not _PERCENT.fullmatch(number) or len(number) > limits.MAX_DIGITS:
        raise NotUnderstood(ui("«{value}» er ikke et prosenttall.").format(value=shown(raw)))
    return float(number.replace(",", ".")) if "," in number or "." in number else int(number)


_YEARS = re.compile(r"(\d+)\s*(år)?", re.IGNORECASE)


def parse_years(text: str) -> int:
    """A length in whole years as typed: ``"2"``, ``"2 år"``, ``"3år"``: 1 to the limit."""
    raw = text.strip()
    found = _YEARS.fullmatch(raw)
    number = _number(found.group(1)) if found else None
    if number is None or not 1 <= number <= limits.MAX_YEARS:
        raise NotUnderstood(
            ui("«{value}» er ikke et antall år; skriv for eksempel «2 år» (1–{most}).").format(
                value=shown(raw), most=limits.MAX_YEARS
            )
        )
    return number


_DECIMAL = re.compile(r"-?\d+([.,]\d+)?")
_GROUPED_DECIMAL = re.compile(r"\d{1,3}([ _\u00a0.]\d{3})+(,\d+)?")


def parse_fte(text: str) -> float | int:
    """FTEs (årsverk) as typed or pasted from a spreadsheet: ``"1524,6"``, ``"1 524,6"``,
    ``"1.524,6"``, ``"1524.6"`` → 1524.6; ``"612"`` → 612.

    A decimal comma or point; groups of thousands set off by spaces or (with a decimal
    comma) full stops. Whether it may be stored (two decimals, not negative) is
    ``values.fte``'s rule.
    """
    raw = text.strip()
    number = raw.replace("\u202f", "\u00a0")
    if _GROUPED_DECIMAL.fullmatch(number) and not (
        "." in number and "," not in number and " " not in number and "\u00a0" not in number
    ):
        number = re.sub(r"[ _\u00a0.]", "", number)
    elif not _DECIMAL.fullmatch(number):
        number = ""
    if not number or len(number) > limits.MAX_DIGITS:
        raise NotUnderstood(
            ui("«{value}» er ikke et tall for årsverk.").format(value=shown(raw))
            if raw
            else ui("Tallet mangler.")
        )
    return float(number.replace(",", ".")) if "," in number or "." in number else int(number)
