"""Meetings through the year: generating them from the annual cycle, moving, cancelling,
editing and moving them through their statuses; who facilitates next; and attendance.

Pure rules (status transitions, the facilitator suggestion, counting voting members)
are plain functions; the rest reads and writes one ``Database``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlmodel import col, func, select

from sekretariat import values as checks
from sekretariat.domain.agenda import number_items, standing_items
from sekretariat.domain.checkout import (
    OUT,
    laptop_copy,
    refuse_if_approved,
    refuse_if_checked_out,
)
from sekretariat.domain.cycle import (
    cycle_events,
    cycle_settings,
    leader_election_year,
    missing_meeting_dates,
)
from sekretariat.domain.overview import next_meeting_date
from sekretariat.domain.seats import seat_table
from sekretariat.errors import RuleViolation, UserError
from sekretariat.formats import clock, short_date
from sekretariat.i18n import ui, ui_label
from sekretariat.labels import ATTENDANCE_STATUSES
from sekretariat.storage.models import AgendaItem, Attendance, Forum, Meeting, Office, Person
from sekretariat.storage.row_versions import ensure_fresh

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.domain.cycle import CycleEvent
    from sekretariat.storage.database import Database
    from sekretariat.storage.models import Meeting

#: The statuses a meeting may go to from each status. Case numbers are fixed when the
#: summons goes out, so a summoned meeting cannot go back to planned.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "planned": ("summoned", "cancelled"),
    "summoned": ("held", "cancelled"),
    "held": ("approved",),
    "approved": (),
    "cancelled": ("planned",),
}


#: The forward path, for "next status".
def check_transition(old: str, new: str, day: dt.date) -> None:
    """Refuse a status change the meeting's life does not allow, in one sentence."""
    if new == old:
        return
    if new in TRANSITIONS.get(old, ()):
        return
    when = short_date(day)
    if old == "approved":
        raise RuleViolation(
            ui("Protokollen for møtet {date} er godkjent; statusen kan ikke endres.").format(
                date=when
            )
        )
    if old == "cancelled":
        raise RuleViolation(
            ui("Møtet {date} er avlyst; gjenopprett det som planlagt først.").format(date=when)
        )
    if new == "planned":
        raise RuleViolation(
            ui(
                "Innkallingen til møtet {date} er sendt og saksnumrene er gitt; møtet kan ikke settes tilbake til planlagt."
            ).format(date=when)
        )
    if new == "cancelled":
        raise RuleViolation(ui("Møtet {date} er avholdt og kan ikke avlyses.").format(date=when))
    if new == "held":
        raise RuleViolation(
            ui("Møtet {date} kan ikke settes til avholdt før innkallingen er sendt.").format(
                date=when
            )
        )
    if new == "approved":
        raise RuleViolation(
            ui("Protokollen for møtet {date} kan ikke godkjennes før møtet er avholdt.").format(
                date=when
            )
        )
    raise RuleViolation(
        ui("Møtet {date} kan ikke gå fra «{old}» til «{new}».").format(
            date=when, old=ui_label(old).lower(), new=ui_label(new).lower()
        )
    )


# -- facilitation ---------------------------------------------------------------------


def name_key(name: str) -> str:
    """Sort key for names in Norwegian order: æ, ø, å after z; á, č, š ... as a, c, s."""
    text = name.casefold().replace("æ", "{").replace("ø", "|").replace("å", "}")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def suggest_facilitator(
    candidates: dict[str, str], history: list[tuple[dt.date, str]]
) -> str | None:
    """Who should facilitate next: the candidate who has facilitated least, then the one
    who did it longest ago (never counts as longest), then by name.

    ``candidates`` maps a person key to a name; ``history`` lists (date, person key) of
    earlier meetings' facilitators.
    """
    if not candidates:
        return None
    count = dict.fromkeys(candidates, 0)
    last: dict[str, dt.date] = {}
    for day, key in history:
        if key in count:
            count[key] += 1
            last[key] = max(last.get(key, day), day)
    return min(
        candidates,
        key=lambda k: (count[k], last.get(k, dt.date.min), name_key(candidates[k]), k),
    )


