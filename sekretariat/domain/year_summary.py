"""The forum's summary of a year's annual reports (Innlandet plan 3.1 h: «oppsummere
rapporter fra tilskuddsmottakerne»; plan 7 / forskrift § 17: which measures were carried
out, how the funds were used, an assessment of the goals by the criteria a–e of § 5).

Per network and in total: what was requested (the newest version of the needs report),
what was granted (the recorded decision; before one is recorded, the run the forum
adopted, its advice), what was used and what is left (the newest version of the annual
report), the measures by theme, the goal assessment per criterion, and the control points
that ended in a deviation (avvik). Networks without an annual report are listed as such.

The figures are sums of the rows, to the krone: ``build`` is a pure function of the rows
read by ``load``, so it can be checked apart from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from sekretariat.domain.allocation_runs import adopted_run
from sekretariat.domain.annual_reports import CRITERIA
from sekretariat.domain.grant_decisions import load_decision
from sekretariat.domain.needs import NO_THEME, load_inbox
from sekretariat.domain.people import slug
from sekretariat.errors import UserError
from sekretariat.i18n import N_, app_language, label_text, texts, ui
from sekretariat.storage.models import (
    AnnualReport,
    AnnualReportCheck,
    AnnualReportVersion,
    Forum,
    Region,
    Scheme,
    row_id,
)

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

NOT_RECEIVED = N_("Ikke mottatt")

#: Where the granted amounts come from: the recorded decision, the forum's adopted run
#: (its advice, before a decision is recorded), or nothing yet.
DECIDED = "vedtak"
ADVISED = "innstilling"
NONE = ""
GRANT_SOURCES = {
    DECIDED: N_("Tildelt etter vedtaket om tilskudd"),
    ADVISED: N_("Ikke registrert vedtak ennå: tildelt etter forumets innstilling"),
    NONE: N_("Ingen tildeling vedtatt for året"),
}


@dataclass(frozen=True)
class Grant:
    """A network's granted amount and its network/UH split."""

    allocated: int = 0
    network: int = 0
    uh: int = 0


@dataclass(frozen=True)
class ReportedMeasure:
    title: str
    theme: str  # a theme code, or "" when the report gives none
    target: str = ""


@dataclass(frozen=True)
class FailedCheck:
    """A control point of the report that ended in a deviation (avvik)."""

    code: str
    text: str
    note: str


@dataclass(frozen=True)
class ReportRow:
    """The newest version of one network's annual report, as read."""

    state: str
    received: dt.date | None
    version: int
    granted_amount: int = 0
    carried_in: int = 0
    spent_network: int = 0
    spent_uh: int = 0
    leftover_amount: int = 0
    measures: tuple[ReportedMeasure, ...] = ()
    goal_assessment: str = ""
    criteria: tuple[tuple[str, str], ...] = ()  # (code, text) for every criterion a–e
    failed: tuple[FailedCheck, ...] = ()


@dataclass(frozen=True)
class NetworkRow:
    """One network's inputs: its request, its grant and its report (None: none came in)."""

    code: str
    name: str
    host: str
    requested: int
    grant: Grant
    report: ReportRow | None


@dataclass(frozen=True)
class NetworkSummary:
    code: str
    name: str
    host: str
    requested: int
    granted: int
    granted_network: int
    granted_uh: int
    report: ReportRow | None

    @property
    def has_report(self) -> bool:
        return self.report is not None

    @property
    def spent_network(self) -> int:
        return self.report.spent_network if self.report else 0

    @property
    def spent_uh(self) -> int:
        return self.report.spent_uh if self.report else 0

    @property
    def used(self) -> int:
        return self.spent_network + self.spent_uh

    @property
    def left(self) -> int:
        return self.report.leftover_amount if self.report else 0

    @property
    def measure_count(self) -> int:
        return len(self.report.measures) if self.report else 0

    @property
    def state_text(self) -> str:
        """The report's state in the app's language."""
        return self.state_in(app_language())

    def state_in(self, lang: str) -> str:
        """The report's state in ``lang`` (a document's)."""
        return label_text(self.report.state, lang) if self.report else texts(lang)(NOT_RECEIVED)

    @property
    def answered(self) -> tuple[str, ...]:
        """The criteria the report says something about."""
        if self.report is None:
            return ()
        return tuple(code for code, text in self.report.criteria if text.strip())


