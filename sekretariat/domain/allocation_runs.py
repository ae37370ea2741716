"""Reading an allocation's inputs from the database and saving runs.

The model itself (``allocation.py``) is pure; this module gathers its inputs (rules,
FTEs for the year, each network's newest needs-report version) and stores results.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from sekretariat.domain.allocation import (
    MUST_ADJUST,
    NetworkInput,
    Result,
    Rules,
    allocate,
    sector_shares,
    sector_warnings,
    split,
)
from sekretariat.domain.checkout import refuse_if_approved
from sekretariat.errors import RuleViolation, UserError
from sekretariat.formats import case_label, kroner, short_date
from sekretariat.i18n import ui
from sekretariat.labels import label
from sekretariat.storage.audit import os_user
from sekretariat.storage.models import (
    AgendaItem,
    AllocationResult,
    AllocationRun,
    Forum,
    Meeting,
    NeedsReport,
    NeedsReportVersion,
    Region,
    RegionFte,
    Scheme,
    row_id,
)

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


def load_inputs(
    session: Any, year: int, scheme_code: str | None = None
) -> tuple[Any, Rules, list[NetworkInput], dict[str, str]]:
    """The scheme, its rules, the networks in file order and their names, for ``year``."""

    query = (
        select(Scheme).where(Scheme.code == scheme_code)
        if scheme_code
        else select(Scheme).where(Scheme.is_default)
    )
    scheme = session.exec(query).first()
    if scheme is None:
        raise UserError(
            ui("Fant ikke tildelingsregler for «{code}».").format(code=scheme_code)
            if scheme_code
            else ui("Fant ikke tildelingsregler for standardordningen.")
        )
    rules = rules_of(scheme)
    regions = [
        r
        for r in session.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
        if not scheme.regions or r.code in scheme.regions
    ]
    fte_year = scheme.fte_year or year
    if (
        scheme.fte_year is not None
        and scheme.fte_year_end is not None
        and not scheme.fte_year <= year <= scheme.fte_year_end
    ):
        raise UserError(
            ui(
                "Fordelingsnøkkelen fra årsverkene i {first} gjelder {first}–{last}; "
                "for {year} må forumet fastsette en ny nøkkel."
            ).format(first=scheme.fte_year, last=scheme.fte_year_end, year=year)
        )
    fte = {
        f.region_id: f.centi_fte
        for f in session.exec(select(RegionFte).where(RegionFte.year == fte_year)).all()
    }
    missing = [r.name for r in regions if r.id not in fte]
    if missing and not rules.fixed:
        raise UserError(
            ui(
                "Årsverk for {year} mangler for {names}. Lim dem inn under "
                "Innstillinger (9), Oppsett av forumet (F5), p – eller importer dem med "
                "utvekslingsfilen."
            ).format(year=fte_year, names=", ".join(missing))
        )
    newest: dict[int, Any] = {}
    rows = session.exec(
        select(NeedsReport.region_id, NeedsReportVersion)
        .join(NeedsReportVersion, col(NeedsReportVersion.report_id) == col(NeedsReport.id))
        .where(NeedsReport.year == year, NeedsReport.scheme_code == scheme.code)
        .order_by(col(NeedsReportVersion.number))
    ).all()
    for region_id, version in rows:
        newest[region_id] = version  # ordered by number: the last one wins
    networks = []
    for r in regions:
        v = newest.get(r.id)
        networks.append(
            NetworkInput(
                r.code,
                fte.get(r.id, 0),
                r.equalization,
                v.network_amount if v else None,
                v.uh_amount if v else None,
                v.kindergarten_amount if v else 0,
                v.school_amount if v else 0,
            )
        )
    return scheme, rules, networks, {r.code: r.name for r in regions}


def rules_of(scheme: Any) -> Rules:
    """The model's rules from a stored scheme."""
    return Rules(
        common_bp=scheme.common_bp,
        equalization_bp=scheme.equalization_bp,
        network_max_bp=scheme.network_max_bp,
        unit=scheme.unit,
        network_fixed_bp=scheme.network_fixed_bp,
        fixed=dict(scheme.fixed_amounts or {}),
        needs_cap=scheme.needs_cap,
        network_agreed=dict(scheme.network_agreed or {}),
    )


