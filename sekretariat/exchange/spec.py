"""What each table of the exchange format may contain, and how a value is stored.

The spec is data so that the importer, the exporter and the documentation
(docs/exchange.md) agree. A key's check turns a value as read into its stored form (or
raises ``ValueError`` with a Norwegian explanation); ``column``, ``ref`` and ``out`` say
where that stored form lives in the database and how it turns back into TOML. The
importer (``to_columns``) and the exporter (``to_toml``) both walk the same spec, in its
order, so which keys exist, their order in a file and their conversions cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sekretariat.i18n import LANGUAGES, N_, WRITTEN_STANDARDS, ui
from sekretariat.labels import ANNUAL_MEASURE_STATUSES, CONTROL_KINDS, CONTROL_RESULTS
from sekretariat.storage import models as m
from sekretariat.values import (
    Check,
    amounts_table,
    boolean,
    count,
    date,
    day_month,
    fte,
    fte_table,
    key_list,
    keyed_lines,
    kroner,
    line,
    list_of,
    minutes,
    month,
    nonempty_line,
    one_of,
    percent,
    percent_table,
    positive,
    signed_kroner,
    slots,
    stable_key,
    table,
    text,
    text_list,
    text_table,
    time,
    unit,
    week,
    weekday,
    weeks,
    year,
    year_amounts,
    years,
)


class _NoDefault:
    """No default: the key is written whenever it holds a value."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


@dataclass(frozen=True)
class Key:
    check: Check
    required: bool = False
    #: Name of a nested array-of-tables spec (in NESTED): rows stored in a table of their own.
    children: str | None = None
    #: The model attribute(s) holding the stored value, when not the key's own name.
    column: str | tuple[str, ...] | None = None
    #: The value names a row of this table by its stable key; the column holds that row's id.
    ref: str | None = None
    #: Stored value → TOML value, when the check changes the form (basis points, hundredths).
    out: Callable[[Any], Any] | None = None
    #: Not written on export when the value equals this (what an absent key means).
    default: Any = NO_DEFAULT
    #: Stored apart from the row (a region's FTEs in a table of their own): the importer
    #: and the exporter handle the key by name, as they do nested arrays.
    apart: bool = False


Spec = dict[str, Key]


# --------------------------------------------------------------------------- stored → TOML
def percent_out(bp: int) -> int | float:
    """Basis points → percent, an integer when whole (``1000`` → ``10``, ``250`` → ``2.5``)."""
    return bp // 100 if bp % 100 == 0 else bp / 100


def hundredths_out(centi: int) -> float:
    """Hundredths of an FTE → FTEs (``61240`` → ``612.4``)."""
    return centi / 100


def fte_table_out(table: Mapping[int, int]) -> dict[str, float]:
    """``{2026: 61240}`` → ``{"2026": 612.4}``."""
    return {str(year): hundredths_out(centi) for year, centi in table.items()}


def percent_table_out(table: Mapping[str, int]) -> dict[str, int | float]:
    """``{"salten": 3000}`` → ``{"salten": 30}``."""
    return {code: percent_out(bp) for code, bp in table.items()}


def day_month_out(value: tuple[int, int]) -> str:
    day, month_ = value
    return f"{day:02d}.{month_:02d}"


#: Free tables (an allocation run's rules) may nest this deep, and no deeper.
MAX_DEPTH = 20


def shallow_table(value: Any) -> dict:
    """A table of anything, nested at most ``MAX_DEPTH`` levels (the audit log, the export
    and JSON all walk it recursively)."""
    value = table(value)
    level = [value]
    for _ in range(MAX_DEPTH):
        below: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                below.extend(item.values())
            elif isinstance(item, list):
                below.extend(item)
        if not below:
            return value
        level = below
    if any(isinstance(item, dict | list) for item in level):
        raise ValueError(ui("er nestet for dypt (høyst {most} nivåer)").format(most=MAX_DEPTH))
    return value


def _percent(column: str) -> Key:
    return Key(percent, column=column, out=percent_out)


