"""Needs reports (behovsmeldinger, plan 3.7 and 4.1): checks, states, versions, the inbox.

A network's report for a year is one ``NeedsReport`` (its state) and its versions
(``NeedsReportVersion`` 1, 2, …). Every version is kept; the newest is what the inbox
shows, what the checks judge and what the allocation uses (``allocation_data``).

**States.** received → review → returned (a reason is required) → adjusted (only by
receiving a new version) → accepted; review → accepted directly, and an adjusted version
may be taken under review again. An accepted report can be returned once more (the
allocation may ask a network to adjust, plan 3.8.1). Anything else is refused.

**Checks.** Each has a stable short code, a severity and one Norwegian sentence.
A *block* stops the report from being accepted until a new version fixes it; a *warning*
is shown and never stops anything. Nothing stops a report from being stored: the inbox
records what the network sent. The blocks are the content the plan requires
(Innlandet 3.7: «Behovsmeldingen skal inneholde en behovsvurdering og en plan for arbeidet
i partnerskapet …, Hvilke eiere og UH som samarbeider om tiltakene, Beskrive eiers
egeninnsats i tiltaket»): missing content is a failed check. The plans set no limit on
the coordinator function or release time («en begrenset del»); only a limit the forum has
set itself in its settings is checked, and it is named as the forum's.

| code    | severity | rule |
|---------|----------|------|
| FRIST   | warning  | the first version came after the due date (the forum's `needs_due`) |
| BEHOV   | block    | no needs assessment (3.7) |
| PLAN    | block    | no plan for the partnership work (3.7) |
| EIERE   | block    | the owners who cooperate are not named (3.7) |
| UH      | block    | no UH/fagskole partner is named (3.7) |
| EGEN    | block    | the owner's own contribution is not described (3.7) |
| TOM     | block    | nothing is requested (3.8: every allocation rests on a reported need) |
| SUM     | warning  | kindergarten + school ≠ network + UH: the figures do not add up |
| TILTAK  | warning  | the measures do not add up to the request |
| KOORD   | block    | coordinator part above the forum's own ``coordinator_max_bp`` (only if set) |
| FRIKJ   | block    | release-time part above the forum's own ``release_max_bp`` (only if set) |
| BHG     | warning  | kindergarten below ``kindergarten_min_bp`` of kindergarten + school (4.1, a guideline) |
| SKOLE   | warning  | school below ``school_min_bp`` of kindergarten + school (4.1, a guideline) |
| NETT    | warning  | network share above ``network_max_bp`` of the request (3.8.1, the allocation caps it) |
| LOKAL   | warning  | no 4-year local competence plan covers the year (4.1; only when plans are kept) |

Limits are inclusive: exactly 35 % kindergarten or exactly 40 % network passes.
All comparisons are on integers (basis points), never floats.

**Schemes.** A report is for one scheme (``scheme_code``; Agder 2020 had three in one
forum); the inbox of a scheme lists the networks taking part in it (``Scheme.regions``,
every network when empty) and judges their reports by that scheme's limits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import col, select

from sekretariat.domain.cycle import needs_due_date, report_year
from sekretariat.errors import RuleViolation, UserError, shown
from sekretariat.formats import count, kroner, parse_kroner, percent, share, short_date
from sekretariat.i18n import N_, ui, ui_label
from sekretariat.labels import MEASURE_TARGETS
from sekretariat.storage.models import (
    Forum,
    LocalPlan,
    NeedsReport,
    NeedsReportVersion,
    Region,
    Scheme,
    Theme,
    row_id,
)
from sekretariat.storage.row_versions import ensure_fresh

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

WARNING = "warning"
BLOCK = "block"

#: Short state names for narrow tables; the full ones are in ``labels``.
#: A report's state in the inbox's narrow column (bokmål, in the catalogue: shown through
#: ``state_text`` in the app's language).
SHORT_STATE = {
    "received": N_("Mottatt"),
    "review": N_("Behandles"),
    "returned": N_("Returnert"),
    "adjusted": N_("Justert"),
    "accepted": N_("Godkjent"),
}
NOT_RECEIVED = N_("ikke mottatt")
MISSING = N_("MANGLER")

#: Allowed state changes by the secretariat; returned → adjusted happens by receiving.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("review",),
    "review": ("returned", "accepted"),
    "returned": (),
    "adjusted": ("review", "accepted"),
    "accepted": ("returned",),
}

#: Order and Norwegian names of a version's fields (editor, detail, comparison).
#: Bokmål, in the catalogue (``N_``): shown through ``ui`` in the app's language.
FIELD_LABELS: dict[str, str] = {
    "received": N_("Mottatt"),
    "needs_assessment": N_("Behovsvurdering"),
    "partnership_plan": N_("Plan for partnerskapet"),
    "owners": N_("Eiere"),
    "partners": N_("UH/fagskole-partnere"),
    "own_contribution": N_("Eiers egeninnsats"),
    "network_amount": N_("Søkt til nettverket"),
    "uh_amount": N_("Søkt til UH"),
    "kindergarten_amount": N_("Til barnehage"),
    "school_amount": N_("Til skole"),
    "coordinator_amount": N_("Koordinatorfunksjon"),
    "release_amount": N_("Frikjøp"),
    "leftover_amount": N_("Restmidler"),
    "themes": N_("Tema"),
    "measures": N_("Tiltak"),
}
AMOUNT_FIELDS = (
    "network_amount",
    "uh_amount",
    "kindergarten_amount",
    "school_amount",
    "coordinator_amount",
    "release_amount",
    "leftover_amount",
)
TEXT_FIELDS = ("needs_assessment", "partnership_plan", "own_contribution")
MIN_YEAR, MAX_YEAR = 2000, 2100


# --------------------------------------------------------------------------- content
@dataclass(frozen=True)
class Measure:
    """A measure (tiltak); years say how long it runs (plan 3.7: longer than a year)."""

    title: str
    target: str = "begge"
    amount: int = 0
    start_year: int | None = None
    end_year: int | None = None

    def text(self) -> str:
        years = ""
        if self.start_year and self.end_year and self.end_year != self.start_year:
            years = f", {self.start_year}–{self.end_year}"
        elif self.start_year:
            years = f", {self.start_year}"
        return f"{self.title} ({ui_label(self.target).lower()}, {kroner(self.amount)}{years})"


@dataclass(frozen=True)
class Content:
    """What one version of a report says."""

    received: dt.date | None = None
    needs_assessment: str = ""
    partnership_plan: str = ""
    own_contribution: str = ""
    owners: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    coordinator_amount: int = 0
    release_amount: int = 0
    leftover_amount: int = 0
    network_amount: int = 0
    uh_amount: int = 0
    kindergarten_amount: int = 0
    school_amount: int = 0
    themes: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()

    @property
    def request(self) -> int:
        """The request: the network's amount plus its UH partner's."""
        return self.network_amount + self.uh_amount

    def values(self) -> dict[str, Any]:
        """The fields as ``NeedsReportVersion`` stores them."""
        return {
            "received": self.received,
            "needs_assessment": self.needs_assessment,
            "partnership_plan": self.partnership_plan,
            "own_contribution": self.own_contribution,
            "owners": list(self.owners),
            "partners": list(self.partners),
            **{name: getattr(self, name) for name in AMOUNT_FIELDS},
            "themes": list(self.themes),
            "measures": [
                {
                    "title": m.title,
                    "target": m.target,
                    "amount": m.amount,
                    **({"start_year": m.start_year} if m.start_year is not None else {}),
                    **({"end_year": m.end_year} if m.end_year is not None else {}),
                }
                for m in self.measures
            ],
        }

    @classmethod
    def from_version(cls, v: Any) -> Content:
        return cls(
            received=v.received,
            needs_assessment=v.needs_assessment,
            partnership_plan=v.partnership_plan,
            own_contribution=v.own_contribution,
            owners=tuple(v.owners),
            partners=tuple(v.partners),
            **{name: getattr(v, name) for name in AMOUNT_FIELDS},
            themes=tuple(v.themes),
            measures=tuple(
                Measure(
                    m.get("title", ""),
                    m.get("target", "begge"),
                    int(m.get("amount", 0)),
                    m.get("start_year"),
                    m.get("end_year"),
                )
                for m in v.measures
            ),
        )


def parse_amount(text: str | int | None, what: str | None = None) -> int:
    """Whole kroner as people type them (``formats.parse_kroner``); empty is 0.

    A cell read from a spreadsheet may already be a number: a negative one is refused
    the same way as a negative one typed.
    """
    what = what or ui("Beløpet")
    if text is None:
        return 0
    if isinstance(text, int):
        if text < 0:
            raise UserError(
                ui("{what} kan ikke være negativt ({amount}).").format(what=what, amount=text)
            )
        return text
    return parse_kroner(text, what) if text.strip() else 0


def parse_year(text: str | int | None, what: str | None = None) -> int | None:
    """A four-digit year between 2000 and 2100, or None for empty."""
    if text is None:
        return None
    raw = str(text).strip()
    if not raw:
        return None
    what = what or ui("Året")
    # Plain digits only (``"²"`` is a digit to ``str.isdigit``), and not a million of them.
    if (
        not (raw.isascii() and raw.isdigit())
        or len(raw) > 4
        or not MIN_YEAR <= int(raw) <= MAX_YEAR
    ):
        raise UserError(
            ui("{what}: «{text}» er ikke et årstall.").format(what=what, text=shown(raw))
        )
    return int(raw)


def split_lines(text: str) -> tuple[str, ...]:
    """Names typed one a line (or separated by semicolons), blanks dropped."""
    return tuple(p.strip() for p in re.split(r"[\n;]", text) if p.strip())


def validate(content: Content, theme_codes: Iterable[str]) -> Content:
    """Refuse content no report can hold; returns it tidied (texts stripped).

    These are input errors, not checks: a negative amount, a measure without a title or
    with an unknown target group, an end year before the start year, an unknown theme.
    """
    known = set(theme_codes)
    for name in AMOUNT_FIELDS:
        if getattr(content, name) < 0:
            raise UserError(
                ui("{field} kan ikke være negativt.").format(field=ui(FIELD_LABELS[name]))
            )
    for code in content.themes:
        if code not in known:
            raise UserError(
                ui("Ukjent tema «{code}»; velg blant forumets prioriterte tema.").format(code=code)
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
        if m.amount < 0:
            raise UserError(
                ui("Tiltaket «{title}»: beløpet kan ikke være negativt.").format(title=title)
            )
        for year in (m.start_year, m.end_year):
            if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
                raise UserError(
                    ui("Tiltaket «{title}»: {year} er ikke et årstall.").format(
                        title=title, year=year
                    )
                )
        if m.start_year is not None and m.end_year is not None and m.end_year < m.start_year:
            raise UserError(
                ui("Tiltaket «{title}» slutter ({end}) før det starter ({start}).").format(
                    title=title, end=m.end_year, start=m.start_year
                )
            )
        measures.append(replace(m, title=title))
    return replace(
        content,
        needs_assessment=content.needs_assessment.strip(),
        partnership_plan=content.partnership_plan.strip(),
        own_contribution=content.own_contribution.strip(),
        owners=tuple(o.strip() for o in content.owners if o.strip()),
        partners=tuple(p.strip() for p in content.partners if p.strip()),
        themes=tuple(dict.fromkeys(content.themes)),
        measures=tuple(measures),
    )


# --------------------------------------------------------------------------- checks
@dataclass(frozen=True)
class Limits:
    """The scheme's limits for reports, in basis points (1 % = 100).

    The defaults are Innlandet's (plan 4.1: «minimum 35 % i barnehagebaserte og 35 %
    skolebaserte tiltak»; 3.8.1: «Inntil 40 % til de regionale kompetansenettverkene»).
    The coordinator and release-time limits exist only when the forum has set them.
    """

    kindergarten_min_bp: int = 3500
    school_min_bp: int = 3500
    network_max_bp: int = 4000
    coordinator_max_bp: int | None = None
    release_max_bp: int | None = None
    #: A fixed network share, when the scheme splits every allocation so (Nordland 40/60).
    network_fixed_bp: int | None = None

    @classmethod
    def of(cls, scheme: Any) -> Limits:
        if scheme is None:
            return cls()
        return cls(
            scheme.kindergarten_min_bp,
            scheme.school_min_bp,
            scheme.network_max_bp,
            scheme.coordinator_max_bp,
            scheme.release_max_bp,
            scheme.network_fixed_bp,
        )


@dataclass(frozen=True)
class Check:
    """A failed check: stable code, severity and the full Norwegian explanation."""

    code: str
    severity: str
    text: str

    @property
    def blocks(self) -> bool:
        return self.severity == BLOCK


def default_year(db: Database, today: dt.date) -> int:
    """The report year the inbox opens on: the one the overview shows (``report_year``)."""
    with db.read() as s:
        forum, _ = _forum_and_limits(s)
        return report_year(today, forum.needs_due_day, forum.needs_due_month)


def run_checks(
    content: Content,
    limits: Limits,
    due: dt.date,
    first_received: dt.date | None,
    local_plan: bool | None = None,
) -> list[Check]:
    """Every failed check of a version, blocks first, in the order of the table above.

    ``local_plan``: whether a local competence plan covers the year (None: not judged).
    """
    found: list[Check] = []

    def fail(code: str, severity: str, text: str) -> None:
        found.append(Check(code, severity, text))

    if first_received is not None and first_received > due:
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
    if not content.needs_assessment.strip():
        fail("BEHOV", BLOCK, ui("Behovsvurderingen mangler."))
    if not content.partnership_plan.strip():
        fail("PLAN", BLOCK, ui("Planen for arbeidet i partnerskapet mangler."))
    if not content.owners:
        fail("EIERE", BLOCK, ui("Det står ikke hvilke eiere som samarbeider om tiltakene."))
    if not content.partners:
        fail("UH", BLOCK, ui("Ingen UH- eller fagskolepartner er navngitt."))
    if not content.own_contribution.strip():
        fail("EGEN", BLOCK, ui("Eiers egeninnsats er ikke beskrevet."))
    request = content.request
    if request == 0:
        fail("TOM", BLOCK, ui("Behovsmeldingen ber ikke om noe beløp (nettverk + UH er 0 kr)."))
    split = content.kindergarten_amount + content.school_amount
    if split != request:
        fail(
            "SUM",
            WARNING,
            ui(
                "Barnehage + skole ({split}) er ikke lik det omsøkte beløpet "
                "(nettverk + UH = {request})."
            ).format(split=kroner(split), request=kroner(request)),
        )
    measures = sum(m.amount for m in content.measures)
    if measures != request:
        fail(
            "TILTAK",
            WARNING,
            ui("Tiltakene summerer til {measures}, men det omsøkte beløpet er {request}.").format(
                measures=kroner(measures), request=kroner(request)
            ),
        )
    if request > 0:
        coordinator_max = limits.coordinator_max_bp
        if coordinator_max is not None and content.coordinator_amount * 10000 > (
            coordinator_max * request
        ):
            fail(
                "KOORD",
                BLOCK,
                ui(
                    "Koordinatorfunksjonen er {amount} ({share}) av {request}; "
                    "grensen forumet har satt, er {limit}."
                ).format(
                    amount=kroner(content.coordinator_amount),
                    share=share(content.coordinator_amount, request),
                    request=kroner(request),
                    limit=percent(coordinator_max),
                ),
            )
        release_max = limits.release_max_bp
        if release_max is not None and content.release_amount * 10000 > release_max * request:
            fail(
                "FRIKJ",
                BLOCK,
                ui(
                    "Frikjøpet er {amount} ({share}) av {request}; "
                    "grensen forumet har satt, er {limit}."
                ).format(
                    amount=kroner(content.release_amount),
                    share=share(content.release_amount, request),
                    request=kroner(request),
                    limit=percent(release_max),
                ),
            )
    if split > 0:
        if content.kindergarten_amount * 10000 < limits.kindergarten_min_bp * split:
            fail(
                "BHG",
                WARNING,
                ui(
                    "Barnehage får {amount} ({share}); forumets veiledende minimum er {limit}."
                ).format(
                    amount=kroner(content.kindergarten_amount),
                    share=share(content.kindergarten_amount, split),
                    limit=percent(limits.kindergarten_min_bp),
                ),
            )
        if content.school_amount * 10000 < limits.school_min_bp * split:
            fail(
                "SKOLE",
                WARNING,
                ui("Skole får {amount} ({share}); forumets veiledende minimum er {limit}.").format(
                    amount=kroner(content.school_amount),
                    share=share(content.school_amount, split),
                    limit=percent(limits.school_min_bp),
                ),
            )
    if request > 0 and content.network_amount * 10000 > limits.network_max_bp * request:
        fail(
            "NETT",
            WARNING,
            ui(
                "Nettverket ber om {amount} ({share}) av {request} til seg selv; "
                "tildelingen begrenser nettverksdelen til {limit}."
            ).format(
                amount=kroner(content.network_amount),
                share=share(content.network_amount, request),
                request=kroner(request),
                limit=percent(limits.network_max_bp),
            ),
        )
    if local_plan is False:
        fail(
            "LOKAL",
            WARNING,
            ui(
                "Ingen lokal kompetanseplan for året er registrert for nettverket "
                "(planen skal sendes sammen med behovsmeldingen)."
            ),
        )
    return sorted(found, key=lambda c: not c.blocks)


def check_codes(checks: Sequence[Check]) -> str:
    """The short form for a table: blocks marked with ``!`` (readable without colour)."""
    return " ".join(c.code + ("!" if c.blocks else "") for c in checks)


# --------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Version:
    number: int
    content: Content


@dataclass(frozen=True)
class Report:
    """A report with all its versions, oldest first, and the newest version's checks."""

    region_code: str
    region_name: str
    year: int
    state: str
    return_reason: str
    versions: tuple[Version, ...]
    due: dt.date
    checks: tuple[Check, ...]
    #: The report row's version when read; saves based on an older one are refused.
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
        return self.first_received is not None and self.first_received > self.due

    def version(self, number: int) -> Content:
        for v in self.versions:
            if v.number == number:
                return v.content
        raise UserError(ui("Behovsmeldingen har ingen versjon {number}.").format(number=number))


