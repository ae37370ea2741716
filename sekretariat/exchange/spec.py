"""What each table of the exchange format may contain, and how a value is checked.

The spec is data so that the importer, the exporter and the documentation
(docs/exchange.md) agree; a check returns the value in its stored form or raises
``ValueError`` with a Norwegian explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sekretariat.storage import models as m
from sekretariat.values import (
    Check,
    amounts_table,
    boolean,
    date,
    day_month,
    fte,
    fte_table,
    integer,
    key_list,
    kroner,
    list_of,
    month,
    nonempty,
    nonneg,
    one_of,
    percent,
    positive,
    slots,
    stable_key,
    table,
    text,
    text_list,
    time,
    weekday,
    weeks,
    year,
)


@dataclass(frozen=True)
class Key:
    check: Check
    required: bool = False
    children: str | None = None  # name of a nested array-of-tables spec


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
    "fte": K(fte),
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