def _children(name: str, column: str | None = None) -> Key:
    return Key(table, children=name, column=column)


K = Key

#: The sectors a seat may have a place for (one each, ``sectors``).
SECTOR_PLACES = ("barnehage", "skole")

FORUM: Spec = {
    "name": K(nonempty_line, True),
    "county": K(line),
    "secretariat": K(line),
    "fictional": K(boolean),
    "description": K(text),
    "language": K(one_of(*LANGUAGES), default="nb"),
    "meeting_weekday": K(weekday),
    "meeting_weeks": K(weeks),
    "meeting_start": K(time),
    "meeting_end": K(time),
    "term_years": K(years),
    "leader_term_years": K(years),
    "leader_first_year": K(year),
    "leader_first_term_years": K(years),
    "needs_due": K(day_month, column=("needs_due_day", "needs_due_month"), out=day_month_out),
    "templates_month": K(month),
    "reports_due": K(day_month, column=("reports_due_day", "reports_due_month"), out=day_month_out),
    "uh_feedback_week": K(week),
    "conference_month": K(month),
    "gathering_month": K(month),
    "grants": K(year_amounts),
    "working_group": K(slots),
    # The forum's grant-letter templates (Setting rows, ``domain.letter_template``), bokmål
    # and nynorsk (for hosts that have adopted nynorsk); absent on export while the
    # default text is used.
    "grant_letter_template": K(text, apart=True),
    "grant_letter_template_nn": K(text, apart=True),
    # The control of annual reports and their evaluation headings (plan 7; R39).
    "report_checks": K(keyed_lines(*CONTROL_KINDS)),
    "report_headings": K(keyed_lines()),
}

ALLOCATION: Spec = {
    "code": K(stable_key),
    "name": K(text),
    "common_pct": _percent("common_bp"),
    "common_recipient": K(text),
    "equalization_pct": _percent("equalization_bp"),
    "network_max_pct": _percent("network_max_bp"),
    "unit": K(unit),
    "kindergarten_min_pct": _percent("kindergarten_min_bp"),
    "school_min_pct": _percent("school_min_bp"),
    "coordinator_max_pct": _percent("coordinator_max_bp"),
    "release_max_pct": _percent("release_max_bp"),
    "network_fixed_pct": _percent("network_fixed_bp"),
    "network_agreed_pct": K(percent_table, column="network_agreed", out=percent_table_out),
    "fte_year": K(year),
    "fte_year_end": K(year),
    "needs_cap": K(boolean),
    "fixed": K(amounts_table, column="fixed_amounts"),
    "regions": K(key_list),
    "budgets": K(year_amounts),
}

#: A further scheme (ordning) of the forum, beside the default one in [allocation].
SCHEME: Spec = {**ALLOCATION, "code": K(stable_key, True), "name": K(nonempty_line, True)}

THEME: Spec = {"code": K(stable_key, True), "name": K(nonempty_line, True)}

REGION: Spec = {
    "code": K(stable_key, True),
    "name": K(nonempty_line, True),
    "kind": K(one_of(*m.REGION_KINDS)),
    "equalization": K(boolean),
    "host": K(line),
    "municipalities": K(text_list),
    "fte": K(fte_table, out=fte_table_out, apart=True),
}

#: A municipality's adopted written standard (bokmål, nynorsk or neutral), by its name as
#: networks and people name it (språklova § 10: letters to it follow that standard).
MUNICIPALITY: Spec = {
    "name": K(nonempty_line, True),
    "standard": K(one_of(*WRITTEN_STANDARDS), True),
    "note": K(text),
}

SEAT: Spec = {
    "code": K(stable_key, True),
    "name": K(nonempty_line, True),
    "count": K(count, True),
    "per_region": K(boolean),
    "regions": K(key_list),
    "voting": K(boolean),
    "leader_eligible": K(boolean),
    "roles": K(list_of("owner", "authority")),
    "excluded_roles": K(list_of(*m.PERSON_ROLES)),
    "sectors": K(list_of(*SECTOR_PLACES)),
    "sector": K(one_of(*m.SECTORS)),
    "wg_slot": K(line),
    "note": K(text),
}