@dataclass(frozen=True)
class InboxRow:
    """One network's line in the inbox; ``report`` is None when nothing has come in."""

    code: str
    name: str
    report: Report | None
    overdue: bool = False

    @property
    def state_text(self) -> str:
        if self.report is None:
            return ui(MISSING if self.overdue else NOT_RECEIVED)
        return ui(SHORT_STATE.get(self.report.state, self.report.state))


@dataclass(frozen=True)
class Inbox:
    """The inbox for a year: every network, the due date, limits and the forum's themes."""

    year: int
    due: dt.date
    today: dt.date
    limits: Limits
    themes: tuple[tuple[str, str], ...]
    rows: tuple[InboxRow, ...]
    forum_name: str = ""
    scheme_code: str = ""
    scheme_name: str = ""

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.report is not None)

    def row(self, code: str) -> InboxRow:
        for r in self.rows:
            if r.code == code:
                return r
        raise UserError(ui("Ukjent nettverk «{code}».").format(code=code))


def _scheme(session: Any, code: str | None) -> Any:
    """The scheme ``code`` names, or the default one (None when the forum has none)."""
    if code:
        scheme = session.exec(select(Scheme).where(Scheme.code == code)).first()
        if scheme is None:
            raise UserError(ui("Ukjent ordning «{code}».").format(code=code))
        return scheme
    return session.exec(select(Scheme).where(col(Scheme.is_default))).first()