@dataclass(frozen=True)
class YearSummary:
    year: int
    scheme_code: str
    scheme_name: str
    forum_name: str
    grant_source: str
    themes: tuple[tuple[str, str], ...]
    networks: tuple[NetworkSummary, ...] = field(default=())

    @property
    def requested(self) -> int:
        return sum(n.requested for n in self.networks)

    @property
    def granted(self) -> int:
        return sum(n.granted for n in self.networks)

    @property
    def granted_network(self) -> int:
        return sum(n.granted_network for n in self.networks)

    @property
    def granted_uh(self) -> int:
        return sum(n.granted_uh for n in self.networks)

    @property
    def spent_network(self) -> int:
        return sum(n.spent_network for n in self.networks)

    @property
    def spent_uh(self) -> int:
        return sum(n.spent_uh for n in self.networks)

    @property
    def used(self) -> int:
        return sum(n.used for n in self.networks)

    @property
    def left(self) -> int:
        return sum(n.left for n in self.networks)

    @property
    def measure_count(self) -> int:
        return sum(n.measure_count for n in self.networks)

    @property
    def reported(self) -> tuple[NetworkSummary, ...]:
        return tuple(n for n in self.networks if n.report is not None)

    @property
    def missing(self) -> tuple[NetworkSummary, ...]:
        """The networks with no annual report for the year."""
        return tuple(n for n in self.networks if n.report is None)

    def theme_name(self, code: str) -> str:
        return dict(self.themes).get(code, code) if code else NO_THEME

    def measures_by_theme(self) -> list[tuple[str, int]]:
        """(theme name, number of measures) in the forum's theme order; measures under a
        code the forum does not have come next under that code, those without one last."""
        counts: dict[str, int] = {}
        for n in self.reported:
            for m in n.report.measures if n.report else ():
                counts[m.theme] = counts.get(m.theme, 0) + 1
        known = [code for code, _ in self.themes]
        order = known + sorted(c for c in counts if c and c not in known)
        if "" in counts:
            order.append("")
        return [(self.theme_name(c), counts.get(c, 0)) for c in order]

    def criteria_answered(self) -> list[tuple[str, str, int]]:
        """(code, criterion, how many reports assess it) for a–e."""
        return [
            (code, text, sum(1 for n in self.reported if code in n.answered))
            for code, text in CRITERIA
        ]

    def failed_checks(self) -> list[tuple[str, FailedCheck]]:
        """(network name, check) for every deviation, in the networks' order."""
        return [
            (n.name, check)
            for n in self.reported
            for check in (n.report.failed if n.report else ())
        ]


def build(
    year: int,
    scheme_code: str,
    scheme_name: str,
    forum_name: str,
    grant_source: str,
    themes: Sequence[tuple[str, str]],
    rows: Sequence[NetworkRow],
) -> YearSummary:
    """The summary of the rows read (pure: no database)."""
    return YearSummary(
        year,
        scheme_code,
        scheme_name,
        forum_name,
        grant_source,
        tuple(themes),
        tuple(
            NetworkSummary(
                r.code,
                r.name,
                r.host,
                r.requested,
                r.grant.allocated,
                r.grant.network,
                r.grant.uh,
                r.report,
            )
            for r in rows
        ),
    )


def summary_filename(year: int, fmt: str, scheme: str = "") -> str:
    """``sammenstilling-arsrapporter-2027.pdf`` (a further scheme's code after the year)."""
    part = f"-{slug(scheme)}" if scheme else ""
    return f"sammenstilling-arsrapporter-{year}{part}.{fmt}"


def default_year(db: Database, today: dt.date) -> int:
    """The year to show first: the newest with reports or grants, not after this year;
    else last year (the reports come in the year after the grant)."""
    years = [y for y in summary_years(db) if y <= today.year]
    return years[0] if years else today.year - 1