# -- the year -------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    """A meeting in the year view."""

    id: int
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str
    video_link: str
    status: str
    chair: str
    chair_key: str
    facilitator: str
    facilitator_key: str
    learning_focus: str
    items: int
    planned_minutes: int
    summons_sent: dt.date | None
    #: The row version when read; an edit based on an older one is refused.
    row_version: int | None = None

    @property
    def where(self) -> str:
        return self.place or self.video_link


@dataclass(frozen=True)
class YearView:
    """The year's stored meetings and its annual cycle."""

    year: int
    meetings: list[MeetingRow]
    events: list[CycleEvent]
    missing: list[dt.date]


def _forum(s: Session) -> Any:
    forum = s.get(Forum, 1)
    if forum is None:
        raise UserError(
            ui("Databasen har ikke noe forum ennå; importer eller legg inn forumet først.")
        )
    return forum


def _year_window(year: int) -> tuple[dt.date, dt.date]:
    """The dates that can lie in ``year`` or in its ISO year (29 Dec before to 3 Jan after)."""
    return dt.date(year - 1, 12, 29), dt.date(year + 1, 1, 3)


def _year_meetings(s: Session, year: int) -> list[Meeting]:
    first, last = _year_window(year)
    rows = s.exec(
        select(Meeting).where(col(Meeting.date).between(first, last)).order_by(col(Meeting.date))
    ).all()
    return [m for m in rows if m.date.year == year or m.date.isocalendar()[0] == year]


def opening_year(db: Database, today: dt.date) -> int:
    """The year the meeting plan opens on: the next meeting's (as the overview names it),
    or, with none ahead, the newest year that has meetings (this year without any)."""
    with db.sql() as con:
        ahead = next_meeting_date(con, today)
        if ahead is not None:
            return ahead.year
        newest = con.execute('SELECT MAX("date") FROM meeting').fetchone()[0]
    return dt.date.fromisoformat(newest).year if newest else today.year


def load_year(db: Database, year: int) -> YearView:
    """The year's meetings with their agenda size, and the cycle's deadlines."""

    with db.read() as s:
        forum = _forum(s)
        stored_meetings = _year_meetings(s, year)
        meetings = [m for m in stored_meetings if m.date.year == year]
        # Only the chairs and facilitators of these meetings, not every person.
        named = {pid for m in meetings for pid in (m.chair_id, m.facilitator_id) if pid is not None}
        found = s.exec(
            select(Person.id, Person.name, Person.key).where(col(Person.id).in_(named))
        ).all()
        people = {pid: (name, key) for pid, name, key in found}
        counts = {
            mid: (n, total or 0)
            for mid, n, total in s.exec(
                select(AgendaItem.meeting_id, func.count(), func.sum(AgendaItem.minutes))
                .where(col(AgendaItem.meeting_id).in_([m.id for m in meetings]))
                .group_by(col(AgendaItem.meeting_id))
            ).all()
        }
        leader_ends = s.exec(select(col(Office.end)).where(Office.role == "leader")).all()

        def who(pid: int | None) -> tuple[str, str]:
            return people.get(pid, ("", "")) if pid is not None else ("", "")

        rows = []
        for m in meetings:
            n, total = counts.get(m.id or 0, (0, 0))
            chair, chair_key = who(m.chair_id)
            facilitator, facilitator_key = who(m.facilitator_id)
            start, end = (m.start, m.end) if m.start else (forum.meeting_start, forum.meeting_end)
            rows.append(
                MeetingRow(
                    m.id or 0,
                    m.date,
                    start,
                    end,
                    m.place,
                    m.video_link,
                    m.status,
                    chair,
                    chair_key,
                    facilitator,
                    facilitator_key,
                    m.learning_focus,
                    n,
                    int(total),
                    m.summons_sent,
                    m.version,
                )
            )
        stored = [m.date for m in stored_meetings]
        weeks, weekday = list(forum.meeting_weeks), forum.meeting_weekday
        election = leader_election_year(
            year, forum.leader_first_year, forum.leader_first_term_years, forum.leader_term_years
        )
        if election is None:
            election = any(end.year == year for end in leader_ends)
        live = [r.date for r in rows if r.status != "cancelled"]
        events = cycle_events(
            year,
            weeks=weeks,
            weekday=weekday,
            needs_due=(forum.needs_due_day, forum.needs_due_month),
            templates_month=forum.templates_month,
            leader_election_year=election,
            meetings=live if rows else None,
            **cycle_settings(forum),
        )
        missing = missing_meeting_dates(year, weeks, weekday, stored)
    return YearView(year, rows, events, missing)