def scheme_budget(scheme: Any, year: int) -> int | None:
    """The scheme's budget for ``year`` as recorded (None: not recorded)."""
    value = (scheme.budgets or {}).get(str(year))
    return int(value) if value is not None else None


def recorded_budget(db: Database, year: int, scheme_code: str | None) -> int | None:
    """The scheme's budget for ``year`` as recorded (None: not recorded, or no scheme), so
    the allocation area can offer it before anything is computed."""
    with db.read() as s:
        query = (
            select(Scheme).where(Scheme.code == scheme_code)
            if scheme_code
            else select(Scheme).where(Scheme.is_default)
        )
        scheme = s.exec(query).first()
        return scheme_budget(scheme, year) if scheme is not None else None


def run_for_year(
    db: Database,
    year: int,
    budget: int | None,
    scheme_code: str | None = None,
    *,
    common: int | None = None,
) -> tuple[Result, Any, dict[str, str]]:
    """A fresh run: ``budget`` (None: the scheme's recorded budget for the year) and the
    amount for common measures (None: the whole cap)."""
    with db.read() as s:
        scheme, rules, networks, names = load_inputs(s, year, scheme_code)
    if budget is None:
        budget = scheme_budget(scheme, year)
        if budget is None:
            raise UserError(
                ui("Budsjettet for {year} er ikke registrert for «{scheme}»; oppgi det.").format(
                    year=year, scheme=scheme.name or scheme.code
                )
            )
    return allocate(budget, rules, networks, common=common), scheme, names


def grant_problems(db: Database, year: int) -> list[str]:
    """How the schemes' budgets for ``year`` stand against the forum's total grant
    (Agder 2020: «Tildelte midler til Agder: kr 25 120 000» over three schemes)."""
    with db.read() as s:
        forum = s.get(Forum, 1)
        schemes = s.exec(select(Scheme).order_by(col(Scheme.position), col(Scheme.id))).all()
        total = (forum.grants or {}).get(str(year)) if forum is not None else None
        if total is None:
            return []
        budgets = [(x.name or x.code, scheme_budget(x, year)) for x in schemes]
    used = sum(b for _, b in budgets if b is not None)
    out = []
    missing = [name for name, b in budgets if b is None]
    if missing:
        out.append(
            ui("Budsjett for {year} mangler for {names}.").format(
                year=year, names=", ".join(missing)
            )
        )
    if used > total:
        out.append(
            ui(
                "Ordningenes budsjetter for {year} er til sammen {used}, "
                "{over} mer enn forumets tildeling på {total}."
            ).format(year=year, used=kroner(used), over=kroner(used - total), total=kroner(total))
        )
    elif used < total and not missing:
        out.append(
            ui(
                "Ordningenes budsjetter for {year} er til sammen {used}; "
                "{left} av forumets tildeling på {total} er ikke lagt til noen ordning."
            ).format(year=year, used=kroner(used), left=kroner(total - used), total=kroner(total))
        )
    return out


def run_warnings(db: Database, run: StoredRun) -> list[str]:
    """The 35/35 guidance on what a stored run allocates (adjustments included), split as
    the year's newest needs reports split their requests, and the schemes against the
    forum's grant. Nothing when the inputs can no longer be read (a scheme removed)."""
    try:
        with db.read() as s:
            scheme, _, networks, names = load_inputs(s, run.year, run.scheme_code)
    except UserError:
        return []
    shares = sector_shares(networks, {line.code: line.allocated for line in run.lines})
    warnings = sector_warnings(shares, scheme.kindergarten_min_bp, scheme.school_min_bp, names)
    return warnings + grant_problems(db, run.year)


