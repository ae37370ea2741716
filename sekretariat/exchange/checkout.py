"""Taking a meeting to a laptop and bringing its minutes back: nothing overwritten, nothing lost.

**Check out** (``check_out``, on the server): one write transaction marks the meeting as
checked out (``Checkout``, side "server": who, on which host, when) and writes a file: the
exchange format with what minute-taking needs (the forum, networks, seats, people without
contact details, the terms and offices of the day, the prompts; the meeting; the previous
meeting's minutes; the items that hold open follow-up actions), its ``[exported]`` stamp,
and a ``[checkout]`` table that lists every row minute-taking may change there (the
meeting, its items, actions, attendance and conflicts of interest, and the open actions)
with its row version and its values at the checkout. The server keeps the same list.

**On the laptop** the file is imported as any exchange file (``sekretariat --db laptop.db
import FILE`` or the first-run choice): the importer hands the ``[checkout]`` table to
``receive``, which records the checkout on the laptop's side with, for every listed row,
the row that holds it there. ``checkin_file`` writes what minute-taking changed there
since: the rows and fields whose values differ from those at the checkout, each with the
value it had then.

**Check in** (``check_in``, on the server): one write transaction. Each field the laptop
changed is compared with the server's value now and its value at the checkout (the
server's own record; a row whose version has not moved is unchanged by definition):
changed on the laptop only → taken; changed on both sides to the same value → nothing to
do; changed on both sides differently → a conflict. A row deleted on one side and changed
on the other is a conflict too. With any conflict left unresolved nothing is written
(``CheckinConflicts`` lists each, field by field); a choice per row and field ("server" or
"laptop") resolves it. The checkout then ends: the same file again is a no-op, another
file of the same checkout is refused, and so is any file after the checkout was
cancelled (a lost laptop: ``domain.checkout.cancel_checkout``).

Rows are named by the server's ids (``"item:101"``); attendance and conflicts of interest
by their person (``"attendance:kari-nordmann"``, ``"conflict:101:kari-nordmann"``), so a
registration made on both sides meets itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from sekretariat.domain.checkout import (
    CANCELLED,
    IN,
    LAPTOP,
    OUT,
    REFERENCE,
    SERVER,
    active,
    here,
    identity,
    info,
    is_approved,
    meeting_on,
    now_text,
    refuse_if_approved,
)
from sekretariat.domain.minutes import is_abandoned, lock_status
from sekretariat.domain.offices import default_end as office_default_end
from sekretariat.domain.terms import term_cycle
from sekretariat.errors import ImportRefused, RuleViolation, UserError
from sekretariat.errors import shown as shown_text
from sekretariat.exchange import stamp
from sekretariat.exchange.check import SCHEMA
from sekretariat.exchange.exporter import document_of, dumps, text_of
from sekretariat.exchange.parse import load, read_file
from sekretariat.files import write_atomic
from sekretariat.formats import case_label, clock, count, moment, short_date
from sekretariat.i18n import N_, ui, ui_label
from sekretariat.labels import ATTENDANCE_STATUSES, ITEM_OUTCOMES
from sekretariat.storage.database import Database
from sekretariat.storage.models import (
    Action,
    AgendaItem,
    Attendance,
    Checkout,
    Conflict,
    Forum,
    Meeting,
    Person,
)
from sekretariat.values import stable_key, text

KEY = "checkout"

#: What minute-taking changes in each kind of row, and what comes back.
FIELDS: dict[str, tuple[str, ...]] = {
    "meeting": ("start", "end", "reflection"),
    "item": ("notes", "decision", "outcome"),
    "action": ("exists", "what", "owner", "due", "done"),
    "attendance": ("status", "for", "note"),
    "conflict": ("declared", "ground", "decided_by", "disqualified", "substitute", "note"),
}
#: Fields that are true or false.
FLAGS = ("exists", "declared", "disqualified")
#: The field that says whether the row is there at all, and its value when it is not.
PRESENCE = {"action": "exists", "attendance": "status", "conflict": "declared"}
ABSENT: dict[str, Any] = {"exists": False, "status": "", "declared": False}

#: What each field is called on screen (bokmål ids: ``field_label`` translates them).
FIELD_NB = {
    "start": N_("start"),
    "end": N_("slutt"),
    "reflection": N_("refleksjon"),
    "notes": N_("referat"),
    "decision": N_("vedtak"),
    "outcome": N_("utfall"),
    "exists": N_("finnes"),
    "what": N_("hva"),
    "owner": N_("ansvarlig"),
    "due": N_("frist"),
    "done": N_("utført"),
    "status": N_("oppmøte"),
    "for": N_("møter for"),
    "note": N_("merknad"),
    "declared": N_("registrert"),
    "ground": N_("grunnlag"),
    "decided_by": N_("avgjort av"),
    "disqualified": N_("inhabil"),
    "substitute": N_("stedfortreder"),
}

_KEY = re.compile(
    r"(meeting|item|action):\d{1,18}|action:new:\d{1,18}"
    r"|attendance:[a-z0-9][a-z0-9_\-]*|conflict:\d{1,18}:[a-z0-9][a-z0-9_\-]*"
)
_TOKEN = re.compile(r"[0-9a-f]{32}")
_LABEL_MAX = 300

Fields = dict[str, Any]


def kind_of(key: str) -> str:
    return key.split(":", 1)[0]


def _iso(value: dt.date | dt.time | None) -> str:
    return value.isoformat() if value is not None else ""


def _short(value: str, most: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= most else value[: most - 1] + "…"


def _item_label(item: AgendaItem, year: int) -> str:
    number = case_label(item.number, year)
    return f"{number} {item.title}" if number else item.title


# -- reading rows as plain fields (both databases) ----------------------------------------


@dataclass
class _Row:
    """A row minute-taking may change: its fields as plain values, and how to name it."""

    fields: Fields
    label: str
    version: int | None = None
    parent: str = ""


def _meeting_row(meeting: Meeting, ref: str) -> tuple[str, _Row]:
    fields = {
        "start": _iso(meeting.start),
        "end": _iso(meeting.end),
        "reflection": meeting.reflection,
    }
    label_ = ui("møtet {date}").format(date=short_date(meeting.date))
    return f"meeting:{ref}", _Row(fields, label_, meeting.version)


def _item_row(item: AgendaItem, ref: str, year: int) -> tuple[str, _Row]:
    fields = {"notes": item.notes, "decision": item.decision, "outcome": item.outcome}
    return f"item:{ref}", _Row(fields, _item_label(item, year), item.version)


def _action_fields(action: Action) -> Fields:
    return {
        "exists": True,
        "what": action.what,
        "owner": action.owner,
        "due": _iso(action.due),
        "done": _iso(action.done),
    }


def _action_label(action: Action) -> str:
    return ui("oppfølging «{what}»").format(what=_short(action.what))


class _People:
    """Person keys and names by id, read once."""

    def __init__(self, s: Session) -> None:
        self.rows = {p.id: (p.key, p.name) for p in s.exec(select(Person))}
        self.by_key = {key: pid for pid, (key, _) in self.rows.items()}

    def key(self, pid: int | None) -> str:
        return self.rows[pid][0] if pid in self.rows else ""

    def name(self, pid: int | None) -> str:
        return self.rows[pid][1] if pid in self.rows else ""


def _attendance_rows(s: Session, meeting_id: int, people: _People) -> dict[str, _Row]:
    out: dict[str, _Row] = {}
    rows = s.exec(
        select(Attendance)
        .where(Attendance.meeting_id == meeting_id)
        .order_by(col(Attendance.position), col(Attendance.id))
    )
    for a in rows:
        if a.person_id is None:
            continue  # a guest not in the register travels for reference only (not added there)
        fields = {"status": a.status, "for": people.key(a.for_person_id), "note": a.note}
        key = f"attendance:{people.key(a.person_id)}"
        out[key] = _Row(fields, ui("oppmøte for {name}").format(name=people.name(a.person_id)))
    return out


def _conflict_rows(
    s: Session, items: Mapping[int, tuple[str, str]], people: _People
) -> dict[str, _Row]:
    """Conflicts of interest under ``items`` (local id → (reference, label))."""
    out: dict[str, _Row] = {}
    if not items:
        return out
    rows = s.exec(
        select(Conflict).where(col(Conflict.item_id).in_(list(items))).order_by(col(Conflict.id))
    )
    for c in rows:
        ref, item_label = items[c.item_id]
        key = f"conflict:{ref}:{people.key(c.person_id)}"
        name = people.name(c.person_id)
        fields = {
            "declared": True,
            "ground": c.ground,
            "decided_by": c.decided_by,
            "disqualified": c.disqualified,
            "substitute": people.key(c.substitute_id),
            "note": c.note,
        }
        out[key] = _Row(
            fields, ui("habilitet for {name} i {item}").format(name=name, item=item_label)
        )
    return out


def _meeting_items(s: Session, meeting_id: int) -> list[AgendaItem]:
    """A meeting's items in the order an export writes them (position, then id)."""
    return list(
        s.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        )
    )