def _forum_and_limits(session: Any, scheme_code: str | None = None) -> tuple[Any, Limits]:
    forum = session.get(Forum, 1)
    if forum is None:
        raise UserError(ui("Databasen mangler forumet; importer eller sett opp forumet først."))
    return forum, Limits.of(_scheme(session, scheme_code))


def _code(scheme: Any) -> str:
    return scheme.code if scheme is not None else ""


def takes_part(scheme: Any, region_code: str) -> bool:
    """Whether a network takes part in a scheme (every network, when it names none)."""
    return scheme is None or not scheme.regions or region_code in scheme.regions


def _plans_cover(session: Any, year: int) -> dict[int, bool] | None:
    """Per region id: whether a local competence plan covers ``year``; None while the
    forum keeps no local plans at all (then nothing is judged)."""
    plans = session.exec(select(LocalPlan)).all()
    if not plans:
        return None
    covered: dict[int, bool] = {}
    for plan in plans:
        if plan.start_year <= year <= plan.end_year:
            covered[plan.region_id] = True
    return covered


def _build_report(
    region: Any,
    report: Any,
    versions: list[Any],
    due: dt.date,
    limits: Limits,
    plans: dict[int, bool] | None = None,
) -> Report:
    vs = tuple(
        Version(v.number, Content.from_version(v)) for v in sorted(versions, key=lambda v: v.number)
    )
    if not vs:
        vs = (Version(1, Content()),)
    covered = None if plans is None else plans.get(row_id(region), False)
    checks = run_checks(vs[-1].content, limits, due, vs[0].content.received, covered)
    return Report(
        region.code,
        region.name,
        report.year,
        report.state,
        report.return_reason,
        vs,
        due,
        tuple(checks),
        report.version,
        report.scheme_code,
    )