def save_run(
    db: Database,
    year: int,
    result: Result,
    scheme: Any,
    *,
    note: str = "",
) -> str:
    """Store a run as a proposal with its rules; returns its key (``2027-1``, ``2027-2``…)."""

    with db.write() as s:
        keys = s.exec(select(AllocationRun.key).where(AllocationRun.year == year)).all()
        n = 1 + max(
            (int(k.rsplit("-", 1)[1]) for k in keys if k.rsplit("-", 1)[-1].isdigit()), default=0
        )
        key = f"{year}-{n}"
        run = AllocationRun(
            key=key,
            year=year,
            scheme_code=scheme.code,
            budget=result.budget,
            status="proposal",
            created=dt.date.today(),
            created_by=os_user(),
            note=note,
            rules={
                "common_pct": scheme.common_bp / 100,
                "equalization_pct": scheme.equalization_bp / 100,
                "network_max_pct": scheme.network_max_bp / 100,
                **(
                    {}
                    if scheme.network_fixed_bp is None
                    else {"network_fixed_pct": scheme.network_fixed_bp / 100}
                ),
                "needs_cap": scheme.needs_cap,
                **(
                    {"network_agreed_pct": {k: v / 100 for k, v in scheme.network_agreed.items()}}
                    if scheme.network_agreed
                    else {}
                ),
                "fte_year": scheme.fte_year or year,
                "unit": scheme.unit,
                "common": result.common,
                "unallocated": result.unallocated,
                "requests": {
                    n.code: [n.network_req or 0, n.uh_req or 0]
                    for n in result.inputs
                    if n.has_report
                },
            },
        )
        s.add(run)
        s.flush()
        region_id = {r.code: row_id(r) for r in s.exec(select(Region)).all()}
        for pos, r in enumerate(result.networks, start=1):
            s.add(
                AllocationResult(
                    run_id=row_id(run),
                    region_id=region_id[r.code],
                    position=pos,
                    centi_fte=r.centi_fte,
                    key=r.key,
                    equalization=r.equalization,
                    requested=r.requested,
                    allocated=r.allocated,
                    network=r.network,
                    uh=r.uh,
                    flags=list(r.flags),
                )
            )
    return key


@dataclass
class RunLine:
    """One network's line of a stored run."""

    code: str
    name: str
    centi_fte: int
    key: int
    equalization: int
    requested: int
    allocated: int
    network: int
    uh: int
    flags: list[str]
    adjustment: int = 0
    adjustment_reason: str = ""


@dataclass
class StoredRun:
    """A saved run as the screens show it."""

    key: str
    year: int
    scheme_code: str
    budget: int
    status: str
    created: dt.date
    created_by: str
    note: str
    rules: dict
    lines: list[RunLine]
    adopted_item: str = ""

    @property
    def common(self) -> int:
        return int(self.rules.get("common", 0))

    @property
    def allocated(self) -> int:
        return sum(line.allocated for line in self.lines)

    @property
    def unallocated(self) -> int:
        return self.budget - self.common - self.allocated

    @property
    def frozen(self) -> bool:
        return self.status == "adopted"

    def title(self) -> str:
        return f"{self.key} ({label(self.status).lower()})"


def item_name(number: int | None, title: str, day: dt.date) -> str:
    """A decision item as a run names it: ``"Sak 03/27 Tildeling 2027 (21.01.2027)"``."""
    case = case_label(number, day.year)
    return f"{case} {title} ({short_date(day)})" if case else f"{title} ({short_date(day)})"


def _item_label(session: Any, item_id: int | None) -> str:
    if item_id is None:
        return ""
    item = session.get(AgendaItem, item_id)
    if item is None:
        return ""
    meeting = session.get(Meeting, item.meeting_id)
    return item_name(item.number, item.title, meeting.date)


def _run(session: Any, key: str) -> Any:
    """The stored run with this key, or a Norwegian refusal."""

    run = session.exec(select(AllocationRun).where(AllocationRun.key == key)).first()
    if run is None:
        raise UserError(ui("Fant ikke tildelingskjøringen «{key}».").format(key=key))
    return run


def _decision_item(session: Any, item_id: int, refusal: str) -> Any:
    item = session.get(AgendaItem, item_id)
    if item is None or item.kind != "decision":
        raise UserError(refusal)
    return item