def _item_actions(s: Session, item_id: int) -> list[Action]:
    return list(
        s.exec(
            select(Action)
            .where(Action.item_id == item_id)
            .order_by(col(Action.position), col(Action.id))
        )
    )


# -- checking out (the server) ------------------------------------------------------------


@dataclass(frozen=True)
class CheckedOut:
    """A checkout just made: the file written and what the app shows for it."""

    path: Path
    date: dt.date
    line: str
    rows: int


def default_filename(day: dt.date) -> str:
    return f"utsjekk-{day.isoformat()}.toml"


def _strip_person(row: dict[str, Any]) -> dict[str, Any]:
    """A person as the laptop needs them: no e-mail, phone or note travels."""
    return {k: v for k, v in row.items() if k not in ("email", "phone", "note")}


def _active_between(
    row: Mapping[str, Any],
    first: dt.date,
    last: dt.date,
    default_end: Callable[[dt.date], dt.date],
) -> bool:
    """A term or office that holds on some day from ``first`` to ``last`` (a file leaves
    out an end where the forum's cycle puts it: ``default_end`` says where)."""
    end = row.get("end") or default_end(row["start"])
    return bool(row["start"] <= last and end >= first)


def check_out(db: Database, day: dt.date, path: Path, today: dt.date | None = None) -> CheckedOut:
    """Mark the meeting on ``day`` as checked out and write the file that goes along.

    All in one transaction: the file is written before it commits, so a checkout never
    exists without its file (a file whose checkout did not commit is refused on check-in).
    Terms and offices go along that hold on some day from ``today`` to the meeting (the
    laptop shows the seats of both days).
    """
    path = Path(path).expanduser()
    today = today or dt.date.today()
    user, host = here()
    with db.write() as s:
        meeting = meeting_on(s, day)
        meeting_id = meeting.id or 0
        when = short_date(meeting.date)
        if is_approved(meeting):
            raise UserError(
                ui("Protokollen for møtet {date} er godkjent; den kan ikke sjekkes ut.").format(
                    date=when
                )
            )
        if meeting.status == "cancelled":
            raise UserError(
                ui("Møtet {date} er avlyst; det er ingen protokoll å sjekke ut.").format(date=when)
            )
        out = active(s, meeting_id)
        if out is not None:
            who = info(out, meeting.date)
            # The user and host as the sentence has always shown them: in lower case.
            raise UserError(
                ui("Møtet {date} er allerede sjekket ut til {user} på {host} {moment}.").format(
                    date=when, user=who.user.lower(), host=who.host.lower(), moment=moment(who.at)
                )
            )
        lock = lock_status(db, meeting_id)
        now = dt.datetime.now(dt.UTC)
        if lock is not None and not is_abandoned(lock, host=host, now=now):
            raise UserError(
                ui(
                    "{user} på {host} skriver protokoll for møtet {date} nå; "
                    "møtet kan sjekkes ut når protokollføringen er avsluttet."
                ).format(user=lock.user, host=lock.host, date=when)
            )
        token = uuid.uuid4().hex
        document, versions = document_of(s)
        document, base = _checkout_document(s, meeting, document, today)
        origin = identity(s)
        at = now.replace(microsecond=0)
        row = Checkout(
            token=token,
            side=SERVER,
            meeting_id=meeting_id,
            user=user,
            host=host,
            at=at.isoformat(),
            state=OUT,
            base={key: entry for key, entry in base.items()},
        )
        s.add(row)
        s.flush()
        section = {
            "id": token,
            "database": origin,
            "meeting": meeting.date,
            "user": user,
            "host": host,
            "at": at,
            "row": [{"key": key, **_toml_entry(entry)} for key, entry in base.items()],
        }
        data: dict[str, Any] = {"schema": SCHEMA, KEY: section, **document}
        data[stamp.KEY] = stamp.make(origin, document, versions).table()
        header = (
            "# "
            + ui("Sekretariat – møtet {date} sjekket ut til {user} på {host} {moment}.").format(
                date=when, user=user, host=host, moment=moment(at)
            )
            + "\n# "
            + ui("Åpne filen med «sekretariat --db bærbar.db import FIL»; se docs/exchange.md.")
            + "\n"
        )
        write_atomic(path, text_of(data, header).encode("utf-8"), mode=db.file_mode())
        return CheckedOut(path, meeting.date, info(row, meeting.date).line, len(base))