def _previous_meeting(s: Session, day: dt.date) -> Meeting | None:
    return s.exec(
        select(Meeting)
        .where(Meeting.date < day, Meeting.status != "cancelled")
        .order_by(col(Meeting.date).desc())
    ).first()


def _create(s: Session, forum: Any, day: dt.date) -> Meeting:
    if s.exec(select(Meeting).where(Meeting.date == day)).first() is not None:
        raise UserError(ui("Det finnes allerede et møte {date}.").format(date=short_date(day)))
    previous = _previous_meeting(s, day)
    meeting = Meeting(date=day, start=forum.meeting_start, end=forum.meeting_end, status="planned")
    s.add(meeting)
    s.flush()
    standing = standing_items(previous.date if previous else None, forum.language)
    for pos, values in enumerate(standing, start=1):
        s.add(AgendaItem(meeting_id=meeting.id or 0, position=pos, **values))
    return meeting


def generate_year(db: Database, year: int) -> list[dt.date]:
    """Store the year's meetings from the annual cycle as planned meetings.

    Dates whose ISO week already has a meeting (also a moved or cancelled one) are
    skipped; each new meeting gets the forum's default hours and the standing items.
    Returns the dates added.
    """

    with db.write() as s:
        forum = _forum(s)
        stored = [m.date for m in _year_meetings(s, year)]
        dates = missing_meeting_dates(
            year, list(forum.meeting_weeks), forum.meeting_weekday, stored
        )
        for day in dates:
            _create(s, forum, day)
    return dates


def add_meeting(db: Database, day: dt.date) -> int:
    """Add a meeting outside the pattern (an extra meeting); returns its id."""
    with db.write() as s:
        meeting = _create(s, _forum(s), day)
        return meeting.id or 0


def _get(s: Session, meeting_id: int) -> Meeting:
    meeting = s.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(ui("Møtet finnes ikke lenger."))
    return meeting


def move_meeting(db: Database, meeting_id: int, day: dt.date) -> None:
    """Move a planned or summoned meeting to another date (its agenda goes along)."""

    with db.write() as s:
        meeting = _get(s, meeting_id)
        if meeting.date == day:
            return
        refuse_if_approved(s, meeting)
        if meeting.status == "held":
            raise RuleViolation(
                ui("Møtet {date} er avholdt og kan ikke flyttes.").format(
                    date=short_date(meeting.date)
                )
            )
        if s.exec(select(Meeting).where(Meeting.date == day)).first() is not None:
            raise UserError(ui("Det finnes allerede et møte {date}.").format(date=short_date(day)))
        if meeting.status == "summoned" and day.year != meeting.date.year:
            raise RuleViolation(
                ui(
                    "Saksnumrene er gitt for året møtet lå i; et innkalt møte kan ikke flyttes til et annet år."
                )
            )
        meeting.date = day
        s.add(meeting)


