"""The networks' annual reports (årsrapporter, Innlandet plan 7): versions, checks, control.

Forskrift § 17 (quoted in plan 7): «mottakere av tilskudd rapportere årlig til
statsforvalter om hvilke tiltak som er gjennomført, hvordan midlene er brukt og en
vurdering av måloppnåelse», judged by the criteria a–e of § 5; «Statsforvalter og
samarbeidsforum skal foreta en formalia- og rimelighetskontroll av rapportene».

A network's report for a grant year is one ``AnnualReport`` (its state), its versions
(``AnnualReportVersion`` 1, 2, …) and the points of the control (``AnnualReportCheck``).
The states and their changes are the needs reports' (``needs.TRANSITIONS``): received →
review → returned (with a reason) → adjusted (by receiving a new version) → accepted.

**Automatic checks** (on the newest version), like the needs reports' a *block* stops
acceptance until a new version fixes it, a *warning* never stops anything:

| code    | severity | rule |
|---------|----------|------|
| FRIST   | warning  | the first version came after the forum's ``reports_due`` (year + 1) |
| TILTAK  | block    | no measure carried out is reported (§ 17) |
| MIDLER  | block    | the use of funds is not reported: nothing spent and nothing left (§ 17) |
| MÅL     | block    | no assessment of goal attainment (§ 17) |
| KJENNETEGN | block | a criterion of § 5 a–e is not answered |
| SUM     | warning  | used (network + UH) + left ≠ granted + carried in |
| TILDELT | warning  | the granted amount stated ≠ the amount decided for the network and year |

**The control** is the forum's list of points (``Forum.report_checks``) or, when it has
none, ``DEFAULT_POINTS`` derived from plan 7 (docs/rules.md R38). Each point is marked
ok or avvik (an avvik needs a note), with who (the OS user) and when; a report is
accepted only when every point is marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import col, select

from sekretariat.domain import needs
from sekretariat.domain.cycle import annual_reminder, annual_report_due
from sekretariat.domain.needs import (
    BLOCK,
    MISSING,
    NOT_RECEIVED,
    SHORT_STATE,
    TRANSITIONS,
    WARNING,
    Check,
)
from sekretariat.errors import RuleViolation, UserError
from sekretariat.formats import count, kroner, short_date
from sekretariat.i18n import N_, ui, ui_label
from sekretariat.labels import (
    ANNUAL_CRITERIA,
    ANNUAL_MEASURE_STATUSES,
    CONTROL_KINDS,
    CONTROL_RESULTS,
    MEASURE_TARGETS,
)
from sekretariat.storage.audit import os_user
from sekretariat.storage.models import (
    AnnualReport,
    AnnualReportCheck,
    AnnualReportVersion,
    Forum,
    NeedsReport,
    NeedsReportVersion,
    Region,
    row_id,
)
from sekretariat.storage.row_versions import ensure_fresh

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The criteria of goal attainment, forskrift § 5 as quoted in Innlandet plan 7.
#: Bokmål, in the catalogue (``N_``): a form to a nynorsk network quotes them in nynorsk.
CRITERIA: tuple[tuple[str, str], ...] = (
    (
        "a",
        N_(
            "Tilskuddsmottaker har gjennomført kollektive kompetanseutviklingstiltak i "
            "barnehager og grunnskoler i tråd med egne planer og behovsmeldinger"
        ),
    ),
    ("b", N_("Tiltakene har bidratt til planlagt praksisendring")),
    ("c", N_("Tiltakene har styrket det profesjonelle læringsfellesskapet")),
    ("d", N_("Tiltakene har bidratt til å styrke og praksisrette lærerutdanningen")),
    (
        "e",
        N_(
            "Tiltakene har bidratt til å forebygge utenforskap, fremme inkludering og gi et "
            "tilpasset pedagogisk tilbud og opplæring"
        ),
    ),
)
CRITERION_CODES = ANNUAL_CRITERIA

#: How far a measure was carried out (§ 17: «hvilke tiltak som er gjennomført»).
MEASURE_STATUSES = ANNUAL_MEASURE_STATUSES

#: The kinds of control point (plan 7: «formalia- og rimelighetskontroll»).
POINT_KINDS = CONTROL_KINDS
#: Bokmål, in the catalogue (``N_``): shown through ``ui`` in the app's language.
KIND_LABELS = {"formalia": N_("Formalia"), "rimelighet": N_("Rimelighet")}
#: The results a point can be marked with ("" is not yet checked).
RESULTS = ("", *CONTROL_RESULTS)

#: The control points when the forum has set none (docs/rules.md R38), derived from plan 7
#: (§ 17 for formalia, the grant and the needs report for reasonableness). The texts are
#: bokmål in the catalogue (``N_``); a report's points show them in the app's language.
DEFAULT_POINTS: tuple[dict[str, str], ...] = (
    {"code": "frist", "kind": "formalia", "text": N_("Rapporten er mottatt innen fristen")},
    {
        "code": "tiltak",
        "kind": "formalia",
        "text": N_("Rapporten viser hvilke tiltak som er gjennomført (forskrift § 17)"),
    },
    {
        "code": "midler",
        "kind": "formalia",
        "text": N_("Rapporten viser hvordan midlene er brukt (forskrift § 17)"),
    },
    {
        "code": "maal",
        "kind": "formalia",
        "text": N_("Rapporten vurderer måloppnåelsen etter kjennetegnene a–e (forskrift § 5)"),
    },
    {
        "code": "sum",
        "kind": "rimelighet",
        "text": N_("Brukt og gjenstående går opp mot tildelt beløp og restmidler"),
    },
    {
        "code": "ramme",
        "kind": "rimelighet",
        "text": N_("Midlene er brukt innenfor tildelingen"),
    },
    {
        "code": "behov",
        "kind": "rimelighet",
        "text": N_("Tiltakene er i tråd med behovsmeldingen for året"),
    },
)
#: Which automatic checks bear on a default point (shown as a hint beside it).
POINT_HINTS: dict[str, tuple[str, ...]] = {
    "frist": ("FRIST",),
    "tiltak": ("TILTAK",),
    "midler": ("MIDLER",),
    "maal": ("MÅL", "KJENNETEGN"),
    "sum": ("SUM",),
    "ramme": ("TILDELT", "SUM"),
}

#: Bokmål, in the catalogue (``N_``): shown through ``ui`` in the app's language.
FIELD_LABELS: dict[str, str] = {
    "received": N_("Mottatt"),
    "granted_amount": N_("Tildelt"),
    "carried_in": N_("Restmidler fra tidligere år"),
    "spent_network": N_("Brukt av nettverket"),
    "spent_uh": N_("Brukt av UH-partneren"),
    "leftover_amount": N_("Restmidler"),
    "measures": N_("Gjennomførte tiltak"),
    "goal_assessment": N_("Vurdering av måloppnåelse"),
    "criteria": N_("Kjennetegn a–e"),
    "evaluation": N_("Evaluering"),
    "note": N_("Merknad"),
}
AMOUNT_FIELDS = ("granted_amount", "carried_in", "spent_network", "spent_uh", "leftover_amount")


# --------------------------------------------------------------------------- content
@dataclass(frozen=True)
class DoneMeasure:
    """A measure as reported: what it cost and how far it was carried out."""

    title: str
    target: str = "begge"
    amount: int = 0
    status: str = "gjennomført"

    def text(self) -> str:
        # The status is a stored value (bokmål); every one is in the catalogue.
        status = ui(self.status) if self.status else ""
        return f"{self.title} ({ui_label(self.target).lower()}, {kroner(self.amount)}, {status})"


@dataclass(frozen=True)
class Content:
    """What one version of an annual report says."""

    received: dt.date | None = None
    measures: tuple[DoneMeasure, ...] = ()
    granted_amount: int = 0
    carried_in: int = 0
    spent_network: int = 0
    spent_uh: int = 0
    leftover_amount: int = 0
    goal_assessment: str = ""
    criteria: dict[str, str] = field(default_factory=dict)
    evaluation: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def available(self) -> int:
        """What the network had to use: the grant and the leftover funds brought in."""
        return self.granted_amount + self.carried_in

    @property
    def spent(self) -> int:
        return self.spent_network + self.spent_uh

    def values(self) -> dict[str, Any]:
        """The fields as ``AnnualReportVersion`` stores them."""
        return {
            "received": self.received,
            "measures": [
                {"title": m.title, "target": m.target, "amount": m.amount, "status": m.status}
                for m in self.measures
            ],
            **{name: getattr(self, name) for name in AMOUNT_FIELDS},
            "goal_assessment": self.goal_assessment,
            "criteria": dict(self.criteria),
            "evaluation": dict(self.evaluation),
            "note": self.note,
        }

    @classmethod
    def from_version(cls, v: Any) -> Content:
        return cls(
            received=v.received,
            measures=tuple(
                DoneMeasure(
                    m.get("title", ""),
                    m.get("target", "begge"),
                    int(m.get("amount", 0)),
                    m.get("status", "gjennomført"),
                )
                for m in v.measures
            ),
            **{name: getattr(v, name) for name in AMOUNT_FIELDS},
            goal_assessment=v.goal_assessment,
            criteria=dict(v.criteria),
            evaluation=dict(v.evaluation),
            note=v.note,
        )


def validate(content: Content) -> Content:
    """Refuse content no report can hold; returns it tidied (texts stripped)."""
    for name in AMOUNT_FIELDS:
        if getattr(content, name) < 0:
            raise UserError(
                ui("{field} kan ikke være negativt.").format(field=ui(FIELD_LABELS[name]))
            )
    for code in content.criteria:
        if code not in CRITERION_CODES:
            raise UserError(
                ui("Ukjent kjennetegn «{code}»; kjennetegnene er a–e (forskrift § 5).").format(
                    code=code
                )
            )
    measures = []
    for n, m in enumerate(content.measures, start=1):
        title = m.title.strip()
        if not title:
            raise UserError(ui("Tiltak {number} mangler tittel.").format(number=n))
        if m.target not in MEASURE_TARGETS:
            raise UserError(
                ui("Tiltaket «{title}»: målgruppen må være barnehage, skole eller begge.").format(
                    title=title
                )
            )
        if m.status not in MEASURE_STATUSES:
            raise UserError(
                ui(
                    "Tiltaket «{title}»: gjennomføringen må være gjennomført, delvis eller "
                    "ikke gjennomført."
                ).format(title=title)
            )
        if m.amount < 0:
            raise UserError(
                ui("Tiltaket «{title}»: beløpet kan ikke være negativt.").format(title=title)
            )
        measures.append(replace(m, title=title))
    return replace(
        content,
        measures=tuple(measures),
        goal_assessment=content.goal_assessment.strip(),
        criteria={k: v.strip() for k, v in content.criteria.items() if v.strip()},
        evaluation={k: v.strip() for k, v in content.evaluation.items() if v.strip()},
        note=content.note.strip(),
    )


# --------------------------------------------------------------------------- checks
def run_checks(
    content: Content,
    due: dt.date | None,
    first_received: dt.date | None,
    decided: int | None = None,
) -> list[Check]:
    """Every failed automatic check of a version, blocks first (module docstring).

    ``decided``: the amount decided for the network and year (None: none is known).
    """
    found: list[Check] = []

    def fail(code: str, severity: str, text: str) -> None:
        found.append(Check(code, severity, text))

    if due is not None and first_received is not None and first_received > due:
        days = (first_received - due).days
        fail(
            "FRIST",
            WARNING,
            ui("Mottatt {received}, {days} etter fristen {due}.").format(
                received=short_date(first_received),
                days=count(days, ui("dag"), ui("dager")),
                due=short_date(due),
            ),
        )
    if not content.measures:
        fail("TILTAK", BLOCK, ui("Rapporten viser ingen gjennomførte tiltak."))
    if content.spent == 0 and content.leftover_amount == 0:
        fail("MIDLER", BLOCK, ui("Rapporten viser ikke hvordan midlene er brukt."))
    if not content.goal_assessment.strip():
        fail("MÅL", BLOCK, ui("Vurderingen av måloppnåelse mangler."))
    missing = [code for code in CRITERION_CODES if not content.criteria.get(code, "").strip()]
    if missing:
        fail(
            "KJENNETEGN",
            BLOCK,
            ui("Kjennetegn {codes} i forskriften § 5 er ikke vurdert.").format(
                codes=", ".join(missing)
            ),
        )
    used = content.spent + content.leftover_amount
    if used != content.available:
        fail(
            "SUM",
            WARNING,
            ui(
                "Brukt ({spent}) + restmidler ({left}) = {used}, men tildelt + restmidler fra "
                "tidligere år = {available}."
            ).format(
                spent=kroner(content.spent),
                left=kroner(content.leftover_amount),
                used=kroner(used),
                available=kroner(content.available),
            ),
        )
    if decided is not None and content.granted_amount != decided:
        fail(
            "TILDELT",
            WARNING,
            ui(
                "Rapporten oppgir {granted} i tildeling; vedtatt beløp for nettverket er {decided}."
            ).format(granted=kroner(content.granted_amount), decided=kroner(decided)),
        )
    return sorted(found, key=lambda c: not c.blocks)


def sums_add_up(content: Content) -> bool:
    """Whether used + left equals granted + carried in (the SUM check)."""
    return content.spent + content.leftover_amount == content.available


# --------------------------------------------------------------------------- control points
@dataclass(frozen=True)
class Point:
    """One point of the control with how it was marked."""

    code: str
    kind: str
    text: str
    result: str = ""
    note: str = ""
    checked_by: str = ""
    checked: dt.date | None = None

    @property
    def marked(self) -> bool:
        return self.result in ("ok", "avvik")

    def result_text(self) -> str:
        if self.result == "ok":
            return ui("OK")
        if self.result == "avvik":
            return ui("Avvik")
        return ui("ikke kontrollert")


def points_of(forum: Any) -> tuple[dict[str, str], ...]:
    """The forum's control points, or the defaults derived from plan 7 when it has none."""
    return tuple(forum.report_checks) if forum.report_checks else DEFAULT_POINTS


