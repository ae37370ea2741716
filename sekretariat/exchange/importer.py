"""Merging a checked exchange file into the database: one write transaction, all or nothing.

Rows are matched on their stable keys (``spec.IDENTITY``) and updated or added. Changed
and removed rows go through the ORM session (its flush hook logs them); new rows are
collected with their ids given here and inserted with one executemany per table
(``audit.insert_many`` logs them with the same function). The rows of each top-level table
are written before the next table is applied, the session's changes first and then the new
rows, parents before children, so every row a write refers to is already there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from sekretariat.domain.checkout import active as checkout_active
from sekretariat.domain.checkout import approved_refusal, identity, is_approved
from sekretariat.domain.checkout import refusal as checkout_refusal
from sekretariat.domain.grant_decisions import check_imported
from sekretariat.domain.letter_template import EXCHANGE_KEYS, store_template
from sekretariat.domain.offices import default_end as office_default_end
from sekretariat.domain.terms import TermCycle
from sekretariat.errors import ImportRefused, UserError
from sekretariat.exchange import checkout, spec, stamp
from sekretariat.exchange.check import (
    Problems,
    SeatInfo,
    Stored,
    StoredTerm,
    check_document,
    check_references,
    rows,
)
from sekretariat.exchange.exporter import row_stamps
from sekretariat.exchange.locate import Locator
from sekretariat.exchange.parse import load, read_file
from sekretariat.formats import count, short_date
from sekretariat.i18n import N_, ui
from sekretariat.storage import models as m
from sekretariat.storage.audit import insert_many, write_entries
from sekretariat.storage.audit import stamp as audit_stamp
from sekretariat.storage.database import Database

#: Told what an import is doing, for a progress line during a long one (Norwegian).
Progress = Callable[[str], None]

_TABLE_NB = {
    "forum": N_("forum"),
    "allocation": N_("tildelingsregler"),
    "theme": N_("temaer"),
    "region": N_("nettverk"),
    "municipality": N_("kommuners målform"),
    "scheme": N_("ordninger"),
    "seat": N_("setekategorier"),
    "person": N_("personer"),
    "term": N_("perioder"),
    "office": N_("verv"),
    "prompt": N_("refleksjonsspørsmål"),
    "meeting": N_("møter"),
    "needs_report": N_("behovsmeldinger"),
    "local_plan": N_("lokale kompetanseplaner"),
    "allocation_run": N_("tildelingskjøringer"),
    "grant_decision": N_("vedtak om tilskudd"),
    "annual_report": N_("årsrapporter"),
}


@dataclass
class ImportSummary:
    """How many rows of each kind were added and updated."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, added: bool) -> None:
        target = self.added if added else self.updated
        target[table] = target.get(table, 0) + 1

    def text(self) -> str:
        parts = []
        for table in _TABLE_NB:
            a, u = self.added.get(table, 0), self.updated.get(table, 0)
            if a or u:
                # «lagt til» agrees with every noun («1 nye» did not)
                parts.append(
                    ui("{table}: {added} lagt til, {updated} oppdatert").format(
                        table=ui(_TABLE_NB[table]), added=a, updated=u
                    )
                )
        return "; ".join(parts) if parts else ui("ingen endringer")


def import_file(
    db: Database, path: Path, progress: Progress | None = None, *, overwrite: bool = False
) -> ImportSummary:
    path = Path(path).expanduser()
    return import_text(db, read_file(path), path.name, progress, overwrite=overwrite)


#: How many changed rows a refusal names (the rest are counted).
_NAMED = 5


def import_text(
    db: Database,
    text: str,
    source: str,
    progress: Progress | None = None,
    *,
    overwrite: bool = False,
) -> ImportSummary:
    """Check ``text`` whole, then merge it into ``db`` in one transaction.

    A file exported from this very database (its ``[exported]`` stamp names it) is refused
    when it would write over rows changed here since, naming them, unless ``overwrite``
    (then the audit log records which). A checkout file (``[checkout]``) is also recorded
    as a checkout received here (see ``checkout.receive``).
    """
    tell = progress or (lambda _step: None)
    tell(ui("Leser {source}").format(source=source))
    raw = load(text, source)
    exported = stamp.read(raw, source)
    section = checkout.read_section(raw, source)
    locator = Locator(text)
    data = check_document(raw, source, locator)
    problems = Problems(source, locator)
    with db.write() as session:
        importer = _Importer(session, data, tell)
        check_references(data, importer.stored(), problems)
        problems.raise_if_any()
        if section is not None:
            checkout.may_receive(session, section, source, overwrite=overwrite)
        stale: list[str] = []
        if exported is not None and exported.database == identity(session):
            stale = stamp.stale_rows(exported, row_stamps(session), raw)
            if stale and not overwrite:
                raise ImportRefused(_stale_message(source, exported, stale))
        importer.apply()
        if stale:
            _log_overwrite(session, source, stale)
        if section is not None:
            checkout.receive(session, section, [r["date"] for _, r in rows(data, "meeting")])
        return importer.summary