def set_status(db: Database, meeting_id: int, new: str, today: dt.date) -> int:
    """Move a meeting to a new status, refusing illegal jumps.

    Sending the summons (→ summoned) fixes the case numbers (returned: how many were
    given) and records the day; approving records the day the minutes were approved.
    """

    with db.write() as s:
        meeting = _get(s, meeting_id)
        check_transition(meeting.status, new, meeting.date)
        if new in ("held", "approved") and new != meeting.status and meeting.date > today:
            raise RuleViolation(
                ui(
                    "Møtet {date} er ikke holdt ennå; det kan settes til «{status}» fra møtedagen."
                ).format(date=short_date(meeting.date), status=ui_label(new).lower())
            )
        if new == "approved":
            refuse_if_checked_out(s, meeting_id)
        numbered = 0
        if new == "summoned" and meeting.status == "planned":
            numbered = number_items(s, meeting)
            meeting.summons_sent = today
        if new == "approved":
            meeting.minutes_approved = today
            meeting.approved_how = meeting.approved_how or "meeting"
        meeting.status = new
        s.add(meeting)
        return numbered


def update_meeting(
    db: Database, meeting_id: int, fields: dict[str, Any], *, seen_version: int | None = None
) -> None:
    """Change a meeting's hours, place or video link, chair, facilitator or learning focus.

    ``chair`` and ``facilitator`` are person keys ('' for nobody). The date is changed
    with ``move_meeting`` and the status with ``set_status``.
    """

    with db.write() as s:
        meeting = _get(s, meeting_id)
        ensure_fresh(s, meeting, seen_version)
        refuse_if_approved(s, meeting)
        start = fields.get("start", meeting.start)
        end = fields.get("end", meeting.end)
        if start is not None and end is not None and end <= start:
            raise UserError(ui("Møtet må slutte etter at det begynner."))
        focus = " ".join(str(fields.get("learning_focus", meeting.learning_focus)).split())
        if len(focus) > 300:
            raise UserError(ui("Læringsfokuset skal være én setning (høyst 300 tegn)."))
        for role in ("chair", "facilitator"):
            if role in fields:
                key = fields[role]
                pid = None
                if key:
                    person = s.exec(select(Person).where(Person.key == key)).first()
                    if person is None:
                        raise UserError(
                            ui("Fant ingen person med nøkkelen «{key}».").format(key=key)
                        )
                    pid = person.id
                setattr(meeting, f"{role}_id", pid)
        meeting.start, meeting.end, meeting.learning_focus = start, end, focus
        for key in ("place", "video_link"):
            if key in fields:
                setattr(meeting, key, str(fields[key]).strip())
        s.add(meeting)


# -- people on the meeting date ----------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    seat: str


def voting_members(db: Database, day: dt.date) -> list[Candidate]:
    """Representatives holding a voting seat on ``day`` (not substitutes)."""

    with db.sql() as con:
        table = seat_table(con, day)
    out = {
        h.person: Candidate(h.person, h.name, row.name)
        for row in table
        if row.voting
        for h in row.holders
    }
    return sorted(out.values(), key=lambda c: name_key(c.name))


def facilitator_history(db: Database, before: dt.date) -> list[tuple[dt.date, str]]:
    """(date, person key) of the facilitators of meetings before ``before``, not cancelled."""
    with db.sql() as con:
        rows = con.execute(
            'SELECT m."date", p."key" FROM meeting m JOIN person p ON p.id = m.facilitator_id '
            'WHERE m.status != \'cancelled\' AND m."date" < ? ORDER BY m."date"',
            (before.isoformat(),),
        ).fetchall()
    return [(dt.date.fromisoformat(d), k) for d, k in rows]


def suggest_for(db: Database, day: dt.date) -> Candidate | None:
    """The suggested facilitator for a meeting on ``day`` (the secretariat may override)."""
    members = voting_members(db, day)
    key = suggest_facilitator({c.key: c.name for c in members}, facilitator_history(db, day))
    return next((c for c in members if c.key == key), None)


