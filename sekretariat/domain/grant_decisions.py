"""The decision on a year's grants, recorded apart from the forum's advice.

The forum adopts an allocation run: that is its advice (innstilling). The state
(Statsforvalteren, Innlandet plan 3.1 f: «fatte vedtak og tildele midler») decides, and
may decide otherwise for a network; each such change is kept with its reason, so the line
from the advice to the decision can be read later. The network/UH split of a changed
amount follows the advised run's own rules (``allocation_runs.split_by_run``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from sekretariat.domain import needs
from sekretariat.domain.allocation_runs import StoredRun, adopted_run, split_by_run
from sekretariat.errors import UserError
from sekretariat.formats import kroner, short_date
from sekretariat.i18n import ui
from sekretariat.storage.models import (
    AgendaItem,
    AllocationResult,
    AllocationRun,
    GrantChange,
    GrantDecision,
    Meeting,
    Region,
    row_id,
)

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


@dataclass(frozen=True)
class DecisionLine:
    """One network as decided: the advice, the decided amount and its split."""

    code: str
    name: str
    host: str
    advised: int
    allocated: int
    network: int
    uh: int
    reason: str = ""

    @property
    def changed(self) -> bool:
        return self.allocated != self.advised


@dataclass(frozen=True)
class Decision:
    """A recorded decision with the advice it was made on."""

    year: int
    scheme_code: str
    scheme_name: str
    decided_by: str
    decided: dt.date
    reference: str
    note: str
    run_key: str
    advice: str  # the item that adopted the run: «Sak 03/27 Tildeling 2027 (21.01.2027)»
    lines: tuple[DecisionLine, ...]

    @property
    def total(self) -> int:
        return sum(line.allocated for line in self.lines)

    @property
    def changes(self) -> tuple[DecisionLine, ...]:
        return tuple(line for line in self.lines if line.changed)


def _scheme(session: Any, code: str | None) -> Any:
    """The scheme ``code`` names, or the default one; a forum without one is refused."""
    scheme = needs.scheme_by_code(session, code)
    if scheme is None:
        raise UserError(ui("Forumet har ingen ordning."))
    return scheme


def _advice(db: Database, year: int, scheme: Any) -> StoredRun:
    run = adopted_run(db, year, scheme.code)
    if run is None:
        raise UserError(
            ui(
                "Forumet har ikke vedtatt noen tildeling for {year} i «{scheme}»; "
                "vedtaket om tilskudd bygger på forumets innstilling."
            ).format(year=year, scheme=scheme.name or scheme.code)
        )
    return run


def _advice_meeting(session: Any, run_key: str) -> dt.date | None:
    run = session.exec(select(AllocationRun).where(AllocationRun.key == run_key)).first()
    item = session.get(AgendaItem, run.adopted_item_id) if run and run.adopted_item_id else None
    meeting = session.get(Meeting, item.meeting_id) if item is not None else None
    return meeting.date if meeting is not None else None


def _decided(line: Any, host: str, change: Any = None) -> DecisionLine:
    """A network's line of the decision: as advised, or as changed (with the reason)."""
    if change is None:
        return DecisionLine(
            line.code, line.name, host, line.allocated, line.allocated, line.network, line.uh
        )
    return DecisionLine(
        line.code,
        line.name,
        host,
        line.allocated,
        change.allocated,
        change.network,
        change.uh,
        change.reason,
    )


def _view(session: Any, row: Any, scheme: Any, run: StoredRun) -> Decision:
    regions = {r.id: r for r in session.exec(select(Region)).all()}
    hosts = {r.code: r.host for r in regions.values()}
    changes = {
        regions[c.region_id].code: c
        for c in session.exec(select(GrantChange).where(GrantChange.decision_id == row.id)).all()
    }
    lines = [_decided(line, hosts.get(line.code, ""), changes.get(line.code)) for line in run.lines]
    return Decision(
        row.year,
        scheme.code,
        scheme.name or scheme.code,
        row.decided_by,
        row.decided,
        row.reference,
        row.note,
        run.key,
        run.adopted_item,
        tuple(lines),
    )


