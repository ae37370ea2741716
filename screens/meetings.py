"""Møter: the year's meetings and the annual cycle's deadlines, and every action on a
meeting (dates, status, facilitator, summons, calendar) from the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from sekretariat import formats
from sekretariat.domain import meetings
from sekretariat.domain.checkout import LAPTOP, CheckoutInfo, cancel_checkout, meeting_checkouts
from sekretariat.domain.meetings import Candidate, MeetingRow, YearView
from sekretariat.domain.overview import is_ahead
from sekretariat.exchange.checkout import (
    CheckinConflicts,
    FieldConflict,
    check_in,
    check_out,
    checkin_file,
    default_checkin_filename,
    default_filename,
)
from sekretariat.i18n import app_language, ui_label
from sekretariat.i18n import ui as _
from widgets.dialog import ChoiceDialog, ConfirmDialog, FormDialog, FormField, FormSpec, refusal
from widgets.panel import Panel
from widgets.table import Table

from .agenda import AgendaScreen
from .base import AreaScreen
from .checkin_conflicts import Choices, ConflictDialog
from .meeting_attendance import AttendanceScreen
from .meeting_dialogs import MeetingDocumentExport, with_suffix
from .prompts import PromptsScreen

#: What each status change is called where the user chooses it.
STATUS_ACTIONS = {
    "summoned": _("Send innkalling (saksnumrene blir faste)"),
    "held": _("Møtet er avholdt"),
    "approved": _("Protokollen er godkjent"),
    "cancelled": _("Avlys møtet (det blir stående som avlyst)"),
    "planned": _("Gjenopprett som planlagt"),
}

#: Status words short enough for the table at 80 columns.
SHORT_STATUS = {"approved": _("Godkjent")}
#: What the status cell says about a meeting checked out to a laptop.
CHECKED_OUT = _("Utsjekket")
#: The status column is as wide as its longest word in the app's language (9 in bokmål);
#: the place column gives up what it takes, so the table still fits 80 columns.
STATUS_WIDTH = max(
    len(word)
    for word in (
        CHECKED_OUT,
        *SHORT_STATUS.values(),
        *(ui_label(s) for s in STATUS_ACTIONS if s not in SHORT_STATUS),
    )
)

#: Rich styles for the status cell (plain styles: they survive NO_COLOR).
STATUS_STYLE = {"cancelled": "dim strike", "summoned": "bold"}


class MeetingsScreen(MeetingDocumentExport, AreaScreen):
    """The meeting plan for one year; Enter opens a meeting's agenda."""

    MODE = "meetings"
    READS_WHEN_SHOWN = True
    BINDINGS = [
        Binding(
            "enter",
            "agenda",
            _("Saksliste"),
            tooltip=_("Åpne sakslisten for møtet"),
            priority=True,
            id="meetings.agenda",
        ),
        Binding("a", "add", _("Nytt"), tooltip=_("Legg til et møte på en dato"), id="meetings.add"),
        Binding(
            "e",
            "edit",
            _("Rediger"),
            tooltip=_("Tid, sted, møteleder, fasilitator og læringsfokus"),
            id="meetings.edit",
        ),
        Binding(
            "s",
            "status",
            _("Status"),
            tooltip=_("Send innkalling, avholdt, godkjent, avlys"),
            id="meetings.status",
        ),
        Binding(
            "o",
            "attendance",
            _("Oppmøte"),
            tooltip=_("Hvem som møter, forfall og vara"),
            id="meetings.attendance",
        ),
        Binding(
            "i",
            "summons",
            _("Innkalling"),
            tooltip=_("Eksporter innkallingen (PDF, Word, HTML, Markdown)"),
            id="meetings.summons",
        ),
        Binding(
            "r",
            "minutes",
            _("Protokoll"),
            tooltip=_("Eksporter protokollen (PDF, Word, HTML, Markdown)"),
            id="meetings.minutes",
        ),
        Binding(
            "k",
            "calendar",
            _("Kalender"),
            tooltip=_("Skriv kalenderfil (.ics) for møtet eller året"),
            show=False,
            id="meetings.calendar",
        ),
        Binding(
            "m",
            "move",
            _("Flytt"),
            tooltip=_("Flytt møtet til en annen dato"),
            show=False,
            id="meetings.move",
        ),
        Binding(
            "x",
            "cancel",
            _("Avlys"),
            tooltip=_("Avlys møtet (det blir stående som avlyst)"),
            show=False,
            id="meetings.cancel",
        ),
        Binding(
            "f",
            "facilitator",
            _("Fasilitator"),
            tooltip=_("Foreslå og velg fasilitator"),
            show=False,
            id="meetings.facilitator",
        ),
        Binding(
            "g",
            "generate",
            _("Lag året"),
            tooltip=_("Lag årets møter etter årshjulet"),
            show=False,
            id="meetings.generate",
        ),
        Binding(
            "l",
            "prompts",
            _("Spørsmål"),
            tooltip=_("Biblioteket av refleksjonsspørsmål"),
            show=False,
            id="meetings.prompts",
        ),
        Binding(
            "u",
            "check_out",
            _("Sjekk ut"),
            tooltip=_("Sjekk ut møtet til en bærbar: protokollføring uten nett"),
            show=False,
            id="meetings.check_out",
        ),
        Binding(
            "t",
            "check_in",
            _("Sjekk inn"),
            tooltip=_("Sjekk inn fra bærbar; på den bærbare: skriv filen som skal tilbake"),
            show=False,
            id="meetings.check_in",
        ),
        Binding(
            "b",
            "cancel_checkout",
            _("Avbryt utsjekk"),
            tooltip=_("Avbryt utsjekken (mistet bærbar); filen kan da ikke sjekkes inn"),
            show=False,
            id="meetings.cancel_checkout",
        ),
        Binding(
            "p",
            "year(-1)",
            _("Forrige år"),
            tooltip=_("Vis forrige år"),
            show=False,
            id="meetings.previous_year",
        ),
        Binding(
            "n",
            "year(1)",
            _("Neste år"),
            tooltip=_("Vis neste år"),
            show=False,
            id="meetings.next_year",
        ),
        Binding(
            "minus",
            "year(-1)",
            _("Forrige år"),
            tooltip=_("Vis forrige år"),
            show=False,
            id="meetings.year_back",
        ),
        Binding(
            "plus",
            "year(1)",
            _("Neste år"),
            tooltip=_("Vis neste år"),
            show=False,
            id="meetings.year_next",
        ),
    ]

    DEFAULT_CSS = """
    #meetings-table { height: 1fr; scrollbar-size-vertical: 1; }
    #meeting-detail { height: auto; padding: 0 1; color: $text-muted; }
    #meetings-cycle { max-height: 7; }
    """

    class Loaded(Message):
        """The year's meetings and annual cycle were read (and which meetings are out)."""

        def __init__(self, view: YearView, mark: int, checkouts: dict[int, CheckoutInfo]) -> None:
            self.view, self.mark = view, mark
            self.checkouts = checkouts
            super().__init__()

    class Conflicts(Message):
        """A check-in found fields both sides changed: nothing was checked in yet."""

        def __init__(self, path: Path, conflicts: list[FieldConflict]) -> None:
            self.path, self.conflicts = path, conflicts
            super().__init__()

    class Changed(Message):
        """A meeting was stored: say ``text``, read the year again, highlight ``select``."""

        def __init__(self, text: str, select: int | None = None) -> None:
            self.text = text
            self.select = select
            super().__init__()

    class MembersRead(Message):
        """The voting members on a meeting's date and the suggested facilitator, read to
        fill the meeting form (``purpose`` "edit") or the facilitator choice."""

        def __init__(
            self,
            meeting: MeetingRow,
            members: list[Candidate],
            suggestion: Candidate | None,
            purpose: str,
        ) -> None:
            self.meeting, self.members, self.suggestion = meeting, members, suggestion
            self.purpose = purpose
            super().__init__()

    class CalendarWritten(Message):
        def __init__(self, path: Path, count: int) -> None:
            self.path, self.count = path, count
            super().__init__()

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.view: YearView | None = None
        self._select_id: int | None = None
        #: Meetings checked out from here, or copies received here, by id.
        self.checkouts: dict[int, CheckoutInfo] = {}

    def compose_body(self) -> ComposeResult:
        table = Table(id="meetings-table", zebra_stripes=True)
        table.add_column(_("Dato"), key="date", width=10)
        table.add_column(_("Tid"), key="time", width=11)
        table.add_column(_("Sted"), key="place", width=16 - max(STATUS_WIDTH - 9, 0))
        table.add_column(_("Status"), key="status", width=STATUS_WIDTH)
        table.add_column(_("Saker"), key="items", width=5)
        table.add_column(_("Fasilitator"), key="facilitator")
        yield table
        yield Static("", id="meeting-detail")
        yield Panel(_("Årshjulet"), id="meetings-cycle")

    def on_screen_resume(self) -> None:
        self.read_when_shown()

    def read_again(self) -> None:
        self.load()

    # -- reading ---------------------------------------------------------------------
    def load(self, select: int | None = None) -> None:
        """Read the year (first time: the year of the next meeting from today)."""
        if select is not None:
            self._select_id = select
        self.read_year(self.year, self.sekretariat.today)

    # Reads can overlap (the screen resumes while a write is still running, and the write
    # reads again when done): only the newest one started may fill the table.
    @work(
        thread=True,
        exclusive=True,
        group="meetings-read",
        exit_on_error=False,
        description=_("lese møteplanen"),
    )
    def read_year(self, year: int | None, today: dt.date) -> None:
        db = self.sekretariat.database
        mark = db.change_mark()
        view = meetings.load_year(db, meetings.opening_year(db, today) if year is None else year)
        checkouts = meeting_checkouts(db)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(view, mark, checkouts))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        view = message.view
        self.read_mark = message.mark
        keep = self._select_id if self._select_id is not None else self.current_id()
        self.view = view
        self.checkouts = message.checkouts
        self.year = view.year
        table = self.query_one("#meetings-table", Table)
        today = self.sekretariat.today
        target = 0
        rows = []
        for index, m in enumerate(view.meetings):
            dim = "dim" if m.status == "cancelled" else ""
            rows.append(
                (
                    str(m.id),
                    (
                        Text(formats.short_date(m.date), style=dim),
                        Text(formats.time_span(m.start, m.end).removeprefix("kl. "), style=dim),
                        Text(m.where, style=dim),
                        self._status_cell(m),
                        Text(str(m.items), style=dim, justify="right"),
                        Text(m.facilitator, style=dim),
                    ),
                )
            )
            if keep is not None and m.id == keep:
                target = index
            elif keep is None and not is_ahead(m.date, m.status, today) and m.date <= today:
                target = min(index + 1, len(view.meetings) - 1)
        self._select_id = None
        table.set_rows(rows, cursor=rows[target][0] if rows else None)
        count = formats.count(len(view.meetings), _("møte"), _("møter"))
        self.query_one("#heading-info", Static).update(f"{view.year} · {count}")
        self.query_one("#meetings-cycle", Panel).border_title = _("Årshjulet {year}").format(
            year=view.year
        )
        self.query_one("#meetings-cycle", Panel).update(cycle_text(view))
        self.show_detail()

    def current(self) -> MeetingRow | None:
        if self.view is None or not self.view.meetings:
            return None
        table = self.query_one("#meetings-table", Table)
        row = table.cursor_row
        if 0 <= row < min(len(self.view.meetings), table.row_count):
            key = table.coordinate_to_cell_key((row, 0)).row_key.value
            return next((m for m in self.view.meetings if str(m.id) == key), None)
        return None

    def current_id(self) -> int | None:
        m = self.current()
        return m.id if m else None

    @on(Table.RowHighlighted, "#meetings-table")
    def show_detail(self) -> None:
        m = self.current()
        detail = self.query_one("#meeting-detail", Static)
        if m is None:
            detail.update(
                _("Ingen møter er lagt inn for året. Trykk g for å lage dem etter årshjulet.")
            )
            return
        focus = m.learning_focus or _("[$text-warning]ikke satt[/]")
        if m.learning_focus:
            focus = escape(focus)
        chair = (
            _("Møteleder: {name}").format(name=escape(m.chair)) if m.chair else _("Møteleder: –")
        )
        text = _("Læringsfokus: {focus}\n{chair} · {duration} planlagt").format(
            focus=focus, chair=chair, duration=formats.duration(m.planned_minutes)
        )
        out = self.checkouts.get(m.id)
        if out is not None:
            text += f"\n[$text-warning]{escape(checkout_line(out))}[/]"
        detail.update(text)

    def _status_cell(self, m: MeetingRow) -> Text:
        out = self.checkouts.get(m.id)
        if out is not None and out.side != LAPTOP:
            return Text(CHECKED_OUT, style="bold reverse")
        return Text(
            SHORT_STATUS.get(m.status, ui_label(m.status)), style=STATUS_STYLE.get(m.status, "")
        )

    def need_meeting(self) -> MeetingRow | None:
        m = self.current()
        if m is None:
            self.notify(
                _("Velg et møte først (eller trykk g for å lage årets møter)."),
                severity="warning",
            )
        return m

    @on(Changed)
    def changed(self, message: Changed) -> None:
        self.notify(message.text)
        self.load(message.select)

    # -- actions -----------------------------------------------------------------------
    def action_year(self, delta: int) -> None:
        if self.year is not None:
            self.year += delta
            self.load()

    def action_agenda(self) -> None:
        m = self.need_meeting()
        if m is not None:
            self.app.push_screen(AgendaScreen(m.id))

    def action_attendance(self) -> None:
        m = self.need_meeting()
        if m is not None:
            self.app.push_screen(AttendanceScreen(m.id))

    def action_prompts(self) -> None:
        self.app.push_screen(PromptsScreen())

    def action_generate(self) -> None:
        self.generate_year(self.year or self.sekretariat.today.year)

    @work(
        thread=True, group="meetings-write", exit_on_error=False, description=_("lage årets møter")
    )
    def generate_year(self, year: int) -> None:
        dates = meetings.generate_year(self.sekretariat.database, year)
        if dates:
            listed = ", ".join(formats.short_date(d) for d in dates)
            text = _("La inn {count} for {year}: {dates}.").format(
                count=formats.count(len(dates), _("møte"), _("møter")), year=year, dates=listed
            )
        else:
            text = _("Alle møtene i årshjulet for {year} er allerede lagt inn.").format(year=year)
        self.post_message(self.Changed(text))

    def _ask_date(self, title: str, value: str, then: Callable[[dt.date], object]) -> None:
        spec = FormSpec(
            title,
            [FormField("date", _("Dato"), value, placeholder="DD.MM.ÅÅÅÅ")],
            validate=lambda v: refusal(formats.parse_date, v["date"]),
        )

        def answered(values: dict[str, str] | None) -> None:
            if values is not None:
                then(formats.parse_date(values["date"]))

        self.app.push_screen(FormDialog(spec), answered)

    def action_add(self) -> None:
        def add(day: dt.date) -> None:
            self.year = day.year
            self.add_meeting(day)

        self._ask_date(_("Nytt møte"), "", add)

    @work(
        thread=True, group="meetings-write", exit_on_error=False, description=_("legge inn møtet")
    )
    def add_meeting(self, day: dt.date) -> None:
        meeting_id = meetings.add_meeting(self.sekretariat.database, day)
        self.post_message(
            self.Changed(
                _("Møtet {date} er lagt inn med de faste sakene.").format(
                    date=formats.short_date(day)
                ),
                meeting_id,
            )
        )

    def action_move(self) -> None:
        m = self.need_meeting()
        if m is None:
            return

        def move(day: dt.date) -> None:
            self.year = day.year
            self.move_meeting(m.id, day)

        self._ask_date(
            _("Flytt møtet {date}").format(date=formats.short_date(m.date)),
            formats.short_date(m.date),
            move,
        )

    @work(thread=True, group="meetings-write", exit_on_error=False, description=_("flytte møtet"))
    def move_meeting(self, meeting_id: int, day: dt.date) -> None:
        meetings.move_meeting(self.sekretariat.database, meeting_id, day)
        self.post_message(
            self.Changed(
                _("Møtet er flyttet til {date}.").format(
                    date=formats.long_date(day, lang=app_language())
                ),
                meeting_id,
            )
        )

    def action_status(self) -> None:
        m = self.need_meeting()
        if m is None:
            return
        choices = [(STATUS_ACTIONS[s], s) for s in meetings.TRANSITIONS.get(m.status, ())]
        if not choices:
            self.notify(
                _("Protokollen for møtet {date} er godkjent; statusen kan ikke endres.").format(
                    date=formats.short_date(m.date)
                ),
                severity="warning",
            )
            return

        def chosen(new: str | None) -> None:
            if new is not None:
                self.change_status(m, new, self.sekretariat.today)

        self.app.push_screen(
            ChoiceDialog(
                _("Status for møtet {date}").format(date=formats.short_date(m.date)),
                choices,
                lead=status_lead(m, self.view.meetings if self.view else []),
            ),
            chosen,
        )

    @work(thread=True, group="meetings-write", exit_on_error=False, description=_("endre status"))
    def change_status(self, m: MeetingRow, new: str, today: dt.date) -> None:
        numbered = meetings.set_status(self.sekretariat.database, m.id, new, today)
        text = _("Møtet {date}: {status}.").format(
            date=formats.short_date(m.date), status=ui_label(new).lower()
        )
        if new == "summoned":
            text += " " + _("{count} fikk saksnummer.").format(
                count=formats.count(numbered, _("sak"), _("saker"))
            )
        self.post_message(self.Changed(text, m.id))

    def action_cancel(self) -> None:
        m = self.need_meeting()
        if m is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.cancel_meeting(m, self.sekretariat.today)

        self.app.push_screen(
            ConfirmDialog(
                _("Avlys møtet"),
                _("Avlyse møtet {date}? Det blir stående i møteplanen som avlyst.").format(
                    date=formats.long_date(m.date, lang=app_language())
                ),
            ),
            answer,
        )

    @work(thread=True, group="meetings-write", exit_on_error=False, description=_("avlyse møtet"))
    def cancel_meeting(self, m: MeetingRow, today: dt.date) -> None:
        meetings.set_status(self.sekretariat.database, m.id, "cancelled", today)
        text = _("Møtet {date} er avlyst.").format(date=formats.short_date(m.date))
        self.post_message(self.Changed(text, m.id))

    def action_edit(self) -> None:
        m = self.need_meeting()
        if m is not None:
            self.read_members(m, "edit")

    def action_facilitator(self) -> None:
        m = self.need_meeting()
        if m is not None:
            self.read_members(m, "facilitator")

    @work(
        thread=True,
        exclusive=True,
        group="meetings-members",
        exit_on_error=False,
        description=_("lese representantene"),
    )
    def read_members(self, m: MeetingRow, purpose: str) -> None:
        db = self.sekretariat.database
        members = meetings.voting_members(db, m.date)
        suggestion = meetings.suggest_for(db, m.date)
        self.post_message(self.MembersRead(m, members, suggestion, purpose))

    @on(MembersRead)
    def members_read(self, message: MembersRead) -> None:
        if message.purpose == "edit":
            self._edit_form(message.meeting, message.members, message.suggestion)
        else:
            self._choose_facilitator(message.meeting, message.members, message.suggestion)

    def _edit_form(
        self, m: MeetingRow, members: list[Candidate], suggestion: Candidate | None
    ) -> None:
        def people(current: str, suggest: bool) -> tuple[tuple[str, str], ...]:
            opts = [(_("(ingen)"), "")]
            keys = {c.key for c in members}
            if current and current not in keys:
                opts.append((current, current))
            for c in members:
                if suggest and suggestion and c.key == suggestion.key:
                    opts.append((_("{name}  (forslag)").format(name=c.name), c.key))
                else:
                    opts.append((c.name, c.key))
            return tuple(opts)

        facilitator = m.facilitator_key or (suggestion.key if suggestion else "")

        def validate(v: dict[str, str]) -> str | None:
            start, end = v["start"].strip(), v["end"].strip()
            if start and (said := refusal(formats.parse_time, start, _("Starttiden"))):
                return said
            if end and (said := refusal(formats.parse_time, end, _("Sluttiden"))):
                return said
            return None

        spec = FormSpec(
            _("Møtet {date}").format(date=formats.long_date(m.date, lang=app_language())),
            [
                FormField(
                    "start",
                    _("Starter"),
                    formats.clock(m.start) if m.start else "",
                    placeholder="09.00",
                ),
                FormField(
                    "end",
                    _("Slutter"),
                    formats.clock(m.end) if m.end else "",
                    placeholder="15.00",
                ),
                FormField("place", _("Sted"), m.place),
                FormField("video_link", _("Videolenke"), m.video_link, placeholder="https://…"),
                FormField("learning_focus", _("Læringsfokus"), m.learning_focus, "text", lines=2),
                FormField(
                    "chair", _("Møteleder"), m.chair_key, "select", people(m.chair_key, False)
                ),
                FormField(
                    "facilitator",
                    _("Fasilitator"),
                    facilitator,
                    "select",
                    people(m.facilitator_key, True),
                ),
            ],
            hint=_("Læringsfokus: én setning om hva forumet skal lære i møtet."),
            validate=validate,
        )

        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return
            fields: dict[str, Any] = dict(values)
            for name in ("start", "end"):
                typed = values[name].strip()
                fields[name] = formats.parse_time(typed) if typed else None
            done = _("Møtet {date} er lagret.").format(date=formats.short_date(m.date))
            self.update_meeting(m, fields, done, m.row_version)

        self.app.push_screen(FormDialog(spec), save)

    @work(thread=True, group="meetings-write", exit_on_error=False, description=_("lagre møtet"))
    def update_meeting(
        self, m: MeetingRow, fields: dict[str, Any], done: str, seen: int | None = None
    ) -> None:
        meetings.update_meeting(self.sekretariat.database, m.id, fields, seen_version=seen)
        self.post_message(self.Changed(done, m.id))

    def _choose_facilitator(
        self, m: MeetingRow, members: list[Candidate], suggestion: Candidate | None
    ) -> None:
        choices = []
        if suggestion is not None:
            choices.append(
                (
                    _("{name}  (forslag: har fasilitert minst)").format(name=suggestion.name),
                    suggestion.key,
                )
            )
        choices += [
            (f"{c.name} – {c.seat}", c.key)
            for c in members
            if not suggestion or c.key != suggestion.key
        ]
        choices.append((_("(ingen fasilitator)"), ""))

        def chosen(key: str | None) -> None:
            if key is not None:
                day = formats.short_date(m.date)
                name = next((c.name for c in members if c.key == key), None)
                done = (
                    _("Fasilitator {date}: {name}.").format(date=day, name=name)
                    if name is not None
                    else _("Fasilitator {date}: ingen.").format(date=day)
                )
                self.update_meeting(m, {"facilitator": key}, done)

        self.app.push_screen(
            ChoiceDialog(
                _("Fasilitator {date}").format(date=formats.short_date(m.date)),
                choices,
                lead=_(
                    "Fasiliteringen går på omgang: forslaget er den som har fasilitert minst, "
                    "deretter lengst siden."
                ),
                selected=m.facilitator_key or (suggestion.key if suggestion else None),
            ),
            chosen,
        )

    def action_summons(self) -> None:
        m = self.need_meeting()
        if m is not None:
            self.ask_summons(m.id, m.date)

    def action_minutes(self) -> None:
        m = self.need_meeting()
        if m is not None:
            self.ask_minutes(m.id, m.date)

    def action_calendar(self) -> None:
        # The calendar writer brings icalendar and the document writers (0.6 s): loaded
        # when a calendar file is asked for, not when the area is built.
        from sekretariat.documents.calendar_files import default_filename, slug

        m = self.current()
        year = self.year or self.sekretariat.today.year
        forum = slug(self.sekretariat.title or "forum")
        scopes: list[tuple[str, str]] = [(_("Hele året {year}").format(year=year), "year")]
        if m is not None:
            scopes.insert(0, (_("Møtet {date}").format(date=formats.short_date(m.date)), "meeting"))
        first = m.date.isoformat() if m is not None else str(year)
        spec = FormSpec(
            _("Kalenderfil (.ics)"),
            [
                FormField("scope", _("Hva"), scopes[0][1], "select", tuple(scopes)),
                FormField("path", _("Fil"), str(Path.cwd() / f"{forum}-{first}.ics")),
            ],
            hint=_("Invitasjonen får representantenes e-postadresser på møtedatoen."),
            validate=lambda v: None if v["path"].strip() else _("Skriv hvor filen skal lagres."),
        )

        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return
            whole = values["scope"] == "year" or m is None
            path = with_suffix(values["path"], "ics")
            if whole and path.name == f"{forum}-{first}.ics":
                path = path.with_name(default_filename(forum, year=year))
            self.write_calendar(path, year if whole else None, None if whole or m is None else m.id)

        self.app.push_screen(FormDialog(spec), save)

    @work(thread=True, group="export", exit_on_error=False, description=_("skrive kalenderfilen"))
    def write_calendar(self, path: Path, year: int | None, meeting_id: int | None) -> None:
        from sekretariat.documents.calendar_files import export_ics  # loaded by the action

        written, count = export_ics(
            self.sekretariat.database, path, year=year, meeting_id=meeting_id
        )
        self.post_message(self.CalendarWritten(written, count))

    @on(CalendarWritten)
    def calendar_written(self, message: CalendarWritten) -> None:
        self.notify(
            _("Kalenderfil med {count} skrevet til {path}.").format(
                count=formats.count(message.count, _("møte"), _("møter")), path=message.path
            )
        )

    # -- taking the meeting to a laptop and back ------------------------------------------
    def _ask_file(self, title: str, name: str, hint: str, then: Callable[[Path], object]) -> None:
        spec = FormSpec(
            title,
            [FormField("path", _("Fil"), str(Path.cwd() / name))],
            hint=hint,
            validate=lambda v: None if v["path"].strip() else _("Skriv hvilken fil det gjelder."),
        )

        def answered(values: dict[str, str] | None) -> None:
            if values is not None:
                then(Path(values["path"].strip()).expanduser())

        self.app.push_screen(FormDialog(spec), answered)

    def action_check_out(self) -> None:
        m = self.need_meeting()
        if m is None:
            return
        out = self.checkouts.get(m.id)
        if out is not None:
            if out.side == LAPTOP:
                text = _("Dette er den utsjekkede kopien; t skriver filen som skal tilbake.")
            else:
                text = _("Møtet {date}: {checkout}.").format(
                    date=formats.short_date(m.date), checkout=out.line
                )
            self.notify(text, severity="warning")
            return
        self._ask_file(
            _("Sjekk ut møtet {date}").format(date=formats.short_date(m.date)),
            default_filename(m.date),
            _(
                "Filen tar med møtet, sakslisten, deltakerne og åpne oppfølgingspunkter. "
                "Protokollen blir skrivebeskyttet her til møtet er sjekket inn (t)."
            ),
            lambda path: self.write_checkout(m, path),
        )

    @work(
        thread=True, group="meetings-write", exit_on_error=False, description=_("sjekke ut møtet")
    )
    def write_checkout(self, m: MeetingRow, path: Path) -> None:
        done = check_out(self.sekretariat.database, m.date, path, self.sekretariat.today)
        text = _(
            "Møtet {date} er sjekket ut til {path}. Åpne filen på "
            "den bærbare med «sekretariat --db bærbar.db import {name}»."
        ).format(date=formats.short_date(m.date), path=done.path, name=done.path.name)
        self.post_message(self.Changed(text, m.id))

    def action_check_in(self) -> None:
        m = self.need_meeting()
        if m is None:
            return
        out = self.checkouts.get(m.id)
        name = default_checkin_filename(m.date)
        if out is not None and out.side == LAPTOP:
            self._ask_file(
                _("Filen som skal tilbake"),
                name,
                _(
                    "Filen får det som er endret her siden utsjekken. "
                    "Sjekk den inn på serveren (t i Møter, eller «sekretariat checkin FIL»)."
                ),
                lambda path: self.write_checkin_file(m, path),
            )
            return
        self._ask_file(
            _("Sjekk inn fra den bærbare"),
            name,
            _(
                "Filen skrevet på den bærbare (t der, eller «sekretariat checkin-file»). "
                "Felt som er endret begge steder, velger du side for før noe tas inn."
            ),
            lambda path: self.read_checkin(path, None),
        )

    @work(
        thread=True,
        group="meetings-write",
        exit_on_error=False,
        description=_("skrive filen som skal tilbake"),
    )
    def write_checkin_file(self, m: MeetingRow, path: Path) -> None:
        written, rows = checkin_file(self.sekretariat.database, path, m.date)
        what = formats.count(rows, _("endret rad"), _("endrede rader"))
        text = _("Skrev {file} ({rows}). Sjekk den inn på serveren.").format(
            file=written, rows=what
        )
        self.post_message(self.Changed(text, m.id))

    @work(
        thread=True, group="meetings-write", exit_on_error=False, description=_("sjekke inn møtet")
    )
    def read_checkin(self, path: Path, choices: Choices | None) -> None:
        try:
            result = check_in(self.sekretariat.database, path, choices)
        except CheckinConflicts as exc:
            self.post_message(self.Conflicts(path, exc.conflicts))
            return
        self.post_message(self.Changed(result.text))

    @on(Conflicts)
    def conflicts_found(self, message: Conflicts) -> None:
        def chosen(choices: Choices | None) -> None:
            if choices is not None:
                self.read_checkin(message.path, choices)
            else:
                self.notify(_("Ingenting er sjekket inn."), severity="warning")

        self.app.push_screen(ConflictDialog(message.conflicts), chosen)

    def action_cancel_checkout(self) -> None:
        m = self.need_meeting()
        if m is None:
            return
        out = self.checkouts.get(m.id)
        if out is None or out.side == LAPTOP:
            self.notify(
                _("Møtet {date} er ikke sjekket ut.").format(date=formats.short_date(m.date)),
                severity="warning",
            )
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.cancel_checkout(m)

        self.app.push_screen(
            ConfirmDialog(
                _("Avbryt utsjekken"),
                _(
                    "Møtet {date}: {checkout}. Avbryte utsjekken? "
                    "Protokollen kan da skrives her igjen, men filen fra den bærbare kan ikke "
                    "sjekkes inn; det som er skrevet der, må legges inn for hånd. "
                    "Bruk dette når den bærbare er mistet."
                ).format(date=formats.short_date(m.date), checkout=out.line),
            ),
            answer,
        )

    @work(
        thread=True, group="meetings-write", exit_on_error=False, description=_("avbryte utsjekken")
    )
    def cancel_checkout(self, m: MeetingRow) -> None:
        cancel_checkout(self.sekretariat.database, m.date)
        text = _("Utsjekken av møtet {date} er avbrutt.").format(date=formats.short_date(m.date))
        self.post_message(self.Changed(text, m.id))