def _toml_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A base entry as the ``[[checkout.row]]`` table writes it (no empty keys)."""
    out: dict[str, Any] = {"label": entry["label"]}
    for name in ("version", "parent", "place"):
        if entry.get(name) not in (None, ""):
            out[name] = entry[name]
    out["base"] = dict(entry["fields"])
    return out


def _checkout_document(
    s: Session, meeting: Meeting, full: dict[str, Any], today: dt.date
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The part of the full export the laptop needs, and the rows it may change there.

    Each listed row has its fields at the checkout, its version (meetings and items), its
    parent (an action's item) and its place in the file (how the laptop finds it again).
    """
    day = meeting.date
    meeting_id = meeting.id or 0
    people = _People(s)
    cycle = term_cycle(s)
    forum = s.get(Forum, 1)
    doc: dict[str, Any] = {}
    for name in ("forum", "allocation", "region", "seat"):
        if name in full:
            doc[name] = full[name]
    if "region" in doc:
        doc["region"] = [{k: v for k, v in r.items() if k != "fte"} for r in doc["region"]]
    if "person" in full:
        doc["person"] = [_strip_person(p) for p in full["person"]]
    first, last = min(today, day), max(today, day)
    terms = [t for t in full.get("term", []) if _active_between(t, first, last, cycle.end)]
    if terms:
        doc["term"] = terms
    offices = [
        o
        for o in full.get("office", [])
        if _active_between(o, first, last, lambda start: office_default_end(forum, start))
    ]
    if offices:
        doc["office"] = offices
    if "prompt" in full:
        doc["prompt"] = full["prompt"]

    base: dict[str, dict[str, Any]] = {}

    def note(key: str, row: _Row, place: str = "") -> None:
        base[key] = {
            "label": row.label,
            "version": row.version,
            "parent": row.parent,
            "place": place,
            "fields": row.fields,
        }

    previous = s.exec(
        select(Meeting)
        .where(Meeting.date < day, Meeting.status != "cancelled")
        .order_by(col(Meeting.date).desc())
    ).first()
    open_items = s.exec(
        select(AgendaItem.meeting_id)
        .join(Action, col(Action.item_id) == col(AgendaItem.id))
        .where(col(Action.done).is_(None), AgendaItem.meeting_id != meeting_id)
        .distinct()
    ).all()
    wanted = {meeting_id, *open_items}
    if previous is not None:
        wanted.add(previous.id or 0)
    rows_by_date = {r["date"]: r for r in full.get("meeting", [])}
    meetings = [
        m for m in s.exec(select(Meeting).order_by(col(Meeting.date))) if (m.id or 0) in wanted
    ]
    kept = []
    for m in meetings:
        row = dict(rows_by_date[m.date])
        items = _meeting_items(s, m.id or 0)
        whole = m.id == meeting_id or (previous is not None and m.id == previous.id)
        if m.id == meeting_id:
            key, mrow = _meeting_row(m, str(meeting_id))
            note(key, mrow, "meeting")
        toml_items = row.get("item", [])
        chosen: list[dict[str, Any]] = []
        for item, toml_item in zip(items, toml_items, strict=True):
            actions = _item_actions(s, item.id or 0)
            if m.id != meeting_id:
                actions = [a for a in actions if a.done is None]
            if not whole:
                if not actions:
                    continue
                open_toml = [a for a in toml_item.get("action", []) if "done" not in a]
                toml_item = {
                    **{k: v for k, v in toml_item.items() if k not in ("action", "conflict")},
                    "action": open_toml,
                }
            index = len(chosen)
            chosen.append(toml_item)
            label_ = _item_label(item, m.date.year)
            if m.id == meeting_id:
                key, irow = _item_row(item, str(item.id), m.date.year)
                note(key, irow, f"item:{m.date.isoformat()}:{index}")
            all_actions = _item_actions(s, item.id or 0)
            for position, action in enumerate(all_actions):
                if m.id != meeting_id and action.done is not None:
                    continue
                at = position if whole else [a.id for a in actions].index(action.id)
                arow = _Row(_action_fields(action), f"{_action_label(action)} ({label_})")
                arow.parent = f"item:{item.id}"
                place = f"action:{m.date.isoformat()}:{index}:{at}"
                note(f"action:{action.id}", arow, place)
        if whole:
            kept.append(row)
        else:
            partial = {k: v for k, v in row.items() if k not in ("item", "attendance")}
            partial["item"] = chosen
            kept.append(partial)
    doc["meeting"] = kept
    for key, arow in _attendance_rows(s, meeting_id, people).items():
        note(key, arow)
    items_here = {
        i.id or 0: (str(i.id), _item_label(i, day.year)) for i in _meeting_items(s, meeting_id)
    }
    for key, crow in _conflict_rows(s, items_here, people).items():
        note(key, crow)
    return doc, base


# -- the [checkout] table, read on the laptop -----------------------------------------------


@dataclass(frozen=True)
class Section:
    """What a ``[checkout]`` table says."""

    token: str
    database: str
    meeting: dt.date
    user: str
    host: str
    at: dt.datetime
    rows: dict[str, dict[str, Any]]


def _one_line(value: Any, most: int = 200) -> str:
    value = text(value)
    if "\n" in value or len(value) > most:
        raise ValueError(ui("skal være én kort linje"))
    return value


def _check_fields(kind: str, fields: Any, *, partial: bool) -> Fields:
    """A row's fields from a file, each checked and in its plain form."""
    if not isinstance(fields, dict):
        raise ValueError(ui("skal være en tabell"))
    names = FIELDS[kind]
    unknown = set(fields) - set(names)
    if unknown:
        raise ValueError(ui("ukjent felt «{name}»").format(name=sorted(unknown)[0]))
    if not partial:
        missing = [n for n in names if n not in fields]
        if missing:
            raise ValueError(ui("mangler «{name}»").format(name=missing[0]))
    return {name: _check_value(name, value) for name, value in fields.items()}


def _check_value(name: str, value: Any) -> Any:
    try:
        if name in FLAGS:
            if not isinstance(value, bool):
                raise ValueError(ui("skal være true eller false"))
            return value
        value = text(value)
        if name in ("start", "end") and value:
            return _iso_time(value)
        if name in ("due", "done") and value:
            return _iso_date(value)
        if name == "outcome" and value and value not in ITEM_OUTCOMES:
            raise ValueError(ui("«{value}» er ikke et utfall").format(value=value))
        if name == "status" and value and value not in ATTENDANCE_STATUSES:
            raise ValueError(ui("«{value}» er ikke en oppmøtestatus").format(value=value))
        if name in ("for", "substitute") and value:
            stable_key(value)
        return value
    except ValueError as exc:
        raise ValueError(ui("«{name}» {error}").format(name=name, error=exc)) from None


def _iso_time(value: str) -> str:
    """A time as a file holds it (``"14:30:00"``), or why not in the app's language (not
    Python's English)."""
    try:
        return dt.time.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(
            ui("«{value}» er ikke et klokkeslett (TT:MM:SS)").format(value=shown_text(value))
        ) from None


