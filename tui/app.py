"""The terminal app: the one core module that imports Textual.

It opens the database in a worker (so the first frame appears before SQLAlchemy is
imported), gives each area its own mode reached by a number key, reports every failed
worker in one place, and saves pending edits when the terminal goes away.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import select
import signal
import sys
import threading
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from screens import AREA_BY_MODE, AREAS
from sekretariat.i18n import app_language, ui
from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog

if TYPE_CHECKING:
    from textual.command import Provider

    from sekretariat.domain.overview import Overview
    from sekretariat.prefetch import Prefetch
    from sekretariat.storage.database import Database

#: The footer shows the nine number keys as one group; the help lists them one by one.
NAVIGATION = Binding.Group(_("Områder"), compact=True)

#: The name the list of everyone is installed under (``show_people``).
PEOPLE = "people"
#: How many turns of the event loop quitting gives an open form's answer to reach its
#: screen and start the save (it takes a few; a turn with nothing to do is microseconds).
SAVE_TURNS = 200
#: After a hang-up, the most time saving an open form may take before the process ends.
HANGUP_SECONDS = 3.0
#: Whether the 16-colour themes suit this terminal better than the default one.
BASIC_COLOURS = ("standard", "windows")
#: The app's result when it ends to start again in the other language (``tui.main``).
RESTART = "restart-in-other-language"
#: The language F9 switches to, from the one the app is in.
OTHER_LANGUAGE = {"nb": "nn", "nn": "nb"}


def switch_language_texts() -> tuple[str, str]:
    """What F9 is called (footer, palette) and what it does (help), in the app's language:
    each says the language it switches to."""
    if app_language() == "nb":
        return _("Bytt språk til nynorsk"), _("Bytt språk til nynorsk (starter på nytt)")
    return _("Bytt språk til bokmål"), _("Bytt språk til bokmål (starter på nytt)")


def _area_screen(mode: str) -> Screen:
    """Build an area's screen when its mode is first entered (imports stay lazy)."""
    import importlib

    from screens import SCREENS

    module, _colon, name = SCREENS[mode].partition(":")
    screen: Screen = getattr(importlib.import_module(module), name)()
    return screen


def _writable(path: Path) -> bool:
    """Whether this user may write the database file and create its journal beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _commands() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens."""
    from tui.commands import SekretariatCommands

    return SekretariatCommands


def is_refusal(worker: Worker[Any]) -> bool:
    """Whether the worker failed on a ``UserError``: a refusal, said in Norwegian, no crash."""
    from sekretariat.errors import UserError

    return isinstance(worker.error, UserError)


def failure_text(worker: Worker[Any]) -> str:
    """One Norwegian sentence for a failed worker: the core's own words when it has them."""
    from sekretariat.errors import UserError

    error = worker.error
    if isinstance(error, UserError):
        return str(error)
    doing = worker.description or _("fullføre oppgaven")
    text = _("Kunne ikke {doing}.").format(doing=doing)
    if error is not None and "locked" in str(error):
        busy = _("Databasen er opptatt hos en annen bruker; prøv igjen om litt.")
        return f"{text} {busy}"
    if error is not None:
        from sekretariat.error_log import log_failure
        from sekretariat.errors import database_reason, os_reason
        from sekretariat.storage.database import READ_ONLY, is_read_only

        if is_read_only(error):
            return f"{text} {ui(READ_ONLY)}"
        # The machine or the file, not the program (a full disk, a damaged database).
        reason = database_reason(error) or (
            os_reason(error) if isinstance(error, OSError) else None
        )
        if reason:
            return f"{text} {reason[0].upper()}{reason[1:]}."

        log = log_failure(error)
        if log:
            text += " " + _("Detaljer er lagret i {file}.").format(file=log)
        else:
            text += f" ({type(error).__name__})"
    return text