# --------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Version:
    number: int
    content: Content


@dataclass(frozen=True)
class Report:
    """A report with its versions (oldest first), the newest's checks and the control."""

    region_code: str
    region_name: str
    year: int
    state: str
    return_reason: str
    versions: tuple[Version, ...]
    due: dt.date | None
    checks: tuple[Check, ...]
    points: tuple[Point, ...]
    decided: int | None = None
    row_version: int | None = None
    scheme_code: str = ""

    @property
    def newest(self) -> Content:
        return self.versions[-1].content

    @property
    def first_received(self) -> dt.date | None:
        return self.versions[0].content.received

    @property
    def late(self) -> bool:
        return (
            self.due is not None
            and self.first_received is not None
            and self.first_received > self.due
        )

    @property
    def control_text(self) -> str:
        """``5/7 kontrollert, 1 avvik`` for a table cell."""
        done = sum(1 for p in self.points if p.marked)
        faults = sum(1 for p in self.points if p.result == "avvik")
        text = f"{done}/{len(self.points)}"
        return text + (f" {faults} avvik" if faults else "")

    def version(self, number: int) -> Content:
        for v in self.versions:
            if v.number == number:
                return v.content
        raise UserError(ui("Årsrapporten har ingen versjon {number}.").format(number=number))

    def point(self, code: str) -> Point:
        for p in self.points:
            if p.code == code:
                return p
        raise UserError(ui("Kontrollpunktet «{code}» finnes ikke.").format(code=code))


