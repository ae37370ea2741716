"""What the meetings area's screens share for a meeting's documents (summons, decision
minutes): the form that asks for format and file, and the workers that write them (the
year view and the agenda both can)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.message import Message

from screens.host import HostAccess
from sekretariat import formats
from sekretariat.domain.agenda import load_agenda, summons_gaps
from sekretariat.i18n import ui as _
from sekretariat.labels import DOCUMENT_FORMATS
from widgets.dialog import FormDialog, FormField, FormSpec


def export_formats() -> tuple[tuple[str, str], ...]:
    return tuple((name, code) for code, name in DOCUMENT_FORMATS.items())


def with_suffix(path_text: str, fmt: str) -> Path:
    """The path typed, with the format's suffix unless it already has it."""
    path = Path(path_text.strip()).expanduser()
    if path.suffix.lower() != f".{fmt}":
        known = {".md", ".html", ".docx", ".pdf", ".ics"}
        path = (
            path.with_suffix(f".{fmt}") if path.suffix.lower() in known else Path(f"{path}.{fmt}")
        )
    return path


@dataclass(frozen=True)
class MeetingDocument:
    """A document written from one meeting: what the form is headed (``{date}``), the
    file's stem, and what the notice says when it is written (``{path}``)."""

    title: str
    stem: str
    written: str


SUMMONS = MeetingDocument(
    _("Innkalling {date}"), "innkalling", _("Innkallingen er skrevet til {path}.")
)
#: The decision minutes, as ``sekretariat minutes`` writes them (``decision_minutes``).
MINUTES = MeetingDocument(
    _("Protokoll {date}"), "protokoll", _("Protokollen er skrevet til {path}.")
)


#: The language choice that means «the forum's» (a document to all follows the forum).
FORUM_LANGUAGE = "forum"


def language_choices() -> tuple[tuple[str, str], ...]:
    """The forum's language first; the other standard is one choice away."""
    return (
        (_("Forumets språk"), FORUM_LANGUAGE),
        (_("Bokmål"), "nb"),
        (_("Nynorsk"), "nn"),
    )


def document_form(
    document: MeetingDocument, day: dt.date, folder: Path, gaps: list[str] | None = None
) -> FormSpec:
    """Ask for the document's format and file, saying first what the meeting lacks."""
    warning = ""
    if gaps:
        warning = _(
            "Innkallingen mangler {gaps}: fyll ut med e (Rediger) i "
            "Møter, eller skriv den likevel med Ctrl+S."
        ).format(gaps=formats.listing(gaps))
    return FormSpec(
        document.title.format(date=formats.short_date(day)),
        [
            FormField("format", _("Format"), "pdf", "select", export_formats()),
            FormField("path", _("Fil"), str(folder / f"{document.stem}-{day.isoformat()}.pdf")),
            FormField("lang", _("Målform"), FORUM_LANGUAGE, "select", language_choices()),
        ],
        hint=_("Filendelsen følger formatet."),
        validate=lambda v: None if v["path"].strip() else _("Skriv hvor filen skal lagres."),
        warning=warning,
    )


class MeetingDocumentExport(HostAccess):
    """Mixin for the screens that write a meeting's summons or decision minutes: ask for
    format and file, write in a worker (one per document, each naming what failed), say so."""

    class Written(Message):
        """The document is written to ``path``."""

        def __init__(self, document: MeetingDocument, path: Path) -> None:
            self.document = document
            self.path = path
            super().__init__()

    class GapsRead(Message):
        """What the meeting lacks for its summons (``summons_gaps``), read before asking."""

        def __init__(self, meeting_id: int, day: dt.date, gaps: list[str]) -> None:
            self.meeting_id, self.day, self.gaps = meeting_id, day, gaps
            super().__init__()

    def ask_document(
        self,
        document: MeetingDocument,
        meeting_id: int,
        day: dt.date,
        gaps: list[str] | None = None,
    ) -> None:
        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return
            fmt = values["format"]
            path = with_suffix(values["path"], fmt)
            lang = values.get("lang", FORUM_LANGUAGE)
            chosen = None if lang == FORUM_LANGUAGE else lang
            if document is MINUTES:
                self.write_minutes(meeting_id, fmt, path, chosen)
            else:
                self.write_summons(meeting_id, fmt, path, chosen)

        self.app.push_screen(FormDialog(document_form(document, day, Path.cwd(), gaps)), save)

    def ask_summons(self, meeting_id: int, day: dt.date) -> None:
        self.read_summons_gaps(meeting_id, day)

    @work(
        thread=True,
        exclusive=True,
        group="summons-gaps",
        exit_on_error=False,
        description=_("lese møtet"),
    )
    def read_summons_gaps(self, meeting_id: int, day: dt.date) -> None:
        gaps = summons_gaps(load_agenda(self.sekretariat.database, meeting_id))
        self.post_message(MeetingDocumentExport.GapsRead(meeting_id, day, gaps))  # type: ignore[attr-defined]

    def on_meeting_document_export_gaps_read(self, message: GapsRead) -> None:
        self.ask_document(SUMMONS, message.meeting_id, message.day, message.gaps)

    def ask_minutes(self, meeting_id: int, day: dt.date) -> None:
        self.ask_document(MINUTES, meeting_id, day)

    @work(thread=True, group="export", exit_on_error=False, description=_("skrive innkallingen"))
    def write_summons(self, meeting_id: int, fmt: str, path: Path, lang: str | None = None) -> None:
        # The document writers bring fpdf, python-docx and openpyxl (0.5 s): loaded here,
        # in the worker, not when the area is built.
        from sekretariat.documents.summons import export_summons

        written = export_summons(self.sekretariat.database, meeting_id, fmt, path, lang)
        self.post_message(MeetingDocumentExport.Written(SUMMONS, written))  # type: ignore[attr-defined]

    @work(thread=True, group="export", exit_on_error=False, description=_("skrive protokollen"))
    def write_minutes(self, meeting_id: int, fmt: str, path: Path, lang: str | None = None) -> None:
        from sekretariat.documents.decision_minutes import export_protocol

        written = export_protocol(self.sekretariat.database, meeting_id, fmt, path, lang)
        self.post_message(MeetingDocumentExport.Written(MINUTES, written))  # type: ignore[attr-defined]

    def on_meeting_document_export_written(self, message: Written) -> None:
        self.notify(message.document.written.format(path=message.path))  # type: ignore[attr-defined]
