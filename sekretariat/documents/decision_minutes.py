"""The decision minutes (protokoll) of a meeting as a ``docgen`` Document: header, who was
there, each item with notes, proposal, decision and conflicts of interest, follow-up
actions, the learning focus and reflection, next meeting, approval line and amendments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.documents.allocation_tables import add_allocation_tables
from sekretariat.documents.document import (
    FORMATS,
    Bullets,
    Document,
    Fields,
    Heading,
    Paragraph,
    render,
)
from sekretariat.documents.summons import meeting_header
from sekretariat.domain.agenda import ensure_numbers, load_agenda
from sekretariat.domain.meetings import AttendanceRow, guest_id, load_attendance
from sekretariat.domain.minutes import AmendmentView, MinuteView, amendments, load_minutes
from sekretariat.errors import UserError
from sekretariat.files import write_atomic
from sekretariat.formats import case_label, long_date, short_date
from sekretariat.labels import label

if TYPE_CHECKING:
    from sekretariat.domain.agenda import AgendaView
    from sekretariat.storage.database import Database


def default_filename(day: dt.date, fmt: str) -> str:
    """``protokoll-2026-11-12.pdf``."""
    return f"protokoll-{day.isoformat()}.{fmt}"


def _names(rows: list[AttendanceRow]) -> str:
    """Names with their network, and what the attendance notes say (e.g. «gikk kl. 12.30
    under sak 28/26»)."""
    return ", ".join(
        r.name
        + (f" ({r.region_name})" if r.region_name else "")
        + (f" – {r.note}" if r.note else "")
        for r in rows
    )


def _guest(row: AttendanceRow) -> str:
    """A guest not in the register with their organisation («Kari Gjest (NTNU)»); one in the
    register as any other name."""
    if guest_id(row.key) is None:
        return _names([row])
    return row.name + (f" ({row.note})" if row.note else "")


def build_protocol(
    forum: str,
    number_in_year: int,
    agenda: AgendaView,
    minutes: MinuteView,
    attendance: list[AttendanceRow],
    next_meeting: dt.date | None,
    changes: list[AmendmentView],
) -> Document:
    """The minutes as a document; the same content in every format."""
    day = minutes.date
    doc = Document(f"Protokoll fra møte {number_in_year}/{day.year} i {forum}")
    doc.blocks.append(meeting_header(agenda))
    if not minutes.frozen:
        doc.blocks.append(Paragraph("Utkast – protokollen er ikke godkjent.", "muted"))

    # Who was there.
    doc.blocks.append(Heading("Til stede", 1))
    present: dict[str, list[AttendanceRow]] = {}
    for r in attendance:
        if r.status == "present" and not r.secretariat:
            present.setdefault(r.seat or "Andre", []).append(r)
    pairs = [(seat, _names(rows)) for seat, rows in present.items()]
    subs = [r for r in attendance if r.status == "substitute"]
    if subs:
        pairs.append(
            (
                "Vara",
                "; ".join(f"{r.name} for {r.for_name}" if r.for_name else r.name for r in subs),
            )
        )
    absent = [r for r in attendance if r.status == "absent_notice"]
    if absent:
        pairs.append(("Forfall", _names(absent)))
    missing = [r for r in attendance if r.status == "absent"]
    if missing:
        pairs.append(("Ikke møtt", _names(missing)))
    for status in ("observer", "secretariat"):
        rows = [
            r
            for r in attendance
            if r.status == status
            or (status == "secretariat" and r.status == "present" and r.secretariat)
        ]
        if rows:
            pairs.append((label(status), _names(rows)))
    guests = [r for r in attendance if r.status == "guest"]
    if guests:
        pairs.append(("Gjester", ", ".join(_guest(r) for r in guests)))
    if pairs:
        doc.blocks.append(Fields(tuple(pairs)))
    else:
        doc.blocks.append(Paragraph("Oppmøtet er ikke registrert.", "muted"))

    if minutes.learning_focus or minutes.reflection:
        doc.blocks.append(Heading("Læringsfokus", 1))
        if minutes.learning_focus:
            doc.blocks.append(Paragraph(minutes.learning_focus))
        if minutes.reflection:
            doc.blocks.append(Fields((("Forumet reflekterte over", minutes.reflection),)))

    doc.blocks.append(Heading("Saker", 1))
    followups: list[str] = []
    for item in minutes.items:
        number = case_label(item.number, day.year)
        doc.blocks.append(Heading(f"{number} {item.title}" if number else item.title, 2))
        fields: list[tuple[str, str]] = []
        if item.notes:
            fields.append(("Referat", item.notes))
        if item.proposal:
            fields.append(("Forslag til vedtak", item.proposal))
        if item.outcome == "noted":
            fields.append(
                (
                    "Vedtak",
                    item.decision
                    if item.decision and item.decision != "Tatt til orientering."
                    else "Tatt til orientering.",
                )
            )
        elif item.outcome == "postponed":
            fields.append(("Vedtak", item.decision or "Saken ble utsatt."))
        elif item.decision:
            fields.append(("Vedtak", item.decision))
        if item.outcome and item.outcome != "noted":
            fields.append(("Utfall", label(item.outcome)))
        for c in item.conflicts:
            fields.append(("Habilitet", c.text()))
        if fields:
            doc.blocks.append(Fields(tuple(fields)))
        if item.actions:
            lines = []
            for a in item.actions:
                line = a.what
                if a.owner_name:
                    line += f" – ansvar: {a.owner_name}"
                if a.due:
                    line += f", frist {short_date(a.due)}"
                if a.done:
                    line += f" (utført {short_date(a.done)})"
                lines.append(line)
            doc.blocks.append(Paragraph("Oppfølging:", "bold"))
            doc.blocks.append(Bullets(tuple(lines)))
            followups.extend(f"{number}: {x}" if number else x for x in lines)

    if followups:
        doc.blocks.append(Heading("Oppfølging", 1))
        doc.blocks.append(Bullets(tuple(followups)))
    doc.blocks.append(Heading("Neste møte", 1))
    doc.blocks.append(Paragraph(long_date(next_meeting) if next_meeting else "Ikke fastsatt."))
    doc.blocks.append(Heading("Godkjenning", 1))
    if minutes.minutes_approved is not None:
        how = {"meeting": "i møte", "email": "per e-post"}.get(
            minutes.approved_how, label(minutes.approved_how)
        )
        doc.blocks.append(
            Paragraph(f"Protokollen ble godkjent {short_date(minutes.minutes_approved)} {how}.")
        )
    else:
        doc.blocks.append(Paragraph("Protokollen er ikke godkjent ennå."))
    if changes:
        doc.blocks.append(Heading("Rettelser etter godkjenning", 1))
        doc.blocks.append(
            Bullets(
                tuple(
                    f"{short_date(c.made)} ({c.made_by}){': ' + c.item_title if c.item_title else ''} – {c.text}"
                    for c in changes
                )
            )
        )
    return doc


def protocol_document(db: Database, meeting_id: int) -> Document:
    """The minutes of a meeting; items without a case number get theirs first (the minutes
    always carry them, by the rule the summons uses)."""
    agenda = load_agenda(db, meeting_id)
    if agenda.status == "cancelled":
        raise UserError(f"Møtet {short_date(agenda.date)} er avlyst; det har ingen protokoll.")
    if ensure_numbers(db, meeting_id):
        agenda = load_agenda(db, meeting_id)
    minutes = load_minutes(db, meeting_id)
    _, attendance = load_attendance(db, meeting_id)
    with db.sql() as con:
        forum = con.execute("SELECT name FROM forum WHERE id = 1").fetchone()
        year = agenda.date.year
        number = con.execute(
            'SELECT COUNT(*) FROM meeting WHERE status != \'cancelled\' AND "date" >= ? AND "date" <= ?',
            (dt.date(year, 1, 1).isoformat(), agenda.date.isoformat()),
        ).fetchone()[0]
        nxt = con.execute(
            'SELECT "date" FROM meeting WHERE status != \'cancelled\' AND "date" > ? ORDER BY "date" LIMIT 1',
            (agenda.date.isoformat(),),
        ).fetchone()
    if forum is None:
        raise UserError("Databasen har ikke noe forum ennå.")
    doc = build_protocol(
        forum["name"],
        int(number),
        agenda,
        minutes,
        attendance,
        dt.date.fromisoformat(nxt[0]) if nxt else None,
        amendments(db, meeting_id),
    )
    add_allocation_tables(db, doc, list(agenda.items), agenda.date.year)
    return doc


def meeting_on(db: Database, day: dt.date) -> int:
    with db.sql() as con:
        row = con.execute('SELECT id FROM meeting WHERE "date" = ?', (day.isoformat(),)).fetchone()
    if row is None:
        raise UserError(f"Det finnes ikke noe møte {short_date(day)}.")
    return int(row["id"])


def export_protocol(db: Database, meeting_id: int, fmt: str, path: Path) -> Path:
    """Write the minutes in ``fmt`` (one of ``docgen.FORMATS``) to ``path``."""
    if fmt not in FORMATS:
        raise UserError(f"«{fmt}» er ikke et format (velg {', '.join(FORMATS)}).")
    return write_atomic(
        path, mode=db.file_mode(), data=render(protocol_document(db, meeting_id), fmt)
    )