@dataclass(frozen=True)
class InboxRow:
    """One network's line; ``report`` is None when nothing has come in."""

    code: str
    name: str
    report: Report | None
    decided: int | None = None
    overdue: bool = False

    @property
    def state_text(self) -> str:
        if self.report is None:
            return ui(MISSING if self.overdue else NOT_RECEIVED)
        return ui(SHORT_STATE.get(self.report.state, self.report.state))


@dataclass(frozen=True)
class Inbox:
    """The annual reports for a grant year: every network taking part in the scheme."""

    year: int
    due: dt.date | None
    today: dt.date
    rows: tuple[InboxRow, ...]
    decided_from: str = ""
    scheme_code: str = ""
    headings: tuple[tuple[str, str], ...] = ()

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.report is not None)

    def row(self, code: str) -> InboxRow:
        for r in self.rows:
            if r.code == code:
                return r
        raise UserError(ui("Ukjent nettverk «{code}».").format(code=code))


def decided_amounts(
    db: Database, year: int, scheme: str | None = None
) -> tuple[dict[str, int], str]:
    """Each network's decided grant for ``year``, and where it comes from.

    The decision (``grant_decisions``) owns the decided amount; before one is recorded the
    forum's adopted run (its advice) is what the network was told. Neither: nothing.
    """
    from sekretariat.domain import allocation_runs, grant_decisions

    try:
        decision = grant_decisions.load_decision(db, year, scheme)
    except UserError:
        decision = None
    if decision is not None:
        return {line.code: line.allocated for line in decision.lines}, ui("vedtak")
    with db.read() as s:
        code = needs.code_of(needs.scheme_by_code(s, scheme))
    run = allocation_runs.adopted_run(db, year, code)
    if run is not None:
        return {line.code: line.allocated for line in run.lines}, ui("vedtatt tildeling")
    return {}, ""