def _iso_date(value: str) -> str:
    """A date as a file holds it (``"2027-01-21"``), or why not in the app's language."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(
            ui("«{value}» er ikke en dato (ÅÅÅÅ-MM-DD)").format(value=shown_text(value))
        ) from None


def _check_key(key: Any) -> str:
    if not isinstance(key, str) or len(key) > 200 or not _KEY.fullmatch(key):
        raise ValueError(ui("ukjent rad «{key}»").format(key=_short(str(key))))
    return key


def read_section(raw: dict[str, Any], source: str) -> Section | None:
    """Take the ``[checkout]`` table out of a parsed file (None: the file has none)."""
    if KEY not in raw:
        return None
    table = raw.pop(KEY)

    def refuse(what: str) -> ImportRefused:
        return ImportRefused(
            ui("{source}: [{table}] {what}. Ingenting ble importert.").format(
                source=source, table=KEY, what=what
            )
        )

    if not isinstance(table, dict):
        raise refuse(ui("skal være en tabell"))
    token, database = table.get("id"), table.get("database")
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise refuse(ui("mangler «id» (utsjekkens kjennetegn)"))
    if not isinstance(database, str) or not database or len(database) > 100:
        raise refuse(ui("mangler «database»"))
    day, at = table.get("meeting"), table.get("at")
    if type(day) is not dt.date:
        raise refuse(ui("«meeting» skal være møtets dato"))
    if not isinstance(at, dt.datetime) or at.tzinfo is None:
        raise refuse(ui("«at» skal være et tidspunkt med tidssone"))
    try:
        user, host = _one_line(table.get("user")), _one_line(table.get("host"))
    except ValueError as exc:
        raise refuse(ui("«user»/«host» {error}").format(error=exc)) from None
    unknown = set(table) - {"id", "database", "meeting", "user", "host", "at", "row"}
    if unknown:
        raise refuse(ui("ukjent nøkkel «{key}»").format(key=sorted(unknown)[0]))
    rows: dict[str, dict[str, Any]] = {}
    found = table.get("row", [])
    if not isinstance(found, list):
        raise refuse(ui("«row» skal være en liste av tabeller"))
    for number, entry in enumerate(found, start=1):
        try:
            key, checked = _check_entry(entry)
        except ValueError as exc:
            raise refuse(ui("rad nr. {number}: {error}").format(number=number, error=exc)) from None
        if key in rows:
            raise refuse(
                ui("rad nr. {number}: «{key}» står to ganger").format(number=number, key=key)
            )
        rows[key] = checked
    return Section(token, database, day, user, host, at, rows)


def _check_entry(entry: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(entry, dict):
        raise ValueError(ui("skal være en tabell"))
    unknown = set(entry) - {"key", "label", "version", "parent", "place", "base"}
    if unknown:
        raise ValueError(ui("ukjent nøkkel «{key}»").format(key=sorted(unknown)[0]))
    key = _check_key(entry.get("key"))
    kind = kind_of(key)
    version = entry.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ValueError(ui("«version» skal være et heltall"))
    parent = entry.get("parent", "")
    if parent and (not isinstance(parent, str) or not re.fullmatch(r"item:\d{1,18}", parent)):
        raise ValueError(ui("«parent» skal være en sak"))
    place = entry.get("place", "")
    if not isinstance(place, str) or len(place) > 100:
        raise ValueError(ui("«place» skal være tekst"))
    return key, {
        "label": _one_line(entry.get("label", key), _LABEL_MAX),
        "version": version,
        "parent": parent,
        "place": place,
        "fields": _check_fields(kind, entry.get("base"), partial=False),
    }


def may_receive(s: Session, section: Section, source: str, *, overwrite: bool) -> None:
    """Refuse a checkout file this database must not open as a laptop's copy: one made
    from this very database, or one already opened here (its notes would be lost)."""

    def refuse(what: str) -> ImportRefused:
        return ImportRefused(
            ui("{source}: {what}. Ingenting ble importert.").format(source=source, what=what)
        )

    if section.database == identity(s):
        raise refuse(
            ui(
                "filen er sjekket ut fra denne databasen; åpne den i en egen database "
                "(«sekretariat --db bærbar.db import FIL»), og sjekk inn filen den skriver "
                "med «sekretariat checkin»"
            )
        )
    known = s.exec(select(Checkout).where(Checkout.token == section.token)).first()
    if known is not None and not overwrite:
        raise refuse(
            ui(
                "denne utsjekken er allerede åpnet i denne databasen; å importere den igjen "
                "ville skrive over det som er skrevet siden (bruk --overwrite om det er meningen)"
            )
        )


def receive(s: Session, section: Section, meetings: Iterable[dt.date]) -> None:
    """Record a checkout just imported here (this database is the laptop).

    Called by the importer in its transaction, after ``may_receive`` and after the rows
    are written: each listed row is found again by its place in the file (a meeting by
    date, an item by its index in the meeting, an action by its index in the item) and
    noted with its id here. The file's other ``meetings`` came along for reference (the
    previous minutes, open actions): noted too, as their minutes are not brought back.
    """
    known = s.exec(select(Checkout).where(Checkout.token == section.token)).first()
    meeting = meeting_on(s, section.meeting)
    items: dict[str, list[AgendaItem]] = {}
    places: dict[str, int] = {f"meeting:{_ref(section.rows, 'meeting')}": meeting.id or 0}
    for day in meetings:
        if day != section.meeting:
            places[f"{REFERENCE}:{day.isoformat()}"] = meeting_on(s, day).id or 0
    for key, entry in section.rows.items():
        place = entry["place"]
        parts = place.split(":")
        if parts[0] == "item" and len(parts) == 3:
            found = _items_on(s, parts[1], items)
            index = int(parts[2]) if parts[2].isdigit() else -1
            if 0 <= index < len(found):
                places[key] = found[index].id or 0
        elif parts[0] == "action" and len(parts) == 4:
            found = _items_on(s, parts[1], items)
            index = int(parts[2]) if parts[2].isdigit() else -1
            if 0 <= index < len(found):
                actions = _item_actions(s, found[index].id or 0)
                at = int(parts[3]) if parts[3].isdigit() else -1
                if 0 <= at < len(actions):
                    places[key] = actions[at].id or 0
    row = known or Checkout(token=section.token, side=LAPTOP, meeting_id=0, user="", host="", at="")
    row.meeting_id = meeting.id or 0
    row.origin = section.database
    row.user, row.host, row.at = section.user, section.host, section.at.isoformat()
    row.state = OUT
    row.base = section.rows
    row.places = places
    s.add(row)


def _ref(rows: Mapping[str, Any], kind: str) -> str:
    for key in rows:
        if kind_of(key) == kind:
            return key.split(":", 1)[1]
    raise ImportRefused(ui("Utsjekken nevner ikke møtet. Ingenting ble importert."))


def _items_on(s: Session, day: str, cache: dict[str, list[AgendaItem]]) -> list[AgendaItem]:
    if day not in cache:
        try:
            meeting = meeting_on(s, dt.date.fromisoformat(day))
        except (ValueError, UserError):
            cache[day] = []
        else:
            cache[day] = _meeting_items(s, meeting.id or 0)
    return cache[day]


# -- what the laptop changed ------------------------------------------------------------------


def _laptop_copy(s: Session, day: dt.date | None) -> tuple[Checkout, Meeting]:
    query = select(Checkout).where(Checkout.side == LAPTOP, Checkout.state == OUT)
    if day is not None:
        query = query.where(Checkout.meeting_id == (meeting_on(s, day).id or 0))
    found = list(s.exec(query.order_by(col(Checkout.id))))
    if not found and day is not None:
        raise UserError(
            ui(
                "Denne databasen har ingen utsjekket kopi for møtet {date}; "
                "den lages ved å importere en utsjekkfil fra serveren."
            ).format(date=short_date(day))
        )
    if not found:
        raise UserError(
            ui(
                "Denne databasen har ingen utsjekket kopi; "
                "den lages ved å importere en utsjekkfil fra serveren."
            )
        )
    if len(found) > 1:
        days = ", ".join(short_date(_meeting(s, c.meeting_id).date) for c in found)
        raise UserError(
            ui("Databasen har utsjekkede kopier av flere møter ({days}); oppgi datoen.").format(
                days=days
            )
        )
    return found[0], _meeting(s, found[0].meeting_id)


def laptop_meeting(db: Database, day: dt.date | None = None) -> dt.date:
    """The date of the meeting this database holds a checked-out copy of."""
    with db.read() as s:
        return _laptop_copy(s, day)[1].date


def _meeting(s: Session, meeting_id: int) -> Meeting:
    meeting = s.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(ui("Møtet finnes ikke lenger."))
    return meeting


def _laptop_rows(s: Session, copy: Checkout, meeting: Meeting) -> dict[str, _Row]:
    """The listed rows as they are here now, under the server's names; new rows too."""
    places: dict[str, int] = dict(copy.places)
    local = {(kind_of(key), lid): key for key, lid in places.items()}
    people = _People(s)
    out: dict[str, _Row] = {}
    meeting_ref = next(k for k in places if kind_of(k) == "meeting")
    out[meeting_ref] = _meeting_row(meeting, meeting_ref.split(":", 1)[1])[1]
    items_here: dict[int, tuple[str, str]] = {}
    for item in _meeting_items(s, meeting.id or 0):
        key = local.get(("item", item.id or 0))
        if key is None:
            continue  # an item added here: agenda changes stay on the laptop
        out[key] = _item_row(item, key.split(":", 1)[1], meeting.date.year)[1]
        items_here[item.id or 0] = (key.split(":", 1)[1], out[key].label)
        for action in _item_actions(s, item.id or 0):
            if ("action", action.id or 0) not in local:
                new_label = ui("ny oppfølging «{what}» ({item})").format(
                    what=_short(action.what), item=out[key].label
                )
                new = _Row(_action_fields(action), new_label)
                new.parent = key
                out[f"action:new:{action.id}"] = new
    for key, lid in places.items():
        found = s.get(Action, lid) if kind_of(key) == "action" else None
        if found is not None:
            out[key] = _Row(_action_fields(found), _action_label(found))
    out.update(_attendance_rows(s, meeting.id or 0, people))
    out.update(_conflict_rows(s, items_here, people))
    return out