def _refuse_standing(item: Any) -> None:
    """A run goes before one of the forum's own decision items, never a standing one
    (approval of the summons or of earlier minutes)."""
    if item.standing:
        raise RuleViolation(
            ui(
                "«{title}» er en fast sak; tildelingen legges fram og vedtas i en egen vedtakssak."
            ).format(title=item.title)
        )


def _refuse_if_minutes_approved(session: Any, item_id: int | None) -> None:
    """A run put before an item shows in that meeting's minutes (``allocation_tables``):
    once they are approved, no run may be adopted into, linked to, moved from, changed
    under or deleted from the item."""
    item = session.get(AgendaItem, item_id) if item_id is not None else None
    if item is not None:
        refuse_if_approved(session, item.meeting_id)


def _regions(session: Any) -> dict[int, Any]:
    return {r.id: r for r in session.exec(select(Region)).all()}


def _load(session: Any, run: Any, regions: dict[int, Any] | None = None) -> StoredRun:
    if regions is None:
        regions = _regions(session)
    results = session.exec(
        select(AllocationResult)
        .where(AllocationResult.run_id == run.id)
        .order_by(col(AllocationResult.position))
    ).all()
    lines = [
        RunLine(
            regions[r.region_id].code,
            regions[r.region_id].name,
            r.centi_fte,
            r.key,
            r.equalization,
            r.requested,
            r.allocated,
            r.network,
            r.uh,
            list(r.flags),
            r.adjustment,
            r.adjustment_reason,
        )
        for r in results
    ]
    return StoredRun(
        run.key,
        run.year,
        run.scheme_code,
        run.budget,
        run.status,
        run.created,
        run.created_by,
        run.note,
        dict(run.rules),
        lines,
        _item_label(session, run.adopted_item_id),
    )


# Runs and their lines read with sqlite3 (``_load`` gives the same from the ORM): a few
# hundred runs of dozens of lines are too many ORM objects for a screen to wait on, and
# reading the lines run by run was N+1.
_RUNS = """
SELECT r.id, r."key", r.year, r.scheme_code, r.budget, r.status, r.created, r.created_by,
       r.note, r.rules, i.id, i.number, i.title, m."date"
FROM allocationrun r
LEFT JOIN agendaitem i ON i.id = r.adopted_item_id
LEFT JOIN meeting m ON m.id = i.meeting_id
"""
_LINES = """
SELECT a.run_id, g.code, g.name, a.centi_fte, a."key", a.equalization, a.requested,
       a.allocated, a.network, a.uh, a.flags, a.adjustment, a.adjustment_reason
FROM allocationresult a JOIN region g ON g.id = a.region_id
"""


def _sql_runs(
    db: Database, where: str, params: tuple[Any, ...] = (), *, newest: bool = False
) -> list[StoredRun]:
    """Runs matching ``where`` (on ``allocationrun r``) in ``list_runs`` order, with their
    lines, in two queries however many; ``newest``: only the last one saved."""

    order = "ORDER BY r.id DESC LIMIT 1" if newest else "ORDER BY r.year DESC, r.id"
    chosen = f"SELECT r.id FROM allocationrun r WHERE {where} {order}"
    with db.sql() as con:
        con.execute("BEGIN")  # both queries see the same runs, whoever saves meanwhile
        cur = con.cursor()
        cur.row_factory = None
        runs = cur.execute(f"{_RUNS} WHERE {where} {order}", params).fetchall()
        lines: dict[int, list[RunLine]] = {run[0]: [] for run in runs}
        flag_lists: dict[str, list[str]] = {}  # a few distinct lists of flags, parsed once
        query = f"{_LINES} WHERE a.run_id IN ({chosen}) ORDER BY a.run_id, a.position, a.id"
        for r in cur.execute(query, params):
            flags = flag_lists.get(r[10])
            if flags is None:
                flags = flag_lists[r[10]] = json.loads(r[10])
            # r[1:10] are RunLine's fields from code to uh, in order.
            lines[r[0]].append(
                RunLine(
                    r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], list(flags), r[11], r[12]
                )
            )
    out = []
    for r in runs:
        item = ""
        if r[10] is not None:  # the decision item, named as ``_item_label`` names it
            item = item_name(r[11], r[12], dt.date.fromisoformat(r[13]))
        created, rules = dt.date.fromisoformat(r[6]), json.loads(r[9])
        # r[1:6] are StoredRun's fields from key to status; r[7:9] created_by and note.
        out.append(
            StoredRun(r[1], r[2], r[3], r[4], r[5], created, r[7], r[8], rules, lines[r[0]], item)
        )
    return out