def default_year(today: dt.date) -> int:
    """The grant year whose reports are being collected: last year's."""
    return today.year - 1


def _due(forum: Any, year: int) -> dt.date | None:
    return annual_report_due(year, forum.reports_due_day, forum.reports_due_month)


def _forum(session: Any) -> Any:
    forum = session.get(Forum, 1)
    if forum is None:
        raise UserError(ui("Databasen mangler forumet; importer eller sett opp forumet først."))
    return forum


def _points(forum: Any, stored: Sequence[Any]) -> tuple[Point, ...]:
    marks = {c.code: c for c in stored}
    # The forum's own points are its words; the defaults are shown in the app's language.
    own = bool(forum.report_checks)
    out = []
    for p in points_of(forum):
        mark = marks.get(p["code"])
        text = p.get("text", p["code"])
        out.append(
            Point(
                p["code"],
                p.get("kind", "formalia"),
                text if own or not text else ui(text),
                *(
                    (mark.result, mark.note, mark.checked_by, mark.checked)
                    if mark is not None
                    else ()
                ),
            )
        )
    return tuple(out)


def _build(
    forum: Any,
    region: Any,
    report: Any,
    versions: Sequence[Any],
    checks: Sequence[Any],
    decided: int | None,
) -> Report:
    vs = tuple(
        Version(v.number, Content.from_version(v)) for v in sorted(versions, key=lambda v: v.number)
    )
    if not vs:
        vs = (Version(1, Content()),)
    due = _due(forum, report.year)
    return Report(
        region.code,
        region.name,
        report.year,
        report.state,
        report.return_reason,
        vs,
        due,
        tuple(run_checks(vs[-1].content, due, vs[0].content.received, decided)),
        _points(forum, checks),
        decided,
        report.version,
        report.scheme_code,
    )