def _absent(kind: str, base: Fields) -> Fields:
    """A row that is not there, as fields: its values at the checkout, not present."""
    name = PRESENCE[kind]
    return {**base, name: ABSENT[name]}


def _new_base(kind: str) -> Fields:
    """The fields of a row that did not exist at the checkout."""
    out: Fields = {name: False if name in FLAGS else "" for name in FIELDS[kind]}
    out[PRESENCE[kind]] = ABSENT[PRESENCE[kind]]
    return out


def _changes(base: Mapping[str, Any], now: Mapping[str, _Row]) -> list[dict[str, Any]]:
    """Every row and field that differs from the checkout, in a stable order."""
    out = []
    for key in sorted(set(base) | set(now), key=_order):
        kind = kind_of(key)
        entry = base.get(key)
        if entry is None and key.startswith("action:") and not key.startswith("action:new:"):
            continue
        then = entry["fields"] if entry is not None else _new_base(kind)
        row = now.get(key)
        if row is None:
            if kind not in PRESENCE:
                continue  # an item or the meeting gone here: agenda changes stay here
            current = _absent(kind, then)
        else:
            current = row.fields
        changed = {f: current[f] for f in FIELDS[kind] if current[f] != then[f]}
        if not changed:
            continue
        label_ = row.label if row is not None else entry["label"] if entry else key
        change: dict[str, Any] = {"key": key, "label": label_}
        if row is not None and row.parent:
            change["parent"] = row.parent
        change["laptop"] = changed
        change["base"] = {f: then[f] for f in changed}
        out.append(change)
    return out


_KIND_ORDER = {kind: n for n, kind in enumerate(FIELDS)}


def _order(key: str) -> tuple[int, int, str]:
    kind = kind_of(key)
    rest = key.split(":", 1)[1]
    number = int(rest) if rest.isdigit() else 0
    return _KIND_ORDER[kind], number, rest


def checkin_file(db: Database, path: Path, day: dt.date | None = None) -> tuple[Path, int]:
    """Write the file that takes the minutes back (this database is the laptop).

    It holds what changed here since the checkout; returns the file and how many rows.
    """
    path = Path(path).expanduser()
    user, host = here()
    with db.read() as s:
        copy, meeting = _laptop_copy(s, day)
        changes = _changes(copy.base, _laptop_rows(s, copy, meeting))
        section = {
            "checkout": copy.token,
            "database": copy.origin,
            "meeting": meeting.date,
            "user": user,
            "host": host,
            "at": dt.datetime.now(dt.UTC).replace(microsecond=0),
        }
        if changes:
            section["row"] = changes
    when = short_date(meeting.date)
    header = (
        "# "
        + ui("Sekretariat – protokollen fra møtet {date}, skrevet på {host}.").format(
            date=when, host=host
        )
        + "\n# "
        + ui("Sjekk den inn på serveren med «sekretariat checkin FIL»; se docs/exchange.md.")
        + "\n"
    )
    data = {"schema": SCHEMA, "checkin": section}
    write_atomic(path, (header + dumps(data)).encode("utf-8"), mode=db.file_mode())
    return path, len(changes)


def default_checkin_filename(day: dt.date) -> str:
    return f"innsjekk-{day.isoformat()}.toml"


# -- the check-in file, read on the server --------------------------------------------------


@dataclass(frozen=True)
class Checkin:
    """What a check-in file says."""

    token: str
    database: str
    meeting: dt.date
    user: str
    host: str
    rows: dict[str, dict[str, Any]]

    @property
    def digest(self) -> str:
        """The same for the same changes (the file's comments and time aside)."""
        plain = {key: [row.get("parent", ""), row["laptop"]] for key, row in self.rows.items()}
        text_ = json.dumps([self.token, plain], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text_.encode("utf-8")).hexdigest()[:32]


def _not_checked_in(exc: ImportRefused) -> str:
    """A file the exchange reader refused, said as a check-in's refusal: the reader's last
    sentence (in the app's language, or in bokmål) becomes the check-in's."""
    said = str(exc)
    for ending in dict.fromkeys((ui("Ingenting ble importert."), "Ingenting ble importert.")):
        said = said.replace(ending, ui("Ingenting er sjekket inn."))
    return said