def load_inbox(db: Database, year: int, today: dt.date, scheme: str | None = None) -> Inbox:
    """The networks taking part in ``scheme`` (the default one when None) for ``year``, in
    file order, with their report for that scheme (if any) and its checks."""

    with db.read() as s:
        forum = s.get(Forum, 1)
        if forum is None:
            raise UserError(ui("Databasen mangler forumet; importer eller sett opp forumet først."))
        the_scheme = _scheme(s, scheme)
        limits = Limits.of(the_scheme)
        code = _code(the_scheme)
        due = needs_due_date(year, forum.needs_due_day, forum.needs_due_month)
        regions = [
            r
            for r in s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
            if takes_part(the_scheme, r.code)
        ]
        reports = {
            r.region_id: r
            for r in s.exec(
                select(NeedsReport).where(NeedsReport.year == year, NeedsReport.scheme_code == code)
            ).all()
        }
        versions: dict[int, list[Any]] = {}
        if reports:
            ids = [r.id for r in reports.values()]
            for v in s.exec(
                select(NeedsReportVersion).where(col(NeedsReportVersion.report_id).in_(ids))
            ).all():
                versions.setdefault(v.report_id, []).append(v)
        themes = tuple(
            (t.code, t.name)
            for t in s.exec(select(Theme).order_by(col(Theme.position), col(Theme.id))).all()
        )
        plans = _plans_cover(s, year)
        rows = []
        for region in regions:
            report = reports.get(row_id(region))
            built = (
                _build_report(region, report, versions.get(row_id(report), []), due, limits, plans)
                if report is not None
                else None
            )
            rows.append(
                InboxRow(region.code, region.name, built, overdue=built is None and today > due)
            )
        name = (the_scheme.name or code) if the_scheme is not None else ""
        return Inbox(year, due, today, limits, themes, tuple(rows), forum.name, code, name)


