"""The data model for the whole mission, as SQLModel tables.

Money is whole kroner (int). Percentages are stored in basis points (1 % = 100) and FTEs
in hundredths, so every rule computes on integers and round-trips exactly.
Stable keys (region code, seat code, person key, ...) are what the exchange format
matches on; integer ids are internal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from sekretariat.labels import (  # noqa: F401  (re-exported: the enumerations belong to the model)
    APPROVED_HOW,
    ATTENDANCE_STATUSES,
    ITEM_KINDS,
    ITEM_OUTCOMES,
    LABELS,
    MEASURE_TARGETS,
    MEETING_STATUSES,
    OFFICE_ROLES,
    PERSON_ROLES,
    REGION_KINDS,
    REPORT_STATES,
    RUN_FLAGS,
    RUN_STATUSES,
    SECTORS,
    STANDING_ITEMS,
    label,
)


def row_id(row: SQLModel) -> int:
    """The id of a stored row: the table's key, known once the row is flushed.

    SQLModel types every ``id`` as optional (it is None before the insert); code that
    has a stored row in hand says so here, once, instead of at every use.
    """
    value = getattr(row, "id", None)
    if not isinstance(value, int):
        raise ValueError(f"{type(row).__name__} has no id yet (not flushed)")
    return value


def _versioned() -> tuple[Column, dict[str, Any]]:
    """A row version for optimistic locking: every UPDATE bumps it and checks the old one.

    A save based on an old read then fails instead of overwriting someone else's change
    (see ``sekretariat.versions``). Each table needs a Column object of its own.
    """
    column = Column("version", Integer, nullable=False, server_default="1")
    return column, {"version_id_col": column}


_forum_version, _forum_args = _versioned()


class Forum(SQLModel, table=True):
    """The one forum this database belongs to (a single row, id 1)."""

    __mapper_args__ = _forum_args
    version: int = Field(default=1, sa_column=_forum_version)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    county: str = ""
    secretariat: str = ""
    fictional: bool = False
    description: str = ""
    #: The written standard of documents the forum sends to all ("nb" bokmål, "nn" nynorsk),
    #: and of letters to a municipality whose standard is neutral (språklova § 6 and § 10).
    language: str = "nb"
    meeting_weekday: int = 4
    meeting_weeks: list[int] = Field(
        default_factory=lambda: [3, 10, 25, 38, 46], sa_column=Column(JSON, nullable=False)
    )
    meeting_start: dt.time = dt.time(9, 0)
    meeting_end: dt.time = dt.time(15, 0)
    term_years: int = 2
    leader_term_years: int = 2
    #: The year of the leader's first period and its length, when it differs from the
    #: others (Innlandet plan 3.4: the leader elected in 2026 serves one year).
    leader_first_year: int | None = None
    leader_first_term_years: int | None = None
    needs_due_day: int = 1
    needs_due_month: int = 2
    templates_month: int = 11
    #: When the networks' annual reports are due (the plan gives no date; unset: none).
    reports_due_day: int | None = None
    reports_due_month: int | None = None
    #: The meeting week in which the UH partner gives its yearly feedback (plan 3.5).
    uh_feedback_week: int | None = None
    #: The months of the yearly conference and the joint gathering (plan 3.9).
    conference_month: int | None = None
    gathering_month: int | None = None
    #: The forum's total grant by year ("2020" → kroner), against which the schemes'
    #: budgets are checked (Agder 2020: 25 120 000 over three schemes).
    grants: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    working_group: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    #: The points of the control of annual reports (plan 7: «formalia- og
    #: rimelighetskontroll»), each {"code", "kind" (formalia|rimelighet), "text"}; empty:
    #: the points the app derives from plan 7 (see docs/rules.md).
    report_checks: list[dict] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    #: The evaluation headings annual reports use, each {"code", "text"} (Nordland 2020:
    #: effekt/resultat, prosess, struktur); empty: none.
    report_headings: list[dict] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


_scheme_version, _scheme_args = _versioned()


class Scheme(SQLModel, table=True):
    """An allocation scheme (ordning) and its rules; percentages in basis points."""

    __mapper_args__ = _scheme_args
    version: int = Field(default=1, sa_column=_scheme_version)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str = ""
    is_default: bool = False
    common_bp: int = 1000
    common_recipient: str = ""
    equalization_bp: int = 200
    network_max_bp: int = 4000
    unit: int = 1
    kindergarten_min_bp: int = 3500
    school_min_bp: int = 3500
    #: Limits the forum itself has set for the coordinator function and release time, as a
    #: share of a report's request; the plans only say «en begrenset del» (None: no limit).
    coordinator_max_bp: int | None = None
    release_max_bp: int | None = None
    #: A fixed network share (Nordland: 40 % network / 60 % UH) instead of the split by request.
    network_fixed_bp: int | None = None
    #: A smaller network share agreed with one network, by region code (Nordland: «med
    #: mindre det avtales økt andel til UH»).
    network_agreed: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    #: Take FTEs from this year for the key (the same distribution through a period).
    fte_year: int | None = None
    #: The last year the key from ``fte_year`` applies (Nordland: 2020–2023).
    fte_year_end: int | None = None
    #: The networks taking part, by region code (empty: every network).
    regions: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    #: The scheme's budget by year ("2020" → kroner).
    budgets: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    #: Fixed amounts per region code instead of the FTE key (Agder).
    fixed_amounts: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    #: False: allocate the key without capping it at the reported need.
    needs_cap: bool = Field(default=True, sa_column_kwargs={"server_default": "1"})
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Theme(SQLModel, table=True):
    """A priority theme of the forum (plan 3.9)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    position: int = 0