PERSON: Spec = {
    "key": K(stable_key, True),
    "name": K(nonempty_line, True),
    "email": K(line),
    "phone": K(line),
    "title": K(line),
    "organisation": K(line),
    "municipality": K(line),
    "region": K(stable_key, column="region_id", ref="region"),
    "roles": K(list_of(*m.PERSON_ROLES)),
    "note": K(text),
}

TERM: Spec = {
    "person": K(stable_key, True, column="person_id", ref="person"),
    "seat": K(stable_key, True, column="seat_id", ref="seat"),
    "region": K(stable_key, column="region_id", ref="region"),
    "start": K(date, True),
    "end": K(date),
    "substitute": K(boolean, default=False),
    "sector": K(one_of(*SECTOR_PLACES)),
    "ended_reason": K(text),
}

OFFICE: Spec = {
    "person": K(stable_key, True, column="person_id", ref="person"),
    "role": K(one_of(*m.OFFICE_ROLES), True),
    "slot": K(line),
    "start": K(date, True),
    "end": K(date),
    "elected": K(date),
    "reason": K(text),
}

PROMPT: Spec = {
    "key": K(stable_key, True),
    "title": K(nonempty_line, True),
    "principle": K(text),
    "question": K(text),
    "method": K(text),
    "minutes": K(minutes),
}

ACTION: Spec = {
    "what": K(nonempty_line, True),
    "owner": K(line),
    "due": K(date),
    "done": K(date),
}
CONFLICT: Spec = {
    "person": K(stable_key, True, column="person_id", ref="person"),
    "ground": K(text),
    "decided_by": K(text),
    "disqualified": K(boolean, default=True),
    "substitute": K(stable_key, column="substitute_id", ref="person"),
    "note": K(text),
}

ITEM: Spec = {
    "number": K(positive),
    "title": K(nonempty_line, True),
    "kind": K(one_of(*m.ITEM_KINDS)),
    "minutes": K(minutes),
    "presenter": K(line),
    "background": K(text),
    "proposal": K(text),
    "decision": K(text),
    "outcome": K(one_of(*m.ITEM_OUTCOMES)),
    "notes": K(text),
    "prompt": K(stable_key, column="prompt_id", ref="prompt"),
    "standing": K(one_of(*m.STANDING_ITEMS)),
    "documents": K(text_list),
    "action": _children("meeting.item.action"),
    "conflict": _children("meeting.item.conflict"),
}

#: An attendance entry names a person of the register (``person``) or a guest who is not
#: in it (``guest``, with an optional ``organisation``): exactly one of the two.
ATTENDANCE: Spec = {
    "person": K(stable_key, column="person_id", ref="person"),
    "guest": K(nonempty_line, column="guest_name"),
    "organisation": K(line, column="guest_org"),
    "status": K(one_of(*m.ATTENDANCE_STATUSES), True),
    "for": K(stable_key, column="for_person_id", ref="person"),
    "note": K(text),
}

MEETING: Spec = {
    "date": K(date, True),
    "start": K(time),
    "end": K(time),
    "place": K(line),
    "video_link": K(line),
    "status": K(one_of(*m.MEETING_STATUSES)),
    "chair": K(stable_key, column="chair_id", ref="person"),
    "facilitator": K(stable_key, column="facilitator_id", ref="person"),
    "learning_focus": K(text),
    "reflection": K(text),
    "summons_sent": K(date),
    "minutes_approved": K(date),
    "approved_how": K(one_of(*m.APPROVED_HOW)),
    "item": _children("meeting.item"),
    "attendance": _children("meeting.attendance"),
}

#: A measure is kept as a table inside its version's ``measures`` list, keys in this order.
MEASURE: Spec = {
    "title": K(nonempty_line, True),
    "target": K(one_of(*m.MEASURE_TARGETS)),
    "amount": K(kroner),
    "start_year": K(year),
    "end_year": K(year),
}

