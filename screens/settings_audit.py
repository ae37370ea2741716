"""The full audit log inside the settings area: search, newest first, export to CSV."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from screens.host import HostAccess
from sekretariat.errors import UserError
from sekretariat.files import write_csv
from sekretariat.formats import count
from sekretariat.i18n import ui as _
from sekretariat.storage.audit_log import Entry, csv_rows, entries
from widgets.steady_keys import SteadyInput
from widgets.table import Table

from .allocation_dialogs import PathDialog

PAGE = 500


class AuditView(HostAccess, Vertical):
    """Who changed what and when; a page of the newest entries matching the search."""

    DEFAULT_CSS = """
    AuditView { height: 1fr; }
    AuditView #audit-search { margin-bottom: 1; }
    AuditView Table { height: 1fr; }
    AuditView #audit-detail { height: 5; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding(
            "f4",
            "export",
            _("Eksporter logg"),
            tooltip=_("Skriv loggen som vises til CSV"),
            id="settings.audit_export",
        )
    ]

    class Loaded(Message):
        def __init__(self, items: list[Entry]) -> None:
            self.items = items
            super().__init__()

    class Written(Message):
        def __init__(self, count: int, path: str) -> None:
            self.count, self.path = count, path
            super().__init__()

    def __init__(self) -> None:
        super().__init__(id="audit-view")
        self.items: list[Entry] = []
        self._by_key: dict[str, Entry] = {}
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SteadyInput(
            placeholder=_("Søk i loggen (bruker, hva, nøkkel, innhold) …"),
            id="audit-search",
            compact=True,
        )
        yield Table(id="audit-table")
        # The whole change of the row under the cursor: a table line at 80 columns has
        # room for when and what, not for the values.
        yield Static("", id="audit-detail", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(Table)
        table.add_column(_("Tid"))
        table.add_column(_("Endring"), flex=True)
        self.load("")

    @on(Input.Changed, "#audit-search")
    def searched(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.25, lambda: self.load(event.value.strip()))

    @work(
        thread=True,
        exclusive=True,
        group="audit",
        exit_on_error=False,
        description=_("lese endringsloggen"),
    )
    def load(self, search: str) -> None:
        self.post_message(
            self.Loaded(entries(self.sekretariat.database, search=search, limit=PAGE))
        )

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.items = message.items
        self._by_key = {str(e.id): e for e in message.items}
        table = self.query_one(Table)
        table.set_rows(
            (str(e.id), (e.short_time, f"{e.what}: {e.summary()}")) for e in message.items
        )
        self._show(table.cursor_key)

    @on(Table.RowHighlighted, "#audit-table")
    def highlighted(self, event: Table.RowHighlighted) -> None:
        self._show(event.row_key.value)

    def _show(self, key: str | None) -> None:
        """The detail lines: who, when and where, then every changed field on a line."""
        entry = self._by_key.get(key) if key is not None else None
        detail = self.query_one("#audit-detail", Static)
        if entry is None:
            detail.update(_("Ingen endringer.") if not self.items else "")
            return
        lines = [
            _("{what} {time} av {user} ({host})").format(
                what=entry.what, time=entry.local_time, user=entry.user, host=entry.host
            )
        ]
        lines += entry.parts()
        detail.update("\n".join(lines))

    def action_export(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.export(path)

        self.app.push_screen(PathDialog(_("Eksporter endringsloggen"), "endringslogg.csv"), chosen)

    @work(
        thread=True,
        exclusive=True,
        group="audit",
        exit_on_error=False,
        description=_("skrive endringsloggen"),
    )
    def export(self, path: str) -> None:
        if not path.lower().endswith(".csv"):
            raise UserError(_("Endringsloggen skrives som CSV; filnavnet må slutte på .csv."))
        write_csv(
            Path(path).expanduser(),
            csv_rows(self.items),
            mode=self.sekretariat.database.file_mode(),
        )
        self.post_message(self.Written(len(self.items), path))

    @on(Written)
    def written(self, message: Written) -> None:
        lines = count(message.count, _("linje"), _("linjer"))
        self.notify(_("Skrev {lines} til {path}.").format(lines=lines, path=message.path))