def read_checkin(text_: str, source: str) -> Checkin:
    """A check-in file's text, checked whole; one Norwegian sentence for what is wrong."""
    try:
        raw = load(text_, source)
    except ImportRefused as exc:
        raise UserError(_not_checked_in(exc)) from None

    def refuse(what: str) -> UserError:
        return UserError(
            ui("{source}: {what}. Ingenting er sjekket inn.").format(source=source, what=what)
        )

    if raw.get("schema") != SCHEMA or isinstance(raw.get("schema"), bool):
        raise refuse(ui("mangler «schema = 1» øverst"))
    table = raw.get("checkin")
    if not isinstance(table, dict):
        if KEY in raw:
            raise refuse(
                ui(
                    "dette er utsjekkfilen, ikke filen som skal tilbake; skriv den på den "
                    "bærbare med «sekretariat --db bærbar.db checkin-file -o FIL»"
                )
            )
        raise refuse(ui("filen er ikke en innsjekkfil (mangler [checkin])"))
    unknown = (set(raw) - {"schema", "checkin"}) or (
        set(table) - {"checkout", "database", "meeting", "user", "host", "at", "row"}
    )
    if unknown:
        raise refuse(ui("ukjent nøkkel «{key}»").format(key=sorted(unknown)[0]))
    token, database = table.get("checkout"), table.get("database")
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise refuse(ui("mangler «checkout» (utsjekkens kjennetegn)"))
    if not isinstance(database, str) or not database or len(database) > 100:
        raise refuse(ui("mangler «database»"))
    day = table.get("meeting")
    if type(day) is not dt.date:
        raise refuse(ui("«meeting» skal være møtets dato"))
    try:
        user, host = _one_line(table.get("user", "")), _one_line(table.get("host", ""))
    except ValueError as exc:
        raise refuse(ui("«user»/«host» {error}").format(error=exc)) from None
    found = table.get("row", [])
    if not isinstance(found, list):
        raise refuse(ui("«row» skal være en liste av tabeller"))
    rows: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(found, start=1):
        try:
            key, checked = _check_change(entry)
        except ValueError as exc:
            raise refuse(ui("rad nr. {number}: {error}").format(number=number, error=exc)) from None
        if key in rows:
            raise refuse(
                ui("rad nr. {number}: «{key}» står to ganger").format(number=number, key=key)
            )
        rows[key] = checked
    return Checkin(token, database, day, user, host, rows)


