"""First run: the database file does not exist yet; ask how to begin."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.message import Message
from textual.widgets import ContentSwitcher, Input, Static
from textual.worker import Worker, WorkerState

from screens.host import HostAccess
from sekretariat.errors import UserError
from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog
from widgets.steady_keys import SteadyInput

#: The choices the dialog dismisses with; the app then opens the new database normally.
EMPTY, SAMPLE, FILE = "empty", "sample", "file"


#: The hint line of each step.
HINTS = {
    "welcome-choices": _("Ctrl+Q avslutter uten å lage noe."),
    "welcome-name": _("Enter oppretter databasen, Esc går tilbake."),
    "welcome-file": _("Enter importerer, Esc går tilbake."),
}


class WelcomeScreen(HostAccess, FramedDialog[str]):
    """Start empty, load the fictional sample, or import an exchange file.

    The database is created here, in a worker, so that a refused name or file can be
    shown in place and tried again; the core guarantees that a failure leaves no file.
    On success the dialog closes the new database and dismisses with the choice made.
    """

    DEFAULT_CSS = """
    WelcomeScreen #welcome-steps, WelcomeScreen #welcome-name, WelcomeScreen #welcome-file {
        height: auto;
    }
    """
    #: Nothing has focus on the first step, so n, e and i are keys, not letters in a field.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("n", "choose('empty')", _("Tomt forum"), id="welcome.empty"),
        Binding("e", "choose('sample')", _("Eksempelforumet"), id="welcome.sample"),
        Binding("i", "choose('file')", _("Importer fil"), id="welcome.file"),
        Binding("escape", "back", _("Tilbake"), id="welcome.back"),
    ]

    class Created(Message):
        """The database now exists; ``kind`` says how it was made."""

        def __init__(self, kind: str) -> None:
            self.kind = kind
            super().__init__()

    class Refused(Message):
        """The core refused the name or file; ``text`` is its Norwegian sentence."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, db_path: Path) -> None:
        super().__init__(_("Velkommen til Sekretariat"), HINTS["welcome-choices"], id="welcome")
        self.db_path = db_path
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static(
            _("Databasen [b]{name}[/b] finnes ikke ennå. Hvordan vil du begynne?").format(
                name=escape(self.db_path.name)
            ),
            classes="dialog-lead",
        )
        with ContentSwitcher(initial="welcome-choices", id="welcome-steps"):
            yield Static(
                "\n".join(
                    (
                        _("[b]n[/b]  Start med et tomt forum"),
                        _("[b]e[/b]  Last inn eksempelforumet (Innlandet, fiktive personer)"),
                        _("[b]i[/b]  Importer en utvekslingsfil (TOML)"),
                    )
                ),
                id="welcome-choices",
            )
            with Vertical(id="welcome-name"):
                yield Static(_("Hva heter forumet?"))
                yield SteadyInput(
                    placeholder=_("f.eks. Samarbeidsforum Innlandet"), id="name-input"
                )
            with Vertical(id="welcome-file"):
                yield Static(_("Hvilken fil vil du importere?"))
                yield SteadyInput(placeholder=_("sti til en .toml-fil"), id="file-input")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The letter keys choose only on the first step; while typing they are letters.
        if action == "choose":
            return not self.busy and self._step == "welcome-choices"
        if action == "back":
            return not self.busy and self._step != "welcome-choices"
        return True

    @property
    def _step(self) -> str | None:
        return self.query_one(ContentSwitcher).current

    def _show_step(self, step: str) -> None:
        self.query_one(ContentSwitcher).current = step
        self.set_hint(HINTS[step])
        self.show_error("")
        self.refresh_bindings()

    def action_choose(self, kind: str) -> None:
        if kind == EMPTY:
            self._show_step("welcome-name")
            self.query_one("#name-input", Input).focus()
        elif kind == FILE:
            self._show_step("welcome-file")
            self.query_one("#file-input", Input).focus()
        else:
            self._create(SAMPLE, "")

    def action_back(self) -> None:
        if self.busy or self._step == "welcome-choices":
            return
        self._show_step("welcome-choices")
        self.set_focus(None)

    @on(Input.Submitted, "#name-input")
    def _name_given(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.show_error(_("Skriv inn navnet på forumet før du trykker Enter."))
            return
        self._create(EMPTY, name)

    @on(Input.Submitted, "#file-input")
    def _file_given(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.show_error(_("Skriv inn stien til en utvekslingsfil (.toml)."))
            return
        path = Path(text).expanduser()
        if not path.is_file():
            self.show_error(_("Finner ingen fil {path}.").format(path=path))
            return
        self._create(FILE, str(path))

    def _create(self, kind: str, argument: str) -> None:
        self.busy = True
        self.refresh_bindings()
        self.show_note(_("Oppretter databasen …"))
        self.create(kind, argument)

    @work(
        thread=True,
        exclusive=True,
        group="db",
        exit_on_error=False,
        description=_("opprette databasen"),
    )
    def create(self, kind: str, argument: str) -> None:
        # SQLAlchemy and the exchange format (1 s) load here, in the worker: the dialog
        # is shown before them, on a machine where nothing else has loaded them yet.
        from sekretariat import new_database

        try:
            if kind == EMPTY:
                db = new_database.create_empty(self.db_path, argument)
            elif kind == FILE:
                db = new_database.create_from_file(self.db_path, Path(argument))
            else:
                db = new_database.create_from_sample(self.db_path)
        except UserError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        db.dispose()
        self.post_message(self.Created(kind))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.busy = False
        self.refresh_bindings()
        self.show_error(message.text)

    @on(Created)
    def _created(self, message: Created) -> None:
        if message.kind == EMPTY:
            # An empty forum has no networks, seats or scheme: say where they are set up.
            self.app.notify(
                _(
                    "Forumet er tomt ennå. Trykk 9 (Innstillinger) og så F5 (Oppsett av forumet) "
                    "for å legge inn nettverk, seter og ordning."
                ),
                title=_("Nytt forum"),
                timeout=20,
            )
        self.dismiss(message.kind)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The app reports the failure; the dialog only becomes usable again.
        super().on_worker_state_changed(event)
        if event.state == WorkerState.ERROR:
            self.busy = False
            self.refresh_bindings()
            self.show_error(_("Databasen ble ikke opprettet. Prøv igjen."))