class SekretariatApp(App[str]):
    """Sekretariat's terminal user interface.

    ``cli.py`` builds it with the database path and flags; tests pass a fixed ``today``.
    Screens reach the database through ``app.database`` from their own thread workers.
    """

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Sekretariat"
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        area.mode: partial(_area_screen, area.mode) for area in AREAS
    }
    COMMANDS = {_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                area.key,
                f"goto('{area.mode}')",
                area.title,
                tooltip=_("Gå til {area}").format(area=area.title),
                group=NAVIGATION,
                id=f"goto.{area.mode}",
            )
            for area in AREAS
        ),
        Binding("f1", "help", _("Hjelp"), tooltip=_("Vis alle tastene"), id="help"),
        Binding("ctrl+q", "quit", _("Avslutt"), tooltip=_("Lagre og avslutt"), id="quit"),
        Binding(
            "f9",
            "switch_language",
            switch_language_texts()[0],
            tooltip=switch_language_texts()[1],
            show=False,
            id="switch_language",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            _("Kommandoer"),
            tooltip=_("Åpne kommandopaletten"),
            show=False,
            priority=True,
            id="command_palette",
        ),
    ]

    class DatabaseOpened(Message):
        """The database is open and migrated; the areas can be shown."""

        def __init__(self, database: Database, forum_name: str) -> None:
            self.database = database
            self.forum_name = forum_name
            super().__init__()

    def __init__(
        self,
        db_path: Path,
        *,
        demo: bool = False,
        today: dt.date | None = None,
        first_run: bool = False,
        start: str = "overview",
        meeting_date: dt.date | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        if start not in AREA_BY_MODE:
            raise ValueError(f"unknown start area {start!r}; one of {', '.join(AREA_BY_MODE)}")
        #: The database opened (and the overview read) while Textual was importing.
        self.prefetch = prefetch
        # When it is ready, the first screen is the start area itself, drawn once with
        # its data; otherwise a start screen shows while a worker waits for the database.
        opened = prefetch is not None and not first_run and prefetch.ready(timeout=0.25)
        if opened:
            self.DEFAULT_MODE = start
        super().__init__()
        self.db_path = Path(db_path)
        self.demo = demo
        self.today = today or dt.date.today()
        self.first_run = first_run
        self.start = start
        #: The meeting ``sekretariat minute DATE`` asked for (None: today's, else the next).
        self.meeting_date = meeting_date
        self.flush_callbacks: list[Callable[[], None]] = []
        self._database: Database | None = None
        self._previous_handlers: dict[int, Any] = {}
        self._signal_loop: asyncio.AbstractEventLoop | None = None
        self._flushed = False
        self._hanging_up = False
        self.animation_level = "none"
        if os.environ.get("TEXTUAL_COLOR_SYSTEM") in BASIC_COLOURS:
            self.theme = "ansi-dark"
        #: The CSS variables the stylesheet was last refreshed with (``refresh_css``), and
        #: the screens styled since with them.
        self._styled_with: dict[str, str] = self.get_css_variables()
        self._styled: weakref.WeakSet[Screen] = weakref.WeakSet()
        self.sub_title = self.db_path.name + (" · DEMO" if demo else "")
        if opened:
            assert prefetch is not None
            self._database, self.title = prefetch.result()

    # -- the database ---------------------------------------------------------------
    @property
    def database(self) -> Database:
        """The open database; screens only exist once it is open."""
        if self._database is None:
            raise RuntimeError("the database is not open yet")
        return self._database

    # -- styles -------------------------------------------------------------------------
    def refresh_css(self, animate: bool = True) -> None:
        """Parse the CSS again and restyle the screens only when its variables changed.

        Textual calls this on every switch to a mode whose screen it has not refreshed
        itself: twice on a first visit to an area and once more on the next one. Each
        call parses all of the app's CSS again (every widget class's, about 20 KB) and
        restyles every screen of the mode: 50–80 ms of CPU each on this 2-core machine,
        most of an area's first visit (BENCHMARKS.md, round 5). It is there for screens
        that were away while the theme changed. The CSS changes only with its variables
        (the theme): a widget class adds its own CSS as it is first mounted, and a
        screen is styled as it is mounted. So the full refresh runs when the variables
        changed since the last one, or when the mode's stack holds a screen mounted
        before they did (Textual restyles a screen as it is shown, not the ones under
        it).
        """
        variables = self.get_css_variables()
        stack = self.screen_stack
        if variables == self._styled_with and all(
            screen in self._styled or not screen.is_mounted for screen in stack
        ):
            self._styled.update(stack)  # not mounted yet: it will be styled as it is now
            return
        super().refresh_css(animate)
        if variables != self._styled_with:
            self._styled_with = variables
            self._styled = weakref.WeakSet()
        self._styled.update(stack)

    # -- start-up ------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        from screens.start import StartScreen

        return StartScreen()

    def take_prefetched_overview(self) -> Overview | None:
        """The overview read at start-up for today, once; None when it must be read."""
        if self.prefetch is None or self.prefetch.today != self.today:
            return None
        return self.prefetch.take_overview()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self._watch_terminal()
        if self.first_run:
            from screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.db_path), self._created)
        elif self._database is not None:
            self._after_open()
        else:
            self._open_database()

    def _created(self, _kind: str | None) -> None:
        self._open_database()

    @work(
        thread=True,
        exclusive=True,
        group="db",
        exit_on_error=False,
        name="open-database",
        description=_("åpne databasen"),
    )
    def _open_database(self) -> None:
        if self.prefetch is not None and not self.first_run:
            database, name = self.prefetch.result()
        else:
            from sekretariat.domain import overview
            from sekretariat.storage.database import Database

            database = Database.open(self.db_path)
            name = overview.forum_name(database)
        self.post_message(self.DatabaseOpened(database, name))

    @on(DatabaseOpened)
    def _database_opened(self, message: DatabaseOpened) -> None:
        self._database = message.database
        self.title = message.forum_name
        self.switch_mode(self.start)
        self._after_open()

    def _after_open(self) -> None:
        # The overview reads with plain sqlite3; SQLAlchemy is imported once the first
        # frame is out, so the other areas open without that wait.
        self.set_timer(0.8, self._prewarm)
        if self._database is not None and not _writable(self._database.path):
            from sekretariat.storage.database import READ_ONLY

            self.notify(ui(READ_ONLY), title=_("Bare lesing"), severity="warning", timeout=20)

    @work(thread=True, group="prewarm", exit_on_error=False, description=_("forberede områdene"))
    def _prewarm(self) -> None:
        import importlib

        from screens import SCREENS
        from sekretariat.storage import models  # noqa: F401  (imports SQLModel and SQLAlchemy)

        # The areas' modules (and the core modules they use), so that the first visit
        # to an area only composes its screen. Importing defines classes and touches no
        # widget, so it is safe off the main thread.
        for target in SCREENS.values():
            importlib.import_module(target.partition(":")[0])
        if not self.demo and self._database is not None:
            self.call_from_thread(self._daily_backup)

    @work(
        thread=True,
        group="backup",
        exit_on_error=False,
        description=_("ta dagens sikkerhetskopi"),
    )
    def _daily_backup(self) -> None:
        from sekretariat.storage.backup import daily_backup

        if self._database is not None:
            daily_backup(self._database, self.today)

    def show_people(self) -> None:
        """Show the list of everyone (key p on the seat table).

        One screen is kept for the app's lifetime: the list of thousands is built once,
        and shown again as it was (it reads again only if the database changed).
        """
        if not self.is_screen_installed(PEOPLE):
            from screens.rep_people import PeopleScreen

            self.install_screen(PeopleScreen(), PEOPLE)
        self.push_screen(PEOPLE)

    @on(Worker.StateChanged)
    def report_worker_state(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported: a sentence, never a traceback.

        ``Worker.StateChanged`` does not bubble, so screens that run workers pass their
        events here (see ``AreaScreen``); the app's own workers arrive directly.
        """
        if event.state != WorkerState.ERROR:
            return
        text = failure_text(event.worker)
        if event.worker.name == "open-database":
            from screens.fatal import FatalScreen

            self.push_screen(
                FatalScreen(_("Databasen kan ikke åpnes"), text),
                lambda _answer: self.exit(return_code=1),
            )
        elif isinstance(event.worker.node, FramedDialog) and event.worker.node is self.screen:
            # A dialog's own failure is said under its fields, where the user is looking,
            # and the dialog stays open with what was typed: a notice would lie over the
            # dialog's lower lines at 80x24.
            event.worker.node.show_error(text)
        elif is_refusal(event.worker):
            # The core said no in its own words (a rule, a mistake in what was typed):
            # not a failure of the program, so not headed as one.
            self.notify(text, title=_("Ikke utført"), severity="warning", timeout=10)
        else:
            self.notify(text, title=_("Noe gikk galt"), severity="error", timeout=10)

    # -- navigation -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "goto":
            if self._database is None:
                return False
            # The current area's key stays in the footer, dimmed: it shows where you are.
            return None if parameters and parameters[0] == self.current_mode else True
        return True

    def action_goto(self, mode: str) -> None:
        """Show an area (keys 1–9); each area keeps its own screen and state.

        Ignored while a dialog is open: the dialog belongs to the area behind it.
        (Not done in ``check_action``, which would also hide the keys from the footer
        of the screen behind the dialog.)
        """
        if isinstance(self.screen, ModalScreen):
            return
        self.switch_mode(mode)

    def action_help(self) -> None:
        """Show the keys of the screen in front (F1); F1 again closes it."""
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        area = AREA_BY_MODE.get(self.current_mode)
        title = area.title if area and not isinstance(self.screen, ModalScreen) else "Sekretariat"
        self.push_screen(HelpScreen.for_screen(self.screen, title))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies); say what does, in Norwegian."""
        self.notify(_("Trykk Ctrl+Q for å avslutte."), title=_("Vil du avslutte?"))

    def search_themes(self) -> None:
        """The theme picker, with a Norwegian prompt."""
        from textual.command import CommandPalette

        from tui.commands import ThemeCommands

        self.push_screen(
            CommandPalette(providers=[ThemeCommands], placeholder=_("Søk etter et fargetema …"))
        )

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(placeholder=_("Søk etter en kommando …"), id="--command-palette")
            )

    def action_quit(self) -> None:
        """Save pending edits, then leave (Ctrl+Q).

        An open form is saved as its own save key would save it. One that cannot be saved
        as it stands (a required field empty, a date that is no date) stays open and says
        why: the user mends it, or closes it with Esc to leave it unsaved, and quits again.
        """
        before = set(self.workers)
        if self.save_open_dialogs(stop_on_refusal=True):
            self.call_next(self._leave, before)

    def action_switch_language(self) -> None:
        """Remember the other language as this user's and start again in it (F9).

        The screens' texts are read as their classes are made, so the program starts anew
        (``tui.main``) after leaving as Ctrl+Q does: an open form is saved first, and one
        that cannot be saved stays open and says why.
        """
        from sekretariat.errors import os_reason
        from sekretariat.i18n import save_user_language

        before = set(self.workers)
        if not self.save_open_dialogs(stop_on_refusal=True):
            return
        try:
            save_user_language(OTHER_LANGUAGE[app_language()])
        except OSError as exc:
            self.notify(
                _("Språkvalget kan ikke lagres: {reason}.").format(reason=os_reason(exc)),
                title=_("Ikke utført"),
                severity="warning",
            )
            return
        self.call_next(self._leave, before, result=RESTART)

    def save_open_dialogs(self, *, stop_on_refusal: bool) -> bool:
        """Ask each open dialog, the top one first, to save what was typed.

        Returns False if a dialog refused and ``stop_on_refusal`` (then nothing is left).
        """
        from widgets.dialog import FramedDialog

        for screen in reversed(self.screen_stack):
            if not isinstance(screen, FramedDialog):
                continue
            refusal = screen.save_on_quit()
            if refusal is not None and stop_on_refusal:
                self.notify(
                    _(
                        "Skjemaet kan ikke lagres slik det står. Rett det, eller lukk det med "
                        "Esc (da lagres det ikke), og avslutt igjen."
                    ),
                    title=_("Ikke avsluttet"),
                    severity="warning",
                )
                return False
        return True

    async def _leave(
        self, before: set[Worker[Any]], *, hung_up: bool = False, result: str | None = None
    ) -> None:
        """Wait for the saves the dialogs' answers started, save the rest, and leave.

        A dialog's answer reaches the one that opened it as a callback queued on the app
        (or a screen) before this one; it stores the answer in a worker (the house idiom).
        The loop turns a little for a screen's queue, then the new workers are waited for,
        so that the database is not closed under them. After a hang-up the process ends
        without restoring a terminal that is gone.
        """
        for _turn in range(SAVE_TURNS):
            await asyncio.sleep(0)
        started = [worker for worker in self.workers if worker not in before]
        await self.workers.wait_for_complete(started)
        if hung_up:
            self._leave_now()
        self.run_flush_callbacks()
        self.exit(result=result)

    # -- pending edits and signals ------------------------------------------------------
    def run_flush_callbacks(self) -> None:
        """Ask every screen to save what it holds; one failing does not stop the others."""
        if self._flushed:
            return
        self._flushed = True
        for callback in list(self.flush_callbacks):
            try:
                callback()
            except Exception as exc:  # noqa: BLE001 - the next callback must still run
                self.log.error(f"flush callback {callback!r} failed: {exc!r}")

    def _install_signal_handlers(self) -> None:
        """SIGTERM exits cleanly; SIGHUP (terminal gone) saves and leaves at once.

        Textual handles neither: without this, a dropped SSH session kills the process
        before anything is saved. Handlers can only be set from the main thread.
        """
        if threading.current_thread() is not threading.main_thread():
            return
        self._signal_loop = asyncio.get_running_loop()
        wanted = {signal.SIGTERM: self._on_sigterm}
        if hasattr(signal, "SIGHUP"):
            wanted[signal.SIGHUP] = self._on_sighup
        for signum, handler in wanted.items():
            self._previous_handlers[signum] = signal.signal(signum, handler)

    def _restore_signal_handlers(self) -> None:
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._previous_handlers.clear()

    def _on_sigterm(self, _signum: int, _frame: FrameType | None) -> None:
        # A signal handler may interrupt the loop anywhere: only schedule the work here.
        if self._signal_loop is not None:
            self._signal_loop.call_soon_threadsafe(self._terminate)

    def _terminate(self) -> None:
        self.call_next(self._terminate_saving)

    def _terminate_saving(self) -> None:
        """SIGTERM: save an open form if it can be saved, then what the screens hold; leave."""
        before = set(self.workers)
        self.save_open_dialogs(stop_on_refusal=False)
        self.call_next(self._leave, before)

    def _watch_terminal(self) -> None:
        """Leave when the terminal is gone even if no SIGHUP came (stdin hung up or at EOF).

        Textual's input thread keeps polling a stdin at EOF without end, so a dropped
        session could leave a process spinning on a shared server. A poll for HUP/ERR
        reads nothing, so it never steals a keystroke.
        """
        if self.is_headless or not hasattr(select, "poll"):
            return
        try:
            fd = sys.__stdin__.fileno() if sys.__stdin__ else -1
        except (OSError, ValueError):
            return
        if fd < 0 or not os.isatty(fd):
            return
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
        gone = select.POLLHUP | select.POLLERR | select.POLLNVAL

        def check() -> None:
            if any(event & gone for _fd, event in poller.poll(0)):
                self._terminal_gone()

        self.set_interval(1.0, check, name="terminal-watch")

    def _on_sighup(self, _signum: int, _frame: FrameType | None) -> None:
        # A signal handler may interrupt the loop anywhere: only schedule the work here.
        if self._signal_loop is None:
            self._leave_now()
            return
        self._signal_loop.call_soon_threadsafe(self._terminal_gone)

    def _terminal_gone(self) -> None:
        """The terminal is gone: save an open form as SIGTERM does, then what the screens
        hold, and leave without writing the usual restore sequences (they could block or
        fail). Should saving not finish, a timer leaves anyway."""
        if self._hanging_up:
            return
        self._hanging_up = True
        timer = threading.Timer(HANGUP_SECONDS, self._leave_now)
        timer.daemon = True
        timer.start()
        before = set(self.workers)
        self.save_open_dialogs(stop_on_refusal=False)
        self.call_next(self._leave, before, hung_up=True)

    def _leave_now(self) -> None:
        self.run_flush_callbacks()
        os._exit(0)

    def on_unmount(self) -> None:
        self.run_flush_callbacks()
        self._restore_signal_handlers()
        if self._database is not None:
            self._database.dispose()