_region_version, _region_args = _versioned()


class Region(SQLModel, table=True):
    """A competence network: regional, or the private-school network."""

    __mapper_args__ = _region_args
    version: int = Field(default=1, sa_column=_region_version)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    kind: str = "regional"
    equalization: bool = False
    host: str = ""
    municipalities: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    position: int = 0


class RegionFte(SQLModel, table=True):
    """A network's FTEs (årsverk) for one year, in hundredths."""

    __table_args__ = (UniqueConstraint("region_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True, ondelete="CASCADE")
    year: int
    centi_fte: int


class Municipality(SQLModel, table=True):
    """A municipality's adopted written standard (målform): a state body writes to it in that
    standard (språklova § 10); "noytral" falls back to the forum's language. Matched by name
    against a network's host and municipalities and a person's municipality."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    standard: str = "noytral"
    #: Where the standard comes from (the council's decision), or that it is not checked.
    note: str = ""
    position: int = 0


_seat_version, _seat_args = _versioned()


class Seat(SQLModel, table=True):
    """A seat category of the forum, with its count and rules."""

    __mapper_args__ = _seat_args
    version: int = Field(default=1, sa_column=_seat_version)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    count: int
    per_region: bool = False
    regions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    voting: bool = True
    leader_eligible: bool = False
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: Roles a holder may not have (Innlandet 3.2: coordinators «som ikke innehar rollene
    #: barnehage- og skoleeier/barnehagemyndighet»).
    excluded_roles: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    #: One place per sector listed (Innlandet 3.2: PPT, «én for barnehage og én for skole»).
    sectors: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    sector: str = "begge"
    wg_slot: str = ""
    note: str = ""
    position: int = 0


_person_version, _person_args = _versioned()


class Person(SQLModel, table=True):
    """A representative, substitute, observer or secretariat member."""

    __mapper_args__ = _person_args
    version: int = Field(default=1, sa_column=_person_version)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    name: str = Field(index=True)
    email: str = ""
    phone: str = ""
    title: str = ""
    organisation: str = ""
    municipality: str = ""
    region_id: int | None = Field(default=None, foreign_key="region.id", ondelete="SET NULL")
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str = ""
    contact_cleared: dt.date | None = None


_term_version, _term_args = _versioned()


class Term(SQLModel, table=True):
    """A person's term in a seat; ``substitute`` marks a vara."""

    __mapper_args__ = _term_args
    version: int = Field(default=1, sa_column=_term_version)

    __table_args__ = (UniqueConstraint("person_id", "seat_id", "start"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    seat_id: int = Field(foreign_key="seat.id", index=True, ondelete="CASCADE")
    region_id: int | None = Field(default=None, foreign_key="region.id", ondelete="SET NULL")
    start: dt.date
    end: dt.date
    substitute: bool = False
    #: The sector place held, for a seat with one place per sector.
    sector: str = Field(default="", sa_column_kwargs={"server_default": ""})
    ended_reason: str = ""


_office_version, _office_args = _versioned()


class Office(SQLModel, table=True):
    """Leader, deputy leader or a working-group member for a period."""

    __mapper_args__ = _office_args
    version: int = Field(default=1, sa_column=_office_version)

    __table_args__ = (UniqueConstraint("person_id", "role", "start"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str
    slot: str = ""
    start: dt.date
    end: dt.date
    elected: dt.date | None = None
    #: Why the forum elected a leader the plan's «bør» does not name (plan 3.4).
    reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


_prompt_version, _prompt_args = _versioned()


class Prompt(SQLModel, table=True):
    """A learning-meeting prompt: principle, question, method and time."""

    __mapper_args__ = _prompt_args
    version: int = Field(default=1, sa_column=_prompt_version)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    title: str
    principle: str = ""
    question: str = ""
    method: str = ""
    minutes: int = 10
    position: int = 0


_meeting_version, _meeting_args = _versioned()


class Meeting(SQLModel, table=True):
    """A forum meeting; the date is its stable key."""

    __mapper_args__ = _meeting_args
    version: int = Field(default=1, sa_column=_meeting_version)

    id: int | None = Field(default=None, primary_key=True)
    date: dt.date = Field(unique=True, index=True)
    start: dt.time | None = None
    end: dt.time | None = None
    place: str = ""
    video_link: str = ""
    status: str = "planned"
    chair_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    facilitator_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    learning_focus: str = ""
    reflection: str = ""
    summons_sent: dt.date | None = None
    minutes_approved: dt.date | None = None
    approved_how: str = ""


_agenda_item_version, _agenda_item_args = _versioned()


class AgendaItem(SQLModel, table=True):
    """An agenda item (sak) with what the meeting made of it."""

    __mapper_args__ = _agenda_item_args
    version: int = Field(default=1, sa_column=_agenda_item_version)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    position: int = 0
    number: int | None = None
    title: str
    kind: str = "orientation"
    minutes: int = 0
    presenter: str = ""
    background: str = ""
    proposal: str = ""
    decision: str = ""
    outcome: str = ""
    notes: str = ""
    prompt_id: int | None = Field(default=None, foreign_key="prompt.id", ondelete="SET NULL")
    standing: str = ""
    documents: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Action(SQLModel, table=True):
    """A follow-up action decided under an agenda item."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agendaitem.id", index=True, ondelete="CASCADE")
    position: int = 0
    what: str
    owner: str = ""
    due: dt.date | None = None
    done: dt.date | None = None


class Conflict(SQLModel, table=True):
    """A declared conflict of interest (habilitet) under an agenda item."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agendaitem.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    note: str = ""
    #: The ground (forvaltningsloven § 6), who decided it (§ 8) and what they decided.
    ground: str = Field(default="", sa_column_kwargs={"server_default": ""})
    decided_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    disqualified: bool = Field(default=True, sa_column_kwargs={"server_default": "1"})
    #: Who took the seat while the item was dealt with.
    substitute_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")


class Attendance(SQLModel, table=True):
    """Who was at a meeting, and how. A guest not in the register (``person_id`` None) is
    named by ``guest_name`` and ``guest_org``, so they never enter the register of people."""

    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="CASCADE")
    status: str = "present"
    for_person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    note: str = ""
    position: int = 0
    guest_name: str = ""
    guest_org: str = ""


class Amendment(SQLModel, table=True):
    """A recorded correction to approved minutes (they are never edited in place)."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    item_id: int | None = Field(default=None, foreign_key="agendaitem.id", ondelete="SET NULL")
    made: dt.date
    made_by: str = ""
    text: str


class Checkout(SQLModel, table=True):
    """A meeting taken away to be minuted elsewhere (``side`` "server"), or a meeting
    received here from such a checkout (``side`` "laptop").

    On the server the row says who took the meeting, on which machine and when; while its
    ``state`` is "out" the meeting's minutes are read-only there. ``base`` holds the rows
    minute-taking may change as they were at the checkout (version and values), so a
    check-in can tell which side changed what. On the laptop ``places`` maps each of those
    rows to the row that holds it here. Rows are kept after a check-in or a cancellation:
    an old file is then recognised and refused.
    """

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(unique=True, index=True)
    side: str = "server"
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    #: The other database's identity (on the laptop: the server's).
    origin: str = ""
    user: str
    host: str
    at: str
    state: str = "out"
    ended_at: str = ""
    ended_by: str = ""
    #: A digest of the check-in that ended it (the same file again changes nothing).
    applied: str = ""
    base: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    places: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class DatabaseIdentity(SQLModel, table=True):
    """This database's identity: a random id given when it was created (or migrated).

    Exchange files carry it, so an import can tell a file exported from this very database
    (whose rows may have changed since) from a file of another one. A copy of the file is
    the same database and keeps the id.
    """

    id: int | None = Field(default=None, primary_key=True)
    uuid: str


class MinuteLock(SQLModel, table=True):
    """Who is taking minutes for a meeting, and where they were."""

    meeting_id: int = Field(primary_key=True, foreign_key="meeting.id", ondelete="CASCADE")
    user: str
    host: str
    pid: int
    since: str
    heartbeat: str
    item_id: int | None = None
    cursor: int = 0


_needs_report_version, _needs_report_args = _versioned()


class NeedsReport(SQLModel, table=True):
    """A network's needs report for a year; the content lives in its versions."""

    __mapper_args__ = _needs_report_args
    version: int = Field(default=1, sa_column=_needs_report_version)

    __table_args__ = (UniqueConstraint("region_id", "year", "scheme_code"),)
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True, ondelete="CASCADE")
    year: int = Field(index=True)
    #: The scheme (ordning) the report is for (Agder 2020: three schemes, three reports).
    scheme_code: str = Field(default="", sa_column_kwargs={"server_default": ""})
    state: str = "received"
    return_reason: str = ""


class NeedsReportVersion(SQLModel, table=True):
    """One received version of a needs report; every version is kept."""

    __table_args__ = (UniqueConstraint("report_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="needsreport.id", index=True, ondelete="CASCADE")
    number: int = 1
    received: dt.date | None = None
    needs_assessment: str = ""
    partnership_plan: str = ""
    own_contribution: str = ""
    owners: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    partners: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    coordinator_amount: int = 0
    release_amount: int = 0
    leftover_amount: int = 0
    network_amount: int = 0
    uh_amount: int = 0
    kindergarten_amount: int = 0
    school_amount: int = 0
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    measures: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class LocalPlan(SQLModel, table=True):
    """A network's 4-year local competence plan (Innlandet plan 4.1), as received."""

    __table_args__ = (UniqueConstraint("region_id", "start_year"),)
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True, ondelete="CASCADE")
    start_year: int
    end_year: int
    received: dt.date | None = None
    link: str = ""
    note: str = ""


_allocation_run_version, _allocation_run_args = _versioned()


class AllocationRun(SQLModel, table=True):
    """A saved allocation run with the rules and inputs it used."""

    __mapper_args__ = _allocation_run_args
    version: int = Field(default=1, sa_column=_allocation_run_version)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    year: int = Field(index=True)
    scheme_code: str = "kollektiv"
    budget: int
    status: str = "draft"
    created: dt.date
    created_by: str = ""
    note: str = ""
    rules: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    adopted_item_id: int | None = Field(
        default=None, foreign_key="agendaitem.id", ondelete="SET NULL"
    )


class AllocationResult(SQLModel, table=True):
    """One network's line in an allocation run."""

    __table_args__ = (UniqueConstraint("run_id", "region_id"),)
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="allocationrun.id", index=True, ondelete="CASCADE")
    region_id: int = Field(foreign_key="region.id", ondelete="CASCADE")
    position: int = 0
    centi_fte: int = 0
    key: int = 0
    equalization: int = 0
    requested: int = 0
    allocated: int = 0
    network: int = 0
    uh: int = 0
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    adjustment: int = 0
    adjustment_reason: str = ""


_grant_decision_version, _grant_decision_args = _versioned()


class GrantDecision(SQLModel, table=True):
    """The decision on a year's grants in a scheme (Innlandet plan 3.1 f: Statsforvalteren
    «fatte vedtak og tildele midler»), made on the forum's advice: the run of that year and
    scheme the forum adopted. Only where the decision differs from the advice does it hold
    amounts of its own (``GrantChange``)."""

    __mapper_args__ = _grant_decision_args
    version: int = Field(default=1, sa_column=_grant_decision_version)

    __table_args__ = (UniqueConstraint("year", "scheme_code"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    scheme_code: str
    decided_by: str
    decided: dt.date
    reference: str = ""
    note: str = ""


class GrantChange(SQLModel, table=True):
    """A network whose decided amount differs from the forum's advice, and why; the split
    follows the advised run's rules."""

    __table_args__ = (UniqueConstraint("decision_id", "region_id"),)
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="grantdecision.id", index=True, ondelete="CASCADE")
    region_id: int = Field(foreign_key="region.id", ondelete="CASCADE")
    position: int = 0
    allocated: int = 0
    network: int = 0
    uh: int = 0
    reason: str


_annual_report_version, _annual_report_args = _versioned()


class AnnualReport(SQLModel, table=True):
    """A network's annual report for a year's grant (Innlandet plan 7, forskrift § 17: which
    measures were carried out, how the funds were used, an assessment of the goals); the
    content lives in its versions, the control in its checks."""

    __mapper_args__ = _annual_report_args
    version: int = Field(default=1, sa_column=_annual_report_version)

    __table_args__ = (UniqueConstraint("region_id", "year", "scheme_code"),)
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True, ondelete="CASCADE")
    #: The grant year the report covers.
    year: int = Field(index=True)
    scheme_code: str = ""
    state: str = "received"
    return_reason: str = ""


class AnnualReportVersion(SQLModel, table=True):
    """One received version of an annual report; every version is kept."""

    __table_args__ = (UniqueConstraint("report_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="annualreport.id", index=True, ondelete="CASCADE")
    number: int = 1
    received: dt.date | None = None
    #: The measures carried out (title, theme, target, how far carried out, participants...).
    measures: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: Use of funds against the grant, in kroner: the grant as the network states it, leftover
    #: funds from earlier years brought in, what was used by the network and through the UH
    #: partner, and what is left (restmidler) to carry into next year's needs report.
    granted_amount: int = 0
    carried_in: int = 0
    spent_network: int = 0
    spent_uh: int = 0
    leftover_amount: int = 0
    #: The assessment of the goals (forskrift § 17), and per criterion a–e of § 5.
    goal_assessment: str = ""
    criteria: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: The forum's own evaluation headings where it uses them (Nordland: effekt/resultat,
    #: prosess, struktur), heading code → text.
    evaluation: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str = ""


class AnnualReportCheck(SQLModel, table=True):
    """One point of the formalia and reasonableness control of a report (plan 7), with who
    checked it and when."""

    __table_args__ = (UniqueConstraint("report_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="annualreport.id", index=True, ondelete="CASCADE")
    code: str
    #: "" not yet checked, "ok", or "avvik".
    result: str = ""
    note: str = ""
    checked_by: str = ""
    checked: dt.date | None = None


class Setting(SQLModel, table=True):
    """A user-level setting (backups kept, privacy period, ...), stored as JSON."""

    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_column=Column(JSON))


class AuditLog(SQLModel, table=True):
    """Every change: when, which OS user, what entity and what changed."""

    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)
    user: str
    host: str = ""
    entity: str = Field(index=True)
    entity_id: str = Field(index=True)
    action: str
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