def checkout_line(out: CheckoutInfo) -> str:
    """What the detail line says about a meeting that is out, or a copy received here."""
    if out.side == LAPTOP:
        return _("Utsjekket kopi ({checkout}); t skriver filen som skal tilbake.").format(
            checkout=out.line.lower()
        )
    return _("{checkout} (protokollen skrives der).").format(checkout=out.line)


def status_lead(m: MeetingRow, year: list[MeetingRow]) -> str:
    """The current status, and a warning when the summons would go out of order: case
    numbers follow the order summonses are sent in, not the order of the meetings."""
    text = _("Nå: {status}.").format(status=ui_label(m.status))
    if m.status == "planned":
        earlier = [r for r in year if r.date < m.date and r.status == "planned"]
        if earlier:
            text += " " + _(
                "Obs: møtet {date} er ikke innkalt ennå; "
                "saksnumrene gis i den rekkefølgen innkallingene sendes."
            ).format(date=formats.short_date(earlier[0].date))
    return text


def cycle_text(view: YearView) -> str:
    """The year's deadlines and tasks (meetings are in the table), and dates not stored."""
    lines = []
    for e in view.events:
        if e.kind == "meeting":
            continue
        style = "$text-warning" if e.kind == "deadline" else ""
        title = escape(e.title)
        lines.append(
            f"{formats.short_date(e.date)}  " + (f"[{style}]{title}[/]" if style else title)
        )
    if view.missing:
        dates = ", ".join(formats.short_date(d) for d in view.missing)
        lines.append(
            _("[$text-warning]Ikke lagt inn etter årshjulet: {dates} (g lager dem)[/]").format(
                dates=dates
            )
        )
    return "\n".join(lines) or _("[$foreground-muted]Ingen frister dette året.[/]")
