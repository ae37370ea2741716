"""Calendar files (.ics) for one meeting or a year, for the representatives' calendars.

Each meeting keeps one UID, made from the forum's name and the meeting date, so a file
sent again updates the events already imported instead of adding copies. Times are in
Europe/Oslo with the zone's definition (VTIMEZONE) in the file; cancelled meetings are
sent with STATUS:CANCELLED so calendars remove them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from sekretariat.documents.document import clean
from sekretariat.domain.cycle import meeting_dates
from sekretariat.domain.languages import document_language
from sekretariat.domain.seats import seat_table
from sekretariat.errors import UserError
from sekretariat.files import write_atomic
from sekretariat.i18n import texts, ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

TIMEZONE = "Europe/Oslo"
PRODID = "-//Sekretariat//Samarbeidsforum//NO"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    voting: bool = True


@dataclass(frozen=True)
class CalendarMeeting:
    """What a calendar event says about a meeting."""

    date: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str = ""
    video_link: str = ""
    status: str = "planned"
    learning_focus: str = ""
    agenda: tuple[str, ...] = ()
    attendees: tuple[Attendee, ...] = field(default=())


def slug(text: str) -> str:
    """``"samarbeidsforum-innlandet"``: ASCII letters, digits and hyphens."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "forum"


def uid(forum: str, day: dt.date) -> str:
    """The meeting's stable UID: the same forum and date always give the same UID."""
    return f"{slug(forum)}-{day:%Y%m%d}@sekretariat"


def one_line(text: str) -> str:
    """A text for a property that holds one line (SUMMARY, LOCATION, a name): line breaks
    are refused where such texts are typed or imported, but a file made before that rule
    must still give a calendar, not fail whole on one meeting's place."""
    return " ".join(clean(text).split())


def _address(text: str) -> str | None:
    """An e-mail address or a link fit for a calendar: one word, or None."""
    words = text.split()
    return words[0] if len(words) == 1 else None


def description(m: CalendarMeeting, lang: str = "nb") -> str:
    _ = texts(lang)
    lines = []
    if m.learning_focus:
        lines.append(_("Læringsfokus: {text}").format(text=m.learning_focus))
    if m.agenda:
        if lines:
            lines.append("")
        lines.append(_("Saksliste:"))
        lines += [f"- {one_line(title)}" for title in m.agenda]
    if m.video_link:
        lines += ["", _("Video: {link}").format(link=one_line(m.video_link))]
    return "\n".join(lines)


def to_ics(
    forum: str,
    meetings: list[CalendarMeeting],
    *,
    stamp: dt.datetime | None = None,
    lang: str = "nb",
) -> bytes:
    """An iCalendar file with one event per meeting; its texts in ``lang`` (an invitation
    goes to all: the forum's language unless another is chosen)."""
    _ = texts(lang)

    tz = ZoneInfo(TIMEZONE)
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", one_line(forum))
    cal.add("x-wr-timezone", TIMEZONE)
    for m in meetings:
        ev = Event()
        ev.add("uid", uid(forum, m.date))
        ev.add("dtstamp", stamp)
        ev.add("summary", one_line(_("Møte i {forum}").format(forum=forum)))
        if m.start is not None:
            start = dt.datetime.combine(m.date, m.start, tzinfo=tz)
            end_time = m.end if m.end is not None and m.end > m.start else None
            end = (
                dt.datetime.combine(m.date, end_time, tzinfo=tz)
                if end_time
                else start + dt.timedelta(hours=1)
            )
            ev.add("dtstart", start)
            ev.add("dtend", end)
        else:
            ev.add("dtstart", m.date)
            ev.add("dtend", m.date + dt.timedelta(days=1))
        location = m.place or m.video_link
        if location:
            ev.add("location", one_line(location))
        link = _address(m.video_link)
        if link:
            ev.add("url", link)
        text = description(m, lang)
        if text:
            ev.add("description", clean(text))
        cancelled = m.status == "cancelled"
        ev.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        ev.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        for a in m.attendees:
            email = _address(a.email)
            if email is None:
                continue
            address = vCalAddress(f"mailto:{email}")
            address.params["cn"] = vText(one_line(a.name))
            address.params["role"] = vText("REQ-PARTICIPANT" if a.voting else "OPT-PARTICIPANT")
            address.params["partstat"] = vText("NEEDS-ACTION")
            ev.add("attendee", address, encode=False)
        cal.add_component(ev)
    cal.subcomponents.insert(0, oslo_timezone())
    return cal.to_ical()