def people(db: Database) -> list[Candidate]:
    """Everyone in the database, by name (for choosing anyone)."""
    with db.sql() as con:
        rows = con.execute('SELECT "key", name, organisation FROM person').fetchall()
    return sorted((Candidate(k, n, o) for k, n, o in rows), key=lambda c: name_key(c.name))


# -- attendance -------------------------------------------------------------------------


#: Statuses that count as a voting member present (a substitute votes for the member).
@dataclass(frozen=True)
class AttendanceRow:
    """An expected or registered participant and how they attend."""

    key: str
    name: str
    seat: str
    seat_code: str
    region: str
    region_name: str
    voting: bool
    status: str = ""
    for_key: str = ""
    for_name: str = ""
    note: str = ""
    expected: bool = True
    secretariat: bool = False

    @property
    def counts(self) -> bool:
        """A voting member present (or a substitute attending for one)."""
        if self.status == "present":
            return self.voting
        return self.status == "substitute"


def voting_present(rows: list[AttendanceRow]) -> int:
    """How many voting members are present; observers, the secretariat and guests don't count."""
    return sum(1 for r in rows if r.counts)


#: How a guest not in the register is keyed in ``AttendanceRow.key`` (``gjest:<id>``): no
#: person key has a colon, so the two never meet.
GUEST_KEY = "gjest:"


def guest_id(key: str) -> int | None:
    """The attendance id of a guest row's key, or None for a person's key."""
    if not key.startswith(GUEST_KEY):
        return None
    return int(key.removeprefix(GUEST_KEY))


def _refuse_guests_on_the_laptop(s: Session, meeting_id: int) -> None:
    """A check-in names attendance by person key, so a guest not in the register would not
    come back from a laptop: refused there, clearly, rather than lost."""
    copy = laptop_copy(s, meeting_id)
    if copy is not None and copy.state == OUT:
        raise UserError(
            ui(
                "Gjester utenfor registeret føres ikke på en utsjekket protokoll (de tas ikke med tilbake ved innsjekking); før dem på serveren når møtet er sjekket inn."
            )
        )


def add_guest(db: Database, meeting_id: int, name: str, organisation: str = "") -> int:
    """Record a guest who is not in the register (an innleder, a visitor) by name and
    organisation, without making them a person; returns the attendance id."""

    try:
        name = checks.nonempty_line(name.strip())
    except ValueError as exc:
        raise UserError(
            ui("Navn: {problem}. Ingenting ble lagret.").format(problem=str(exc).rstrip("."))
        ) from None
    try:
        organisation = checks.line(organisation.strip())
    except ValueError as exc:
        raise UserError(
            ui("Organisasjon: {problem}. Ingenting ble lagret.").format(
                problem=str(exc).rstrip(".")
            )
        ) from None
    with db.write() as s:
        meeting = _get(s, meeting_id)
        refuse_if_approved(s, meeting)
        refuse_if_checked_out(s, meeting_id)
        _refuse_guests_on_the_laptop(s, meeting_id)
        last = s.exec(
            select(func.max(Attendance.position)).where(Attendance.meeting_id == meeting_id)
        ).one()
        row = Attendance(
            meeting_id=meeting_id,
            person_id=None,
            status="guest",
            guest_name=name,
            guest_org=organisation,
            position=int(last or 0) + 1,
        )
        s.add(row)
        s.flush()
        return row.id or 0


def remove_guest(db: Database, attendance_id: int) -> None:
    """Remove a guest recorded by mistake (while the minutes are a draft)."""

    with db.write() as s:
        row = s.get(Attendance, attendance_id)
        if row is None or row.person_id is not None:
            raise UserError(ui("Gjesten er ikke registrert i møtet lenger."))
        meeting = _get(s, row.meeting_id)
        refuse_if_approved(s, meeting)
        refuse_if_checked_out(s, row.meeting_id)
        _refuse_guests_on_the_laptop(s, row.meeting_id)
        s.delete(row)