def _stale_message(source: str, exported: stamp.Stamp, stale: list[str]) -> str:
    named = ", ".join(stamp.describe(name) for name in stale[:_NAMED])
    if len(stale) > _NAMED:
        named = ui("{rows} og {more} til").format(rows=named, more=len(stale) - _NAMED)
    return ui(
        "{source}: {count} er endret i databasen siden filen ble eksportert{when}: {rows}. "
        "Ingenting ble importert; importer med --overwrite for å skrive filens verdier over "
        "endringene."
    ).format(
        source=source,
        count=count(len(stale), ui("rad"), ui("rader")),
        when=exported.when,
        rows=named,
    )


def _log_overwrite(session: Session, source: str, stale: list[str]) -> None:
    """One audit entry saying that the import wrote over newer rows, and which."""
    when = audit_stamp(session)
    entry = {
        "at": when.at,
        "user": when.user,
        "host": when.host,
        "entity": "import",
        "entity_id": source,
        "action": "overwrite",
        "changes": {"rows": stale},
    }
    write_entries(session.connection(), [entry])


class _Added:
    """A new row waiting for its insert: what later rows need of it is its id."""

    __slots__ = ("id",)

    def __init__(self, id: int) -> None:
        self.id = id


Row = Any  # a stored row (an ORM object) or a new one (_Added)


class _NewRows:
    """New rows, written with one executemany per table instead of as ORM objects.

    An ORM object and its flush cost about ten times the insert itself, and a large file
    has more than a hundred thousand rows. Ids are given here, counting on from the table's
    highest (what SQLite would give: the import holds the write lock and adds rows to no
    table any other way), so a child can name its parent before either is written.
    """

    def __init__(self, session: Session) -> None:
        self.s = session
        self.next_id: dict[type[SQLModel], int] = {}
        self.pending: dict[type[SQLModel], list[dict[str, Any]]] = {}
        self.order = {table.name: i for i, table in enumerate(SQLModel.metadata.sorted_tables)}

    def add(self, model: type[SQLModel], values: dict[str, Any]) -> _Added:
        row = _complete(model, values)
        if model not in self.next_id:
            highest = self.s.exec(select(func.max(col(_id_column(model))))).one()
            self.next_id[model] = (highest or 0) + 1
        row["id"] = self.next_id[model]
        self.next_id[model] += 1
        self.pending.setdefault(model, []).append(row)
        return _Added(row["id"])

    def write(self) -> None:
        """Insert what was collected, parents before children (the schema's order)."""
        pending, self.pending = self.pending, {}
        for model in sorted(pending, key=lambda model: self.order[_table_name(model)]):
            insert_many(self.s, model, pending[model])


def _cycle(forum: Any) -> TermCycle:
    """The stored forum's term length and meeting pattern (the defaults without one)."""
    if forum is None:
        return TermCycle()
    return TermCycle(forum.term_years, tuple(forum.meeting_weeks), forum.meeting_weekday)


def _id_column(model: type[SQLModel]) -> Any:
    return model.__table__.c.id  # type: ignore[attr-defined]  # SQLModel sets it on tables


def _table_name(model: type[SQLModel]) -> str:
    return str(model.__tablename__)


_SHAPES: dict[type, tuple[dict[str, Any], list[tuple[str, Callable[..., Any]]]]] = {}


