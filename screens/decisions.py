"""Decisions (vedtak): the register across meetings, open follow-ups, and minutes approval.

Three tabs: every decision, searchable by text, year and kind, each with its meeting;
the follow-up actions still open, markable as done; and each held meeting's minutes,
which can be approved (then frozen) and later corrected only by a recorded amendment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from sekretariat import formats
from sekretariat.domain import decision_register
from sekretariat.domain.decision_register import ActionRow, DecisionRow, MinutesRow
from sekretariat.domain.minutes import (
    add_amendment,
    approve_minutes,
    reflection,
    set_action_done,
    set_reflection,
)
from sekretariat.errors import UserError
from sekretariat.i18n import ui as _
from sekretariat.i18n import ui_label
from sekretariat.labels import ITEM_KINDS
from widgets.dialog import AnswerT, FramedDialog
from widgets.steady_keys import SteadyInput
from widgets.tab_bar import TabBar
from widgets.table import Cell, Table

from .base import AreaScreen
from .meeting_dialogs import MeetingDocumentExport
from .year_summary import YearSummaryScreen

#: Decisions shown at once; search, year and kind narrow the register down.
MAX_ROWS = 300

#: The tabs: (key, label, the widgets it shows).
TABS = (
    ("tab-decisions", _("Vedtak"), ("#decisions-search", "#decisions-filter", "#decisions-table")),
    ("tab-actions", _("Oppfølging"), ("#actions-table",)),
    ("tab-minutes", _("Protokoller"), ("#minutes-table",)),
)
#: The table of each tab.
TAB_TABLES = {key: shown[-1] for key, _label, shown in TABS}

Rows = list[tuple[str, tuple[Cell, ...]]]


def decision_rows(decisions: list[DecisionRow]) -> Rows:
    return [
        (
            str(r.item_id),
            (
                formats.compact_date(r.meeting_date),
                r.case or "–",
                r.title[:28],
                ui_label(r.outcome) or "–",
                " ".join(r.text.split())[:60],
            ),
        )
        for r in decisions[:MAX_ROWS]
    ]


def action_rows(actions: list[ActionRow], today: dt.date) -> Rows:
    rows: Rows = []
    for a in actions:
        status = (
            _("utført {date}").format(date=formats.compact_date(a.done))
            if a.done
            else (_("forfalt") if a.overdue(today) else _("åpen"))
        )
        due = formats.compact_date(a.due) if a.due else "–"
        rows.append(
            (
                str(a.id),
                (
                    due,
                    a.what[:40],
                    a.owner[:18],
                    a.case or formats.compact_date(a.meeting_date),
                    status,
                ),
            )
        )
    return rows


def minutes_rows(minutes: list[MinutesRow]) -> Rows:
    return [
        (
            str(m.meeting_id),
            (formats.short_date(m.date), m.state, str(m.decisions), str(m.amendments or "")),
        )
        for m in minutes
    ]


class DecisionDialog(FramedDialog[None]):
    """One decision in full, with its meeting."""

    def __init__(self, row: DecisionRow) -> None:
        day = formats.short_date(row.meeting_date)
        super().__init__(
            f"{row.case} {row.title}".strip(),
            _(
                "Esc lukker. Møtet {day} finnes under Møter (4) og protokollen med "
                "«sekretariat minutes {iso}»."
            ).format(day=day, iso=row.meeting_date.isoformat()),
        )
        self.row = row

    def compose_body(self) -> ComposeResult:
        r = self.row
        parts = (
            _("Møte {date}").format(date=formats.short_date(r.meeting_date)),
            ui_label(r.kind),
            ui_label(r.outcome) or _("uten utfall"),
            _("protokoll godkjent") if r.approved else _("protokoll ikke godkjent"),
        )
        yield Static(" · ".join(parts), classes="dialog-hint", markup=False)
        with VerticalScroll():
            yield Static(_("[b]Vedtak[/b]") + f"\n{escape(r.text)}")
            if r.proposal and r.proposal != r.text:
                yield Static("\n" + _("[b]Forslag til vedtak[/b]") + f"\n{escape(r.proposal)}")
            if r.notes:
                yield Static("\n" + _("[b]Notater fra møtet[/b]") + f"\n{escape(r.notes)}")


class StoringDialog(FramedDialog[AnswerT]):
    """A dialog whose answer is stored (by ``store``, in a worker) before it closes.

    A refusal of the core (a ``UserError``: the date is before the meeting, the minutes are
    not approved yet) is shown under the field and what was typed stays: the user mends it
    rather than typing it all again after a notice.
    """

    class Stored(Message):
        pass

    class Refused(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, title: str, store: Callable[[AnswerT], object]) -> None:
        super().__init__(title)
        self.store = store
        self.answer: AnswerT | None = None

    def store_answer(self, answer: AnswerT) -> None:
        self.answer = answer
        self.show_note(_("Lagrer …"))
        self._store(answer)

    @work(
        thread=True,
        exclusive=True,
        group="store-dialog",
        exit_on_error=False,
        description=_("lagre"),
    )
    def _store(self, answer: AnswerT) -> None:
        try:
            self.store(answer)
        except UserError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Stored())

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.show_error(message.text)

    @on(Stored)
    def _stored(self) -> None:
        self.dismiss(self.answer)


class ApproveDialog(StoringDialog[tuple[dt.date, str]]):
    """Approve draft minutes: the date, and whether in a meeting or by e-mail."""

    HINT = _("Enter godkjenner · Esc avbryter. Godkjent protokoll kan ikke endres.")

    def __init__(
        self,
        day: dt.date,
        today: dt.date,
        store: Callable[[tuple[dt.date, str]], object],
        undecided: int = 0,
    ) -> None:
        super().__init__(
            _("Godkjenn protokollen fra {date}").format(date=formats.short_date(day)), store
        )
        self.day = day
        self.today = today
        self.undecided = undecided

    def compose_body(self) -> ComposeResult:
        if self.undecided:
            items = formats.count(self.undecided, _("sak"), _("saker"))
            yield Static(
                _(
                    "Merk: {items} har ikke utfall ennå; sett det med Ctrl+O under "
                    "Protokollføring (5) før protokollen låses."
                ).format(items=items),
                classes="dialog-lead",
                markup=False,
            )
        yield Label(_("Dato for godkjenningen (DD.MM.ÅÅÅÅ)"))
        yield SteadyInput(formats.short_date(self.today), id="approve-date", compact=True)
        yield Label(_("Hvordan: m = i møte, e = på e-post"))
        yield SteadyInput("m", id="approve-how", compact=True, max_length=1)

    @on(Input.Submitted)
    def submit(self) -> None:
        try:
            day = formats.parse_date(self.query_one("#approve-date", Input).value)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        how = {"m": "meeting", "e": "email"}.get(
            self.query_one("#approve-how", Input).value.strip().lower()
        )
        if how is None:
            self.show_error(_("Skriv m (i møte) eller e (på e-post)."))
            return
        self.store_answer((day, how))


class AmendDialog(StoringDialog[str]):
    """One line of text for the minutes: a correction, or what the forum reflected on."""

    HINT = _("Enter lagrer · Esc avbryter")

    def __init__(
        self,
        title: str,
        placeholder: str,
        store: Callable[[str], object],
        value: str = "",
        empty: str | None = None,
    ) -> None:
        super().__init__(title, store)
        self.placeholder = placeholder
        self.value = value
        self.empty = _("Skriv hva rettelsen gjelder.") if empty is None else empty

    def compose_body(self) -> ComposeResult:
        yield SteadyInput(self.value, placeholder=self.placeholder, id="amend-text", compact=True)

    def save_on_quit(self) -> str | None:
        """Quitting with a correction or reflection typed stores it (not an approval:
        that is a decision, never taken by quitting)."""
        text = self.query_one("#amend-text", Input).value.strip()
        if not text or text == self.value.strip():
            return None
        try:
            self.store(text)
        except UserError as exc:
            self.show_error(str(exc))
            return str(exc)
        return None

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.show_error(self.empty)
            return
        self.store_answer(event.value.strip())


class DecisionsScreen(MeetingDocumentExport, AreaScreen):
    """The register of decisions, the open follow-ups and the minutes to approve."""

    MODE = "decisions"
    READS_WHEN_SHOWN = True
    AUTO_FOCUS = "#decisions-table"
    DEFAULT_CSS = """
    #decisions-search { margin: 0 1; }
    #decisions-filter { height: 1; padding: 0 1; color: $text-muted; }
    DecisionsScreen Table { height: 1fr; width: 100%; }
    """
    BINDINGS = [
        Binding("f2", "tab('tab-decisions')", _("Vedtak"), id="decisions.tab_decisions"),
        Binding("f3", "tab('tab-actions')", _("Oppfølging"), id="decisions.tab_actions"),
        Binding("f4", "tab('tab-minutes')", _("Protokoller"), id="decisions.tab_minutes"),
        Binding("enter", "show", _("Vis"), show=False, id="decisions.show"),
        Binding("minus", "year(-1)", _("Forrige år"), show=False, id="decisions.year_back"),
        Binding("plus", "year(1)", _("Neste år"), show=False, id="decisions.year_next"),
        Binding(
            "ctrl+k",
            "kind",
            _("Type"),
            show=False,
            tooltip=_("Bytt sakstype i filteret"),
            id="decisions.kind",
        ),
        Binding(
            "d",
            "done",
            _("Utført"),
            tooltip=_("Merk oppfølgingen som utført (eller åpne igjen)"),
            id="decisions.done",
        ),
        Binding("a", "all_actions", _("Vis utførte"), show=False, id="decisions.all_actions"),
        Binding(
            "g",
            "approve",
            _("Godkjenn"),
            tooltip=_("Godkjenn protokollen"),
            id="decisions.approve",
        ),
        Binding(
            "r",
            "amend",
            _("Rettelse"),
            tooltip=_("Før inn en rettelse i godkjent protokoll"),
            id="decisions.amend",
        ),
        Binding(
            "e",
            "export_minutes",
            _("Eksporter"),
            tooltip=_("Skriv protokollen til fil (PDF, Word, HTML, Markdown)"),
            id="decisions.export_minutes",
        ),
        Binding(
            "f",
            "reflection",
            _("Refleksjon"),
            show=False,
            tooltip=_("Skriv hva forumet reflekterte over (til protokollen)"),
            id="decisions.reflection",
        ),
        Binding(
            "f5",
            "year_summary",
            _("Sammenstilling"),
            tooltip=_("Sammenstilling av årsrapportene for et år (tall, tiltak, måloppnåelse)"),
            id="decisions.year_summary",
        ),
    ]

    class Done(Message):
        """A change was stored: say ``text`` and read the register again."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class ReflectionRead(Message):
        """What a meeting's reflection says so far, read to edit it."""

        def __init__(self, meeting_id: int, day: dt.date, text: str) -> None:
            self.meeting_id, self.day, self.text = meeting_id, day, text
            super().__init__()

    class Loaded(Message):
        """The register as read, with each table's rows built (in the worker)."""

        def __init__(
            self,
            decisions: list[DecisionRow],
            actions: list[ActionRow],
            minutes: list[MinutesRow],
            years: list[int],
            rows: dict[str, Rows],
            mark: int,
        ) -> None:
            self.decisions = decisions
            self.actions = actions
            self.minutes = minutes
            self.years = years
            #: Each table's rows, by the table's id.
            self.rows = rows
            self.mark = mark
            super().__init__()

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.kind: str | None = None
        self.all_actions = False
        self.years: list[int] = []
        self.rows: dict[str, DecisionRow] = {}
        self.action_rows: dict[str, ActionRow] = {}
        self.minutes_rows: dict[str, MinutesRow] = {}
        self._timer: Timer | None = None
        #: The tab shown, and the rows read for each table (a hidden one is filled when
        #: its tab is shown).
        self.tab = "tab-decisions"
        self._rows: dict[str, Rows] = {}

    def compose_body(self) -> ComposeResult:
        yield TabBar([(key, text) for key, text, _ in TABS], id="decisions-tabs")
        yield SteadyInput(
            placeholder=_("Søk i vedtak, forslag og notater …"),
            id="decisions-search",
            select_on_focus=False,
            compact=True,
        )
        yield Static("", id="decisions-filter")
        yield Table(id="decisions-table")
        for table_id in ("actions-table", "minutes-table"):
            table = Table(id=table_id)
            table.display = False
            yield table

    def on_mount(self) -> None:
        self.query_one("#decisions-table", Table).add_columns(
            _("Møte"), _("Sak"), _("Tittel"), _("Utfall"), _("Vedtak")
        )
        self.query_one("#actions-table", Table).add_columns(
            _("Frist"), _("Hva"), _("Ansvarlig"), _("Fra"), _("Status")
        )
        self.query_one("#minutes-table", Table).add_columns(
            _("Møte"), _("Protokoll"), _("Vedtak"), _("Rettelser")
        )
        # No read here: the screen is resumed right after it is mounted, which reads.

    def on_screen_resume(self) -> None:
        self.read_when_shown()

    def read_again(self) -> None:
        self.load()

    # -- loading ------------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        group="decisions",
        exit_on_error=False,
        description=_("lese vedtakene"),
    )
    def load(self) -> None:
        db = self.sekretariat.database
        mark = db.change_mark()
        search = self.query_one("#decisions-search", Input).value if self.is_mounted else ""
        decisions = decision_register.decisions(
            db, search=search, year=self.year, kind=self.kind, limit=MAX_ROWS + 1
        )
        actions = decision_register.actions(db, include_done=self.all_actions)
        minutes = decision_register.minutes_list(db)
        rows = {
            "#decisions-table": decision_rows(decisions),
            "#actions-table": action_rows(actions, self.sekretariat.today),
            "#minutes-table": minutes_rows(minutes),
        }
        self.post_message(
            self.Loaded(decisions, actions, minutes, decision_register.years(db), rows, mark)
        )

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        today = self.sekretariat.today
        self.read_mark = message.mark
        self.years = message.years
        self.rows = {str(r.item_id): r for r in message.decisions[:MAX_ROWS]}
        self.action_rows = {str(a.id): a for a in message.actions}
        self.minutes_rows = {str(m.meeting_id): m for m in message.minutes}
        self._rows = dict(message.rows)
        self._fill(TAB_TABLES[self.tab])
        self.refresh_bindings()
        more = len(message.decisions) > MAX_ROWS
        what = _("år {year}").format(year=self.year) if self.year else _("alle år")
        kind = f", {ui_label(self.kind).lower()}" if self.kind else ""
        count = (_("de nyeste {count} vedtak") if more else _("{count} vedtak")).format(
            count=MAX_ROWS if more else len(message.decisions)
        )
        self.query_one("#decisions-filter", Static).update(
            f"{count} · {what}{kind}  " + _("(−/+ år, Ctrl+K type)")
        )
        open_count = sum(1 for a in message.actions if a.done is None)
        overdue = sum(1 for a in message.actions if a.overdue(today))
        points = formats.count(
            open_count, _("åpent oppfølgingspunkt"), _("åpne oppfølgingspunkter")
        )
        self.query_one("#heading-info", Static).update(
            _("{points}, {overdue} forfalt").format(points=points, overdue=overdue)
        )

    def _fill(self, table_id: str) -> None:
        """Put the rows read for a table into it (a hidden table waits until it is shown)."""
        rows = self._rows.pop(table_id, None)
        if rows is not None:
            self.query_one(table_id, Table).set_rows(rows)

    def on_key(self, event: events.Key) -> None:
        """A letter typed in the register's table starts or extends the search.

        The one-letter commands belong to the other tabs; on the register a typed word is
        a search, as in the people list, and never runs «d», «a», «g» ... one by one.
        """
        table = self.query_one("#decisions-table", Table)
        character = event.character
        if (
            self.tab == "tab-decisions"
            and self.focused is table
            and event.is_printable
            and character is not None
            and character.isalpha()
        ):
            search = self.query_one("#decisions-search", Input)
            search.value += character
            search.focus()
            search.cursor_position = len(search.value)
            event.stop()
            event.prevent_default()

    @on(Input.Submitted, "#decisions-search")
    def _search_done(self) -> None:
        self.query_one("#decisions-table", Table).focus()

    @on(Input.Changed, "#decisions-search")
    def searched(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.2, self.load)

    # -- actions ------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.tab = tab
        self.query_one("#decisions-tabs", TabBar).active = tab
        for key, _label, shown in TABS:
            for selector in shown:
                self.query_one(selector).display = key == tab
        self._fill(TAB_TABLES[tab])
        self.query_one(TAB_TABLES[tab], Table).focus()

    @on(TabBar.Clicked, "#decisions-tabs")
    def _tab_clicked(self, event: TabBar.Clicked) -> None:
        self.action_tab(event.key)

    def _selected(self, table_id: str, rows: dict) -> object | None:
        table = self.query_one(table_id, Table)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return rows.get(key or "")

    def action_show(self) -> None:
        row = self._selected("#decisions-table", self.rows)
        if row is not None:
            self.app.push_screen(DecisionDialog(row))  # type: ignore[arg-type]

    @on(Table.RowSelected, "#decisions-table")
    def chosen(self) -> None:
        self.action_show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Approving approved minutes, or amending a draft, is not offered (dimmed)."""
        if action in ("approve", "amend") and self.tab == "tab-minutes" and self.is_mounted:
            row = self._selected("#minutes-table", self.minutes_rows)
            if isinstance(row, MinutesRow) and (row.status == "approved") == (action == "approve"):
                return None
        return True

    @on(Table.RowHighlighted, "#minutes-table")
    def _minutes_highlighted(self) -> None:
        self.refresh_bindings()

    def action_year(self, step: int) -> None:
        options: list[int | None] = [None, *sorted(self.years, reverse=True)]
        index = options.index(self.year) if self.year in options else 0
        self.year = options[(index - step) % len(options)]
        self.load()

    def action_kind(self) -> None:
        options: list[str | None] = [None, *ITEM_KINDS]
        self.kind = options[(options.index(self.kind) + 1) % len(options)]
        self.load()

    def action_all_actions(self) -> None:
        self.all_actions = not self.all_actions
        self.notify(
            _("Viser også utførte oppfølgingspunkter.")
            if self.all_actions
            else _("Viser bare åpne oppfølgingspunkter.")
        )
        self.load()

    def action_done(self) -> None:
        row = self._selected("#actions-table", self.action_rows)
        if row is None:
            self.notify(_("Velg et oppfølgingspunkt under Oppfølging (F3)."), severity="warning")
            return
        self.mark_done(row.id, None if row.done else self.sekretariat.today)  # type: ignore[attr-defined]

    @work(
        thread=True,
        exclusive=True,
        group="decisions-write",
        exit_on_error=False,
        description=_("merke oppfølgingen"),
    )
    def mark_done(self, action_id: int, day: dt.date | None) -> None:
        set_action_done(self.sekretariat.database, action_id, day)
        self.post_message(self.Done(_("Merket som utført.") if day else _("Åpnet igjen.")))

    @on(Done)
    def done(self, message: Done) -> None:
        self.notify(message.text)
        self.load()

    def action_approve(self) -> None:
        row = self._selected("#minutes-table", self.minutes_rows)
        if row is None:
            self.notify(_("Velg et møte under Protokoller (F4)."), severity="warning")
            return
        meeting_id, day = row.meeting_id, row.date  # type: ignore[attr-defined]
        db, today = self.sekretariat.database, self.sekretariat.today

        def store(answer: tuple[dt.date, str]) -> None:
            approve_minutes(db, meeting_id, *answer, today=today)

        def answered(answer: tuple[dt.date, str] | None) -> None:
            if answer is not None:
                self.done(self.Done(_("Protokollen er godkjent og låst.")))

        self.app.push_screen(
            ApproveDialog(day, self.sekretariat.today, store, row.undecided),  # type: ignore[attr-defined]
            answered,
        )

    def action_export_minutes(self) -> None:
        row = self._selected("#minutes-table", self.minutes_rows)
        if row is None:
            self.notify(_("Velg et møte under Protokoller (F4)."), severity="warning")
            return
        self.ask_minutes(row.meeting_id, row.date)  # type: ignore[attr-defined]

    def action_year_summary(self) -> None:
        self.app.push_screen(YearSummaryScreen())

    def action_amend(self) -> None:
        row = self._selected("#minutes-table", self.minutes_rows)
        if row is None:
            self.notify(_("Velg et møte under Protokoller (F4)."), severity="warning")
            return
        meeting_id, day = row.meeting_id, row.date  # type: ignore[attr-defined]
        db, today = self.sekretariat.database, self.sekretariat.today

        def store(text: str) -> None:
            add_amendment(db, meeting_id, text, today)

        def answered(text: str | None) -> None:
            if text:
                self.done(self.Done(_("Rettelsen er ført inn; den står i protokollen.")))

        self.app.push_screen(
            AmendDialog(
                _("Rettelse til protokollen fra {date}").format(date=formats.short_date(day)),
                _("Hva rettes, og hvordan?"),
                store,
            ),
            answered,
        )

    def action_reflection(self) -> None:
        row = self._selected("#minutes-table", self.minutes_rows)
        if row is None:
            self.notify(_("Velg et møte under Protokoller (F4)."), severity="warning")
            return
        self.edit_reflection(row.meeting_id, row.date)  # type: ignore[attr-defined]

    @work(
        thread=True,
        exclusive=True,
        group="decisions",
        exit_on_error=False,
        description=_("lese refleksjonen"),
    )
    def edit_reflection(self, meeting_id: int, day: dt.date) -> None:
        current = reflection(self.sekretariat.database, meeting_id)
        self.post_message(self.ReflectionRead(meeting_id, day, current))

    @on(ReflectionRead)
    def _ask_reflection(self, message: ReflectionRead) -> None:
        meeting_id = message.meeting_id
        db = self.sekretariat.database

        def store(text: str) -> None:
            set_reflection(db, meeting_id, text)

        def answered(text: str | None) -> None:
            if text:
                self.done(self.Done(_("Refleksjonen er lagret og står i protokollen.")))

        self.app.push_screen(
            AmendDialog(
                _("Hva forumet reflekterte over {date}").format(
                    date=formats.short_date(message.day)
                ),
                _("Det viktigste forumet lærte eller drøftet …"),
                store,
                message.text,
                _("Skriv noen ord om refleksjonen."),
            ),
            answered,
        )
