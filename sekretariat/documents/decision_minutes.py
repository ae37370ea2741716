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
from sekretariat.domain.languages import document_language
from sekretariat.domain.meetings import AttendanceRow, guest_id, load_attendance
from sekretariat.domain.minutes import AmendmentView, MinuteView, amendments, load_minutes
from sekretariat.errors import UserError
from sekretariat.files import write_atomic
from sekretariat.formats import case_label, long_date, short_date
from sekretariat.i18n import label_text, texts, ui

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
    lang: str = "nb",
) -> Document:
    """The minutes as a document; the same content in every format."""
    _ = texts(lang)
    day = minutes.date
    doc = Document(
        _("Protokoll fra møte {number}/{year} i {forum}").format(
            number=number_in_year, year=day.year, forum=forum
        )
    )
    doc.blocks.append(meeting_header(agenda, lang))
    if not minutes.frozen:
        doc.blocks.append(Paragraph(_("Utkast – protokollen er ikke godkjent."), "muted"))

    # Who was there.
    doc.blocks.append(Heading(_("Til stede"), 1))
    present: dict[str, list[AttendanceRow]] = {}
    for r in attendance:
        if r.status == "present" and not r.secretariat:
            present.setdefault(r.seat or _("Andre"), []).append(r)
    pairs = [(seat, _names(rows)) for seat, rows in present.items()]
    subs = [r for r in attendance if r.status == "substitute"]
    if subs:
        instead = _("{name} for {absent}")
        pairs.append(
            (
                _("Vara"),
                "; ".join(
                    instead.format(name=r.name, absent=r.for_name) if r.for_name else r.name
                    for r in subs
                ),
            )
        )
    absent = [r for r in attendance if r.status == "absent_notice"]
    if absent:
        pairs.append((_("Forfall"), _names(absent)))
    missing = [r for r in attendance if r.status == "absent"]
    if missing:
        pairs.append((_("Ikke møtt"), _names(missing)))
    for status in ("observer", "secretariat"):
        rows = [
            r
            for r in attendance
            if r.status == status
            or (status == "secretariat" and r.status == "present" and r.secretariat)
        ]
        if rows:
            pairs.append((label_text(status, lang), _names(rows)))
    guests = [r for r in attendance if r.status == "guest"]
    if guests:
        pairs.append((_("Gjester"), ", ".join(_guest(r) for r in guests)))
    if pairs:
        doc.blocks.append(Fields(tuple(pairs)))
    else:
        doc.blocks.append(Paragraph(_("Oppmøtet er ikke registrert."), "muted"))

    if minutes.learning_focus or minutes.reflection:
        doc.blocks.append(Heading(_("Læringsfokus"), 1))
        if minutes.learning_focus:
            doc.blocks.append(Paragraph(minutes.learning_focus))
        if minutes.reflection:
            doc.blocks.append(Fields(((_("Forumet reflekterte over"), minutes.reflection),)))

    doc.blocks.append(Heading(_("Saker"), 1))
    followups: list[str] = []
    # What the minutes say of an item taken to orientation: the stored decision text when
    # it says more, else the standard phrase (the stored one is bokmål, from the app).
    noted = _("Tatt til orientering.")
    for item in minutes.items:
        number = case_label(item.number, day.year)
        doc.blocks.append(Heading(f"{number} {item.title}" if number else item.title, 2))
        fields: list[tuple[str, str]] = []
        if item.notes:
            fields.append((_("Referat"), item.notes))
        if item.proposal:
            fields.append((_("Forslag til vedtak"), item.proposal))
        if item.outcome == "noted":
            fields.append(
                (
                    _("Vedtak"),
                    item.decision
                    if item.decision and item.decision != "Tatt til orientering."
                    else noted,
                )
            )
        elif item.outcome == "postponed":
            fields.append((_("Vedtak"), item.decision or _("Saken ble utsatt.")))
        elif item.decision:
            fields.append((_("Vedtak"), item.decision))
        if item.outcome and item.outcome != "noted":
            fields.append((_("Utfall"), label_text(item.outcome, lang)))
        for c in item.conflicts:
            fields.append((_("Habilitet"), c.text(lang)))
        if fields:
            doc.blocks.append(Fields(tuple(fields)))
        if item.actions:
            lines = []
            for a in item.actions:
                line = a.what
                if a.owner_name:
                    line += " – " + _("ansvar: {name}").format(name=a.owner_name)
                if a.due:
                    line += ", " + _("frist {date}").format(date=short_date(a.due))
                if a.done:
                    line += " (" + _("utført {date}").format(date=short_date(a.done)) + ")"
                lines.append(line)
            doc.blocks.append(Paragraph(_("Oppfølging:"), "bold"))
            doc.blocks.append(Bullets(tuple(lines)))
            followups.extend(f"{number}: {x}" if number else x for x in lines)

    if followups:
        doc.blocks.append(Heading(_("Oppfølging"), 1))
        doc.blocks.append(Bullets(tuple(followups)))
    doc.blocks.append(Heading(_("Neste møte"), 1))
    doc.blocks.append(
        Paragraph(long_date(next_meeting, lang=lang) if next_meeting else _("Ikke fastsatt."))
    )
    doc.blocks.append(Heading(_("Godkjenning"), 1))
    if minutes.minutes_approved is not None:
        how = {"meeting": _("i møte"), "email": _("per e-post")}.get(
            minutes.approved_how, label_text(minutes.approved_how, lang)
        )
        said = _("Protokollen ble godkjent {date} {how}.")
        doc.blocks.append(
            Paragraph(said.format(date=short_date(minutes.minutes_approved), how=how))
        )
    else:
        doc.blocks.append(Paragraph(_("Protokollen er ikke godkjent ennå.")))
    if changes:
        doc.blocks.append(Heading(_("Rettelser etter godkjenning"), 1))
        doc.blocks.append(
            Bullets(
                tuple(
                    f"{short_date(c.made)} ({c.made_by}){': ' + c.item_title if c.item_title else ''} – {c.text}"
                    for c in changes
                )
            )
        )
    return doc