#: What one version of a needs report holds (a ``NeedsReportVersion`` row).
VERSION: Spec = {
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
    "measure": _children("needs_report.measure", column="measures"),
}

#: What belongs to the report itself (a ``NeedsReport`` row), not to one of its versions.
REPORT: Spec = {
    "region": K(stable_key, True, column="region_id", ref="region"),
    "year": K(year, True),
    "scheme": K(stable_key, column="scheme_code"),
    "state": K(one_of(*m.REPORT_STATES)),
    "return_reason": K(text),
}

#: A needs report in a file: the report, its newest version, and the earlier ones.
NEEDS_REPORT: Spec = {
    **REPORT,
    **VERSION,
    "earlier": _children("needs_report.earlier"),
}

#: A network's local competence plan (Innlandet plan 4.1: «4-årig lokal kompetanseplan»).
LOCAL_PLAN: Spec = {
    "region": K(stable_key, True, column="region_id", ref="region"),
    "start_year": K(year, True),
    "end_year": K(year, True),
    "received": K(date),
    "link": K(text),
    "note": K(text),
}

RESULT: Spec = {
    "region": K(stable_key, True, column="region_id", ref="region"),
    "fte": K(fte, column="centi_fte", out=hundredths_out),
    "key": K(kroner),
    "equalization": K(kroner),
    "requested": K(kroner),
    "allocated": K(kroner),
    "network": K(kroner),
    "uh": K(kroner),
    "flags": K(list_of(*m.RUN_FLAGS)),
    "adjustment": K(signed_kroner, default=0),
    "adjustment_reason": K(text),
}

RUN: Spec = {
    "key": K(stable_key, True),
    "year": K(year, True),
    "scheme": K(stable_key, column="scheme_code"),
    "budget": K(kroner, True),
    "status": K(one_of(*m.RUN_STATUSES)),
    # The decision item the run is put before or adopted in: its meeting's date and its
    # place on that meeting's agenda (1 = the first item; not its case number).
    "meeting": K(date, apart=True),
    "item": K(positive, apart=True),
    "created": K(date, True),
    "created_by": K(text),
    "note": K(text),
    "rules": K(shallow_table),
    "result": _children("allocation_run.result"),
}

#: A network whose decided amount differs from the forum's advice (a ``GrantChange`` row).
GRANT_CHANGE: Spec = {
    "region": K(stable_key, True, column="region_id", ref="region"),
    "allocated": K(kroner, True),
    "network": K(kroner),
    "uh": K(kroner),
    "reason": K(nonempty_line, True),
}

#: The decision on a year's grants in a scheme, made on the forum's adopted run.
GRANT_DECISION: Spec = {
    "year": K(year, True),
    "scheme": K(stable_key, True, column="scheme_code"),
    "decided_by": K(nonempty_line, True),
    "decided": K(date, True),
    "reference": K(line),
    "note": K(text),
    "change": _children("grant_decision.change"),
}

#: A measure carried out, as an annual report states it (inside its version's ``measures``).
ANNUAL_MEASURE: Spec = {
    "title": K(nonempty_line, True),
    "target": K(one_of(*m.MEASURE_TARGETS)),
    "amount": K(kroner),
    "status": K(one_of(*ANNUAL_MEASURE_STATUSES)),
}

#: What one version of an annual report holds (an ``AnnualReportVersion`` row).
ANNUAL_VERSION: Spec = {
    "received": K(date),
    "granted_amount": K(kroner),
    "carried_in": K(kroner),
    "spent_network": K(kroner),
    "spent_uh": K(kroner),
    "leftover_amount": K(kroner),
    "goal_assessment": K(text),
    "criteria": K(text_table),
    "evaluation": K(text_table),
    "note": K(text),
    "measure": _children("annual_report.measure", column="measures"),
}

#: One point of an annual report's control as marked (an ``AnnualReportCheck`` row).
ANNUAL_CHECK: Spec = {
    "code": K(stable_key, True),
    "result": K(one_of(*CONTROL_RESULTS)),
    "note": K(text),
    "checked_by": K(line),
    "checked": K(date),
}