def load_decision(db: Database, year: int, scheme_code: str | None = None) -> Decision | None:
    """The decision for ``year`` in the scheme (the default one when None), or None."""
    with db.read() as s:
        scheme = _scheme(s, scheme_code)
        row = s.exec(
            select(GrantDecision).where(
                GrantDecision.year == year, GrantDecision.scheme_code == scheme.code
            )
        ).first()
        if row is None:
            return None
        run = adopted_run(db, year, scheme.code)
        if run is None:  # imported without its advice
            raise UserError(
                ui("Vedtaket om tilskudd for {year} mangler forumets vedtatte tildeling.").format(
                    year=year
                )
            )
        return _view(s, row, scheme, run)


def as_advised(
    db: Database, year: int, scheme_code: str | None = None
) -> tuple[str, tuple[DecisionLine, ...]]:
    """What a decision not yet recorded starts from: the advice (the adopting item, else
    the run's key) and every network's line as advised. Refused without an adopted run."""
    with db.read() as s:
        scheme = _scheme(s, scheme_code)
        run = _advice(db, year, scheme)
        hosts = {r.code: r.host for r in s.exec(select(Region)).all()}
    lines = tuple(_decided(line, hosts.get(line.code, "")) for line in run.lines)
    return run.adopted_item or run.key, lines