def _find(session: Any, region: Any, year: int, code: str) -> Any:
    return session.exec(
        select(AnnualReport).where(
            AnnualReport.region_id == region.id,
            AnnualReport.year == year,
            AnnualReport.scheme_code == code,
        )
    ).first()


def _children(session: Any, report: Any) -> tuple[list[Any], list[Any]]:
    versions = list(
        session.exec(
            select(AnnualReportVersion)
            .where(AnnualReportVersion.report_id == report.id)
            .order_by(col(AnnualReportVersion.number))
        ).all()
    )
    checks = list(
        session.exec(select(AnnualReportCheck).where(AnnualReportCheck.report_id == report.id))
    )
    return versions, checks


def _get(session: Any, region_code: str, year: int, scheme: str | None) -> tuple[Any, Any, Any]:
    forum = _forum(session)
    region = needs.region_by_code(session, region_code)
    report = _find(session, region, year, needs.code_of(needs.scheme_by_code(session, scheme)))
    if report is None:
        raise UserError(
            ui("{network} har ingen årsrapport for {year}.").format(network=region.name, year=year)
        )
    return forum, region, report


def load_report(db: Database, region_code: str, year: int, scheme: str | None = None) -> Report:
    """One network's report for ``year`` with every version and the control."""
    decided = decided_amounts(db, year, scheme)[0]
    with db.read() as s:
        forum, region, report = _get(s, region_code, year, scheme)
        return _build(forum, region, report, *_children(s, report), decided.get(region_code))


def load_inbox(db: Database, year: int, today: dt.date, scheme: str | None = None) -> Inbox:
    """Every network taking part in the scheme, with its report for ``year`` (if any)."""
    decided, source = decided_amounts(db, year, scheme)
    with db.read() as s:
        forum = _forum(s)
        the_scheme = needs.scheme_by_code(s, scheme)
        code = needs.code_of(the_scheme)
        due = _due(forum, year)
        regions = [
            r
            for r in s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
            if needs.takes_part(the_scheme, r.code)
        ]
        reports = {
            r.region_id: r
            for r in s.exec(
                select(AnnualReport).where(
                    AnnualReport.year == year, AnnualReport.scheme_code == code
                )
            ).all()
        }
        versions: dict[int, list[Any]] = {}
        marks: dict[int, list[Any]] = {}
        if reports:
            ids = [r.id for r in reports.values()]
            for v in s.exec(
                select(AnnualReportVersion).where(col(AnnualReportVersion.report_id).in_(ids))
            ).all():
                versions.setdefault(v.report_id, []).append(v)
            for c in s.exec(
                select(AnnualReportCheck).where(col(AnnualReportCheck.report_id).in_(ids))
            ).all():
                marks.setdefault(c.report_id, []).append(c)
        rows = []
        for region in regions:
            report = reports.get(row_id(region))
            amount = decided.get(region.code)
            built = (
                _build(
                    forum,
                    region,
                    report,
                    versions.get(row_id(report), []),
                    marks.get(row_id(report), []),
                    amount,
                )
                if report is not None
                else None
            )
            overdue = built is None and due is not None and today > due
            rows.append(InboxRow(region.code, region.name, built, amount, overdue))
        headings = tuple((h["code"], h.get("text", h["code"])) for h in forum.report_headings)
        return Inbox(year, due, today, tuple(rows), source, code, headings)


