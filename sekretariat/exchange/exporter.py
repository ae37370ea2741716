"""The database as an exchange file, in canonical form.

Every table is written by walking its spec (``spec.to_toml``), so the keys, their order
and how a stored value turns back into TOML are those the importer reads. Rows are written
in a fixed order (by position, key or date), so export → import into an empty database →
export gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy import RowMapping, Select
from sqlmodel import Session, select

from sekretariat.domain.checkout import identity
from sekretariat.domain.cycle import office_end
from sekretariat.domain.letter_template import EXCHANGE_KEYS, setting_key
from sekretariat.domain.terms import default_term_end
from sekretariat.exchange import spec, stamp
from sekretariat.exchange.check import SCHEMA
from sekretariat.files import write_atomic
from sekretariat.storage import models as m
from sekretariat.storage.database import Database

Row = RowMapping  # a row's column values, by name


def _rows(session: Session, query: Select[Any]) -> list[Row]:
    """Rows as column values (no ORM objects: a large export reads 100 000 rows)."""
    return list(session.connection().execute(query).mappings())


def _table(model: Any) -> Any:
    return model.__table__


def _by(rows: Iterable[Row], column: str) -> dict[Any, list[Row]]:
    grouped: dict[Any, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row[column], []).append(row)
    return grouped


def export_data(db: Database) -> dict[str, Any]:
    """Everything in the database as an exchange document (canonical order)."""
    with db.read() as s:
        return _Exporter(s).document()


def document_of(session: Session) -> tuple[dict[str, Any], dict[str, int]]:
    """Everything as an exchange document, read in ``session`` (a write may be under way),
    and the row version of each top-level row by its stamp name."""
    exporter = _Exporter(session)
    return exporter.document(), exporter.versions


def export_stamped(db: Database) -> dict[str, Any]:
    """The document with its ``[exported]`` table last (see ``stamp``)."""
    with db.read() as s:
        exporter = _Exporter(s)
        out = exporter.document()
        out[stamp.KEY] = stamp.make(identity(s), out, exporter.versions).table()
        return out


def row_stamps(session: Session) -> dict[str, tuple[int | None, str]]:
    """Every top-level row's (version, digest) as an export would stamp it now."""
    exporter = _Exporter(session)
    document = exporter.document()
    return {
        name: (exporter.versions.get(name), stamp.digest(row))
        for _, name, row in stamp.top_rows(document)
    }