def load_report(db: Database, region_code: str, year: int, scheme: str | None = None) -> Report:
    """One network's report for ``year`` (and scheme) with every version."""
    with db.read() as s:
        return _build_report(*_get(s, region_code, year, scheme))


def theme_codes(db: Database) -> list[tuple[str, str]]:
    """The forum's priority themes as (code, name), in the forum's order."""

    with db.read() as s:
        return [
            (t.code, t.name)
            for t in s.exec(select(Theme).order_by(col(Theme.position), col(Theme.id))).all()
        ]


def scheme_choices(db: Database) -> list[tuple[str, str]]:
    """The forum's schemes (code, name) the inbox can show, the default first."""
    with db.read() as s:
        rows = s.exec(
            select(Scheme).order_by(col(Scheme.is_default).desc(), col(Scheme.position))
        ).all()
        return [(r.code, r.name or r.code) for r in rows]


def _region(session: Any, code: str) -> Any:
    region = session.exec(select(Region).where(Region.code == code)).first()
    if region is None:
        raise UserError(ui("Ukjent nettverk «{code}».").format(code=code))
    return region


#: The look-ups the annual reports share with the needs reports (one home for each).
region_by_code = _region
scheme_by_code = _scheme
code_of = _code


def _find(session: Any, region: Any, year: int, code: str) -> Any:
    return session.exec(
        select(NeedsReport).where(
            NeedsReport.region_id == region.id,
            NeedsReport.year == year,
            NeedsReport.scheme_code == code,
        )
    ).first()