# --------------------------------------------------------------------------- changing
def register(
    db: Database, region_code: str, year: int, content: Content, scheme: str | None = None
) -> Report:
    """A network's first version for the year: a new report, *received*."""
    if content.received is None:
        raise UserError(ui("Oppgi datoen årsrapporten ble mottatt."))
    content = validate(content)
    with db.write() as s:
        region = needs.region_by_code(s, region_code)
        the_scheme = needs.scheme_by_code(s, scheme)
        if not needs.takes_part(the_scheme, region.code):
            raise RuleViolation(
                ui("{network} er ikke med i ordningen «{scheme}».").format(
                    network=region.name, scheme=the_scheme.name or the_scheme.code
                )
            )
        existing = _find(s, region, year, needs.code_of(the_scheme))
        if existing is not None:
            raise RuleViolation(
                ui(
                    "{network} har allerede en årsrapport for {year} ({state}); en ny versjon "
                    "tas imot når den er returnert for justering."
                ).format(network=region.name, year=year, state=ui_label(existing.state).lower())
            )
        report = AnnualReport(
            region_id=region.id, year=year, scheme_code=needs.code_of(the_scheme), state="received"
        )
        s.add(report)
        s.flush()
        s.add(AnnualReportVersion(report_id=row_id(report), number=1, **content.values()))
        s.flush()
    return load_report(db, region_code, year, scheme)


def receive_version(
    db: Database,
    region_code: str,
    year: int,
    content: Content,
    *,
    seen_version: int | None = None,
    scheme: str | None = None,
) -> Report:
    """A new version of a returned report: version n + 1, state *adjusted*."""
    if content.received is None:
        raise UserError(ui("Oppgi datoen den justerte versjonen ble mottatt."))
    content = validate(content)
    with db.write() as s:
        _, region, report = _get(s, region_code, year, scheme)
        ensure_fresh(s, report, seen_version)
        if report.state != "returned":
            raise RuleViolation(
                ui(
                    "Årsrapporten fra {network} for {year} er «{state}», ikke returnert for "
                    "justering; en ny versjon kan bare tas imot etter retur."
                ).format(network=region.name, year=year, state=ui_label(report.state).lower())
            )
        versions, _ = _children(s, report)
        newest = versions[-1] if versions else None
        if newest is not None and newest.received and content.received < newest.received:
            raise UserError(
                ui("Den nye versjonen kan ikke være mottatt før forrige versjon ({date}).").format(
                    date=short_date(newest.received)
                )
            )
        number = (newest.number if newest else 0) + 1
        s.add(AnnualReportVersion(report_id=report.id, number=number, **content.values()))
        report.state = "adjusted"
        s.flush()
    return load_report(db, region_code, year, scheme)


def receive(
    db: Database, region_code: str, year: int, content: Content, scheme: str | None = None
) -> Report:
    """A report as it arrives: a new report, or a new version of a returned one."""
    with db.read() as s:
        region = needs.region_by_code(s, region_code)
        exists = _find(s, region, year, needs.code_of(needs.scheme_by_code(s, scheme)))
    if exists is None:
        return register(db, region_code, year, content, scheme)
    return receive_version(db, region_code, year, content, scheme=scheme)


def correct(
    db: Database,
    region_code: str,
    year: int,
    content: Content,
    *,
    seen_version: int | None = None,
    scheme: str | None = None,
) -> Report:
    """Correct the newest version in place (a typing mistake when it was registered);
    not once accepted or returned (then a change comes as a new version)."""
    content = validate(content)
    if content.received is None:
        raise UserError(ui("Oppgi datoen årsrapporten ble mottatt."))
    with db.write() as s:
        _, region, report = _get(s, region_code, year, scheme)
        if report.state in ("accepted", "returned"):
            raise RuleViolation(
                ui(
                    "Årsrapporten fra {network} er «{state}» og kan ikke endres; en endring "
                    "kommer som en ny versjon fra nettverket."
                ).format(network=region.name, state=ui_label(report.state).lower())
            )
        ensure_fresh(s, report, seen_version)
        newest = _children(s, report)[0][-1]
        for key, value in content.values().items():
            if getattr(newest, key) != value:
                setattr(newest, key, value)
        flag_modified(report, "state")  # the report's version moves with its content
        s.flush()
    return load_report(db, region_code, year, scheme)