def list_runs(db: Database, year: int | None = None) -> list[StoredRun]:
    """Saved runs, newest year first, then in the order they were saved."""
    if year is None:
        return _sql_runs(db, "1")
    return _sql_runs(db, "r.year = ?", (year,))


def newest_run(db: Database, year: int, scheme_code: str | None) -> StoredRun | None:
    """The last run saved for ``year`` in the scheme (the last of ``list_runs(db, year)``
    with that scheme), or None; only that run is read."""
    found = _sql_runs(db, "r.year = ? AND r.scheme_code = ?", (year, scheme_code), newest=True)
    return found[0] if found else None


@dataclass(frozen=True)
class RunSummary:
    """A saved run without its lines, for choosing one from a list."""

    key: str
    year: int
    scheme_code: str
    budget: int
    status: str
    created: dt.date


def run_summaries(db: Database) -> list[RunSummary]:
    """Every saved run in ``list_runs`` order, without reading the lines of any."""
    with db.sql() as con:
        rows = con.execute(
            'SELECT "key", year, scheme_code, budget, status, created FROM allocationrun '
            "ORDER BY year DESC, id"
        ).fetchall()
    return [RunSummary(r[0], r[1], r[2], r[3], r[4], dt.date.fromisoformat(r[5])) for r in rows]


def load_run(db: Database, key: str) -> StoredRun:
    with db.read() as s:
        run = _run(s, key)
        return _load(s, run)


def adjust(db: Database, key: str, code: str, new_allocated: int, reason: str) -> StoredRun:
    """Change one network's amount in a proposal, with a reason; the budget must still hold.

    The difference comes from (or goes back to) what is not allocated, and the network/UH
    split is computed again by the run's own rules and the network's request.
    """

    reason = reason.strip()
    if not reason:
        raise UserError(ui("En manuell endring må ha en begrunnelse."))
    if new_allocated < 0:
        raise UserError(ui("Beløpet kan ikke være negativt."))
    with db.write() as s:
        run = _run(s, key)
        if run.status == "adopted":
            raise UserError(ui("Kjøringen {key} er vedtatt og kan ikke endres.").format(key=key))
        _refuse_if_minutes_approved(s, run.adopted_item_id)
        region = s.exec(select(Region).where(Region.code == code)).first()
        line = (
            s.exec(
                select(AllocationResult).where(
                    AllocationResult.run_id == run.id, AllocationResult.region_id == region.id
                )
            ).first()
            if region
            else None
        )
        if region is None or line is None:
            raise UserError(
                ui("Nettverket «{code}» er ikke med i kjøringen {key}.").format(code=code, key=key)
            )
        if run.rules.get("needs_cap", True) and new_allocated > line.requested:
            if line.requested == 0:
                raise UserError(
                    ui(
                        "{name} har ikke meldt behov, og kan ikke få tildeling uten behovsmelding."
                    ).format(name=region.name)
                )
            raise UserError(
                ui(
                    "{name} har søkt om {amount}; tildelingen kan ikke være større enn meldt behov."
                ).format(name=region.name, amount=kroner(line.requested))
            )
        stored = _load(s, run)
        delta = new_allocated - line.allocated
        if delta > stored.unallocated:
            raise UserError(
                ui(
                    "Det er bare {left} som ikke er fordelt; en økning på {delta} går ikke opp "
                    "i budsjettet."
                ).format(left=kroner(stored.unallocated), delta=kroner(delta))
            )
        line.network, line.uh = split_by_run(run.rules, code, new_allocated)
        line.adjustment += delta
        line.adjustment_reason = reason
        line.allocated = new_allocated
        flags = [f for f in line.flags if f != MUST_ADJUST]
        if line.requested > new_allocated and "missing_report" not in flags:
            flags.append(MUST_ADJUST)
        line.flags = flags
        s.flush()
        return _load(s, run)