class _Exporter:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.keys_of: dict[str, dict[int, str]] = {}
        #: The row version of each top-level row written, by its stamp name.
        self.versions: dict[str, int] = {}

    def rows(self, model: Any, *order: Any, where: Any = None) -> list[Row]:
        query = select(_table(model))
        if where is not None:
            query = query.where(where)
        return _rows(self.s, query.order_by(*order))

    def toml(self, keys: spec.Spec, row: Row, **given: Any) -> dict[str, Any]:
        return spec.to_toml(keys, row, self.keys_of, given)

    def top(self, table: str, keys: spec.Spec, row: Row, **given: Any) -> dict[str, Any]:
        """A top-level row, its version noted for the stamp (tables that have one)."""
        out = spec.to_toml(keys, row, self.keys_of, given)
        if "version" in row:
            self.versions[stamp.row_name(table, out)] = row["version"]
        return out

    def document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA}
        forums = self.rows(m.Forum, m.Forum.id, where=m.Forum.id == 1)
        if forums:
            templates = {}
            for lang, key in EXCHANGE_KEYS.items():
                row = self.s.get(m.Setting, setting_key(lang))
                templates[key] = row.value if row is not None else None
            out["forum"] = self.top("forum", spec.FORUM, forums[0], **templates)
        schemes = self.rows(m.Scheme, m.Scheme.position, m.Scheme.id)
        default = [x for x in schemes if x["is_default"]]
        if default:
            out["allocation"] = self.top("allocation", spec.ALLOCATION, default[0])
        others = [x for x in schemes if not x["is_default"]]
        if others:
            # a scheme's name is required: one saved without shows its code
            out["scheme"] = [
                self.top("scheme", spec.SCHEME, x, name=x["name"] or x["code"]) for x in others
            ]
        themes = self.rows(m.Theme, m.Theme.position, m.Theme.id)
        if themes:
            out["theme"] = [self.toml(spec.THEME, x) for x in themes]
        self.regions(out)
        municipalities = self.rows(m.Municipality, m.Municipality.position, m.Municipality.id)
        if municipalities:
            out["municipality"] = [self.toml(spec.MUNICIPALITY, x) for x in municipalities]
        self.seats_and_people(out)
        self.terms_and_offices(out)
        prompts = self.rows(m.Prompt, m.Prompt.position, m.Prompt.id)
        self.keys_of["prompt"] = {x["id"]: x["key"] for x in prompts}
        if prompts:
            out["prompt"] = [self.top("prompt", spec.PROMPT, x) for x in prompts]
        self.meetings(out)
        self.reports(out, default[0]["code"] if default else "")
        self.local_plans(out)
        self.runs(out)
        self.decisions(out)
        self.annual_reports(out, default[0]["code"] if default else "")
        return out

    def regions(self, out: dict[str, Any]) -> None:
        regions = self.rows(m.Region, m.Region.position, m.Region.id)
        self.keys_of["region"] = {r["id"]: r["code"] for r in regions}
        self.region_pos = {r["id"]: i for i, r in enumerate(regions)}
        ftes: dict[int, dict[int, int]] = {}
        for f in self.rows(m.RegionFte, m.RegionFte.year):
            ftes.setdefault(f["region_id"], {})[f["year"]] = f["centi_fte"]
        if regions:
            out["region"] = [
                self.top("region", spec.REGION, r, fte=ftes.get(r["id"], {})) for r in regions
            ]

    def seats_and_people(self, out: dict[str, Any]) -> None:
        seats = self.rows(m.Seat, m.Seat.position, m.Seat.id)
        self.keys_of["seat"] = {x["id"]: x["code"] for x in seats}
        self.seat_pos = {x["id"]: i for i, x in enumerate(seats)}
        if seats:
            out["seat"] = [self.top("seat", spec.SEAT, x) for x in seats]
        people = self.rows(m.Person, m.Person.key)
        self.keys_of["person"] = {p["id"]: p["key"] for p in people}
        if people:
            out["person"] = [self.top("person", spec.PERSON, p) for p in people]

    def terms_and_offices(self, out: dict[str, Any]) -> None:
        person_key = self.keys_of["person"]
        found = self.rows(m.Forum, m.Forum.id, where=m.Forum.id == 1)
        forum: Mapping[str, Any] = dict(found[0]) if found else {}
        term_years = forum.get("term_years", 2)
        weeks = list(forum.get("meeting_weeks", [3, 10, 25, 38, 46]))
        weekday = forum.get("meeting_weekday", 4)

        def term_end(start: Any) -> Any:
            return default_term_end(start, term_years, weeks, weekday)

        def office_default(start: Any) -> Any:
            return office_end(
                start,
                years=forum.get("leader_term_years", 2) if forum else 2,
                first_year=forum.get("leader_first_year"),
                first_years=forum.get("leader_first_term_years"),
                weeks=weeks if forum else [],
                weekday=weekday,
            )

        terms = sorted(
            self.rows(m.Term, m.Term.id),
            key=lambda t: (
                self.seat_pos.get(t["seat_id"], 0),
                self.region_pos.get(t["region_id"], -1) if t["region_id"] else -1,
                t["substitute"],
                t["start"],
                person_key[t["person_id"]],
            ),
        )
        if terms:
            # the end is left out when it is the default, as a file leaves it out
            out["term"] = [
                self.top(
                    "term",
                    spec.TERM,
                    t,
                    end=None if t["end"] == term_end(t["start"]) else t["end"],
                )
                for t in terms
            ]
        role_order = {r: i for i, r in enumerate(m.OFFICE_ROLES)}
        offices = sorted(
            self.rows(m.Office, m.Office.id),
            key=lambda o: (
                o["start"],
                role_order.get(o["role"], 9),
                o["slot"],
                person_key[o["person_id"]],
            ),
        )
        if offices:
            # as for terms: the end is left out when it is where the period ends anyway
            out["office"] = [
                self.top(
                    "office",
                    spec.OFFICE,
                    o,
                    end=None if o["end"] == office_default(o["start"]) else o["end"],
                )
                for o in offices
            ]

    def meetings(self, out: dict[str, Any]) -> None:
        meetings = self.rows(m.Meeting, m.Meeting.date)
        #: Each item's meeting date and place on its agenda (how a run names its item).
        self.item_places: dict[int, tuple[Any, int]] = {}
        if not meetings:
            return
        items = _by(
            self.rows(
                m.AgendaItem, m.AgendaItem.meeting_id, m.AgendaItem.position, m.AgendaItem.id
            ),
            "meeting_id",
        )
        for mt in meetings:
            for place, it in enumerate(items.get(mt["id"], []), start=1):
                self.item_places[it["id"]] = (mt["date"], place)
        actions = _by(
            self.rows(m.Action, m.Action.item_id, m.Action.position, m.Action.id), "item_id"
        )
        conflicts = _by(self.rows(m.Conflict, m.Conflict.item_id, m.Conflict.id), "item_id")
        attendance = _by(
            self.rows(
                m.Attendance, m.Attendance.meeting_id, m.Attendance.position, m.Attendance.id
            ),
            "meeting_id",
        )

        def item(it: Row) -> dict[str, Any]:
            return self.toml(
                spec.ITEM,
                it,
                action=[self.toml(spec.ACTION, a) for a in actions.get(it["id"], [])],
                conflict=[self.toml(spec.CONFLICT, c) for c in conflicts.get(it["id"], [])],
            )

        out["meeting"] = [
            self.top(
                "meeting",
                spec.MEETING,
                mt,
                item=[item(it) for it in items.get(mt["id"], [])],
                attendance=[self.toml(spec.ATTENDANCE, a) for a in attendance.get(mt["id"], [])],
            )
            for mt in meetings
        ]

    def version(self, keys: spec.Spec, v: Row, measure: spec.Spec = spec.MEASURE) -> dict[str, Any]:
        measures = [{k: mm[k] for k in measure if k in mm} for mm in v["measures"]]
        return self.toml(keys, v, measure=measures)

    def local_plans(self, out: dict[str, Any]) -> None:
        plans = sorted(
            self.rows(m.LocalPlan, m.LocalPlan.id),
            key=lambda p: (self.region_pos.get(p["region_id"], 0), p["start_year"]),
        )
        if plans:
            out["local_plan"] = [self.toml(spec.LOCAL_PLAN, p) for p in plans]

    def reports(
        self, out: dict[str, Any], default_scheme: str, table: str = "needs_report"
    ) -> None:
        """The reports of one kind (needs or annual: ``table``), each with its newest
        version, the earlier ones and, for annual reports, the control."""
        model, version_model, version_keys, measure_keys = spec.REPORT_KINDS[table]
        reports = sorted(
            self.rows(model, model.id),
            key=lambda r: (
                r["year"],
                r["scheme_code"] != default_scheme,
                r["scheme_code"],
                self.region_pos.get(r["region_id"], 0),
            ),
        )
        if not reports:
            return
        versions = _by(
            self.rows(version_model, version_model.report_id, version_model.number),
            "report_id",
        )
        checks = (
            _by(
                self.rows(
                    m.AnnualReportCheck, m.AnnualReportCheck.report_id, m.AnnualReportCheck.id
                ),
                "report_id",
            )
            if table == "annual_report"
            else {}
        )
        earlier_keys = spec.NESTED[f"{table}.earlier"]
        out[table] = []
        for rep in reports:
            # the default scheme's reports are written without «scheme», as a file has them
            scheme = None if rep["scheme_code"] == default_scheme else rep["scheme_code"]
            row = self.toml(spec.REPORT, rep, scheme=scheme)
            if "version" in rep:
                self.versions[stamp.row_name(table, row)] = rep["version"]
            found = versions.get(rep["id"], [])
            if found:
                row.update(self.version(version_keys, found[-1], measure_keys))
                earlier = [self.version(earlier_keys, v, measure_keys) for v in found[:-1]]
                if earlier:
                    row["earlier"] = earlier
            marked = [self.toml(spec.ANNUAL_CHECK, c) for c in checks.get(rep["id"], [])]
            if marked:
                row["check"] = marked
            out[table].append(row)

    def annual_reports(self, out: dict[str, Any], default_scheme: str) -> None:
        self.reports(out, default_scheme, "annual_report")

    def runs(self, out: dict[str, Any]) -> None:
        runs = self.rows(m.AllocationRun, m.AllocationRun.year, m.AllocationRun.key)
        if not runs:
            return
        results = _by(
            self.rows(m.AllocationResult, m.AllocationResult.run_id, m.AllocationResult.position),
            "run_id",
        )
        out["allocation_run"] = [
            self.top(
                "allocation_run",
                spec.RUN,
                run,
                **self.run_item(run["adopted_item_id"]),
                result=[self.toml(spec.RESULT, res) for res in results.get(run["id"], [])],
            )
            for run in runs
        ]

    def run_item(self, item_id: int | None) -> dict[str, Any]:
        """The run's decision item as a file names it: the meeting's date and the item's
        place on that meeting's agenda, as ``meetings`` wrote the agenda."""
        if item_id is None or item_id not in self.item_places:
            return {}
        day, place = self.item_places[item_id]
        return {"meeting": day, "item": place}

    def decisions(self, out: dict[str, Any]) -> None:
        decisions = self.rows(m.GrantDecision, m.GrantDecision.year, m.GrantDecision.scheme_code)
        if not decisions:
            return
        changes = _by(
            self.rows(m.GrantChange, m.GrantChange.decision_id, m.GrantChange.position),
            "decision_id",
        )
        out["grant_decision"] = [
            self.top(
                "grant_decision",
                spec.GRANT_DECISION,
                d,
                change=[self.toml(spec.GRANT_CHANGE, c) for c in changes.get(d["id"], [])],
            )
            for d in decisions
        ]