def change_state(
    db: Database,
    region_code: str,
    year: int,
    new_state: str,
    reason: str = "",
    *,
    seen_version: int | None = None,
    scheme: str | None = None,
) -> Report:
    """Move a report to ``new_state`` as the needs reports move (``needs.TRANSITIONS``);
    accepting also needs no blocking check and every control point marked."""
    reason = reason.strip()
    built = load_report(db, region_code, year, scheme)
    with db.write() as s:
        _, region, report = _get(s, region_code, year, scheme)
        ensure_fresh(s, report, seen_version)
        if new_state not in TRANSITIONS.get(report.state, ()):
            if new_state == "adjusted":
                raise RuleViolation(
                    ui(
                        "En årsrapport blir «justert versjon mottatt» når den nye versjonen "
                        "tas imot."
                    )
                )
            raise RuleViolation(
                ui(
                    "Årsrapporten fra {network} er «{state}» og kan ikke settes til «{new}»."
                ).format(
                    network=region.name,
                    state=ui_label(report.state).lower(),
                    new=ui_label(new_state).lower(),
                )
            )
        if new_state == "returned":
            if not reason:
                raise UserError(ui("Skriv hvorfor årsrapporten returneres for justering."))
            report.return_reason = reason
        if new_state == "accepted":
            blocks = [c for c in built.checks if c.blocks]
            if blocks:
                raise RuleViolation(
                    ui(
                        "Årsrapporten fra {network} kan ikke godkjennes før dette er rettet: "
                        "{checks}"
                    ).format(network=region.name, checks=" ".join(c.text for c in blocks))
                )
            open_points = [p for p in built.points if not p.marked]
            if open_points:
                raise RuleViolation(
                    ui(
                        "Årsrapporten fra {network} kan ikke godkjennes før kontrollen er gjort; "
                        "ikke kontrollert: {points}."
                    ).format(
                        network=region.name,
                        points=", ".join(p.text.lower() for p in open_points),
                    )
                )
        report.state = new_state
        s.flush()
    return load_report(db, region_code, year, scheme)


def mark_point(
    db: Database,
    region_code: str,
    year: int,
    code: str,
    result: str,
    note: str = "",
    *,
    today: dt.date,
    user: str | None = None,
    scheme: str | None = None,
) -> Report:
    """Mark one control point ok or avvik (an avvik needs a note), or clear it ("");
    who (the OS user) and when (``today``) are kept. Not on an accepted report."""
    note = note.strip()
    if result not in RESULTS:
        raise UserError(
            ui("Et kontrollpunkt merkes ok eller avvik, ikke «{result}».").format(result=result)
        )
    if result == "avvik" and not note:
        raise UserError(ui("Skriv hva avviket er."))
    with db.write() as s:
        forum, region, report = _get(s, region_code, year, scheme)
        if code not in {p["code"] for p in points_of(forum)}:
            raise UserError(
                ui("Kontrollpunktet «{code}» finnes ikke i forumets kontroll.").format(code=code)
            )
        if report.state == "accepted":
            raise RuleViolation(
                ui(
                    "Årsrapporten fra {network} er godkjent; kontrollen endres ikke etterpå."
                ).format(network=region.name)
            )
        mark = s.exec(
            select(AnnualReportCheck).where(
                AnnualReportCheck.report_id == report.id, AnnualReportCheck.code == code
            )
        ).first()
        if mark is None:
            mark = AnnualReportCheck(report_id=row_id(report), code=code)
            s.add(mark)
        mark.result = result
        mark.note = note
        mark.checked_by = (user or os_user()) if result else ""
        mark.checked = today if result else None
        s.flush()
    return load_report(db, region_code, year, scheme)


# --------------------------------------------------------------------------- comparison
def field_text(content: Content, name: str, headings: dict[str, str] | None = None) -> str:
    """A field as text for the detail and comparison views."""
    value = getattr(content, name)
    if name in AMOUNT_FIELDS:
        return kroner(value)
    if name == "received":
        return short_date(value) if value else ""
    if name == "measures":
        return "\n".join(m.text() for m in value)
    if name == "criteria":
        return "\n".join(f"{code}) {value.get(code, '')}" for code in CRITERION_CODES)
    if name == "evaluation":
        names = headings or {}
        return "\n".join(f"{names.get(k, k)}: {v}" for k, v in value.items())
    return str(value)


def compare(
    before: Content, after: Content, headings: dict[str, str] | None = None
) -> list[needs.FieldChange]:
    """Every field of two versions, with the changed ones marked (``needs.FieldChange``)."""
    return [
        needs.FieldChange(
            name, ui(text), field_text(before, name, headings), field_text(after, name, headings)
        )
        for name, text in FIELD_LABELS.items()
    ]