def _complete(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    """Every column of a new row: the values given, the model's defaults for the rest.

    A default factory is called here: left to pydantic, each call inspects the factory's
    signature first (a quarter of a millisecond, more than the rest of the row)."""
    shape = _SHAPES.get(model)
    if shape is None:
        defaults: dict[str, Any] = {}
        factories: list[tuple[str, Callable[..., Any]]] = []
        for name, info in model.model_fields.items():
            if info.default_factory is not None:
                factories.append((name, info.default_factory))
            else:
                defaults[name] = None if info.is_required() else info.default
        shape = _SHAPES[model] = (defaults, factories)
    defaults, factories = shape
    row = {**defaults, **values}
    for name, factory in factories:
        if name not in values:
            row[name] = factory()
    return row


#: What says nothing about a meeting's content: ids, parents, places in a list, versions.
_NOT_COMPARED = {"id", "meeting_id", "item_id", "position", "version"}


def _compared(model: type[SQLModel], row: Any) -> dict[str, Any]:
    """A stored row or a new row's values, as far as they are content to compare."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return {name: get(name) for name in model.model_fields if name not in _NOT_COMPARED}


class _Importer:
    def __init__(self, session: Session, data: dict[str, Any], tell: Progress) -> None:
        self.s = session
        self.new = _NewRows(session)
        self.data = data
        self.tell = tell
        self.summary = ImportSummary()
        self.forum: Row = session.get(m.Forum, 1)
        self.regions: dict[str, Row] = {r.code: r for r in session.exec(select(m.Region))}
        self.seats: dict[str, Row] = {r.code: r for r in session.exec(select(m.Seat))}
        self.people: dict[str, Row] = {r.key: r for r in session.exec(select(m.Person))}
        self.prompts: dict[str, Row] = {r.key: r for r in session.exec(select(m.Prompt))}
        self.themes: dict[str, Row] = {r.code: r for r in session.exec(select(m.Theme))}
        self.municipalities: dict[str, Row] = {
            r.name: r for r in session.exec(select(m.Municipality))
        }
        self.refs = {"region": self.regions, "seat": self.seats, "person": self.people}
        self.refs["prompt"] = self.prompts

    def stored(self) -> Stored:
        forum = self.forum
        schemes = list(self.s.exec(select(m.Scheme)))
        region_code = {r.id: code for code, r in self.regions.items()}
        seat_code = {s.id: code for code, s in self.seats.items()}
        person_key = {p.id: key for key, p in self.people.items()}
        return Stored(
            forum=forum is not None,
            region_kinds={code: r.kind for code, r in self.regions.items()},
            seats={
                code: SeatInfo(s.per_region, list(s.regions), list(s.sectors), s.count)
                for code, s in self.seats.items()
            },
            people=set(self.people),
            prompts=set(self.prompts),
            themes=set(self.themes),
            schemes={x.code: (dict(x.budgets), x.is_default) for x in schemes},
            grants=dict(forum.grants) if forum is not None else {},
            cycle=_cycle(forum) if forum is not None else None,
            terms=[
                StoredTerm(
                    person_key[t.person_id],
                    seat_code[t.seat_id],
                    t.start,
                    t.end,
                    region_code.get(t.region_id, "") if t.region_id is not None else "",
                    t.substitute,
                    t.sector,
                )
                for t in self.s.exec(select(m.Term))
            ],
        )

    # -- helpers -----------------------------------------------------------------
    def _id(self, table: str, key: str) -> int:
        return int(self.refs[table][key].id)

    def _columns(self, keys: spec.Spec, row: dict[str, Any]) -> dict[str, Any]:
        return spec.to_columns(keys, row, self._id)

    def _upsert(
        self, model: type[SQLModel], existing: Row | None, values: dict[str, Any], table: str
    ) -> Row:
        if existing is None:
            self.summary.count(table, True)
            return self.new.add(model, values)
        changed = False
        for k, v in values.items():
            if getattr(existing, k) != v:
                setattr(existing, k, v)
                changed = True
        if changed:
            self.summary.count(table, False)
        return existing

    def _next_position(self, model: Any) -> int:
        value = self.s.exec(select(func.max(model.position))).one()
        return int(value or 0) + 1

    def _write(self, table: str) -> None:
        """The session's changes, then the new rows: what the next table may refer to."""
        self.s.flush()
        self.new.write()
        self.tell(ui("Skrev {table}").format(table=ui(_TABLE_NB[table])))

    # -- applying ----------------------------------------------------------------
    def apply(self) -> None:
        self._forum()
        self._allocation()
        self._schemes()
        for table, model, key, store in (
            ("theme", m.Theme, "code", self.themes),
            ("region", m.Region, "code", self.regions),
            ("municipality", m.Municipality, "name", self.municipalities),
            ("seat", m.Seat, "code", self.seats),
            ("prompt", m.Prompt, "key", self.prompts),
        ):
            self._keyed(table, model, key, store)
            if table == "region":
                self._region_ftes()
            self._write(table)
        self._people()
        self._terms()
        self._offices()
        self.meetings: dict[Any, Row] = {x.date: x for x in self.s.exec(select(m.Meeting))}
        #: Runs whose item a replaced agenda gave a new id: (run, the new item's id).
        self.relink: list[tuple[Row, int]] = []
        for _, r in rows(self.data, "meeting"):
            self._apply_meeting(r)
        self._write("meeting")
        for run, item_id in self.relink:
            # The database let go of the old item (ON DELETE SET NULL), and the new one may
            # have its id again: read the run as it is now before setting it.
            self.s.refresh(run)
            run.adopted_item_id = item_id
        self.s.flush()
        self.reports: dict[tuple[int, int, str], Row] = {
            (x.region_id, x.year, x.scheme_code): x for x in self.s.exec(select(m.NeedsReport))
        }
        default = self.s.exec(select(m.Scheme).where(col(m.Scheme.is_default))).first()
        self.default_scheme = default.code if default is not None else ""
        for _, r in rows(self.data, "needs_report"):
            self._apply_report(r)
        self._write("needs_report")
        self._local_plans()
        self.runs: dict[str, Row] = {x.key: x for x in self.s.exec(select(m.AllocationRun))}
        for _, r in rows(self.data, "allocation_run"):
            self._apply_run(r)
        self._write("allocation_run")
        self._decisions()
        self._annual_reports()

    def _annual_reports(self) -> None:
        """The networks' annual reports, their versions and their control (plan 7)."""
        self.reports = {
            (x.region_id, x.year, x.scheme_code): x for x in self.s.exec(select(m.AnnualReport))
        }
        for _, r in rows(self.data, "annual_report"):
            existing = self.reports.get(self._report_match(r))
            report = self._apply_report(r, "annual_report")
            if "check" in r or existing is None:
                if existing is not None:
                    self._replace(m.AnnualReportCheck, m.AnnualReportCheck.report_id, report.id)
                for check in r.get("check", []):
                    values = self._columns(spec.ANNUAL_CHECK, check)
                    self.new.add(m.AnnualReportCheck, {"report_id": report.id, **values})
        self._write("annual_report")

    def _decisions(self) -> None:
        found = {(x.year, x.scheme_code): x for x in self.s.exec(select(m.GrantDecision))}
        for _, r in rows(self.data, "grant_decision"):
            match = (r["year"], r["scheme"])
            existing = found.get(match)
            values = self._columns(spec.GRANT_DECISION, r)
            splits = self._checked_decision(r)
            decision = found[match] = self._upsert(
                m.GrantDecision, existing, values, "grant_decision"
            )
            if "change" in r or existing is None:
                if existing is not None:
                    self._replace(m.GrantChange, m.GrantChange.decision_id, decision.id)
                for pos, (change, (network, uh)) in enumerate(
                    zip(r.get("change", []), splits, strict=True), start=1
                ):
                    values = {**self._columns(spec.GRANT_CHANGE, change), "network": network}
                    values["uh"] = uh
                    self.new.add(
                        m.GrantChange, {"decision_id": decision.id, "position": pos, **values}
                    )
        self._write("grant_decision")

    def _checked_decision(self, r: dict[str, Any]) -> list[tuple[int, int]]:
        """The rules the app applies when a decision is recorded (``grant_decisions``), on
        the file's decision and the runs as the import leaves them; each change's split."""
        changes = [
            (c["region"], c["allocated"], c.get("network"), c.get("uh"), c["reason"])
            for c in r.get("change", [])
        ]
        try:
            return check_imported(self.s, r["year"], r["scheme"], r["decided"], changes)
        except UserError as e:
            raise ImportRefused(
                ui(
                    "Vedtaket om tilskudd for {year} («{scheme}») kan ikke importeres: "
                    "{reason} Ingenting ble importert."
                ).format(year=r["year"], scheme=r["scheme"], reason=e)
            ) from None

    def _forum(self) -> None:
        if "forum" not in self.data:
            return
        values = self._columns(spec.FORUM, self.data["forum"])
        if self.forum is None:
            self._upsert(m.Forum, None, values, "forum")
        else:
            self._upsert(m.Forum, self.forum, values, "forum")
        for lang, key in EXCHANGE_KEYS.items():
            if key in self.data["forum"]:
                self._letter_template(self.data["forum"][key], lang)
        self._write("forum")
        self.forum = self.s.get(m.Forum, 1)

    def _letter_template(self, text: str, lang: str) -> None:
        """A grant-letter template, checked and stored as the app stores it when saved (the
        default text again: the stored one goes)."""
        try:
            store_template(self.s, text, lang)
        except UserError as e:
            if lang == "nb":
                message = ui(
                    "Malen for tilskuddsbrev i [forum] kan ikke importeres: {reason} "
                    "Ingenting ble importert."
                )
            else:
                message = ui(
                    "Nynorskmalen for tilskuddsbrev i [forum] kan ikke importeres: {reason} "
                    "Ingenting ble importert."
                )
            raise ImportRefused(message.format(reason=e)) from None

    def _allocation(self) -> None:
        if "allocation" not in self.data:
            return
        values = self._columns(spec.ALLOCATION, self.data["allocation"])
        default = self.s.exec(select(m.Scheme).where(col(m.Scheme.is_default))).first()
        code = values.pop("code", None) or (default.code if default else "kollektiv")
        existing = self.s.exec(select(m.Scheme).where(m.Scheme.code == code)).first()
        if default is not None and existing is not default:
            default.is_default = False
        values.setdefault(
            "name", "Kollektiv kompetanseutvikling" if existing is None else existing.name
        )
        values = {"code": code, "is_default": True, **values}
        self._upsert(m.Scheme, existing, values, "allocation")
        self._write("allocation")

    def _schemes(self) -> None:
        schemes = {x.code: x for x in self.s.exec(select(m.Scheme))}
        pos = self._next_position(m.Scheme)
        for _, r in rows(self.data, "scheme"):
            values = self._columns(spec.SCHEME, r)
            existing = schemes.get(r["code"])
            if existing is None:
                values["position"] = pos
                pos += 1
            schemes[r["code"]] = self._upsert(m.Scheme, existing, values, "scheme")
        self._write("scheme")

    def _keyed(self, table: str, model: Any, key: str, store: dict[str, Row]) -> None:
        """Rows with a stable key of their own and a place in a list (by ``position``)."""
        pos = self._next_position(model)
        for _, r in rows(self.data, table):
            existing = store.get(r[key])
            values = self._columns(spec.ARRAYS[table], r)
            if existing is None:
                values["position"] = pos
                pos += 1
            store[r[key]] = self._upsert(model, existing, values, table)

    def _region_ftes(self) -> None:
        """A region's FTEs by year: the years given are set, the others kept."""
        current = {(f.region_id, f.year): f for f in self.s.exec(select(m.RegionFte))}
        for _, r in rows(self.data, "region"):
            region_id = self.regions[r["code"]].id
            for year, centi in r.get("fte", {}).items():
                stored = current.get((region_id, year))
                if stored is None:
                    values = {"region_id": region_id, "year": year, "centi_fte": centi}
                    self.new.add(m.RegionFte, values)
                elif stored.centi_fte != centi:
                    stored.centi_fte = centi

    def _people(self) -> None:
        for _, r in rows(self.data, "person"):
            values = self._columns(spec.PERSON, r)
            existing = self.people.get(r["key"])
            self.people[r["key"]] = self._upsert(m.Person, existing, values, "person")
        self._write("person")

    def _terms(self) -> None:
        """A term in a file is the whole term: keys it leaves out take their defaults."""
        terms = {(t.person_id, t.seat_id, t.start): t for t in self.s.exec(select(m.Term))}
        cycle = _cycle(self.forum)
        for _, r in rows(self.data, "term"):
            values = {
                "region_id": None,
                "end": cycle.end(r["start"]),
                "substitute": False,
                "sector": "",
                "ended_reason": "",
                **self._columns(spec.TERM, r),
            }
            match = (values["person_id"], values["seat_id"], r["start"])
            terms[match] = self._upsert(m.Term, terms.get(match), values, "term")
        self._write("term")

    def _offices(self) -> None:
        """An office in a file is the whole office: keys it leaves out take their defaults."""
        offices = {(o.person_id, o.role, o.start): o for o in self.s.exec(select(m.Office))}
        for _, r in rows(self.data, "office"):
            values = {
                "slot": "",
                "end": office_default_end(self.forum, r["start"]),
                "elected": None,
                "reason": "",
                **self._columns(spec.OFFICE, r),
            }
            match = (values["person_id"], r["role"], r["start"])
            offices[match] = self._upsert(m.Office, offices.get(match), values, "office")
        self._write("office")

    def _replace(self, model: Any, parent: Any, parent_id: int) -> None:
        """Remove a stored row's children through the session (the audit log records each)."""
        for old in self.s.exec(select(model).where(parent == parent_id)):
            self.s.delete(old)
        self.s.flush()

    def _apply_meeting(self, r: dict[str, Any]) -> None:
        existing = self.meetings.get(r["date"])
        if existing is not None and ("item" in r or "attendance" in r):
            out = checkout_active(self.s, existing.id)
            if out is not None:  # the check-in finds its rows by id: they must stay
                raise ImportRefused(
                    ui(
                        "{refusal} Importen ville erstattet sakslisten eller oppmøtet; "
                        "ingenting ble importert."
                    ).format(refusal=checkout_refusal(out, existing.date))
                )
        values = self._columns(spec.MEETING, r)
        if existing is not None:
            self._refuse_if_changes_what_is_out(existing, values)
        if existing is not None and is_approved(existing):
            self._refuse_if_changes_approved(existing, values, r)
            return
        meeting = self._upsert(m.Meeting, existing, values, "meeting")
        self.meetings[r["date"]] = meeting
        add = self.new.add
        if "item" in r:
            kept: dict[int, Row] = {}
            if existing is not None:
                kept = self._runs_on_agenda(meeting.id, r)
                self._replace(m.AgendaItem, m.AgendaItem.meeting_id, meeting.id)
            for pos, item in enumerate(r["item"], start=1):
                values = self._columns(spec.ITEM, item)
                row = add(m.AgendaItem, {"meeting_id": meeting.id, "position": pos, **values})
                if pos in kept:
                    self.relink.append((kept[pos], row.id))
                for apos, action in enumerate(item.get("action", []), start=1):
                    values = self._columns(spec.ACTION, action)
                    add(m.Action, {"item_id": row.id, "position": apos, **values})
                for conflict in item.get("conflict", []):
                    add(m.Conflict, {"item_id": row.id, **self._columns(spec.CONFLICT, conflict)})
        if "attendance" in r:
            if existing is not None:
                self._replace(m.Attendance, m.Attendance.meeting_id, meeting.id)
            for pos, a in enumerate(r["attendance"], start=1):
                values = self._columns(spec.ATTENDANCE, a)
                add(m.Attendance, {"meeting_id": meeting.id, "position": pos, **values})

    def _runs_on_agenda(self, meeting_id: int, r: dict[str, Any]) -> dict[int, Row]:
        """The runs put before or adopted in the meeting's items, which a file replacing
        the agenda would otherwise leave without their item: by the place of their item,
        which the file's agenda must have at the same place under the same title. A run
        the file itself names its item for is left to the file."""
        named = {x["key"] for _, x in rows(self.data, "allocation_run") if "item" in x}
        agenda = list(
            self.s.exec(
                select(m.AgendaItem)
                .where(m.AgendaItem.meeting_id == meeting_id)
                .order_by(col(m.AgendaItem.position), col(m.AgendaItem.id))
            )
        )
        places = {it.id: (place, it.title) for place, it in enumerate(agenda, start=1)}
        kept: dict[int, Row] = {}
        for run in self.s.exec(
            select(m.AllocationRun).where(col(m.AllocationRun.adopted_item_id).in_(places))
        ):
            if run.key in named:
                continue
            place, title = places[run.adopted_item_id]
            items = r["item"]
            if place > len(items) or items[place - 1]["title"] != title:
                raise ImportRefused(
                    ui(
                        "Sakslisten {day} i filen har ikke lenger «{title}» som sak nummer "
                        "{place}, og tildelingskjøringen «{run}» hører til den saken. Ta med "
                        "kjøringen i filen med sin sak (meeting og item), eller behold saken "
                        "på sin plass. Ingenting ble importert."
                    ).format(day=short_date(r["date"]), title=title, place=place, run=run.key)
                )
            kept[place] = run
        return kept

    def _refuse_if_changes_what_is_out(self, meeting: Row, values: dict[str, Any]) -> None:
        """While a meeting is checked out, its minutes are the laptop's: an import may not
        change its status, approval or reflection (the check-in brings those back, and a
        meeting approved meanwhile would refuse it). Time and place may change, as in the
        app; the check-in sees a clash field by field."""
        out = checkout_active(self.s, meeting.id)
        if out is None:
            return
        guarded = ("status", "minutes_approved", "approved_how", "reflection")
        if any(k in values and getattr(meeting, k) != values[k] for k in guarded):
            raise ImportRefused(
                ui(
                    "{refusal} Importen ville endret møtets status, godkjenning eller "
                    "refleksjon; ingenting ble importert."
                ).format(refusal=checkout_refusal(out, meeting.date))
            )

    def _refuse_if_changes_approved(
        self, meeting: Row, values: dict[str, Any], r: dict[str, Any]
    ) -> None:
        """A meeting whose minutes are approved stays as it is: the file may only say
        the same (an export of this database read back), never replace its agenda,
        attendance or anything else (``checkout.refuse_if_approved`` is the rule)."""
        same = all(getattr(meeting, k) == v for k, v in values.items())
        if same and "item" in r:
            same = self._stored_items(meeting.id) == [self._file_item(item) for item in r["item"]]
        if same and "attendance" in r:
            stored = self.s.exec(
                select(m.Attendance)
                .where(m.Attendance.meeting_id == meeting.id)
                .order_by(col(m.Attendance.position), col(m.Attendance.id))
            )
            same = [_compared(m.Attendance, a) for a in stored] == [
                _compared(m.Attendance, _complete(m.Attendance, self._columns(spec.ATTENDANCE, a)))
                for a in r["attendance"]
            ]
        if not same:
            raise ImportRefused(
                ui("{refusal}; importen ville endret møtet, og ingenting ble importert.").format(
                    refusal=approved_refusal(meeting).rstrip(".")
                )
            )

    def _file_item(self, item: dict[str, Any]) -> tuple[Any, ...]:
        values = _complete(m.AgendaItem, self._columns(spec.ITEM, item))
        return (
            _compared(m.AgendaItem, values),
            [
                _compared(m.Action, _complete(m.Action, self._columns(spec.ACTION, a)))
                for a in item.get("action", [])
            ],
            [
                _compared(m.Conflict, _complete(m.Conflict, self._columns(spec.CONFLICT, c)))
                for c in item.get("conflict", [])
            ],
        )

    def _stored_items(self, meeting_id: int) -> list[tuple[Any, ...]]:
        out = []
        for it in self.s.exec(
            select(m.AgendaItem)
            .where(m.AgendaItem.meeting_id == meeting_id)
            .order_by(col(m.AgendaItem.position), col(m.AgendaItem.id))
        ):
            actions = self.s.exec(
                select(m.Action)
                .where(m.Action.item_id == it.id)
                .order_by(col(m.Action.position), col(m.Action.id))
            )
            conflicts = self.s.exec(
                select(m.Conflict).where(m.Conflict.item_id == it.id).order_by(col(m.Conflict.id))
            )
            out.append(
                (
                    _compared(m.AgendaItem, it),
                    [_compared(m.Action, a) for a in actions],
                    [_compared(m.Conflict, c) for c in conflicts],
                )
            )
        return out

    def _version_values(
        self, keys: spec.Spec, r: dict[str, Any], measure: spec.Spec = spec.MEASURE
    ) -> dict[str, Any]:
        values = self._columns(keys, r)
        if "measure" in r:
            values["measures"] = [{k: mm[k] for k in measure if k in mm} for mm in r["measure"]]
        return values

    def _local_plans(self) -> None:
        plans = {(x.region_id, x.start_year): x for x in self.s.exec(select(m.LocalPlan))}
        for _, r in rows(self.data, "local_plan"):
            values = self._columns(spec.LOCAL_PLAN, r)
            match = (values["region_id"], r["start_year"])
            plans[match] = self._upsert(m.LocalPlan, plans.get(match), values, "local_plan")
        self._write("local_plan")

    def _run_item(self, r: dict[str, Any]) -> int:
        """The decision item a run names by its meeting's date and its place on the agenda
        (the agendas as this import leaves them); a Norwegian refusal naming the run."""
        if "meeting" not in r or "item" not in r:
            raise ImportRefused(
                ui(
                    "Tildelingskjøringen «{run}» må ha både «meeting» (møtets dato) og «item» "
                    "(sakens plass på sakslisten). Ingenting ble importert."
                ).format(run=r["key"])
            )
        meeting = self.meetings.get(r["meeting"])
        agenda = (
            list(
                self.s.exec(
                    select(m.AgendaItem)
                    .where(m.AgendaItem.meeting_id == meeting.id)
                    .order_by(col(m.AgendaItem.position), col(m.AgendaItem.id))
                )
            )
            if meeting is not None
            else []
        )
        day = short_date(r["meeting"])
        if meeting is None:
            problem = ui(
                "Tildelingskjøringen «{run}» viser til møtet {day}, som ikke finnes. "
                "Ingenting ble importert."
            ).format(run=r["key"], day=day)
        elif not 1 <= r["item"] <= len(agenda):
            problem = ui(
                "Tildelingskjøringen «{run}» viser til sak nummer {number} på sakslisten {day}, "
                "som har {items}. Ingenting ble importert."
            ).format(run=r["key"], number=r["item"], day=day, items=len(agenda))
        else:
            item = agenda[r["item"] - 1]
            if item.kind == "decision" and not item.standing:
                return int(item.id)
            problem = ui(
                "Tildelingskjøringen «{run}» viser til «{title}» {day}, som ikke er en egen "
                "vedtakssak. Ingenting ble importert."
            ).format(run=r["key"], title=item.title, day=day)
        raise ImportRefused(problem)

    def _report_match(self, r: dict[str, Any]) -> tuple[int, int, str]:
        values = {"scheme_code": self.default_scheme, **self._columns(spec.REPORT, r)}
        return (values["region_id"], r["year"], values["scheme_code"])

    def _apply_report(self, r: dict[str, Any], table: str = "needs_report") -> Row:
        """A report (needs or annual: ``table``) with its newest version and, when the
        file has them, its earlier versions in place of the stored ones."""
        model, version_model, version_keys, measure_keys = spec.REPORT_KINDS[table]
        values = {"scheme_code": self.default_scheme, **self._columns(spec.REPORT, r)}
        match = (values["region_id"], r["year"], values["scheme_code"])
        existing = self.reports.get(match)
        report = self._upsert(model, existing, values, table)
        self.reports[match] = report
        versions = []
        if existing is not None:
            self.s.flush()
            versions = list(
                self.s.exec(
                    select(version_model)
                    .where(version_model.report_id == report.id)
                    .order_by(col(version_model.number))
                )
            )
        newest = versions[-1] if versions else None
        if "earlier" in r:
            for old in versions[:-1]:
                self.s.delete(old)
            self.s.flush()  # before a number is given again
            for number, version in enumerate(r["earlier"], start=1):
                values = self._version_values(
                    spec.NESTED[f"{table}.earlier"], version, measure_keys
                )
                self.new.add(version_model, {"report_id": report.id, "number": number, **values})
            top = len(r["earlier"]) + 1
            if newest is not None and newest.number != top:
                newest.number = top
                self.s.flush()
        else:
            top = newest.number if newest else 1
        values = self._version_values(version_keys, r, measure_keys)
        if newest is None:
            self.new.add(version_model, {"report_id": report.id, "number": top, **values})
        else:
            for k, v in values.items():
                if getattr(newest, k) != v:
                    setattr(newest, k, v)
        return report

    def _apply_run(self, r: dict[str, Any]) -> None:
        existing = self.runs.get(r["key"])
        values = self._columns(spec.RUN, r)
        if "meeting" in r or "item" in r:
            values["adopted_item_id"] = self._run_item(r)
        run = self.runs[r["key"]] = self._upsert(
            m.AllocationRun, existing, values, "allocation_run"
        )
        if "result" in r:
            if existing is not None:
                self._replace(m.AllocationResult, m.AllocationResult.run_id, run.id)
            for pos, res in enumerate(r["result"], start=1):
                values = self._columns(spec.RESULT, res)
                self.new.add(m.AllocationResult, {"run_id": run.id, "position": pos, **values})