def _amount(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError(
            ui("Beløpet for {name} må være hele kroner, 0 eller mer.").format(name=name)
        )
    return value


def _refuse_before_advice(decided: dt.date, meeting: dt.date | None) -> None:
    """The state decides on the forum's advice, so not before the meeting that gave it."""
    if meeting is not None and decided < meeting:
        raise UserError(
            ui(
                "Vedtaksdatoen {decided} er før møtet {meeting} der forumet ga sin innstilling."
            ).format(decided=short_date(decided), meeting=short_date(meeting))
        )


def _reason(name: str, amount: int, advised: int, reason: Any) -> str:
    """The reason for deciding otherwise than advised: required (plan 3.1 f)."""
    reason = " ".join(str(reason).split())
    if not reason:
        raise UserError(
            ui(
                "Vedtaket for {name} ({amount}) avviker fra innstillingen ({advised}) "
                "og må ha en begrunnelse."
            ).format(name=name, amount=kroner(amount), advised=kroner(advised))
        )
    return reason


def check_imported(
    session: Any,
    year: int,
    scheme_code: str,
    decided: dt.date,
    changes: list[tuple[str, int, int | None, int | None, str]],
) -> list[tuple[int, int]]:
    """The rules ``record_decision`` applies, on a decision as an exchange file gives it,
    read in the importing session (the file's runs are written, not committed): an adopted
    run of the year and scheme, a date not before its meeting, and each change (code,
    decided, network, UH, reason) a network of the run, different from the advice, with a
    reason and the run's own network/UH split. Returns each change's (network, UH) split;
    one Norwegian sentence when a rule is broken."""
    run = session.exec(
        select(AllocationRun).where(
            AllocationRun.year == year,
            AllocationRun.scheme_code == scheme_code,
            AllocationRun.status == "adopted",
        )
    ).first()
    if run is None:
        raise UserError(
            ui(
                "forumet har ikke vedtatt noen tildeling for {year} i «{scheme}», og "
                "vedtaket bygger på forumets innstilling."
            ).format(year=year, scheme=scheme_code)
        )
    _refuse_before_advice(decided, _advice_meeting(session, run.key))
    regions = {r.id: r for r in session.exec(select(Region)).all()}
    advised = {
        regions[r.region_id].code: (regions[r.region_id].name, r.allocated)
        for r in session.exec(select(AllocationResult).where(AllocationResult.run_id == run.id))
    }
    splits = []
    for code, amount, network, uh, reason in changes:
        if code not in advised:
            raise UserError(
                ui("nettverket «{code}» er ikke med i innstillingen {key}.").format(
                    code=code, key=run.key
                )
            )
        name, advice = advised[code]
        if amount == advice:
            raise UserError(
                ui(
                    "endringen for {name} er lik innstillingen ({advice}); et nettverk "
                    "som får det forumet ga innstilling om, står ikke blant endringene."
                ).format(name=name, advice=kroner(advice))
            )
        _reason(name, amount, advice, reason)
        split = split_by_run(dict(run.rules), code, amount)
        if (network, uh) != (None, None) and (network, uh) != split:
            raise UserError(
                ui(
                    "{name} er delt {network} til nettverket og {uh} til UH, men "
                    "innstillingens regler gir {rule_network} og {rule_uh}."
                ).format(
                    name=name,
                    network=kroner(network or 0),
                    uh=kroner(uh or 0),
                    rule_network=kroner(split[0]),
                    rule_uh=kroner(split[1]),
                )
            )
        splits.append(split)
    return splits


def record_decision(
    db: Database,
    year: int,
    scheme_code: str | None,
    *,
    decided_by: str,
    decided: dt.date,
    reference: str = "",
    note: str = "",
    amounts: dict[str, tuple[int, str]] | None = None,
    correct: bool = False,
) -> Decision:
    """Record the decision on the forum's advice for ``year`` (``correct``: change the one
    recorded). ``amounts`` maps a network's code to (decided amount, reason); a network
    not named, or named with the advised amount, is decided as advised. All or nothing."""

    decided_by = " ".join(decided_by.split())
    if not decided_by:
        raise UserError(ui("Oppgi hvem som fattet vedtaket."))
    if not isinstance(decided, dt.date):
        raise UserError(ui("Oppgi datoen for vedtaket."))
    with db.read() as s:
        scheme = _scheme(s, scheme_code)
        run = _advice(db, year, scheme)
        meeting = _advice_meeting(s, run.key)
    _refuse_before_advice(decided, meeting)
    advised = {line.code: line for line in run.lines}
    changes: list[tuple[str, int, int, int, str]] = []
    for code, (amount, reason) in (amounts or {}).items():
        line = advised.get(code)
        if line is None:
            raise UserError(
                ui("Nettverket «{code}» er ikke med i innstillingen {key}.").format(
                    code=code, key=run.key
                )
            )
        amount = _amount(amount, line.name)
        if amount == line.allocated:
            continue
        reason = _reason(line.name, amount, line.allocated, reason)
        network, uh = split_by_run(run.rules, code, amount)
        changes.append((code, amount, network, uh, reason))
    with db.write() as s:
        row = s.exec(
            select(GrantDecision).where(
                GrantDecision.year == year, GrantDecision.scheme_code == scheme.code
            )
        ).first()
        if row is not None and not correct:
            raise UserError(
                ui(
                    "Vedtaket om tilskudd for {year} er allerede registrert; rett det i stedet."
                ).format(year=year)
            )
        if row is None and correct:
            raise UserError(
                ui("Det er ikke registrert noe vedtak om tilskudd for {year} å rette.").format(
                    year=year
                )
            )

        if row is None:
            row = GrantDecision(year=year, scheme_code=scheme.code, decided_by="", decided=decided)
            s.add(row)
        for name, value in (
            ("decided_by", decided_by),
            ("decided", decided),
            ("reference", reference.strip()),
            ("note", note.strip()),
        ):
            if getattr(row, name) != value:
                setattr(row, name, value)
        s.flush()
        region_id = {r.code: row_id(r) for r in s.exec(select(Region)).all()}
        stored = {
            c.region_id: c
            for c in s.exec(select(GrantChange).where(GrantChange.decision_id == row.id)).all()
        }
        kept: set[int] = set()
        order = [line.code for line in run.lines]
        for code, amount, network, uh, reason in sorted(changes, key=lambda c: order.index(c[0])):
            rid = region_id[code]
            kept.add(rid)
            values: dict[str, Any] = {
                "position": order.index(code) + 1,
                "allocated": amount,
                "network": network,
                "uh": uh,
                "reason": reason,
            }
            change = stored.get(rid)
            if change is None:
                s.add(
                    GrantChange(
                        decision_id=row_id(row),
                        region_id=rid,
                        position=values["position"],
                        allocated=amount,
                        network=network,
                        uh=uh,
                        reason=reason,
                    )
                )
            else:  # only what differs, so the log shows what was corrected
                for k, v in values.items():
                    if getattr(change, k) != v:
                        setattr(change, k, v)
        for rid, change in stored.items():
            if rid not in kept:
                s.delete(change)
        s.flush()
        return _view(s, row, scheme, run)


def decided_years(db: Database) -> list[tuple[int, str]]:
    """(year, scheme code) of every recorded decision, newest first."""
    with db.read() as s:
        rows = s.exec(
            select(GrantDecision.year, GrantDecision.scheme_code).order_by(
                col(GrantDecision.year).desc(), col(GrantDecision.scheme_code)
            )
        ).all()
        return [(int(y), str(c)) for y, c in rows]