def protocol_document(db: Database, meeting_id: int, lang: str | None = None) -> Document:
    """The minutes of a meeting; items without a case number get theirs first (the minutes
    always carry them, by the rule the summons uses). They go to all: in ``lang``, or the
    forum's language."""
    agenda = load_agenda(db, meeting_id)
    if agenda.status == "cancelled":
        raise UserError(
            ui("Møtet {date} er avlyst; det har ingen protokoll.").format(
                date=short_date(agenda.date)
            )
        )
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
        raise UserError(ui("Databasen har ikke noe forum ennå."))
    written = document_language(db, lang)
    doc = build_protocol(
        forum["name"],
        int(number),
        agenda,
        minutes,
        attendance,
        dt.date.fromisoformat(nxt[0]) if nxt else None,
        amendments(db, meeting_id),
        written,
    )
    add_allocation_tables(db, doc, list(agenda.items), agenda.date.year, written)
    return doc


def meeting_on(db: Database, day: dt.date) -> int:
    with db.sql() as con:
        row = con.execute('SELECT id FROM meeting WHERE "date" = ?', (day.isoformat(),)).fetchone()
    if row is None:
        raise UserError(ui("Det finnes ikke noe møte {date}.").format(date=short_date(day)))
    return int(row["id"])


def export_protocol(
    db: Database, meeting_id: int, fmt: str, path: Path, lang: str | None = None
) -> Path:
    """Write the minutes in ``fmt`` (one of ``docgen.FORMATS``) to ``path``."""
    if fmt not in FORMATS:
        raise UserError(
            ui("«{format}» er ikke et format (velg {choices}).").format(
                format=fmt, choices=", ".join(FORMATS)
            )
        )
    return write_atomic(
        path, mode=db.file_mode(), data=render(protocol_document(db, meeting_id, lang), fmt)
    )