def oslo_timezone() -> Timezone:
    """Europe/Oslo as calendar programs write it: the EU summer-time rule (since 1996)
    as two yearly RRULEs, which every client reads, rather than a list of past dates."""

    tz = Timezone()
    tz.add("tzid", TIMEZONE)
    for part, name, start, offset_from, offset_to, month in (
        (TimezoneDaylight(), "CEST", dt.datetime(1996, 3, 31, 2, 0), 1, 2, 3),
        (TimezoneStandard(), "CET", dt.datetime(1996, 10, 27, 3, 0), 2, 1, 10),
    ):
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


# -- reading meetings -------------------------------------------------------------------


def _attendees(con: sqlite3.Connection, day: dt.date) -> tuple[Attendee, ...]:
    emails = {k: e for k, e in con.execute('SELECT "key", email FROM person')}
    out: dict[str, Attendee] = {}
    for row in seat_table(con, day):
        for h in row.holders:
            email = (emails.get(h.person) or "").strip()
            if email and "@" in email and h.person not in out:
                out[h.person] = Attendee(h.name, email, row.voting)
    return tuple(out.values())


def load_meetings(
    db: Database, *, year: int | None = None, meeting_id: int | None = None
) -> tuple[str, list[CalendarMeeting]]:
    """The forum's name and the meetings for the file: one stored meeting, or a year's
    stored meetings (else the dates the annual cycle gives, with the default hours)."""

    def t(value: str | None) -> dt.time | None:
        return dt.time.fromisoformat(value) if value else None

    with db.sql() as con:
        forum = con.execute("SELECT * FROM forum WHERE id = 1").fetchone()
        if forum is None:
            raise UserError(ui("Databasen har ikke noe forum ennå."))
        if meeting_id is not None:
            rows = con.execute("SELECT * FROM meeting WHERE id = ?", (meeting_id,)).fetchall()
            if not rows:
                raise UserError(ui("Møtet finnes ikke lenger."))
        else:
            rows = con.execute(
                'SELECT * FROM meeting WHERE "date" BETWEEN ? AND ? ORDER BY "date"',
                (f"{year}-01-01", f"{year}-12-31"),
            ).fetchall()
        out = []
        for r in rows:
            day = dt.date.fromisoformat(r["date"])
            titles = tuple(
                title
                for (title,) in con.execute(
                    "SELECT title FROM agendaitem WHERE meeting_id = ? ORDER BY "
                    "CASE standing WHEN 'summons' THEN 0 WHEN 'minutes' THEN 1 WHEN 'aob' THEN 3 ELSE 2 END, "
                    "position, id",
                    (r["id"],),
                )
            )
            # A meeting without hours of its own keeps the forum's usual hours.
            start, end = (
                (r["start"], r["end"])
                if r["start"]
                else (forum["meeting_start"], forum["meeting_end"])
            )
            out.append(
                CalendarMeeting(
                    day,
                    t(start),
                    t(end),
                    r["place"],
                    r["video_link"],
                    r["status"],
                    r["learning_focus"],
                    titles,
                    _attendees(con, day),
                )
            )
        if meeting_id is None and not out and year is not None:
            weeks = json.loads(forum["meeting_weeks"])
            for day in meeting_dates(year, weeks, forum["meeting_weekday"]):
                out.append(
                    CalendarMeeting(
                        day,
                        t(forum["meeting_start"]),
                        t(forum["meeting_end"]),
                        attendees=_attendees(con, day),
                    )
                )
    return forum["name"], out


def default_filename(forum: str, *, year: int | None = None, day: dt.date | None = None) -> str:
    """``samarbeidsforum-innlandet-2027.ics`` or ``...-2027-01-21.ics``."""
    tail = day.isoformat() if day else str(year)
    return f"{slug(forum)}-{tail}.ics"


def export_ics(
    db: Database,
    path: Path,
    *,
    year: int | None = None,
    meeting_id: int | None = None,
    lang: str | None = None,
) -> tuple[Path, int]:
    """Write the calendar file (in ``lang``, or the forum's language); returns the path and
    how many meetings it holds."""
    forum, meetings = load_meetings(db, year=year, meeting_id=meeting_id)
    if not meetings:
        raise UserError(ui("Det er ingen møter å skrive for {year}.").format(year=year))
    data = to_ics(forum, meetings, lang=document_language(db, lang))
    return write_atomic(path, data, mode=db.file_mode()), len(meetings)