def load_attendance(db: Database, meeting_id: int) -> tuple[dt.date, list[AttendanceRow]]:
    """Expected participants from the seats on the meeting date, plus the secretariat
    (those registered as secretariat at the latest earlier meeting), with what is
    registered; then everyone else registered (substitutes, guests)."""

    with db.sql() as con:
        meeting = con.execute(
            'SELECT id, "date" FROM meeting WHERE id = ?', (meeting_id,)
        ).fetchone()
        if meeting is None:
            raise UserError(ui("Møtet finnes ikke lenger."))
        day = dt.date.fromisoformat(meeting["date"])
        table = seat_table(con, day)
        registered = {
            r["key"]: r
            for r in con.execute(
                'SELECT p."key", p.name, a.status, a.note, f."key" AS for_key, f.name AS for_name '
                "FROM attendance a JOIN person p ON p.id = a.person_id "
                "LEFT JOIN person f ON f.id = a.for_person_id WHERE a.meeting_id = ? "
                "ORDER BY a.position, a.id",
                (meeting_id,),
            )
        }
        guests = con.execute(
            "SELECT id, guest_name, guest_org FROM attendance "
            "WHERE meeting_id = ? AND person_id IS NULL ORDER BY position, id",
            (meeting_id,),
        ).fetchall()
        previous = con.execute(
            "SELECT id FROM meeting WHERE \"date\" < ? AND status != 'cancelled' AND EXISTS "
            '(SELECT 1 FROM attendance a WHERE a.meeting_id = meeting.id) ORDER BY "date" DESC LIMIT 1',
            (day.isoformat(),),
        ).fetchone()
        secretariat = []
        if previous is not None:
            secretariat = [
                (k, n)
                for k, n in con.execute(
                    'SELECT p."key", p.name FROM attendance a JOIN person p ON p.id = a.person_id '
                    "WHERE a.meeting_id = ? AND a.status = 'secretariat' ORDER BY a.position, a.id",
                    (previous["id"],),
                )
            ]
    rows: list[AttendanceRow] = []
    seen: set[str] = set()

    def reg(key: str) -> dict[str, Any]:
        r = registered.get(key)
        if r is None:
            return {}
        return {
            "status": r["status"],
            "for_key": r["for_key"] or "",
            "for_name": r["for_name"] or "",
            "note": r["note"] or "",
        }

    for seat in table:
        for h in seat.holders:
            if h.person in seen:
                continue
            seen.add(h.person)
            rows.append(
                AttendanceRow(
                    h.person,
                    h.name,
                    seat.name,
                    seat.code,
                    h.region,
                    h.region_name,
                    seat.voting,
                    **reg(h.person),
                )
            )
    staff = {key for key, _ in secretariat}
    rows = [replace(r, secretariat=True) if r.key in staff else r for r in rows]
    for key, name in secretariat:
        if key not in seen:
            seen.add(key)
            rows.append(
                AttendanceRow(
                    key, name, "Sekretariat", "", "", "", False, secretariat=True, **reg(key)
                )
            )
    for key, r in registered.items():
        if key not in seen:
            seen.add(key)
            rows.append(
                AttendanceRow(key, r["name"], "", "", "", "", False, expected=False, **reg(key))
            )
    for g in guests:
        rows.append(
            AttendanceRow(
                f"{GUEST_KEY}{g['id']}",
                g["guest_name"],
                "",
                "",
                "",
                "",
                False,
                status="guest",
                note=g["guest_org"],
                expected=False,
            )
        )
    return day, rows