# --------------------------------------------------------------------------- restmidler
def reported_leftover(db: Database, year: int, scheme: str | None = None) -> dict[str, int]:
    """Per network: the leftover funds (restmidler) its annual report for ``year`` states
    (newest version), which the network brings into its needs report for ``year`` + 1
    (plan 3.8: «drøfter bruk av restmidler fra tidligere tildelinger i forbindelse med
    melding om behov … for neste budsjettår»). Networks without a report are left out."""
    with db.read() as s:
        code = needs.code_of(needs.scheme_by_code(s, scheme))
        out: dict[str, int] = {}
        newest: dict[str, int] = {}
        rows = s.exec(
            select(Region.code, AnnualReportVersion.number, AnnualReportVersion.leftover_amount)
            .join(AnnualReport, col(AnnualReport.region_id) == col(Region.id))
            .join(AnnualReportVersion, col(AnnualReportVersion.report_id) == col(AnnualReport.id))
            .where(AnnualReport.year == year, AnnualReport.scheme_code == code)
        ).all()
        for region_code, number, leftover in rows:
            if number > newest.get(region_code, 0):
                newest[region_code] = number
                out[region_code] = leftover
        return out


def leftover_line(year: int, amount: int | None) -> str:
    """«Restmidler fra årsrapport 2026: 120 000 kr» (empty when no report states any)."""
    if amount is None:
        return ""
    return ui("Restmidler fra årsrapport {year}: {amount}").format(year=year, amount=kroner(amount))


@dataclass(frozen=True)
class MoneyLine:
    """A network's year: what it asked for, was allocated, used and has left."""

    code: str
    name: str
    requested: int | None
    allocated: int | None
    used: int | None
    left: int | None


def money_table(db: Database, year: int, scheme: str | None = None) -> list[MoneyLine]:
    """Requested (newest needs report), allocated (the decision, else the adopted run) and
    used and left (newest annual report) per network for ``year``; None: not known."""
    decided, _ = decided_amounts(db, year, scheme)
    with db.read() as s:
        the_scheme = needs.scheme_by_code(s, scheme)
        code = needs.code_of(the_scheme)
        regions = [
            r
            for r in s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
            if needs.takes_part(the_scheme, r.code)
        ]
        requested: dict[int, tuple[int, int]] = {}
        for region_id, number, network, uh in s.exec(
            select(
                NeedsReport.region_id,
                NeedsReportVersion.number,
                NeedsReportVersion.network_amount,
                NeedsReportVersion.uh_amount,
            )
            .join(NeedsReportVersion, col(NeedsReportVersion.report_id) == col(NeedsReport.id))
            .where(NeedsReport.year == year, NeedsReport.scheme_code == code)
        ).all():
            if number > requested.get(region_id, (0, 0))[0]:
                requested[region_id] = (number, network + uh)
        used: dict[int, tuple[int, int, int]] = {}
        for region_id, v in s.exec(
            select(AnnualReport.region_id, AnnualReportVersion)
            .join(AnnualReportVersion, col(AnnualReportVersion.report_id) == col(AnnualReport.id))
            .where(AnnualReport.year == year, AnnualReport.scheme_code == code)
        ).all():
            if v.number > used.get(region_id, (0, 0, 0))[0]:
                used[region_id] = (v.number, v.spent_network + v.spent_uh, v.leftover_amount)
        out = []
        for r in regions:
            rid = row_id(r)
            asked = requested.get(rid)
            spent = used.get(rid)
            out.append(
                MoneyLine(
                    r.code,
                    r.name,
                    asked[1] if asked else None,
                    decided.get(r.code),
                    spent[1] if spent else None,
                    spent[2] if spent else None,
                )
            )
        return out


# --------------------------------------------------------------------------- overview
def reminder(inbox: Inbox) -> str:
    """The overview's line for this inbox (``cycle.annual_reminder``); nothing while the
    grant year runs."""
    if inbox.today.year <= inbox.year or not inbox.rows:
        return ""
    return annual_reminder(
        inbox.year,
        inbox.due,
        inbox.today,
        missing=sum(1 for r in inbox.rows if r.report is None),
        returned=sum(1 for r in inbox.rows if r.report and r.report.state == "returned"),
        waiting=sum(
            1
            for r in inbox.rows
            if r.report and r.report.state in ("received", "review", "adjusted")
        ),
    )