#: An annual report in a file: the report, its newest version, the earlier ones, the control.
ANNUAL_REPORT: Spec = {
    **REPORT,
    **ANNUAL_VERSION,
    "earlier": _children("annual_report.earlier"),
    "check": _children("annual_report.check"),
}

#: The kinds of report from the networks, for the importer and the exporter: the report
#: and version models, what a version holds and what one of its measures holds.
REPORT_KINDS: dict[str, tuple[Any, Any, Spec, Spec]] = {
    "needs_report": (m.NeedsReport, m.NeedsReportVersion, VERSION, MEASURE),
    "annual_report": (m.AnnualReport, m.AnnualReportVersion, ANNUAL_VERSION, ANNUAL_MEASURE),
}

#: Top-level arrays of tables, in the order they are written in a file.
ARRAYS: dict[str, Spec] = {
    "scheme": SCHEME,
    "theme": THEME,
    "region": REGION,
    "municipality": MUNICIPALITY,
    "seat": SEAT,
    "person": PERSON,
    "term": TERM,
    "office": OFFICE,
    "prompt": PROMPT,
    "meeting": MEETING,
    "needs_report": NEEDS_REPORT,
    "local_plan": LOCAL_PLAN,
    "allocation_run": RUN,
    "grant_decision": GRANT_DECISION,
    "annual_report": ANNUAL_REPORT,
}

#: Nested arrays of tables, by dotted name.
NESTED: dict[str, Spec] = {
    "meeting.item": ITEM,
    "meeting.item.action": ACTION,
    "meeting.item.conflict": CONFLICT,
    "meeting.attendance": ATTENDANCE,
    "needs_report.measure": MEASURE,
    # An earlier version, with its own measures under needs_report.earlier.measure.
    "needs_report.earlier": {
        **VERSION,
        "measure": _children("needs_report.earlier.measure", column="measures"),
    },
    "needs_report.earlier.measure": MEASURE,
    "allocation_run.result": RESULT,
    "grant_decision.change": GRANT_CHANGE,
    "annual_report.measure": ANNUAL_MEASURE,
    "annual_report.earlier": {
        **ANNUAL_VERSION,
        "measure": _children("annual_report.earlier.measure", column="measures"),
    },
    "annual_report.earlier.measure": ANNUAL_MEASURE,
    "annual_report.check": ANNUAL_CHECK,
}

#: Top-level single tables, in the order they are written in a file.
TABLES: dict[str, Spec] = {"forum": FORUM, "allocation": ALLOCATION}

#: What identifies a row in messages ("person «kari»"); for the top-level arrays also the
#: stable key an import matches rows on.
IDENTITY: dict[str, tuple[str, ...]] = {
    "theme": ("code",),
    "scheme": ("code",),
    "region": ("code",),
    "municipality": ("name",),
    "seat": ("code",),
    "person": ("key",),
    "term": ("person", "seat", "start"),
    "office": ("person", "role", "start"),
    "prompt": ("key",),
    "meeting": ("date",),
    "needs_report": ("region", "year", "scheme"),
    "local_plan": ("region", "start_year"),
    "allocation_run": ("key",),
    "meeting.item": ("title",),
    "meeting.attendance": ("person", "guest"),
    "meeting.item.action": ("what",),
    "meeting.item.conflict": ("person",),
    "needs_report.measure": ("title",),
    "needs_report.earlier": ("received",),
    "needs_report.earlier.measure": ("title",),
    "allocation_run.result": ("region",),
    "grant_decision": ("year", "scheme"),
    "grant_decision.change": ("region",),
    "annual_report": ("region", "year", "scheme"),
    "annual_report.measure": ("title",),
    "annual_report.earlier": ("received",),
    "annual_report.earlier.measure": ("title",),
    "annual_report.check": ("code",),
}