def substitutes_for(db: Database, meeting_day: dt.date, person_key: str) -> list[Candidate]:
    """The substitutes of the seat (and network, for per-network seats) ``person_key`` holds."""

    with db.sql() as con:
        table = seat_table(con, meeting_day)
    for row in table:
        for h in row.holders:
            if h.person == person_key:
                subs = [s for s in row.substitutes if not row.per_region or s.region == h.region]
                return [Candidate(s.person, s.name, row.name) for s in subs]
    return []


def set_attendance(
    db: Database,
    meeting_id: int,
    person_key: str,
    status: str,
    *,
    for_key: str = "",
    note: str = "",
) -> None:
    """Register how a person attends ('' removes the registration).

    A substitute names the member they attend for; that member is then registered as
    absent with notice (forfall) unless already registered otherwise.
    """

    if status and status not in ATTENDANCE_STATUSES:
        raise UserError(ui("«{status}» er ikke en oppmøtestatus.").format(status=status))
    if status == "substitute" and not for_key:
        raise UserError(ui("Velg hvem varaen møter for."))
    if for_key and for_key == person_key:
        raise UserError(ui("En vara kan ikke møte for seg selv."))
    with db.write() as s:
        meeting = _get(s, meeting_id)
        refuse_if_approved(s, meeting)
        refuse_if_checked_out(s, meeting_id)

        def person(key: str) -> Person:
            found = s.exec(select(Person).where(Person.key == key)).first()
            if found is None:
                raise UserError(ui("Fant ingen person med nøkkelen «{key}».").format(key=key))
            return found

        who = person(person_key)
        row = s.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.person_id == who.id
            )
        ).first()
        if not status:
            if row is not None:
                s.delete(row)
            return
        last = s.exec(
            select(func.max(Attendance.position)).where(Attendance.meeting_id == meeting_id)
        ).one()
        if row is None:
            row = Attendance(
                meeting_id=meeting_id, person_id=who.id or 0, position=int(last or 0) + 1
            )
        row.status = status
        row.note = note or row.note
        row.for_person_id = None
        if status == "substitute":
            member = person(for_key)
            row.for_person_id = member.id
            absent = s.exec(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id, Attendance.person_id == member.id
                )
            ).first()
            if absent is None:
                s.add(
                    Attendance(
                        meeting_id=meeting_id,
                        person_id=member.id or 0,
                        status="absent_notice",
                        position=int(last or 0) + 2,
                    )
                )
            elif absent.status == "present":
                absent.status = "absent_notice"
                s.add(absent)
        s.add(row)


#: Attendance that is someone in the room, who can leave part-way.
IN_THE_ROOM = ("present", "substitute", "observer", "guest", "secretariat")


def toggled_attendance(status: str) -> str:
    """What one key (Enter) registers in a roll call: present, and present again to
    forfall; anything else (not registered, forfall, ikke møtt, vara ...) to present."""
    return "absent_notice" if status == "present" else "present"


def record_departure(
    db: Database, meeting_id: int, person_key: str, *, at: dt.time, during: str = ""
) -> str:
    """Someone leaves part-way: their attendance says when, and under which item
    (``during``: «sak 28/26», or the title of an item without a number), so the minutes
    show who took part in each decision. Returns the sentence stored (added to any note
    already there)."""

    text = f"gikk kl. {clock(at)}" + (f" under {during}" if during else "")
    with db.write() as s:
        meeting = _get(s, meeting_id)
        refuse_if_approved(s, meeting)
        refuse_if_checked_out(s, meeting_id)
        who = s.exec(select(Person).where(Person.key == person_key)).first()
        if who is None:
            raise UserError(ui("Fant ingen person med nøkkelen «{key}».").format(key=person_key))
        row = s.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.person_id == who.id
            )
        ).first()
        if row is None or row.status not in IN_THE_ROOM:
            raise UserError(
                ui("{name} er ikke registrert som til stede i møtet.").format(name=who.name)
            )

        row.note = f"{row.note}; {text}" if row.note else text
        s.add(row)
    return text
