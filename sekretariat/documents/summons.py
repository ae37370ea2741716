"""The summons (innkalling) to a meeting: header, learning focus and the agenda with case
numbers, kinds, a running clock from the start time, presenters, background, proposals,
learning prompts and documents, then the meeting as a learning meeting (how the time
splits between the kinds of item, and which of the plan's principles for learning
meetings the agenda covers, 8.4); exported as Markdown, HTML, DOCX or PDF via ``docgen``.
A summons goes to all, so it is written in the forum's language, or the one chosen (``lang``).
"""

from __future__ import annotations

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
from sekretariat.domain.agenda import (
    AgendaView,
    balance,
    load_agenda,
    principle_checklist,
    running_clock,
)
from sekretariat.domain.languages import document_language
from sekretariat.errors import UserError
from sekretariat.files import write_atomic
from sekretariat.formats import (
    case_label,
    clock,
    count,
    duration,
    long_date,
    short_date,
    time_span,
)
from sekretariat.i18n import label_text, texts, ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


def default_filename(view: AgendaView, fmt: str) -> str:
    """``innkalling-2027-01-21.pdf`` (the same word in nynorsk)."""
    return f"innkalling-{view.date.isoformat()}.{fmt}"


def meeting_header(view: AgendaView, lang: str = "nb") -> Fields:
    """Date, time, place or video, chair and facilitator: the head of summons and minutes."""
    _ = texts(lang)
    header: list[tuple[str, str]] = [(_("Dato"), long_date(view.date, lang=lang))]
    when = time_span(view.start, view.end)
    if when:
        header.append((_("Tid"), when))
    for name, value in (
        (_("Sted"), view.place),
        (_("Video"), view.video_link),
        (_("Møteleder"), view.chair),
        (_("Fasilitator"), view.facilitator),
    ):
        if value:
            header.append((name, value))
    return Fields(tuple(header))


def build_summons(
    view: AgendaView, forum: str, secretariat: str = "", lang: str = "nb"
) -> Document:
    """The summons as a document; the same content in every format."""
    _ = texts(lang)
    doc = Document(_("Innkalling til møte i {forum}").format(forum=forum))
    doc.blocks.append(meeting_header(view, lang))
    if view.learning_focus:
        doc.blocks.append(Heading(_("Læringsfokus"), 1))
        doc.blocks.append(Paragraph(view.learning_focus))

    items = list(view.items)
    total = sum(i.minutes for i in items)
    doc.blocks.append(Heading(_("Saksliste"), 1))
    planned = _("{items}, {duration} planlagt.").format(
        items=count(len(items), _("sak"), _("saker")), duration=duration(total)
    )
    doc.blocks.append(Paragraph(planned, "muted"))
    times = running_clock(view.start, [i.minutes for i in items])
    year = view.date.year
    for n, item in enumerate(items):
        number = case_label(item.number, year)
        doc.blocks.append(Heading(f"{number} {item.title}" if number else item.title, 2))
        meta = [label_text(item.kind, lang)]
        if times is not None:
            start, end = times[n]
            meta.append(f"kl. {clock(start)}–{clock(end)} ({duration(item.minutes)})")
        elif item.minutes:
            meta.append(duration(item.minutes))
        if item.presenter:
            meta.append(_("Ansvarlig: {name}").format(name=item.presenter))
        doc.blocks.append(Paragraph(" · ".join(meta), "muted"))
        fields: list[tuple[str, str]] = []
        if item.background:
            fields.append((_("Bakgrunn"), item.background))
        if item.proposal:
            fields.append((_("Forslag til vedtak"), item.proposal))
        if item.prompt is not None:
            p = item.prompt
            how = ", ".join(x for x in (p.method, duration(p.minutes)) if x)
            text = f"{p.title}: {p.question}" if p.question else p.title
            fields.append((_("Refleksjon"), f"{text} ({how})"))
            if p.principle:
                fields.append((_("Prinsipp for lærende møter"), p.principle))
        if fields:
            doc.blocks.append(Fields(tuple(fields)))
        if item.documents:
            doc.blocks.append(Paragraph(_("Dokumenter:"), "bold"))
            doc.blocks.append(Bullets(item.documents))
    add_learning_meeting(doc, view, lang)
    closing = _("Meld forfall til sekretariatet så snart som mulig, og si fra om vara møter.")
    doc.blocks.append(Paragraph(closing))
    if secretariat:
        doc.blocks.append(Paragraph(_("Med vennlig hilsen") + f"\n{secretariat}"))
    return doc