def _get(
    session: Any, region_code: str, year: int, scheme: str | None = None
) -> tuple[Any, Any, list[Any], dt.date, Limits, dict[int, bool] | None]:
    forum, limits = _forum_and_limits(session, scheme)
    region = _region(session, region_code)
    report = _find(session, region, year, _code(_scheme(session, scheme)))
    if report is None:
        raise UserError(
            ui("{network} har ingen behovsmelding for {year}.").format(
                network=region.name, year=year
            )
        )
    versions = list(
        session.exec(
            select(NeedsReportVersion)
            .where(NeedsReportVersion.report_id == report.id)
            .order_by(col(NeedsReportVersion.number))
        ).all()
    )
    return (
        region,
        report,
        versions,
        needs_due_date(year, forum.needs_due_day, forum.needs_due_month),
        limits,
        _plans_cover(session, year),
    )


# --------------------------------------------------------------------------- changing
def _themes(session: Any) -> list[str]:
    return list(session.exec(select(Theme.code)).all())


def register(
    db: Database, region_code: str, year: int, content: Content, scheme: str | None = None
) -> Report:
    """A network's first version for the year (and scheme): a new report, *received*."""

    if content.received is None:
        raise UserError(ui("Oppgi datoen behovsmeldingen ble mottatt."))
    with db.write() as s:
        content = validate(content, _themes(s))
        region = _region(s, region_code)
        the_scheme = _scheme(s, scheme)
        if not takes_part(the_scheme, region.code):
            raise RuleViolation(
                ui("{network} er ikke med i ordningen «{scheme}».").format(
                    network=region.name, scheme=the_scheme.name or the_scheme.code
                )
            )
        existing = _find(s, region, year, _code(the_scheme))
        if existing is not None:
            raise RuleViolation(
                ui(
                    "{network} har allerede en behovsmelding for {year} ({state}); en ny versjon "
                    "tas imot når den er returnert for justering."
                ).format(network=region.name, year=year, state=ui_label(existing.state).lower())
            )
        report = NeedsReport(
            region_id=region.id, year=year, scheme_code=_code(the_scheme), state="received"
        )
        s.add(report)
        s.flush()
        s.add(NeedsReportVersion(report_id=row_id(report), number=1, **content.values()))
        s.flush()
        return _build_report(*_get(s, region_code, year, scheme))


