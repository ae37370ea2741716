"""Protokollføring: take minutes live in the meeting, one writer per meeting.

The agenda is down the side, the current item in front: notes and decision text, the
outcome, actions and conflicts, and a clock against the item's planned minutes. What is
typed is saved within about a second (a short timer, then a worker), on item change,
when the area is left, and on exit or a lost terminal (a flush callback that writes
synchronously). A second person opening the same meeting reads along and may take over
only by an explicit key and a confirmation.

Whoever reads along (or was displaced by someone taking over) may type anyway, not
seeing that the notes no longer take text: what is typed then is never a command (a
digit would switch area), and never dropped. It goes to a box headed «Ikke lagret –
kopier før du lukker», with the text the displaced writer had typed and not yet stored.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from sekretariat import formats
from sekretariat.domain.checkout import LAPTOP, meeting_checkouts
from sekretariat.domain.meetings import (
    IN_THE_ROOM,
    AttendanceRow,
    Candidate,
    add_guest,
    guest_id,
    load_attendance,
    load_year,
    record_departure,
    remove_guest,
    substitutes_for,
)
from sekretariat.domain.minute_writer import MinuteWriter
from sekretariat.domain.minutes import (
    HEARTBEAT_EVERY,
    ConflictCandidate,
    LockHeld,
    LockInfo,
    LockLost,
    MinuteItem,
    MinuteView,
    acquire_lock,
    add_action,
    add_conflict,
    conflict_candidates,
    heartbeat,
    holder_message,
    item_clock,
    load_minutes,
    lock_status,
    minute_meeting,
    parse_due,
    release_lock,
    save_item,
)
from sekretariat.errors import UserError
from sekretariat.i18n import app_language, ui_label
from sekretariat.i18n import ui as _
from sekretariat.labels import ITEM_OUTCOMES
from widgets.dialog import ChoiceDialog, ConfirmDialog, FormDialog, FormField, FormSpec, refusal
from widgets.steady_keys import SteadyTextArea

from .base import AreaScreen
from .minutes_dialogs import NEW_GUEST_KEY, AttendanceDialog, ConflictDialog

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

T = TypeVar("T")

#: How long after a keystroke the text is written (at most; typing on does not delay it).
SAVE_AFTER = 0.6
#: How often a reader refreshes what the minute-taker wrote.
READ_ALONG_EVERY = 3.0


def offset_of(text: str, location: tuple[int, int]) -> int:
    """A (row, column) cursor location as an offset into ``text``."""
    row, col = location
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + col


def location_of(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    before = text[:offset].split("\n")
    return len(before) - 1, len(before[-1])


def prompt_line(item: MinuteItem) -> str:
    """The item's learning prompt as it stands under the heading: its title (unless the
    item's title already says it) and its question, in full."""
    title, question = item.prompt_title, item.prompt_question
    if not title:
        return ""
    if not question:
        return _("Spørsmål: «{title}»").format(title=title)
    if title.casefold() in item.title.casefold():
        return _("Spørsmål: {question}").format(question=question)
    return _("Spørsmål «{title}»: {question}").format(title=title, question=question)