def add_learning_meeting(doc: Document, view: AgendaView, lang: str = "nb") -> None:
    """The balance of the agenda and the checklist of the principles for learning meetings
    («I samarbeidsforum gjennomføres møtene i tråd med Knut Roalds prinsipper», plan 8.4)."""
    _ = translate = texts(lang)
    items = list(view.items)
    mix = balance(items)
    doc.blocks.append(Heading(_("Lærende møte"), 1))
    if mix.total:
        parts = [
            f"{label_text(kind, lang).lower()} {duration(minutes)}"
            for kind, minutes in mix.minutes.items()
            if minutes
        ]
        said = _("Tiden fordeler seg slik: {parts} (i alt {total}).")
        doc.blocks.append(Paragraph(said.format(parts=", ".join(parts), total=duration(mix.total))))
    for warning in mix.warnings(lang):
        doc.blocks.append(Paragraph(warning, "muted"))
    checks = principle_checklist(
        items,
        year=view.date.year,
        learning_focus=view.learning_focus,
        facilitator=view.facilitator,
        previous_facilitator=view.previous_facilitator,
        lang=lang,
    )
    covered = sum(1 for c in checks if c.covered)
    said = _("Sakslisten dekker {covered} av {count} prinsipper for lærende møter (Knut Roald):")
    doc.blocks.append(Paragraph(said.format(covered=covered, count=len(checks))))
    lines = []
    for c in checks:
        # The principles are the plan's sentences, kept in the catalogue (``N_``).
        principle = translate(c.text).rstrip(".")
        if c.covered:
            lines.append(
                _("{principle} – dekket: {by}.").format(
                    principle=principle, by="; ".join(c.covered_by)
                )
            )
        else:
            note = f" ({c.note})" if c.note else ""
            lines.append(
                _("{principle} – ikke dekket{note}.").format(principle=principle, note=note)
            )
    doc.blocks.append(Bullets(tuple(lines)))


def _forum(db: Database) -> tuple[str, str]:
    with db.sql() as con:
        row = con.execute("SELECT name, secretariat FROM forum WHERE id = 1").fetchone()
    if row is None:
        raise UserError(ui("Databasen har ikke noe forum ennå."))
    return row["name"], row["secretariat"]


def summons_document(
    db: Database, meeting_id: int, lang: str | None = None
) -> tuple[AgendaView, Document]:
    """The summons in ``lang``, or in the forum's language (it goes to all)."""
    view = load_agenda(db, meeting_id)
    if view.status == "cancelled":
        raise UserError(
            ui("Møtet {date} er avlyst; det sendes ingen innkalling.").format(
                date=short_date(view.date)
            )
        )
    forum, secretariat = _forum(db)
    written = document_language(db, lang)
    doc = build_summons(view, forum, secretariat, written)
    add_allocation_tables(db, doc, list(view.items), view.date.year, written)
    return view, doc


def export_summons(
    db: Database, meeting_id: int, fmt: str, path: Path, lang: str | None = None
) -> Path:
    """Write the summons in ``fmt`` (one of ``docgen.FORMATS``) to ``path``."""
    if fmt not in FORMATS:
        raise UserError(
            ui("«{format}» er ikke et format (velg {choices}).").format(
                format=fmt, choices=", ".join(FORMATS)
            )
        )
    _, doc = summons_document(db, meeting_id, lang)
    return write_atomic(path, mode=db.file_mode(), data=render(doc, fmt))