def receive_version(
    db: Database,
    region_code: str,
    year: int,
    content: Content,
    *,
    seen_version: int | None = None,
    scheme: str | None = None,
) -> Report:
    """An adjusted version of a returned report: version n + 1, state *adjusted*."""

    if content.received is None:
        raise UserError(ui("Oppgi datoen den justerte versjonen ble mottatt."))
    with db.write() as s:
        content = validate(content, _themes(s))
        region, report, versions, due, limits, plans = _get(s, region_code, year, scheme)
        ensure_fresh(s, report, seen_version)
        if report.state != "returned":
            raise RuleViolation(
                ui(
                    "Behovsmeldingen fra {network} for {year} er «{state}», ikke returnert for "
                    "justering; en ny versjon kan bare tas imot etter retur."
                ).format(network=region.name, year=year, state=ui_label(report.state).lower())
            )
        newest = versions[-1] if versions else None
        if newest is not None and newest.received and content.received < newest.received:
            raise UserError(
                ui("Den nye versjonen kan ikke være mottatt før forrige versjon ({date}).").format(
                    date=short_date(newest.received)
                )
            )
        number = (newest.number if newest else 0) + 1
        s.add(NeedsReportVersion(report_id=report.id, number=number, **content.values()))
        report.state = "adjusted"
        s.flush()
        return _build_report(*_get(s, region_code, year, scheme))


def receive(
    db: Database, region_code: str, year: int, content: Content, scheme: str | None = None
) -> Report:
    """A report as it arrives: a new report, or an adjusted version of a returned one."""

    with db.read() as s:
        region = _region(s, region_code)
        exists = _find(s, region, year, _code(_scheme(s, scheme)))
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
    """Correct the newest version in place (a typing mistake when it was registered).

    Only while the version is being handled: an accepted report, or one returned to the
    network, is what was decided on, and stays as it is (the audit log keeps the change).
    """
    with db.write() as s:
        content = validate(content, _themes(s))
        region, report, versions, due, limits, plans = _get(s, region_code, year, scheme)
        if report.state in ("accepted", "returned"):
            raise RuleViolation(
                ui(
                    "Behovsmeldingen fra {network} er «{state}» og kan ikke endres; en endring "
                    "kommer som en ny versjon fra nettverket."
                ).format(network=region.name, state=ui_label(report.state).lower())
            )
        if content.received is None:
            raise UserError(ui("Oppgi datoen behovsmeldingen ble mottatt."))
        ensure_fresh(s, report, seen_version)
        newest = versions[-1]
        for key, value in content.values().items():
            if getattr(newest, key) != value:
                setattr(newest, key, value)

        flag_modified(report, "state")  # the report's version moves with its content
        s.flush()
        return _build_report(region, report, versions, due, limits, plans)


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
    """Move a report to ``new_state`` if the rules allow it (module docstring)."""
    reason = reason.strip()
    with db.write() as s:
        region, report, versions, due, limits, plans = _get(s, region_code, year, scheme)
        ensure_fresh(s, report, seen_version)
        allowed = TRANSITIONS.get(report.state, ())
        if new_state not in allowed:
            if new_state == "adjusted":
                raise RuleViolation(
                    ui(
                        "En behovsmelding blir «justert versjon mottatt» når den nye versjonen "
                        "tas imot."
                    )
                )
            raise RuleViolation(
                ui(
                    "Behovsmeldingen fra {network} er «{state}» og kan ikke settes til «{new}»."
                ).format(
                    network=region.name,
                    state=ui_label(report.state).lower(),
                    new=ui_label(new_state).lower(),
                )
            )
        built = _build_report(region, report, versions, due, limits, plans)
        if new_state == "returned":
            if not reason:
                raise UserError(ui("Skriv hvorfor behovsmeldingen returneres for justering."))
            report.return_reason = reason
        if new_state == "accepted":
            blocks = [c for c in built.checks if c.blocks]
            if blocks:
                raise RuleViolation(
                    ui(
                        "Behovsmeldingen fra {network} kan ikke godkjennes før dette er rettet: "
                        "{checks}"
                    ).format(network=region.name, checks=" ".join(c.text for c in blocks))
                )
        report.state = new_state
        s.flush()
        return replace(
            built,
            state=report.state,
            return_reason=report.return_reason,
            row_version=report.version,
        )