_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def _key(part: str) -> str:
    """A key as a header names it: bare when it can be, else quoted as tomli-w quotes it."""
    if part and _BARE.issuperset(part):
        return part
    return tomli_w.dumps({part: 0})[: -len(" = 0\n")]


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _chunks(table: Mapping[str, Any], name: str, in_array: bool = False) -> Iterator[str]:
    """A table as tomli-w lays it out, except that every array of tables is written under
    ``[[...]]`` headers (tomli-w writes short ones inline, ``term = [{...}]``): headers are
    easier for people to read and edit and let import errors name a line. The values
    themselves are tomli-w's."""
    literals: dict[str, Any] = {}
    tables: list[tuple[str, Mapping[str, Any], bool]] = []
    for k, v in table.items():
        if isinstance(v, Mapping):
            tables.append((k, v, False))
        elif _is_array_of_tables(v):
            tables.extend((k, t, True) for t in v)
        else:
            literals[k] = v
    started = False
    if in_array or (name and (literals or not tables)):
        started = True
        yield f"[[{name}]]\n" if in_array else f"[{name}]\n"
    if literals:
        started = True
        yield tomli_w.dumps(literals)
    for k, v, in_aot in tables:
        if started:
            yield "\n"
        started = True
        yield from _chunks(v, f"{name}.{_key(k)}" if name else _key(k), in_aot)


def dumps(data: Mapping[str, Any]) -> str:
    """An exchange document as TOML text."""
    return "".join(_chunks(data, ""))


def export_text(db: Database, *, stamped: bool = False) -> str:
    """The whole database as a file; ``stamped`` adds the ``[exported]`` table (what
    ``sekretariat export`` writes), without it the text is canonical."""
    data = export_stamped(db) if stamped else export_data(db)
    return text_of(data)


def text_of(data: Mapping[str, Any], header: str = "") -> str:
    """A document as a file's text, with the comment lines an export starts with."""
    header = header or "# Sekretariat – utvekslingsfil (schema = 1). Se docs/exchange.md.\n"
    if data.get("forum", {}).get("fictional"):
        header += "# FIKTIVE DATA: personer, e-postadresser, telefonnumre, beløp og behovsmeldinger er oppdiktet.\n"
    return header + dumps(data)


def export_file(db: Database, path: Path, *, stamped: bool = False) -> Path:
    """Write the export atomically: a half-written file never replaces a good one."""
    text = export_text(db, stamped=stamped)
    return write_atomic(path, text.encode("utf-8"), mode=db.file_mode())
