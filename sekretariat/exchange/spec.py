"""What each table of the exchange format may contain, and how a value is checked.

The spec is data so that the importer, the exporter and the documentation
(docs/exchange.md) agree; a check returns the value in its stored form or raises
``ValueError`` with a Norwegian explanation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sekretariat.storage import models as m

Check = Callable[[Any], Any]


@dataclass(frozen=True)
class Key:
    check: Check
    required: bool = False
    children: str | None = None  # name of a nested array-of-tables spec


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "sann/usann"
    if isinstance(value, int):
        return "heltall"
    if isinstance(value, float):
        return "desimaltall"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, dt.datetime):
        return "tidspunkt"
    if isinstance(value, dt.date):
        return "dato"
    if isinstance(value, dt.time):
        return "klokkeslett"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "tabell"
    return type(value).__name__


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 100_000


def text(value: Any) -> str:
    """Any text but control characters (tab and line breaks are fine), and not endless."""
    if not isinstance(value, str):
        raise ValueError(f"skal være tekst, fant {_type_name(value)}")
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(
            f"inneholder et kontrolltegn (U+{ord(bad.group()):04X}) som ikke kan lagres"
        )
    if len(value) > MAX_TEXT:
        raise ValueError(f"er for lang ({len(value)} tegn; høyst {MAX_TEXT})")
    return value


def nonempty(value: Any) -> str:
    value = text(value)
    if not value.strip():
        raise ValueError("kan ikke være tom")
    return value


_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def stable_key(value: Any) -> str:
    value = text(value)
    if not _KEY_RE.fullmatch(value):
        raise ValueError(f"«{value}» er ikke en gyldig nøkkel (små bokstaver a–z, sifre, - og _)")
    return value


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"skal være et heltall, fant {_type_name(value)}")
    return value


def nonneg(value: Any) -> int:
    value = integer(value)
    if value < 0:
        raise ValueError("kan ikke være negativ")
    return value


def kroner(value: Any) -> int:
    if isinstance(value, float):
        raise ValueError("beløp skal være hele kroner (heltall)")
    value = integer(value)
    if value < 0:
        raise ValueError("beløp kan ikke være negativt")
    if value > 10**12:
        raise ValueError("beløpet er urimelig stort")
    return value


def positive(value: Any) -> int:
    value = integer(value)
    if value < 1:
        raise ValueError("skal være minst 1")
    return value


def year(value: Any) -> int:
    value = integer(value)
    if not 1990 <= value <= 2200:
        raise ValueError(f"{value} er ikke et rimelig årstall")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"skal være true eller false, fant {_type_name(value)}")
    return value


def date(value: Any) -> dt.date:
    if type(value) is not dt.date:
        raise ValueError(f"skal være en dato (ÅÅÅÅ-MM-DD), fant {_type_name(value)}")
    return value


def time(value: Any) -> dt.time:
    if type(value) is not dt.time:
        raise ValueError(f"skal være et klokkeslett (TT:MM:SS), fant {_type_name(value)}")
    if value.tzinfo is not None:
        raise ValueError("klokkeslett skal være uten tidssone")
    return value


def _hundredths(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"skal være et tall, fant {_type_name(value)}")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("skal være et endelig tall")
    scaled = round(value * 100)
    if abs(value * 100 - scaled) > 1e-6:
        raise ValueError(f"{what} kan ha høyst to desimaler")
    if scaled < 0:
        raise ValueError(f"{what} kan ikke være negativ")
    return scaled


def percent(value: Any) -> int:
    """A percentage, stored in basis points."""
    bp = _hundredths(value, "prosent")
    if bp > 10000:
        raise ValueError("prosent kan ikke være over 100")
    return bp


def fte_table(value: Any) -> dict[int, int]:
    """``{"2026" = 612.4}`` → ``{2026: 61240}`` (hundredths of an FTE)."""
    if not isinstance(value, dict):
        raise ValueError(f"skal være en tabell av år = årsverk, fant {_type_name(value)}")
    out: dict[int, int] = {}
    for k, v in value.items():
        if not re.fullmatch(r"\d{4}", str(k)):
            raise ValueError(f"«{k}» er ikke et årstall")
        try:
            out[year(int(k))] = _hundredths(v, "årsverk")
        except ValueError as exc:
            raise ValueError(f"år {k}: {exc}") from None
    return out


def slots(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ValueError(f"skal være en tabell av gruppe = antall, fant {_type_name(value)}")
    out: dict[str, int] = {}
    for k, v in value.items():
        try:
            out[stable_key(k)] = nonneg(v)
        except ValueError as exc:
            raise ValueError(f"«{k}»: {exc}") from None
    return out


def amounts_table(value: Any) -> dict[str, int]:
    """``{ valdres = 400000 }``: whole kroner per region code."""
    if not isinstance(value, dict):
        raise ValueError(f"skal være en tabell av nettverk = beløp, fant {_type_name(value)}")
    out: dict[str, int] = {}
    for k, v in value.items():
        try:
            out[stable_key(k)] = kroner(v)
        except ValueError as exc:
            raise ValueError(f"«{k}»: {exc}") from None
    return out


def day_month(value: Any) -> tuple[int, int]:
    value = text(value)
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})", value.strip())
    if not match:
        raise ValueError(f"«{value}» er ikke en dag og måned på formen DD.MM")
    day, month = int(match[1]), int(match[2])
    try:
        dt.date(2024, month, day)  # a leap year: 29.02 is allowed
    except ValueError:
        raise ValueError(f"«{value}» er ikke en gyldig dag og måned") from None
    return day, month


def month(value: Any) -> int:
    value = integer(value)
    if not 1 <= value <= 12:
        raise ValueError("måned skal være 1–12")
    return value


def weekday(value: Any) -> int:
    value = integer(value)
    if not 1 <= value <= 7:
        raise ValueError("ukedag skal være 1 (mandag) til 7 (søndag)")
    return value


def weeks(value: Any) -> list[int]:
    if not isinstance(value, list) or not value:
        raise ValueError("skal være en ikke-tom liste av ukenumre")
    out = []
    for w in value:
        w = integer(w)
        if not 1 <= w <= 53:
            raise ValueError(f"uke {w} finnes ikke (1–53)")
        out.append(w)
    if len(set(out)) != len(out):
        raise ValueError("samme uke står flere ganger")
    return sorted(out)


def text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"skal være en liste av tekster, fant {_type_name(value)}")
    return [text(v) for v in value]


def key_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"skal være en liste av nøkler, fant {_type_name(value)}")
    return [stable_key(v) for v in value]


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str:
        value = text(value)
        if value not in choices:
            allowed = ", ".join(f"«{c}»" for c in choices)
            raise ValueError(f"«{value}» er ikke tillatt; bruk {allowed}")
        return value

    return check


def list_of(*choices: str) -> Check:
    single = one_of(*choices)

    def check(value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValueError(f"skal være en liste, fant {_type_name(value)}")
        out = [single(v) for v in value]
        if len(set(out)) != len(out):
            raise ValueError("samme verdi står flere ganger")
        return out

    return check


def table(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"skal være en tabell, fant {_type_name(value)}")
    return value


K = Key

FORUM = {
    "name": K(nonempty, True),
    "county": K(text),
    "secretariat": K(text),
    "fictional": K(boolean),
    "description": K(text),
    "meeting_weekday": K(weekday),
    "meeting_weeks": K(weeks),
    "meeting_start": K(time),
    "meeting_end": K(time),
    "term_years": K(positive),
    "leader_term_years": K(positive),
    "needs_due": K(day_month),
    "templates_month": K(month),
    "working_group": K(slots),
}

ALLOCATION = {
    "code": K(stable_key),
    "name": K(text),
    "common_pct": K(percent),
    "common_recipient": K(text),
    "equalization_pct": K(percent),
    "network_max_pct": K(percent),
    "unit": K(positive),
    "kindergarten_min_pct": K(percent),
    "school_min_pct": K(percent),
    "coordinator_max_pct": K(percent),
    "release_max_pct": K(percent),
    "network_fixed_pct": K(percent),
    "fte_year": K(year),
    "needs_cap": K(boolean),
    "fixed": K(lambda v: amounts_table(v)),
}

#: A further scheme (ordning) of the forum, beside the default one in [allocation].
SCHEME = {**ALLOCATION, "code": K(stable_key, True), "name": K(nonempty, True)}

THEME = {"code": K(stable_key, True), "name": K(nonempty, True)}

REGION = {
    "code": K(stable_key, True),
    "name": K(nonempty, True),
    "kind": K(one_of(*m.REGION_KINDS)),
    "equalization": K(boolean),
    "host": K(text),
    "municipalities": K(text_list),
    "fte": K(fte_table),
}

SEAT = {
    "code": K(stable_key, True),
    "name": K(nonempty, True),
    "count": K(nonneg, True),
    "per_region": K(boolean),
    "regions": K(key_list),
    "voting": K(boolean),
    "leader_eligible": K(boolean),
    "roles": K(list_of("owner", "authority")),
    "sector": K(one_of(*m.SECTORS)),
    "wg_slot": K(text),
    "note": K(text),
}

PERSON = {
    "key": K(stable_key, True),
    "name": K(nonempty, True),
    "email": K(text),
    "phone": K(text),
    "title": K(text),
    "organisation": K(text),
    "municipality": K(text),
    "region": K(stable_key),
    "roles": K(list_of(*m.PERSON_ROLES)),
    "note": K(text),
}

TERM = {
    "person": K(stable_key, True),
    "seat": K(stable_key, True),
    "region": K(stable_key),
    "start": K(date, True),
    "end": K(date),
    "substitute": K(boolean),
    "ended_reason": K(text),
}

OFFICE = {
    "person": K(stable_key, True),
    "role": K(one_of(*m.OFFICE_ROLES), True),
    "slot": K(text),
    "start": K(date, True),
    "end": K(date, True),
    "elected": K(date),
}

PROMPT = {
    "key": K(stable_key, True),
    "title": K(nonempty, True),
    "principle": K(text),
    "question": K(text),
    "method": K(text),
    "minutes": K(nonneg),
}

ACTION = {"what": K(nonempty, True), "owner": K(text), "due": K(date), "done": K(date)}
CONFLICT = {"person": K(stable_key, True), "note": K(text)}

ITEM = {
    "number": K(positive),
    "title": K(nonempty, True),
    "kind": K(one_of(*m.ITEM_KINDS)),
    "minutes": K(nonneg),
    "presenter": K(text),
    "background": K(text),
    "proposal": K(text),
    "decision": K(text),
    "outcome": K(one_of(*m.ITEM_OUTCOMES)),
    "notes": K(text),
    "prompt": K(stable_key),
    "standing": K(one_of(*m.STANDING_ITEMS)),
    "documents": K(text_list),
    "action": K(table, children="meeting.item.action"),
    "conflict": K(table, children="meeting.item.conflict"),
}

ATTENDANCE = {
    "person": K(stable_key, True),
    "status": K(one_of(*m.ATTENDANCE_STATUSES), True),
    "for": K(stable_key),
    "note": K(text),
}

MEETING = {
    "date": K(date, True),
    "start": K(time),
    "end": K(time),
    "place": K(text),
    "video_link": K(text),
    "status": K(one_of(*m.MEETING_STATUSES)),
    "chair": K(stable_key),
    "facilitator": K(stable_key),
    "learning_focus": K(text),
    "reflection": K(text),
    "summons_sent": K(date),
    "minutes_approved": K(date),
    "approved_how": K(one_of(*m.APPROVED_HOW)),
    "item": K(table, children="meeting.item"),
    "attendance": K(table, children="meeting.attendance"),
}

MEASURE = {
    "title": K(nonempty, True),
    "target": K(one_of(*m.MEASURE_TARGETS)),
    "amount": K(kroner),
    "start_year": K(year),
    "end_year": K(year),
}

VERSION = {
    "received": K(date),
    "needs_assessment": K(text),
    "partnership_plan": K(text),
    "own_contribution": K(text),
    "owners": K(text_list),
    "partners": K(text_list),
    "coordinator_amount": K(kroner),
    "release_amount": K(kroner),
    "leftover_amount": K(kroner),
    "network_amount": K(kroner),
    "uh_amount": K(kroner),
    "kindergarten_amount": K(kroner),
    "school_amount": K(kroner),
    "themes": K(key_list),
    "measure": K(table, children="needs_report.measure"),
}

NEEDS_REPORT = {
    "region": K(stable_key, True),
    "year": K(year, True),
    "state": K(one_of(*m.REPORT_STATES)),
    "return_reason": K(text),
    **VERSION,
    "earlier": K(table, children="needs_report.earlier"),
}

RESULT = {
    "region": K(stable_key, True),
    "fte": K(lambda v: _hundredths(v, "årsverk")),
    "key": K(kroner),
    "equalization": K(kroner),
    "requested": K(kroner),
    "allocated": K(kroner),
    "network": K(kroner),
    "uh": K(kroner),
    "flags": K(list_of(*m.RUN_FLAGS)),
    "adjustment": K(integer),
    "adjustment_reason": K(text),
}

RUN = {
    "key": K(stable_key, True),
    "year": K(year, True),
    "scheme": K(stable_key),
    "budget": K(kroner, True),
    "status": K(one_of(*m.RUN_STATUSES)),
    "created": K(date, True),
    "created_by": K(text),
    "note": K(text),
    "rules": K(table),
    "result": K(table, children="allocation_run.result"),
}

#: Top-level arrays of tables, in the order they are imported and exported.
ARRAYS: dict[str, dict[str, Key]] = {
    "theme": THEME,
    "region": REGION,
    "scheme": SCHEME,
    "seat": SEAT,
    "person": PERSON,
    "term": TERM,
    "office": OFFICE,
    "prompt": PROMPT,
    "meeting": MEETING,
    "needs_report": NEEDS_REPORT,
    "allocation_run": RUN,
}

#: Nested arrays of tables, by dotted name.
NESTED: dict[str, dict[str, Key]] = {
    "meeting.item": ITEM,
    "meeting.item.action": ACTION,
    "meeting.item.conflict": CONFLICT,
    "meeting.attendance": ATTENDANCE,
    "needs_report.measure": MEASURE,
    "needs_report.earlier": {k: v for k, v in VERSION.items()},
    "allocation_run.result": RESULT,
}
# An earlier version's measures are under needs_report.earlier.measure.
NESTED["needs_report.earlier"]["measure"] = K(table, children="needs_report.earlier.measure")
NESTED["needs_report.earlier.measure"] = MEASURE

#: Top-level single tables.
TABLES: dict[str, dict[str, Key]] = {"forum": FORUM, "allocation": ALLOCATION}

#: What identifies a row in messages ("person «kari»").
IDENTITY: dict[str, tuple[str, ...]] = {
    "theme": ("code",),
    "scheme": ("code",),
    "region": ("code",),
    "seat": ("code",),
    "person": ("key",),
    "term": ("person", "seat", "start"),
    "office": ("person", "role", "start"),
    "prompt": ("key",),
    "meeting": ("date",),
    "needs_report": ("region", "year"),
    "allocation_run": ("key",),
    "meeting.item": ("title",),
    "meeting.attendance": ("person",),
    "meeting.item.action": ("what",),
    "meeting.item.conflict": ("person",),
    "needs_report.measure": ("title",),
    "needs_report.earlier": ("received",),
    "needs_report.earlier.measure": ("title",),
    "allocation_run.result": ("region",),
}

NAMES_NB = {
    "code": "kode",
    "key": "nøkkel",
    "person": "person",
    "seat": "sete",
    "start": "start",
    "role": "rolle",
    "date": "dato",
    "region": "region",
    "year": "år",
    "title": "tittel",
    "what": "hva",
    "received": "mottatt",
}