def stored_rules(rules: dict[str, Any]) -> Rules:
    """The model's rules as a run stored them (percentages, not basis points)."""
    return Rules(
        common_bp=round(float(rules.get("common_pct", 10)) * 100),
        equalization_bp=round(float(rules.get("equalization_pct", 2)) * 100),
        network_max_bp=round(float(rules.get("network_max_pct", 40)) * 100),
        unit=int(rules.get("unit", 1)),
        network_fixed_bp=None
        if rules.get("network_fixed_pct") is None
        else round(float(rules["network_fixed_pct"]) * 100),
        needs_cap=bool(rules.get("needs_cap", True)),
        network_agreed={
            k: round(float(v) * 100) for k, v in rules.get("network_agreed_pct", {}).items()
        },
    )


def split_by_run(rules: dict[str, Any], code: str, amount: int) -> tuple[int, int]:
    """(network, UH) of ``amount`` for a network, by a stored run's rules and the request
    the run was computed from: the same split an adjustment or a decision gets."""
    req = rules.get("requests", {}).get(code, [0, 0])
    return split(amount, req[0], req[1], stored_rules(rules), code)


def decision_items(
    db: Database, year: int, *, held_by: dt.date | None = None
) -> list[tuple[int, str]]:
    """Decision items a run can be put before: the forum's own decision items (not the
    standing ones) of the meetings in ``year`` and the year before whose minutes are not
    approved, newest first. With ``held_by``, only meetings held by that day: a run is
    adopted by a meeting that has taken place."""

    with db.read() as s:
        query = (
            select(AgendaItem.id)
            .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
            .where(
                AgendaItem.kind == "decision",
                AgendaItem.standing == "",
                Meeting.date >= dt.date(year - 1, 1, 1),
                Meeting.date <= dt.date(year, 12, 31),
                col(Meeting.status).not_in(("cancelled", "approved")),
            )
        )
        if held_by is not None:
            query = query.where(Meeting.date <= held_by)
        rows = s.exec(query.order_by(col(Meeting.date).desc(), col(AgendaItem.position))).all()
        return [(item_id, _item_label(s, item_id)) for item_id in rows if item_id is not None]


def adopt(db: Database, key: str, item_id: int, *, today: dt.date | None = None) -> StoredRun:
    """Adopt a proposal by linking it to a decision item; it is frozen from then on.

    The forum adopts in a meeting, so the item's meeting must have taken place by
    ``today``; before that the proposal is put before the item (``link``)."""

    today = today or dt.date.today()
    with db.write() as s:
        run = _run(s, key)
        if run.status == "adopted":
            raise UserError(ui("Kjøringen {key} er allerede vedtatt.").format(key=key))
        item = _decision_item(s, item_id, ui("Tildelingen må vedtas i en vedtakssak."))
        _refuse_if_minutes_approved(s, item_id)
        _refuse_if_minutes_approved(s, run.adopted_item_id)
        _refuse_standing(item)
        meeting = s.get(Meeting, item.meeting_id)
        if meeting is not None and meeting.date > today:
            raise RuleViolation(
                ui(
                    "Møtet {day} er ikke holdt ennå. Legg forslaget fram i saken nå (t), "
                    "og vedta det (v) når møtet har gjort vedtaket."
                ).format(day=short_date(meeting.date))
            )
        other = s.exec(
            select(AllocationRun).where(
                AllocationRun.year == run.year,
                AllocationRun.scheme_code == run.scheme_code,
                AllocationRun.status == "adopted",
            )
        ).first()
        if other is not None:
            raise UserError(
                ui("Tildelingen for {year} er allerede vedtatt ({key}).").format(
                    year=run.year, key=other.key
                )
            )
        run.status = "adopted"
        run.adopted_item_id = item_id
        s.flush()
        return _load(s, run)