# --------------------------------------------------------------------------- reading
def granted_by_network(db: Database, year: int, scheme_code: str) -> tuple[str, dict[str, Grant]]:
    """The granted amount per network code and where it comes from: the recorded
    decision (``grant_decisions``), else the run the forum adopted (its advice)."""
    decision = load_decision(db, year, scheme_code)
    if decision is not None:
        return DECIDED, {
            line.code: Grant(line.allocated, line.network, line.uh) for line in decision.lines
        }
    run = adopted_run(db, year, scheme_code)
    if run is not None:
        return ADVISED, {
            line.code: Grant(line.allocated, line.network, line.uh) for line in run.lines
        }
    return NONE, {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _measures(raw: Any) -> tuple[ReportedMeasure, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        ReportedMeasure(_text(m.get("title")), _text(m.get("theme")), _text(m.get("target")))
        for m in raw
        if isinstance(m, dict)
    )


def _report_row(report: Any, version: Any, checks: list[Any], texts: dict[str, str]) -> ReportRow:
    criteria = version.criteria if isinstance(version.criteria, dict) else {}
    return ReportRow(
        state=report.state,
        received=version.received,
        version=version.number,
        granted_amount=version.granted_amount,
        carried_in=version.carried_in,
        spent_network=version.spent_network,
        spent_uh=version.spent_uh,
        leftover_amount=version.leftover_amount,
        measures=_measures(version.measures),
        goal_assessment=_text(version.goal_assessment),
        criteria=tuple((code, _text(criteria.get(code))) for code, _ in CRITERIA),
        failed=tuple(
            FailedCheck(c.code, texts.get(c.code, c.code), _text(c.note))
            for c in sorted(checks, key=lambda c: c.code)
            if c.result == "avvik"
        ),
    )


def summary_years(db: Database) -> list[int]:
    """The years with an annual report, an adopted run or a decision, newest first."""
    with db.sql() as con:
        rows = con.execute(
            "SELECT year FROM annualreport UNION SELECT year FROM grantdecision "
            "UNION SELECT year FROM allocationrun WHERE status = 'adopted' ORDER BY year DESC"
        ).fetchall()
    return [int(r[0]) for r in rows]


def load(db: Database, year: int, scheme_code: str | None = None) -> YearSummary:
    """The summary for ``year`` in the scheme (the default one when None)."""
    inbox = load_inbox(db, year, dt.date(year, 12, 31), scheme_code)
    if not inbox.scheme_code:
        raise UserError(ui("Forumet har ingen ordning."))
    code = inbox.scheme_code
    source, grants = granted_by_network(db, year, code)
    with db.read() as s:
        forum = s.get(Forum, 1)
        scheme = s.exec(select(Scheme).where(Scheme.code == code)).one()
        codes = [code, ""] if scheme.is_default else [code]
        regions = {r.code: r for r in s.exec(select(Region)).all()}
        reports = {
            r.region_id: r
            for r in s.exec(
                select(AnnualReport).where(
                    AnnualReport.year == year, col(AnnualReport.scheme_code).in_(codes)
                )
            ).all()
        }
        # A report stored under the scheme's code wins over one stored without a code.
        for r in s.exec(
            select(AnnualReport).where(AnnualReport.year == year, AnnualReport.scheme_code == code)
        ).all():
            reports[r.region_id] = r
        ids = [r.id for r in reports.values()]
        newest: dict[int, Any] = {}
        for v in s.exec(
            select(AnnualReportVersion).where(col(AnnualReportVersion.report_id).in_(ids))
        ).all():
            if v.report_id not in newest or v.number > newest[v.report_id].number:
                newest[v.report_id] = v
        checks: dict[int, list[Any]] = {}
        for c in s.exec(
            select(AnnualReportCheck).where(col(AnnualReportCheck.report_id).in_(ids))
        ).all():
            checks.setdefault(c.report_id, []).append(c)
        texts = {
            str(p.get("code")): _text(p.get("text")) or str(p.get("code"))
            for p in (forum.report_checks if forum is not None else [])
            if isinstance(p, dict) and p.get("code")
        }
        rows = []
        for line in inbox.rows:
            region = regions[line.code]
            report = reports.get(row_id(region))
            version = newest.get(row_id(report)) if report is not None else None
            rows.append(
                NetworkRow(
                    line.code,
                    line.name,
                    region.host,
                    line.report.newest.request if line.report is not None else 0,
                    grants.get(line.code, Grant()),
                    _report_row(report, version, checks.get(row_id(report), []), texts)
                    if report is not None and version is not None
                    else None,
                )
            )
    return build(year, code, inbox.scheme_name, inbox.forum_name, source, inbox.themes, rows)
