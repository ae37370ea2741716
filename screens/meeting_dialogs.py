"""What the meetings area's screens share for a meeting's summons: the form that asks for
format and file, and the worker that writes it (the year view and the agenda both can)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import work
from textual.message import Message

from screens.host import HostAccess
from sekretariat import formats
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


def summons_form(day: dt.date, folder: Path) -> FormSpec:
    """Ask for the summons' format and file."""
    return FormSpec(
        f"Innkalling {formats.short_date(day)}",
        [
            FormField("format", "Format", "pdf", "select", export_formats()),
            FormField("path", "Fil", str(folder / f"innkalling-{day.isoformat()}.pdf")),
        ],
        hint="Filendelsen følger formatet.",
        validate=lambda v: None if v["path"].strip() else "Skriv hvor filen skal lagres.",
    )


class SummonsExport(HostAccess):
    """Mixin for the screens that write a meeting's summons: ask, write in a worker, say so."""

    class Written(Message):
        """The summons is written to ``path``."""

        def __init__(self, path: Path) -> None:
            self.path = path
            super().__init__()

    def ask_summons(self, meeting_id: int, day: dt.date) -> None:
        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                fmt = values["format"]
                self.write_summons(meeting_id, fmt, with_suffix(values["path"], fmt))

        self.app.push_screen(FormDialog(summons_form(day, Path.cwd())), save)

    @work(thread=True, group="export", exit_on_error=False, description="skrive innkallingen")
    def write_summons(self, meeting_id: int, fmt: str, path: Path) -> None:
        # The document writers bring fpdf, python-docx and openpyxl (0.5 s): loaded here,
        # in the worker, not when the area is built.
        from sekretariat.documents.summons import export_summons

        written = export_summons(self.sekretariat.database, meeting_id, fmt, path)
        self.post_message(SummonsExport.Written(written))  # type: ignore[attr-defined]

    def on_summons_export_written(self, message: Written) -> None:
        self.notify(f"Innkallingen er skrevet til {message.path}.")  # type: ignore[attr-defined]