def delete_run(db: Database, key: str) -> None:
    """Remove a draft or proposal; an adopted run stays for the record."""

    with db.write() as s:
        run = _run(s, key)
        if run.status == "adopted":
            raise UserError(ui("Kjøringen {key} er vedtatt og kan ikke slettes.").format(key=key))
        _refuse_if_minutes_approved(s, run.adopted_item_id)
        s.delete(run)


@dataclass(frozen=True)
class Difference:
    code: str
    name: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


def compare(
    before: StoredRun | Result, after: StoredRun | Result, names: dict[str, str]
) -> list[Difference]:
    """Per network: allocated in ``before`` and ``after`` (a network missing in one is 0)."""

    def amounts(run: StoredRun | Result) -> dict[str, int]:
        lines = run.lines if isinstance(run, StoredRun) else run.networks
        return {line.code: line.allocated for line in lines}

    a, b = amounts(before), amounts(after)
    codes = list(dict.fromkeys([*a, *b]))
    return [Difference(c, names.get(c, c), a.get(c, 0), b.get(c, 0)) for c in codes]


def adopted_run(db: Database, year: int, scheme_code: str) -> StoredRun | None:
    """The run the forum adopted for ``year`` in the scheme (its advice), or None."""
    found = _sql_runs(
        db, "r.year = ? AND r.scheme_code = ? AND r.status = 'adopted'", (year, scheme_code)
    )
    return found[0] if found else None


def previous_adopted(db: Database, year: int, scheme_code: str) -> StoredRun | None:
    """Last year's adopted run of the same scheme, to compare with."""
    found = _sql_runs(
        db, "r.year = ? AND r.status = 'adopted' AND r.scheme_code = ?", (year - 1, scheme_code)
    )
    return found[0] if found else None


def result_lines(result: Result, names: dict[str, str]) -> list[RunLine]:
    """A fresh (unsaved) result in the same shape as a stored run's lines."""
    return [
        RunLine(
            n.code,
            names.get(n.code, n.code),
            n.centi_fte,
            n.key,
            n.equalization,
            n.requested,
            n.allocated,
            n.network,
            n.uh,
            list(n.flags),
        )
        for n in result.networks
    ]


def schemes(db: Database) -> list[tuple[str, str]]:
    """The forum's schemes (code, name), the default first."""

    with db.read() as s:
        rows = s.exec(select(Scheme).order_by(col(Scheme.is_default).desc(), col(Scheme.id))).all()
        return [(r.code, r.name or r.code) for r in rows]


def link(db: Database, key: str, item_id: int) -> StoredRun:
    """Put a proposal before a decision item (shown in its summons) without adopting it."""

    with db.write() as s:
        run = _run(s, key)
        if run.status == "adopted":
            raise UserError(
                ui("Kjøringen {key} er vedtatt og kan ikke flyttes til en annen sak.").format(
                    key=key
                )
            )
        item = _decision_item(
            s, item_id, ui("Et tildelingsforslag må legges fram i en vedtakssak.")
        )
        _refuse_if_minutes_approved(s, item_id)
        _refuse_if_minutes_approved(s, run.adopted_item_id)
        _refuse_standing(item)
        for other in s.exec(
            select(AllocationRun).where(AllocationRun.adopted_item_id == item_id)
        ).all():
            if other.id != run.id:
                if other.status == "adopted":
                    raise UserError(
                        ui("Saken har allerede vedtatt tildelingen {key}.").format(key=other.key)
                    )

                other.adopted_item_id = None
        run.adopted_item_id = item_id
        s.flush()
        return _load(s, run)


def runs_for_items(db: Database, item_ids: list[int]) -> dict[int, StoredRun]:
    """The run linked to each of these agenda items (proposal or adopted), if any."""

    if not item_ids:
        return {}
    with db.read() as s:
        runs = s.exec(
            select(AllocationRun).where(col(AllocationRun.adopted_item_id).in_(item_ids))
        ).all()
        regions = _regions(s)
        return {
            run.adopted_item_id: _load(s, run, regions)
            for run in runs
            if run.adopted_item_id is not None
        }