#: How a message names the keys that identify a row (translated where shown).
NAMES_NB = {
    "code": N_("kode"),
    "key": N_("nøkkel"),
    "name": N_("navn"),
    "person": N_("person"),
    "seat": N_("sete"),
    "start": N_("start"),
    "role": N_("rolle"),
    "date": N_("dato"),
    "region": N_("region"),
    "year": N_("år"),
    "title": N_("tittel"),
    "what": N_("hva"),
    "received": N_("mottatt"),
    "scheme": N_("ordning"),
    "start_year": N_("startår"),
    "guest": N_("gjest"),
}


# --------------------------------------------------------------------------- both directions
def to_columns(
    keys: Spec, row: Mapping[str, Any], ids: Callable[[str, str], int | None]
) -> dict[str, Any]:
    """A checked row (stored forms, by TOML key) → model attribute values.

    Only the keys of ``keys`` are taken (a needs report's row holds its newest version's
    too); nested arrays and keys stored apart are left to the caller; ``ids(table, key)``
    gives the id of the row a reference names.
    """
    cached = _PLANS.get(id(keys))
    plan = cached[1] if cached is not None and cached[0] is keys else _column_plan(keys)
    values: dict[str, Any] = {}
    for name, value in row.items():
        found = plan.get(name)
        if found is None:
            continue
        column, ref = found
        if ref is not None:
            value = ids(ref, value)
        if column.__class__ is str:
            values[column] = value
        else:
            values.update(zip(column, value, strict=True))
    return values


_PLANS: dict[int, tuple[Spec, dict[str, tuple[str | tuple[str, ...], str | None]]]] = {}


def _column_plan(keys: Spec) -> dict[str, tuple[str | tuple[str, ...], str | None]]:
    """(column, referenced table) of each key stored in the row itself, worked out once per
    spec table (they are constants; the table is kept to keep its id unique)."""
    plan = {
        name: (key.column or name, key.ref)
        for name, key in keys.items()
        if key.children is None and not key.apart
    }
    _PLANS[id(keys)] = (keys, plan)
    return plan


def to_toml(
    keys: Spec,
    source: Mapping[Any, Any],
    keys_of: Mapping[str, Mapping[int, str]],
    given: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A stored row (its column values) → a TOML table, in spec order.

    ``keys_of[table][id]`` is the stable key of a referenced row. ``given`` holds stored
    values the caller found elsewhere (nested arrays as finished TOML tables, keys stored
    apart, a value the exporter decides). What the export leaves out: no value, empty text,
    an empty list or table, and a value equal to the key's ``default``.
    """
    out: dict[str, Any] = {}
    for name, column, ref, convert, default in _toml_plan(keys):
        if given is not None and name in given:
            value = given[name]
        elif column is None:
            continue  # a nested array or a key stored apart, not given
        elif isinstance(column, tuple):
            value = tuple(source[c] for c in column)
            if all(part is None for part in value):
                continue
        else:
            value = source[column]
            if ref is not None and value is not None:
                value = keys_of[ref].get(value)
        if value is None:
            continue
        kind = value.__class__
        if (kind is str or kind is list or kind is dict) and not value:
            continue
        if default is not NO_DEFAULT and value == default:
            continue
        out[name] = value if convert is None else convert(value)
    return out


_TomlPlan = tuple[
    tuple[str, str | tuple[str, ...] | None, str | None, Callable[[Any], Any] | None, Any], ...
]
_TOML_PLANS: dict[int, tuple[Spec, _TomlPlan]] = {}


def _toml_plan(keys: Spec) -> _TomlPlan:
    """(key, column or None, referenced table, stored → TOML, default) of each key, in
    order, worked out once per spec table."""
    found = _TOML_PLANS.get(id(keys))
    if found is None or found[0] is not keys:
        plan = tuple(
            (
                name,
                None if key.children is not None or key.apart else key.column or name,
                key.ref,
                key.out,
                key.default,
            )
            for name, key in keys.items()
        )
        found = _TOML_PLANS[id(keys)] = (keys, plan)
    return found[1]