def _check_change(entry: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(entry, dict):
        raise ValueError(ui("skal være en tabell"))
    unknown = set(entry) - {"key", "label", "parent", "laptop", "base"}
    if unknown:
        raise ValueError(ui("ukjent nøkkel «{key}»").format(key=sorted(unknown)[0]))
    key = _check_key(entry.get("key"))
    kind = kind_of(key)
    parent = entry.get("parent", "")
    if key.startswith("action:new:") and (
        not isinstance(parent, str) or not re.fullmatch(r"item:\d{1,18}", parent)
    ):
        raise ValueError(ui("et nytt oppfølgingspunkt må ha «parent» (saken)"))
    laptop = _check_fields(kind, entry.get("laptop"), partial=True)
    if not laptop:
        raise ValueError(ui("«laptop» er tom"))
    if "base" in entry:
        _check_fields(kind, entry["base"], partial=True)
    return key, {
        "label": _one_line(entry.get("label", key), _LABEL_MAX),
        "parent": parent or "",
        "laptop": laptop,
    }


# -- the check-in itself ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed since the checkout, differently."""

    key: str
    field: str
    label: str
    base: Any
    server: Any
    laptop: Any

    @property
    def field_label(self) -> str:
        found = FIELD_NB.get(self.field)
        return ui(found) if found else self.field

    def shown(self, side: str) -> str:
        """The value of one side (``"server"``, ``"laptop"``, ``"base"``) as people read it."""
        return shown(self.field, getattr(self, side))


def shown(name: str, value: Any) -> str:
    if name == "exists":
        return ui("finnes") if value else ui("slettet")
    if name == "declared":
        return ui("ja") if value else ui("nei")
    if value == "":
        if name == "status":
            return ui("ikke registrert")
        return ui("ikke satt") if name == "outcome" else ui("(tomt)")
    if name in ("start", "end"):
        return clock(dt.time.fromisoformat(value))
    if name in ("due", "done"):
        return short_date(dt.date.fromisoformat(value))
    if name in ("status", "outcome"):
        return ui_label(value)
    return str(value)


class CheckinConflicts(UserError):
    """Fields both sides changed: nothing was checked in; choose a side for each."""

    def __init__(self, day: dt.date, conflicts: list[FieldConflict]) -> None:
        self.day = day
        self.conflicts = conflicts
        super().__init__(
            ui(
                "{n} felt er endret både på serveren og på den bærbare siden møtet "
                "{date} ble sjekket ut; ingenting er sjekket inn. "
                "Velg for hvert felt hvilken verdi som skal gjelde."
            ).format(n=len(conflicts), date=short_date(day))
        )


@dataclass(frozen=True)
class CheckinResult:
    day: dt.date
    changed: list[str] = field(default_factory=list)
    already: bool = False

    @property
    def text(self) -> str:
        when = short_date(self.day)
        if self.already:
            return ui(
                "Møtet {date} er allerede sjekket inn med denne filen; ingenting er endret."
            ).format(date=when)
        if not self.changed:
            return ui("Møtet {date} er sjekket inn; den bærbare hadde ingen endringer.").format(
                date=when
            )
        rows = count(len(self.changed), ui("rad"), ui("rader"))
        return ui("Møtet {date} er sjekket inn: {rows} endret.").format(date=when, rows=rows)


Resolutions = Mapping[tuple[str, str], str]


def read_resolutions(path: Path) -> dict[tuple[str, str], str]:
    """A ``--resolve`` file: a table per row, a field = "server" or "laptop" per conflict."""
    path = Path(path).expanduser()
    try:
        raw = load(read_file(path), path.name)
    except ImportRefused as exc:
        raise UserError(_not_checked_in(exc)) from None
    out: dict[tuple[str, str], str] = {}
    for key, fields in raw.items():
        where = f"{path.name}: [«{_short(str(key))}»]"
        try:
            _check_key(key)
        except ValueError as exc:
            raise UserError(
                ui("{source}: {what}. Ingenting er sjekket inn.").format(source=where, what=exc)
            ) from None
        if not isinstance(fields, dict):
            raise UserError(
                ui("{where} skal være en tabell av felt. Ingenting er sjekket inn.").format(
                    where=where
                )
            )
        for name, side in fields.items():
            if name not in FIELDS[kind_of(key)]:
                raise UserError(
                    ui("{where}: ukjent felt «{name}». Ingenting er sjekket inn.").format(
                        where=where, name=_short(str(name))
                    )
                )
            if side not in ("server", "laptop"):
                raise UserError(
                    ui(
                        '{where}: «{name}» skal være "server" eller "laptop". '
                        "Ingenting er sjekket inn."
                    ).format(where=where, name=name)
                )
            out[(key, name)] = side
    return out


def resolution_template(conflicts: Iterable[FieldConflict]) -> str:
    """A ``--resolve`` file to fill in: every conflict, "server" chosen."""
    by_row: dict[str, dict[str, str]] = {}
    for c in conflicts:
        by_row.setdefault(c.key, {})[c.field] = "server"
    return dumps(by_row)


def check_in(db: Database, path: Path, resolutions: Resolutions | None = None) -> CheckinResult:
    path = Path(path).expanduser()
    return check_in_text(db, read_file(path), path.name, resolutions)


def check_in_text(
    db: Database, text_: str, source: str, resolutions: Resolutions | None = None
) -> CheckinResult:
    """Bring a laptop's minutes back, all in one transaction (see the module's text)."""
    checkin = read_checkin(text_, source)
    chosen = dict(resolutions or {})
    user, _ = here()
    with db.write() as s:
        if checkin.database != identity(s):
            raise UserError(
                ui(
                    "{source} hører til en utsjekk fra en annen database; ingenting er sjekket inn."
                ).format(source=source)
            )
        row = s.exec(
            select(Checkout).where(Checkout.token == checkin.token, Checkout.side == SERVER)
        ).first()
        if row is None:
            raise UserError(
                ui(
                    "{source} hører til en utsjekk denne databasen ikke kjenner (ble den "
                    "fullført?); ingenting er sjekket inn."
                ).format(source=source)
            )
        meeting = _meeting(s, row.meeting_id)
        when = short_date(meeting.date)
        if row.state == CANCELLED:
            ended = moment(dt.datetime.fromisoformat(row.ended_at)) if row.ended_at else ""
            raise UserError(
                ui(
                    "Utsjekken av møtet {date} ble avbrutt av {user} {moment}; "
                    "{source} kan ikke sjekkes inn. Det som står i filen, må legges inn for hånd."
                ).format(date=when, user=row.ended_by, moment=ended, source=source)
            )
        if row.state == IN:
            if row.applied == checkin.digest:
                return CheckinResult(meeting.date, already=True)
            ended = moment(dt.datetime.fromisoformat(row.ended_at)) if row.ended_at else ""
            raise UserError(
                ui(
                    "Møtet {date} ble sjekket inn av {user} {moment}; {source} har andre "
                    "endringer og er ikke sjekket inn. Sjekk ut møtet på nytt for å ta det med "
                    "igjen."
                ).format(date=when, user=row.ended_by, moment=ended, source=source)
            )
        merge = _Merge(s, row, meeting, checkin, chosen)
        merge.refuse_if_approved(meeting.id)
        merge.plan()
        if merge.conflicts:
            raise CheckinConflicts(meeting.date, merge.conflicts)
        merge.apply()
        row.state = IN
        row.ended_at = now_text()
        row.ended_by = user
        row.applied = checkin.digest
        s.add(row)
        return CheckinResult(meeting.date, merge.changed)


class _Merge:
    """Three values per field: at the checkout (the server's record), now on the server,
    and on the laptop; what to write, and what conflicts."""

    def __init__(
        self,
        s: Session,
        row: Checkout,
        meeting: Meeting,
        checkin: Checkin,
        chosen: dict[tuple[str, str], str],
    ) -> None:
        self.s, self.row, self.meeting, self.checkin, self.chosen = s, row, meeting, checkin, chosen
        self.base: dict[str, Any] = dict(row.base)
        self.people = _People(s)
        self.server = self._server_rows()
        self.conflicts: list[FieldConflict] = []
        #: key → the fields to write (the merged row) for rows where something changes.
        self.writes: dict[str, Fields] = {}
        self.changed: list[str] = []
        #: The highest position used under a parent, once looked up: (model, id) → position.
        self.positions: dict[tuple[Any, int], int] = {}

    def _server_rows(self) -> dict[str, _Row]:
        s, meeting = self.s, self.meeting
        meeting_id = meeting.id or 0
        out: dict[str, _Row] = {}
        key, mrow = _meeting_row(meeting, str(meeting_id))
        out[key] = mrow
        items = _meeting_items(s, meeting_id)
        for item in items:
            key, irow = _item_row(item, str(item.id), meeting.date.year)
            out[key] = irow
        listed = [int(k.split(":")[1]) for k in self.base if k.startswith("action:")]
        ids = [i.id for i in items]
        for action in s.exec(
            select(Action).where(or_(col(Action.item_id).in_(ids), col(Action.id).in_(listed)))
        ):
            out[f"action:{action.id}"] = _Row(_action_fields(action), _action_label(action))
        out.update(_attendance_rows(s, meeting_id, self.people))
        labels = {i.id or 0: (str(i.id), _item_label(i, meeting.date.year)) for i in items}
        out.update(_conflict_rows(s, labels, self.people))
        return out

    def _refuse(self, what: str) -> UserError:
        return UserError(ui("{what}; ingenting er sjekket inn.").format(what=what))

    def refuse_if_approved(self, meeting_id: int | None) -> None:
        """Approved minutes are not changed by a check-in either (a meeting approved by an
        import while it was out, or a previous meeting's action beyond its follow-up)."""
        try:
            refuse_if_approved(self.s, meeting_id)
        except RuleViolation as exc:
            raise self._refuse(str(exc).rstrip(".")) from None

    def plan(self) -> None:
        for key, change in self.checkin.rows.items():
            kind = kind_of(key)
            if key.startswith("action:new:"):
                parent = change["parent"]
                if parent not in self.server or kind_of(parent) != "item":
                    raise self._refuse(
                        ui("Saken til {label} finnes ikke lenger på serveren").format(
                            label=change["label"]
                        )
                    )
                fields = {**_new_base(kind), "exists": True, **change["laptop"]}
                if fields["exists"] and fields["what"].strip():
                    self.writes[key] = fields
                continue
            entry = self.base.get(key)
            if entry is None and kind in ("meeting", "item", "action"):
                raise self._refuse(
                    ui("Filen nevner {label}, som ikke var med i utsjekken").format(
                        label=change["label"]
                    )
                )
            if kind == "conflict" and f"item:{key.split(':')[1]}" not in self.server:
                raise self._refuse(
                    ui("Saken til {label} hører ikke til møtet").format(label=change["label"])
                )
            base = entry["fields"] if entry is not None else _new_base(kind)
            current = self.server.get(key)
            if current is None:
                if kind not in PRESENCE:
                    raise self._refuse(
                        ui("{label} finnes ikke lenger på serveren").format(label=change["label"])
                    )
                server = _absent(kind, base)
            elif (
                entry is not None
                and entry.get("version") is not None
                and (current.version == entry["version"])
            ):
                server = dict(base)  # the row version has not moved: unchanged here
            else:
                server = current.fields
            self._merge(key, kind, change, base, server)

    def _merge(
        self, key: str, kind: str, change: dict[str, Any], base: Fields, server: Fields
    ) -> None:
        laptop = {**base, **change["laptop"]}
        merged = dict(server)
        label_ = change["label"] if key not in self.base else self.base[key]["label"]
        presence = PRESENCE.get(kind)
        conflicted: set[str] = set()
        if presence is not None:
            gone_laptop = laptop[presence] == ABSENT[presence] != base[presence]
            gone_server = server[presence] == ABSENT[presence] != base[presence]
            edited_server = any(server[f] != base[f] for f in FIELDS[kind] if f != presence)
            edited_laptop = any(laptop[f] != base[f] for f in FIELDS[kind] if f != presence)
            if (gone_laptop and edited_server) or (gone_server and edited_laptop):
                conflicted.add(presence)
        for name in change["laptop"]:
            b, srv, lap = base[name], server[name], laptop[name]
            if lap == b or srv == lap:
                continue
            if srv == b and name not in conflicted:
                merged[name] = lap
                continue
            conflicted.add(name)
        for name in FIELDS[kind]:
            if name not in conflicted:
                continue
            side = self.chosen.get((key, name))
            if side is None:
                self.conflicts.append(
                    FieldConflict(key, name, label_, base[name], server[name], laptop[name])
                )
            elif side == "laptop":
                merged[name] = laptop[name]
                if name == presence and laptop[name] != ABSENT[name]:
                    # the row comes back: with the laptop's values where it changed them
                    for other in change["laptop"]:
                        merged[other] = laptop[other]
        if merged != server:
            self.writes[key] = merged

    # -- writing ----------------------------------------------------------------------
    def apply(self) -> None:
        """Write the merged rows; one flush at the end (each key names one row, so no
        lookup here needs to see another's pending write)."""
        meeting_id = self.meeting.id or 0
        with self.s.no_autoflush:
            self._apply(meeting_id)
        self.s.flush()

    def _next_position(self, model: Any, parent: Any, parent_id: int) -> int:
        """The next free position under a parent, counted here after the first look."""
        key = (model, parent_id)
        if key not in self.positions:
            last = self.s.exec(select(func.max(model.position)).where(parent == parent_id)).one()
            self.positions[key] = int(last or 0)
        self.positions[key] += 1
        return self.positions[key]

    def _apply(self, meeting_id: int) -> None:
        for key, fields in self.writes.items():
            kind = kind_of(key)
            label_ = self.base[key]["label"] if key in self.base else key
            self.changed.append(label_)
            if kind == "meeting":
                self._meeting(fields)
            elif kind == "item":
                item = self.s.get(AgendaItem, int(key.split(":")[1]))
                assert item is not None
                for name in FIELDS["item"]:
                    if getattr(item, name) != fields[name]:
                        setattr(item, name, fields[name])
                self.s.add(item)
            elif kind == "action":
                self._action(key, fields)
            elif kind == "attendance":
                self._attendance(meeting_id, key.split(":", 1)[1], fields)
            else:
                _, item_ref, person = key.split(":")
                self._conflict(int(item_ref), person, fields)

    def _meeting(self, fields: Fields) -> None:
        meeting = self.meeting
        start = dt.time.fromisoformat(fields["start"]) if fields["start"] else None
        end = dt.time.fromisoformat(fields["end"]) if fields["end"] else None
        if start is not None and end is not None and end <= start:
            raise self._refuse(
                ui("Møtet {date} ville slutte ({end}) før det begynner ({start})").format(
                    date=short_date(meeting.date), end=clock(end), start=clock(start)
                )
            )
        meeting.start, meeting.end, meeting.reflection = start, end, fields["reflection"]
        self.s.add(meeting)

    def _person(self, key: str) -> int:
        pid = self.people.by_key.get(key)
        if pid is None:
            raise self._refuse(
                ui("Personen «{key}» finnes ikke på serveren (nye personer legges inn der)").format(
                    key=key
                )
            )
        return int(pid)

    def _action(self, key: str, fields: Fields) -> None:
        due = dt.date.fromisoformat(fields["due"]) if fields["due"] else None
        done = dt.date.fromisoformat(fields["done"]) if fields["done"] else None
        action: Action | None = None
        if not key.startswith("action:new:"):
            action = self.s.get(Action, int(key[7:]))
        if action is not None and (
            not fields["exists"]
            or (action.what, action.owner, action.due) != (fields["what"], fields["owner"], due)
        ):
            item = self.s.get(AgendaItem, action.item_id)
            # Marking it done is following up; anything else edits the minutes.
            self.refuse_if_approved(item.meeting_id if item is not None else None)
        if not fields["exists"]:
            if action is not None:
                self.s.delete(action)
            return
        if not fields["what"].strip():
            raise self._refuse(ui("Et oppfølgingspunkt må si hva som skal gjøres"))
        if action is None:
            parent = self.base.get(key, {}).get("parent") or self.checkin.rows[key]["parent"]
            item_id = int(parent.split(":")[1])
            if self.s.get(AgendaItem, item_id) is None:
                raise self._refuse(ui("Saken et oppfølgingspunkt hører til, finnes ikke lenger"))
            position = self._next_position(Action, Action.item_id, item_id)
            action = Action(item_id=item_id, what="", position=position)
        action.what, action.owner, action.due, action.done = (
            fields["what"],
            fields["owner"],
            due,
            done,
        )
        self.s.add(action)

    def _attendance(self, meeting_id: int, person: str, fields: Fields) -> None:
        pid = self._person(person)
        row = self.s.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.person_id == pid
            )
        ).first()
        if not fields["status"]:
            if row is not None:
                self.s.delete(row)
            return
        if fields["status"] == "substitute" and not fields["for"]:
            raise self._refuse(ui("Varaen «{person}» må møte for noen").format(person=person))
        if row is None:
            position = self._next_position(Attendance, Attendance.meeting_id, meeting_id)
            row = Attendance(meeting_id=meeting_id, person_id=pid, position=position)
        row.status, row.note = fields["status"], fields["note"]
        row.for_person_id = self._person(fields["for"]) if fields["for"] else None
        self.s.add(row)

    def _conflict(self, item_id: int, person: str, fields: Fields) -> None:
        pid = self._person(person)
        row = self.s.exec(
            select(Conflict).where(Conflict.item_id == item_id, Conflict.person_id == pid)
        ).first()
        if not fields["declared"]:
            if row is not None:
                self.s.delete(row)
            return
        if row is None:
            row = Conflict(item_id=item_id, person_id=pid)
        row.note, row.ground, row.decided_by = (
            fields["note"],
            fields["ground"],
            fields["decided_by"],
        )
        row.disqualified = fields["disqualified"]
        row.substitute_id = self._person(fields["substitute"]) if fields["substitute"] else None
        self.s.add(row)


#: For the CLI's progress line and tests: what a conflict says, field by field.
def conflict_lines(conflicts: Iterable[FieldConflict]) -> list[str]:
    out = []
    for c in conflicts:
        out.append(f"{c.label} – {c.field_label} ({c.key}, {c.field}):")
        for side, name in (
            ("server", ui("på serveren")),
            ("laptop", ui("på bærbar")),
            ("base", ui("ved utsjekk")),
        ):
            out.append(f"  {name + ':':<13}{_short(c.shown(side), 200)}")
    return out