# --------------------------------------------------------------------------- comparison
@dataclass(frozen=True)
class FieldChange:
    """One field of two versions side by side."""

    name: str
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def field_text(content: Content, name: str, theme_names: dict[str, str] | None = None) -> str:
    """A field as text for the detail and comparison views."""
    value = getattr(content, name)
    if name in AMOUNT_FIELDS:
        return kroner(value)
    if name == "received":
        return short_date(value) if value else ""
    if name == "themes":
        names = theme_names or {}
        return "\n".join(names.get(code, code) for code in value)
    if name == "measures":
        return "\n".join(m.text() for m in value)
    if name in ("owners", "partners"):
        return "\n".join(value)
    return str(value)


def compare(
    before: Content, after: Content, theme_names: dict[str, str] | None = None
) -> list[FieldChange]:
    """Every field of two versions, with the changed ones marked by ``changed``."""
    return [
        FieldChange(
            name,
            ui(text),
            field_text(before, name, theme_names),
            field_text(after, name, theme_names),
        )
        for name, text in FIELD_LABELS.items()
    ]


# --------------------------------------------------------------------------- chart
EIGHTHS = " ▏▎▍▌▋▊▉"
NO_THEME = N_("Uten tema")
THEME_CAPTION = N_(
    "Hver behovsmelding fordeler det omsøkte beløpet likt på temaene den har valgt "
    "(resten av en krone-deling går til det første temaet)."
)


def bar(value: int, largest: int, width: int) -> str:
    """A bar of ``width`` cells at most, in eighths; any amount above 0 shows at least ▏."""
    if largest <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = value * width * 8 // largest
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def bar_lines(rows: Sequence[tuple[str, int]], width: int, label_width: int = 18) -> list[str]:
    """``label  ████▍ 1 200 000 kr`` per row, scaled to the largest amount."""
    amount_width = max((len(kroner(v)) for _, v in rows), default=0)
    room = max(width - label_width - amount_width - 2, 4)
    largest = max((v for _, v in rows), default=0)
    lines = []
    for name, value in rows:
        text = name if len(name) <= label_width else name[: label_width - 1] + "…"
        lines.append(
            f"{text:<{label_width}} {kroner(value):>{amount_width}} {bar(value, largest, room)}"
        )
    return lines


def requested_by_network(inbox: Inbox) -> list[tuple[str, int]]:
    """Each network's request (newest version); networks with no report show 0."""
    return [(r.name, r.report.newest.request if r.report else 0) for r in inbox.rows]


def requested_by_theme(inbox: Inbox) -> list[tuple[str, int]]:
    """The requests split equally among each report's themes, in the forum's theme order.

    Integer shares: the remainder of the division goes to the report's first themes, so
    the themes add up to the total requested, to the krone.
    """
    names = dict(inbox.themes)
    totals: dict[str, int] = {code: 0 for code, _ in inbox.themes}
    for row in inbox.rows:
        if row.report is None:
            continue
        content = row.report.newest
        themes = [t for t in content.themes if t in names] or [NO_THEME]
        share, rest = divmod(content.request, len(themes))
        for i, code in enumerate(themes):
            totals[code] = totals.get(code, 0) + share + (1 if i < rest else 0)
    result = [(names[code], totals[code]) for code, _ in inbox.themes]
    if totals.get(NO_THEME):
        result.append((ui(NO_THEME), totals[NO_THEME]))
    return result


@dataclass(frozen=True)
class Split:
    """Percentages for a table cell, whole numbers adding to 100."""

    first: int
    second: int
    total: int

    def text(self) -> str:
        return f"{self.first}/{self.second}" if self.total else "–"


def split_pct(first: int, second: int) -> Split:
    """``first``'s whole-percent share (rounded half up) and the rest, e.g. 38/62."""
    total = first + second
    if total <= 0:
        return Split(0, 0, 0)
    pct = (first * 200 + total) // (2 * total)
    return Split(pct, 100 - pct, total)