class MinutesScreen(AreaScreen):
    """Live minute-taking for one meeting."""

    MODE = "minutes"
    BINDINGS = [
        Binding(
            "ctrl+n",
            "step(1)",
            _("Neste sak"),
            tooltip=_("Gå til neste sak"),
            priority=True,
            id="minutes.next",
        ),
        Binding(
            "ctrl+b",
            "step(-1)",
            _("Forrige"),
            tooltip=_("Gå til forrige sak"),
            priority=True,
            id="minutes.previous",
        ),
        Binding(
            "ctrl+o",
            "outcome",
            _("Utfall"),
            tooltip=_("Sett utfallet av saken (vedtatt, orientering, utsatt)"),
            priority=True,
            id="minutes.outcome",
        ),
        Binding(
            "ctrl+t",
            "action",
            _("Oppfølging"),
            tooltip=_("Legg til et oppfølgingspunkt (hva, hvem, frist)"),
            priority=True,
            id="minutes.action",
        ),
        Binding(
            "ctrl+r",
            "conflict",
            _("Habilitet"),
            tooltip=_("Registrer et habilitetsspørsmål: grunnlag, avgjørelse, stedfortreder"),
            priority=True,
            id="minutes.conflict",
        ),
        Binding(
            "ctrl+g",
            "attendance",
            _("Oppmøte"),
            tooltip=_("Slå oppmøte av og på for en deltaker"),
            priority=True,
            id="minutes.attendance",
        ),
        Binding(
            "f3",
            "departure",
            _("Gikk"),
            tooltip=_("Noen går før møtet er slutt: klokkeslett og sak står i protokollen"),
            priority=True,
            id="minutes.departure",
        ),
        Binding(
            "ctrl+l",
            "take_over",
            _("Ta over"),
            tooltip=_("Ta over protokollføringen fra den som skriver nå"),
            priority=True,
            id="minutes.take_over",
        ),
        Binding(
            "f2",
            "choose_meeting",
            _("Møte"),
            tooltip=_("Skriv protokoll for et annet møte (fra i fjor til neste år)"),
            priority=True,
            id="minutes.meeting",
        ),
        Binding(
            "ctrl+s",
            "save_now",
            _("Lagre"),
            tooltip=_("Lagre nå (det skjer også av seg selv)"),
            show=False,
            priority=True,
            id="minutes.save",
        ),
        Binding(
            "escape",
            "to_agenda",
            _("Saksliste"),
            tooltip=_("Gå til sakslisten (tallene bytter område derfra)"),
            show=False,
            id="minutes.agenda",
        ),
    ]

    DEFAULT_CSS = """
    #minutes-banner { height: auto; padding: 0 1; }
    #minutes-banner.-reading { background: $warning 30%; }
    #minutes-body { height: 1fr; }
    #minutes-agenda { width: 26; height: 1fr; border: none; padding: 0; scrollbar-size-vertical: 1; }
    #minutes-item { width: 1fr; height: 1fr; padding: 0 0 0 1; }
    #minutes-title { height: auto; max-height: 2; text-style: bold; }
    #minutes-meta { height: auto; max-height: 2; color: $text-muted; }
    #minutes-prompt { height: auto; max-height: 4; color: $text-accent; }
    #minutes-prompt.-none { display: none; }
    .minutes-label { height: 1; color: $text-secondary; }
    #minutes-notes { height: 1fr; min-height: 3; }
    #minutes-decision { height: 4; }
    #minutes-extra { height: auto; max-height: 7; color: $text-muted; }
    #minutes-unsaved { display: none; height: 6; }
    #minutes-unsaved.-shown { display: block; }
    #minutes-unsaved-label { height: 1; color: $text-warning; text-style: bold; }
    #minutes-unsaved-text { height: 1fr; }
    """

    class Opened(Message):
        def __init__(
            self,
            view: MinuteView | None,
            lock: LockInfo | None,
            holder: LockInfo | None,
            error: str = "",
            away: str = "",
            copy: bool = False,
        ) -> None:
            self.view, self.lock, self.holder, self.error = view, lock, holder, error
            #: "Sjekket ut til …" when the meeting is checked out to a laptop (read-only here).
            self.away = away
            #: This database holds a checked-out copy of the meeting (this is the laptop).
            self.copy = copy
            super().__init__()

    class Refreshed(Message):
        def __init__(self, view: MinuteView, holder: LockInfo | None) -> None:
            self.view, self.holder = view, holder
            super().__init__()

    class Lost(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class Edited(Message):
        """An outcome, action, conflict or attendance was stored; the minutes read again."""

        def __init__(self, view: MinuteView, done: str) -> None:
            self.view, self.done = view, done
            super().__init__()

    class PeopleRead(Message):
        """The meeting's attendance, read to choose someone (``purpose``: "conflict" or
        "attendance"); for a conflict also who an allocation item affects."""

        def __init__(
            self,
            rows: list[AttendanceRow],
            purpose: str,
            candidates: list[ConflictCandidate] | None = None,
        ) -> None:
            self.rows, self.purpose = rows, purpose
            self.candidates = candidates or []
            super().__init__()

    class MeetingsRead(Message):
        """The year's meetings that can be minuted, to choose one: (label, id)."""

        def __init__(self, choices: list[tuple[str, str]]) -> None:
            self.choices = choices
            super().__init__()

    class CandidatesRead(Message):
        """Who to ask about a conflict of interest under an allocation item."""

        def __init__(self, item_id: int, candidates: list[ConflictCandidate]) -> None:
            self.item_id, self.candidates = item_id, candidates
            super().__init__()

    class SubstitutesRead(Message):
        """Who may take the seat of ``key`` while an item is dealt with: the seat's
        substitutes first, then the others at the meeting."""

        def __init__(self, key: str, name: str, choices: list[tuple[str, str]]) -> None:
            self.key, self.name, self.choices = key, name, choices
            super().__init__()

    def __init__(self, mode: str | None = None) -> None:
        super().__init__(mode)
        self.view: MinuteView | None = None
        self.index = 0
        self.writing = False
        self.holder: LockInfo | None = None
        #: What was typed and is not stored yet (the core's write-behind queue).
        self._writer: MinuteWriter | None = None
        self._save_timer: Timer | None = None
        self._loading = False
        self._used: dict[int, float] = {}
        self._entered = time.monotonic()
        self._resume_cursor: int | None = None
        self._meeting_id: int | None = None
        self._left = False
        #: Where the meeting is when it is checked out (then read-only here), or "".
        self.away = ""
        #: Whether this database holds a checked-out copy of the meeting.
        self.copy = False
        #: The item whose clock runs (``_entered``): shown again after an edit, it goes on.
        self._shown_id: int | None = None
        #: The writer's item this reader last moved to: a reader follows the writer from
        #: item to item, and may look at another item until the writer moves on.
        self._followed: int | None = None
        #: Where the cursor was when a dialog was opened: the dialog's answer puts it back.
        self._return_to: TextArea | None = None
        #: Who to ask about conflicts of interest, per allocation item (read when shown).
        self._candidates: dict[int, list[ConflictCandidate]] = {}
        # Kept as attributes: the flush on exit runs after the widgets are unmounted.
        self._notes = SteadyTextArea(
            "", id="minutes-notes", soft_wrap=True, compact=True, tab_behavior="focus"
        )
        self._decision = SteadyTextArea(
            "", id="minutes-decision", soft_wrap=True, compact=True, tab_behavior="focus"
        )
        #: What was typed and cannot be stored: kept to copy, never written anywhere.
        self._unsaved = SteadyTextArea(
            "", id="minutes-unsaved-text", soft_wrap=True, compact=True, tab_behavior="focus"
        )

    # -- layout ------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield Static(_("Åpner møtet …"), id="minutes-banner", markup=False)
        with Horizontal(id="minutes-body"):
            yield OptionList(id="minutes-agenda")
            with Vertical(id="minutes-item"):
                yield Static("", id="minutes-title", markup=False)
                yield Static("", id="minutes-meta", markup=False)
                yield Static("", id="minutes-prompt", markup=False, classes="-none")
                yield Label(_("Referat"), classes="minutes-label")
                yield self._notes
                yield Label(_("Vedtak (forslaget står til det endres)"), classes="minutes-label")
                yield self._decision
                yield Static("", id="minutes-extra", markup=False)
                with Vertical(id="minutes-unsaved"):
                    yield Label(_("Ikke lagret – kopier før du lukker"), id="minutes-unsaved-label")
                    yield self._unsaved

    @property
    def writer(self) -> MinuteWriter:
        if self._writer is None:
            self._writer = MinuteWriter.for_database(self.sekretariat.database)
        return self._writer

    @property
    def notes(self) -> TextArea:
        return self._notes

    @property
    def decision(self) -> TextArea:
        return self._decision

    @property
    def unsaved(self) -> TextArea:
        return self._unsaved

    def _keep_unsaved(self, text: str) -> None:
        """Add ``text`` to the box of what was not stored, show it and put the cursor there
        at its end, so typing on goes on there."""
        box = self.query_one("#minutes-unsaved")
        first = not box.has_class("-shown")
        box.add_class("-shown")
        self.unsaved.insert(text, self.unsaved.document.end)
        self.unsaved.cursor_location = self.unsaved.document.end
        self.unsaved.focus()
        if first:
            self.notify(
                _(
                    "Du leser med; det du skriver, lagres ikke. Det står i feltet «Ikke lagret», "
                    "så du kan kopiere det. Ctrl+L tar over protokollføringen."
                ),
                severity="warning",
                timeout=10,
            )

    def on_key(self, event: events.Key) -> None:
        """A key typed into the notes or the decision while they take no text (reading
        along, or just displaced) is text, not a command: it goes to the unsaved box
        instead of bubbling up to the number keys and the areas' letters."""
        focused = self.focused
        if self.writing or focused not in (self.notes, self.decision):
            return
        if not (event.is_printable or event.key == "enter"):
            return
        event.stop()
        event.prevent_default()
        self._keep_unsaved("\n" if event.key == "enter" else event.character or "")

    def on_mount(self) -> None:
        self.sekretariat.flush_callbacks.append(self.flush_now)
        self.set_interval(1.0, self._tick, name="minutes-clock")
        self.set_interval(HEARTBEAT_EVERY, self._beat, name="minutes-heartbeat")
        self.set_interval(READ_ALONG_EVERY, self._read_along, name="minutes-read-along")
        self._open()

    def on_unmount(self) -> None:
        if self.flush_now in self.sekretariat.flush_callbacks:
            self.flush_now()
            self.sekretariat.flush_callbacks.remove(self.flush_now)

    def on_screen_suspend(self) -> None:
        if isinstance(self.app.screen, ModalScreen):
            self._save_soon(now=True)  # a dialog over the minutes: keep the lock
            return
        # Leaving the area: save and let go, so someone else can take the minutes. The
        # item's clock stops; it starts again when the area is shown.
        item = self.current
        if item is not None and self.writing:
            self._used[item.id] = self._used.get(item.id, 0.0) + time.monotonic() - self._entered
        self._shown_id = None
        self.flush_now()
        self._left = True

    def on_screen_resume(self) -> None:
        if self._left:
            self._left = False
            self._open()

    # -- opening and the lock -------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        group="minutes-open",
        exit_on_error=False,
        description=_("åpne møtet for protokollføring"),
    )
    def _open(self, take_over: bool = False) -> None:
        db = self.sekretariat.database
        try:
            meeting_id = self._meeting_id or minute_meeting(
                db, self.sekretariat.today, self.sekretariat.meeting_date
            )
            view = load_minutes(db, meeting_id)
        except UserError as exc:
            self.post_message(self.Opened(None, None, None, str(exc)))
            return
        if view.frozen:
            self.post_message(self.Opened(view, None, None))
            return
        out = meeting_checkouts(db).get(meeting_id)
        if out is not None and out.side != LAPTOP:
            self.post_message(self.Opened(view, None, None, away=out.line))
            return
        try:
            lock = acquire_lock(db, meeting_id, take_over=take_over)
        except LockHeld as held:
            self.post_message(self.Opened(view, lock_status(db, meeting_id), held.holder))
            return
        except UserError as exc:  # e.g. a read-only file: say so where the notes would be
            self.post_message(self.Opened(None, None, None, str(exc)))
            return
        self.post_message(self.Opened(view, lock, None, copy=out is not None))

    @on(Opened)
    def _opened(self, message: Opened) -> None:
        banner = self.query_one("#minutes-banner", Static)
        if message.view is None:
            banner.update(message.error)
            return
        view = message.view
        self._meeting_id = view.meeting_id
        self.holder = message.holder
        self.away, self.copy = message.away, message.copy
        self.writing = message.holder is None and not view.frozen and not self.away
        info = _("Møte {date} · {status}").format(
            date=formats.short_date(view.date), status=ui_label(view.status)
        )
        self.query_one("#heading-info", Static).update(escape(info))
        index = view.first_open()
        self._resume_cursor = None
        lock = message.lock
        if lock is not None and lock.item_id is not None:
            for n, item in enumerate(view.items):
                if item.id == lock.item_id:
                    index = n
                    self._resume_cursor = lock.cursor
        if self.view is not None and self.view.meeting_id == view.meeting_id:
            index = self.index
        if message.holder is not None and message.holder.item_id is not None:
            index = self._follow(view, message.holder.item_id, index)
        self._shown_id = None  # opened (again): the item's clock starts now
        self._show_view(view, index)
        self._update_banner()
        if self.writing:
            self.notes.focus()
            if self._resume_cursor is not None:
                self.notes.cursor_location = location_of(self.notes.text, self._resume_cursor)
            else:
                self.notes.cursor_location = location_of(self.notes.text, len(self.notes.text))
        elif self.query_one("#minutes-unsaved").has_class("-shown"):
            self.unsaved.focus()
        else:
            # Where the notes are: what is typed there is kept (``on_key``), while the
            # agenda would take a digit for another area. Esc goes to the agenda.
            self.notes.focus()

    def _update_banner(self) -> None:
        banner = self.query_one("#minutes-banner", Static)
        view = self.view
        if view is None:
            return
        banner.set_class(not self.writing, "-reading")
        if view.frozen:
            approved = formats.short_date(view.minutes_approved) if view.minutes_approved else ""
            banner.update(
                _(
                    "Protokollen er godkjent {date}; den kan ikke endres her "
                    "(rettelser registreres som endringer)."
                ).format(date=approved)
            )
        elif self.away:
            banner.update(
                _("{where}; protokollen kan bare endres der til den er sjekket inn.").format(
                    where=self.away
                )
            )
        elif self.writing and self.copy:
            banner.update(
                _(
                    "Du skriver protokollen i en utsjekket kopi; alt lagres fortløpende. "
                    "t i Møter skriver filen som skal tilbake."
                )
            )
        elif self.writing:
            banner.update(_("Du skriver protokollen. Alt lagres fortløpende."))
        elif self.holder is not None:
            banner.update(
                _("Leser med: {holder}. Ctrl+L tar over, Esc går til sakslisten.").format(
                    holder=holder_message(self.holder)
                )
            )
        else:
            banner.update(
                _("Du leser med. Ctrl+L tar over protokollføringen, Esc går til sakslisten.")
            )
        self.notes.read_only = not self.writing
        self.decision.read_only = not self.writing

    @work(
        thread=True,
        exclusive=True,
        group="minutes-beat",
        exit_on_error=False,
        description=_("holde protokollen"),
    )
    def _beat_worker(self, meeting_id: int, item_id: int | None, cursor: int) -> None:
        try:
            heartbeat(self.sekretariat.database, meeting_id, item_id=item_id, cursor=cursor)
        except LockLost as exc:
            self.post_message(self.Lost(str(exc)))

    def _beat(self) -> None:
        if self.writing and self.view is not None and self.is_current:
            item = self.current
            self._beat_worker(self.view.meeting_id, item.id if item else None, self._cursor())

    @on(Lost)
    def _lost(self, message: Lost) -> None:
        self.writing = False
        # At once: what is typed from now on goes to the unsaved box (``on_key``).
        self.notes.read_only = self.decision.read_only = True
        pending = self.writer.pending()
        self.writer.discard()
        self.notify(message.text, severity="warning", timeout=10)
        if pending:
            self._keep_unsaved(self._unsaved_text(pending))
        self._open()

    def _unsaved_text(self, pending: dict[int, dict[str, str]]) -> str:
        """What the writer typed and could not store, item by item, to copy."""
        names = {"notes": _("referat"), "decision": _("vedtak")}
        titles = {i.id: i.title for i in self.view.items} if self.view is not None else {}
        parts = []
        for item_id, fields in pending.items():
            for field, text in fields.items():
                title = titles.get(item_id, _("Sak"))
                parts.append(f"{title} – {names.get(field, field)}:\n{text}")
        before = "\n\n" if self.unsaved.text else ""
        return before + "\n\n".join(parts)

    @work(
        thread=True,
        exclusive=True,
        group="minutes-read",
        exit_on_error=False,
        description=_("lese protokollen"),
    )
    def _refresh_worker(self, meeting_id: int) -> None:
        db = self.sekretariat.database
        self.post_message(self.Refreshed(load_minutes(db, meeting_id), lock_status(db, meeting_id)))

    def _read_along(self) -> None:
        if not self.writing and self.view is not None and self.is_current and not self.view.frozen:
            self._refresh_worker(self.view.meeting_id)

    @on(Refreshed)
    def _refreshed(self, message: Refreshed) -> None:
        if self.writing:
            return
        self.holder = message.holder if message.holder and message.holder.active else None
        index = self.index
        if self.holder is not None and self.holder.item_id is not None:
            index = self._follow(message.view, self.holder.item_id, index)
        self._show_view(message.view, index)
        self._update_banner()

    def _follow(self, view: MinuteView, item_id: int, index: int) -> int:
        """Where a reader is to be: on the writer's item when the writer has moved to
        another since last time, else where the reader is (``index``)."""
        if item_id == self._followed:
            return index
        self._followed = item_id
        for n, item in enumerate(view.items):
            if item.id == item_id:
                return n
        return index

    def action_take_over(self) -> None:
        if self.view is None or self.writing:
            self.notify(
                _("Du skriver allerede protokollen.") if self.writing else _("Ingen møte er åpent.")
            )
            return
        if self.view.frozen:
            self.notify(_("Protokollen er godkjent og kan ikke endres."), severity="warning")
            return
        if self.away:
            self.notify(
                _("{where}; protokollen skrives der.").format(where=self.away), severity="warning"
            )
            return
        if self.holder is None:
            self._open(take_over=False)
            return
        question = _(
            "{holder}. Vil du ta over? Det som ikke er lagret hos den andre, "
            "kan gå tapt, og den andre kan ikke skrive mer."
        ).format(holder=holder_message(self.holder))

        def answered(yes: bool | None) -> None:
            if yes:
                self._open(take_over=True)

        self._push_dialog(ConfirmDialog(_("Ta over protokollføringen"), question), answered)

    # -- showing ---------------------------------------------------------------------------
    @property
    def current(self) -> MinuteItem | None:
        if self.view is None or not self.view.items:
            return None
        return self.view.items[self.index]

    def _item_line(self, item: MinuteItem) -> str:
        mark = "✔" if item.outcome else "·"
        number = formats.case_number(item.number, self.view.date.year) if self.view else ""
        return escape(f"{mark} {number} {item.title}" if number else f"{mark} {item.title}")

    def _show_view(self, view: MinuteView, index: int) -> None:
        """Show minutes just read: what they say is what was stored, bar what is pending."""
        self.view = view
        self.writer.forget_saved()
        agenda = self.query_one("#minutes-agenda", OptionList)
        agenda.clear_options()
        agenda.add_options([Option(self._item_line(i), id=str(i.id)) for i in view.items])
        if not view.items:
            self.query_one("#minutes-title", Static).update(
                _("Møtet har ingen saker ennå; legg dem inn under Møter (4).")
            )
            return
        self._show_item(min(index, len(view.items) - 1))

    def _show_item(self, index: int) -> None:
        assert self.view is not None
        self.index = index
        item = self.view.items[index]
        if item.id != self._shown_id:
            self._entered = time.monotonic()
            self._shown_id = item.id
        self.query_one("#minutes-agenda", OptionList).highlighted = index
        number = formats.case_label(item.number, self.view.date.year)
        self.query_one("#minutes-title", Static).update(
            f"{number} {item.title}" if number else item.title
        )
        prompt = self.query_one("#minutes-prompt", Static)
        prompt.set_class(not item.prompt_title, "-none")
        prompt.update(prompt_line(item))
        self._loading = True
        # What was typed wins over what the item said when it was read.
        notes = self.writer.text(item.id, "notes", item.notes)
        decision = self.writer.text(item.id, "decision", item.decision_or_proposal)
        if self.notes.text != notes:
            self.notes.load_text(notes)
        if self.decision.text != decision:
            self.decision.load_text(decision)
            # Entering the decision to add to the proposal: the cursor is after its text.
            self.decision.move_cursor(self.decision.document.end)
        self._loading = False
        self._update_meta()
        self._show_extra()
        if item.allocation_run:
            self._read_candidates(item.id)

    def _show_extra(self) -> None:
        """Under the decision: who to ask about conflicts of interest (an allocation
        item), the conflicts as the minutes state them, and the actions."""
        item = self.current
        if item is None:
            return
        extra = []
        asked = self._candidates.get(item.id, [])
        if asked and item.allocation_run:
            extra.append(
                _(
                    "Habilitet ikke vurdert for {name} med eget nettverk eller UH-partner "
                    "i tildelingen (Ctrl+R)."
                ).format(name=asked[0].name)
                if len(asked) == 1
                else _(
                    "Habilitet ikke vurdert for {count} personer med eget nettverk eller "
                    "UH-partner i tildelingen (Ctrl+R)."
                ).format(count=len(asked))
            )
        extra += [c.text(app_language()) for c in item.conflicts]
        extra += [
            _("Oppfølging: {what}").format(what=a.what)
            + (
                f" ({a.owner_name}" + (f", {formats.short_date(a.due)}" if a.due else "") + ")"
                if a.owner_name
                else ""
            )
            for a in item.actions
        ]
        self.query_one("#minutes-extra", Static).update("\n".join(extra))

    @work(
        thread=True,
        exclusive=True,
        group="minutes-candidates",
        exit_on_error=False,
        description=_("finne hvem tildelingen berører"),
    )
    def _read_candidates(self, item_id: int) -> None:
        found = conflict_candidates(self.sekretariat.database, item_id)
        self.post_message(self.CandidatesRead(item_id, found))

    @on(CandidatesRead)
    def _candidates_read(self, message: CandidatesRead) -> None:
        self._candidates[message.item_id] = message.candidates
        item = self.current
        if item is not None and item.id == message.item_id:
            self._show_extra()

    def _update_meta(self) -> None:
        item = self.current
        if item is None:
            return
        used = self._used.get(item.id, 0.0) + (
            time.monotonic() - self._entered if self.writing else 0.0
        )
        outcome = ui_label(item.outcome) if item.outcome else _("ikke satt")
        self.query_one("#minutes-meta", Static).update(
            _("{kind} · Utfall: {outcome} · {clock}").format(
                kind=ui_label(item.kind), outcome=outcome, clock=item_clock(used, item.minutes)
            )
        )

    def _tick(self) -> None:
        if self.view is not None and self.is_current:
            self._update_meta()

    def _cursor(self) -> int:
        return offset_of(self.notes.text, self.notes.cursor_location)

    # -- moving ------------------------------------------------------------------------
    def _go(self, index: int) -> None:
        if self.view is None or not self.view.items or index == self.index:
            return
        item = self.current
        if item is not None and self.writing:
            self._used[item.id] = self._used.get(item.id, 0.0) + time.monotonic() - self._entered
        self._save_soon(now=True)
        self._show_item(index)
        if self.writing:
            self.notes.focus()
            self.notes.cursor_location = location_of(self.notes.text, len(self.notes.text))
            self._beat()

    def action_step(self, delta: int) -> None:
        if self.view is not None and self.view.items:
            self._go(max(0, min(len(self.view.items) - 1, self.index + delta)))

    @on(OptionList.OptionSelected, "#minutes-agenda")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._go(event.option_index)
        if not self.writing:
            self.query_one("#minutes-agenda", OptionList).focus()

    def action_to_agenda(self) -> None:
        self.query_one("#minutes-agenda", OptionList).focus()

    # -- saving ------------------------------------------------------------------------
    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        if self._loading or not self.writing or self.current is None:
            return
        if event.text_area not in (self.notes, self.decision):
            return
        name = "notes" if event.text_area.id == "minutes-notes" else "decision"
        self.writer.edit(self.current.id, name, event.text_area.text)
        self._save_soon()

    def _save_soon(self, now: bool = False) -> None:
        if now:
            if self._save_timer is not None:
                self._save_timer.stop()
                self._save_timer = None
            if self.writer.has_pending:
                self._save_worker()
            return
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_AFTER, self._timer_fired, name="minutes-save")

    def _timer_fired(self) -> None:
        self._save_timer = None
        self._save_worker()

    @work(
        thread=True, group="minutes-save", exit_on_error=False, description=_("lagre protokollen")
    )
    def _save_worker(self) -> None:
        try:
            self.writer.flush()
        except LockLost as exc:
            self.post_message(self.Lost(str(exc)))

    def action_save_now(self) -> None:
        self._save_soon(now=True)

    def flush_now(self) -> None:
        """Write pending text and let go of the lock, synchronously (exit, signals, leaving)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.view is None or not self.writing:
            return
        try:
            self.writer.flush()
        finally:
            item = self.current
            release_lock(
                self.sekretariat.database,
                self.view.meeting_id,
                item_id=item.id if item else None,
                cursor=self._cursor(),
            )
            self.writing = False

    # -- outcome, actions, conflicts, attendance -------------------------------------------
    def _editable(self) -> MinuteItem | None:
        if self.view is None or self.current is None:
            return None
        if not self.writing:
            if self.away:
                self.notify(
                    _("{where}; protokollen skrives der.").format(where=self.away),
                    severity="warning",
                )
            else:
                self.notify(_("Du leser med; ta over (Ctrl+L) for å skrive."), severity="warning")
            return None
        return self.current

    @work(
        thread=True, group="minutes-edit", exit_on_error=False, description=_("lagre i protokollen")
    )
    def _edit(self, do: Callable[[Database], object], meeting_id: int, done: str = "") -> None:
        self.writer.flush()
        do(self.sekretariat.database)
        view = load_minutes(self.sekretariat.database, meeting_id)
        self.post_message(self.Edited(view, done))

    def _push_dialog(self, dialog: ModalScreen[T], answered: Callable[[T | None], None]) -> None:
        """Open a dialog over the minutes, remembering which field the cursor was in, so
        that what is typed after the answer goes on there."""
        focused = self.focused
        self._return_to = focused if isinstance(focused, TextArea) else None
        self.app.push_screen(dialog, answered)

    @on(Edited)
    def _after_edit(self, message: Edited) -> None:
        self._show_view(message.view, self.index)
        back = self._return_to
        self._return_to = None
        (back if back in (self.notes, self.decision) else self.notes).focus()
        if message.done:
            self.notify(message.done)

    def action_outcome(self) -> None:
        item = self._editable()
        if item is None:
            return
        choices = [(ui_label(o), o) for o in ITEM_OUTCOMES]

        meeting_id = self.view.meeting_id if self.view else 0

        def chosen(value: str | None) -> None:
            if value:
                fields = {"outcome": value, "decision": self.decision.text}
                if value == "noted" and self.decision.text == item.proposal:
                    fields["decision"] = ""
                self._edit(
                    lambda db: save_item(db, item.id, fields),
                    meeting_id,
                    _("Utfall: {outcome}.").format(outcome=ui_label(value)),
                )

        self._push_dialog(ChoiceDialog(_("Utfall"), choices, selected=item.outcome or None), chosen)

    def action_action(self) -> None:
        item = self._editable()
        if item is None:
            return
        meeting_id = self.view.meeting_id if self.view else 0

        def validate(v: dict[str, str]) -> str | None:
            if not v["what"].strip():
                return _("Skriv hva som skal gjøres.")
            return refusal(parse_due, v["due"])

        spec = FormSpec(
            _("Nytt oppfølgingspunkt"),
            [
                FormField("what", _("Hva")),
                FormField("owner", _("Ansvarlig")),
                FormField("due", _("Frist"), placeholder=_("DD.MM.ÅÅÅÅ")),
            ],
            hint=_("Ansvarlig: et navn eller en personnøkkel."),
            validate=validate,
        )

        def saved(values: dict[str, str] | None) -> None:
            if values:
                self._edit(
                    lambda db: add_action(
                        db, item.id, values["what"], values["owner"], parse_due(values["due"])
                    ),
                    meeting_id,
                    _("Oppfølgingspunktet er lagt til."),
                )

        self._push_dialog(FormDialog(spec), saved)

    @work(thread=True, group="minutes-people", exit_on_error=False, description=_("lese oppmøtet"))
    def _people(self, meeting_id: int, purpose: str, item_id: int | None = None) -> None:
        db = self.sekretariat.database
        _, rows = load_attendance(db, meeting_id)
        found = conflict_candidates(db, item_id) if item_id is not None else []
        self.post_message(self.PeopleRead(rows, purpose, found))

    @on(PeopleRead)
    def _choose_person(self, message: PeopleRead) -> None:
        item, rows = self.current, message.rows
        if item is None or self.view is None:
            return
        meeting_id = self.view.meeting_id
        if message.purpose == "conflict":
            self._choose_conflict(rows, message.candidates)
            return
        if message.purpose == "departure":
            self._choose_departure(rows)
            return
        names = {r.key: r.name for r in rows}
        dialog = AttendanceDialog(meeting_id, rows)

        def closed(key: str | None) -> None:
            if key == NEW_GUEST_KEY:
                self._add_guest(meeting_id)
                return
            guest = guest_id(key) if key else None
            if guest is not None:
                self._confirm_remove_guest(meeting_id, guest, names.get(key or "", ""))
                return
            if dialog.changed:
                # Stored by the dialog; the minutes read again (and focus goes back).
                self._edit(lambda db: None, meeting_id)

        self._push_dialog(dialog, closed)

    def _add_guest(self, meeting_id: int) -> None:
        """A guest not in the register (an innleder, a visitor): name and organisation only,
        so they are recorded without being put in the register of people."""

        def validate(v: dict[str, str]) -> str | None:
            return None if v["name"].strip() else _("Skriv gjestens navn.")

        spec = FormSpec(
            _("Gjest utenfra"),
            [FormField("name", _("Navn")), FormField("organisation", _("Organisasjon"))],
            hint=_("En gjest som ikke står i personregisteret."),
            validate=validate,
        )

        def saved(values: dict[str, str] | None) -> None:
            if values:
                name, organisation = values["name"], values["organisation"]
                self._edit(
                    lambda db: add_guest(db, meeting_id, name, organisation),
                    meeting_id,
                    _("Gjest registrert: {name}.").format(name=name.strip()),
                )

        self._push_dialog(FormDialog(spec), saved)

    def _confirm_remove_guest(self, meeting_id: int, attendance_id: int, name: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._edit(
                    lambda db: remove_guest(db, attendance_id),
                    meeting_id,
                    _("Gjesten {name} er fjernet.").format(name=name),
                )

        self._push_dialog(
            ConfirmDialog(
                _("Fjerne gjest"), _("Fjerne gjesten {name} fra oppmøtet?").format(name=name)
            ),
            answered,
        )

    def _choose_departure(self, rows: list[AttendanceRow]) -> None:
        """Who leaves now: those in the room; the time is now, the item the current one."""
        item, view = self.current, self.view
        if item is None or view is None:
            return
        meeting_id = view.meeting_id
        number = formats.case_label(item.number, view.date.year)
        during = number.replace("Sak", "sak", 1) if number else f"«{item.title}»"
        choices = [
            (f"{r.name} – {ui_label(r.status)}", r.key)
            for r in rows
            if r.status in IN_THE_ROOM and guest_id(r.key) is None
        ]
        if not choices:
            self.notify(_("Ingen er registrert som til stede ennå (Ctrl+G)."), severity="warning")
            return

        def chosen(key: str | None) -> None:
            if key:
                at = self.clock_now()
                self._edit(
                    lambda db: record_departure(db, meeting_id, key, at=at, during=during),
                    meeting_id,
                    _("Registrert: gikk kl. {time} under {during}.").format(
                        time=formats.clock(at), during=during
                    ),
                )

        lead = _("Klokka nå, under {during}.").format(during=during)
        self._push_dialog(ChoiceDialog(_("Hvem går?"), choices, lead=lead), chosen)

    def _choose_conflict(
        self, rows: list[AttendanceRow], candidates: list[ConflictCandidate]
    ) -> None:
        """Whose habilitet: those the allocation affects first (with why), then the others
        at the meeting; those already recorded under the item are not offered."""
        item = self.current
        if item is None:
            return
        done = {c.person_key for c in item.conflicts}
        first = {c.person for c in candidates}
        names = {r.key: r.name for r in rows} | {c.person: c.name for c in candidates}
        choices = [(f"{c.name} – {c.reason}", c.person) for c in candidates]
        choices += [
            (f"{r.name} – {r.seat or ui_label(r.status)}", r.key)
            for r in rows
            if r.status in ("present", "substitute", "") and r.key not in first | done
        ]
        others = [(r.name, r.key) for r in rows if r.status in ("present", "substitute", "")]

        def chosen(key: str | None) -> None:
            if key:
                self._read_substitutes(key, names.get(key, key), others)

        lead = _("Berørt av tildelingen står først.") if candidates else ""
        self._push_dialog(ChoiceDialog(_("Hvem gjelder habiliteten?"), choices, lead=lead), chosen)

    @work(
        thread=True,
        group="minutes-people",
        exit_on_error=False,
        description=_("lese setets varaer"),
    )
    def _read_substitutes(self, key: str, name: str, others: list[tuple[str, str]]) -> None:
        assert self.view is not None
        subs: list[Candidate] = substitutes_for(self.sekretariat.database, self.view.date, key)
        choices = [
            (_("{name} (vara, {seat})").format(name=c.name, seat=c.seat), c.key) for c in subs
        ]
        seen = {c.key for c in subs} | {key}
        choices += [(n, k) for n, k in others if k not in seen]
        self.post_message(self.SubstitutesRead(key, name, choices))

    @on(SubstitutesRead)
    def _conflict_form(self, message: SubstitutesRead) -> None:
        item = self.current
        if item is None or self.view is None:
            return
        meeting_id, key = self.view.meeting_id, message.key

        def store(values: dict[str, str]) -> object:
            self.writer.flush()
            return add_conflict(
                self.sekretariat.database,
                item.id,
                key,
                values["note"],
                ground=values["ground"],
                decided_by=values["decided_by"],
                disqualified=values["decision"] == "inhabil",
                substitute=values["substitute"],
            )

        def stored(values: dict[str, str] | None) -> None:
            if values:
                self._edit(lambda db: None, meeting_id, _("Habiliteten er registrert."))

        self._push_dialog(ConflictDialog(message.name, message.choices, store), stored)

    # -- another meeting -----------------------------------------------------------------
    def action_choose_meeting(self) -> None:
        years = {self.sekretariat.today.year}
        if self.view is not None:
            years.add(self.view.date.year)
        self._read_meetings(min(years) - 1, max(years) + 1)

    @work(
        thread=True,
        exclusive=True,
        group="minutes-meetings",
        exit_on_error=False,
        description=_("lese møtene å velge mellom"),
    )
    def _read_meetings(self, first: int, last: int) -> None:
        """The meetings from the year before to the year after: in January the minutes of
        November are still being finished, in December January's meeting is prepared."""
        db = self.sekretariat.database
        rows = [r for year in range(first, last + 1) for r in load_year(db, year).meetings]
        choices = [
            (
                f"{formats.short_date(r.date)} · {ui_label(r.status)} · "
                + formats.count(r.items, _("sak"), _("saker")),
                str(r.id),
            )
            for r in rows
            if r.status != "cancelled"  # a cancelled meeting has no minutes
        ]
        self.post_message(self.MeetingsRead(choices))

    @on(MeetingsRead)
    def _choose_meeting(self, message: MeetingsRead) -> None:
        current = str(self.view.meeting_id) if self.view is not None else None

        def chosen(value: str | None) -> None:
            if value is None or value == current:
                return
            # Leaving this meeting as when leaving the area: what is typed is stored and
            # the lock let go, so someone else may take these minutes.
            try:
                self.flush_now()
            except LockLost as exc:
                self.post_message(self.Lost(str(exc)))
                return
            self._meeting_id = int(value)
            self._used.clear()
            self._shown_id = None
            self._open()

        self._push_dialog(
            ChoiceDialog(
                _("Protokoll for møtet"),
                message.choices,
                selected=current,
                empty=_("Det er ingen møter dette året."),
            ),
            chosen,
        )

    def action_conflict(self) -> None:
        item = self._editable()
        if item is not None and self.view is not None:
            self._people(self.view.meeting_id, "conflict", item.id if item.allocation_run else None)

    def clock_now(self) -> dt.time:
        """The time of day a departure is recorded with (a test sets it)."""
        return dt.datetime.now().time().replace(second=0, microsecond=0)

    def action_departure(self) -> None:
        if self._editable() is not None and self.view is not None:
            self._people(self.view.meeting_id, "departure")

    def action_attendance(self) -> None:
        if self._editable() is not None and self.view is not None:
            self._people(self.view.meeting_id, "attendance")
