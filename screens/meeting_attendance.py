"""Oppmøte: who is expected at a meeting (the seats on its date and the secretariat),
who came, who sent notice of absence (forfall), and which substitute came for whom."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from sekretariat import formats
from sekretariat.domain.meetings import (
    AttendanceRow,
    Candidate,
    add_guest,
    guest_id,
    load_attendance,
    people,
    remove_guest,
    set_attendance,
    substitutes_for,
    toggled_attendance,
    voting_present,
)
from sekretariat.errors import UserError
from sekretariat.i18n import ui as _
from sekretariat.i18n import ui_label
from widgets.dialog import ChoiceDialog, FormDialog, FormField, FormSpec
from widgets.table import Table

from .meeting_base import MeetingSubScreen
from .minutes_dialogs import NEW_GUEST, NEW_GUEST_KEY


class AttendanceScreen(MeetingSubScreen):
    """Attendance for one meeting; the heading counts voting members present."""

    HEADING = _("Oppmøte")
    BINDINGS = [
        Binding(
            "t",
            "mark('present')",
            _("Til stede"),
            tooltip=_("Registrer som til stede (Enter: til stede, igjen: forfall)"),
            id="attendance.present",
        ),
        Binding(
            "f",
            "mark('absent_notice')",
            _("Forfall"),
            tooltip=_("Registrer forfall"),
            id="attendance.notice",
        ),
        Binding(
            "v",
            "substitute",
            _("Vara"),
            tooltip=_("Registrer vara som møter for representanten"),
            id="attendance.substitute",
        ),
        Binding(
            "b",
            "mark('observer')",
            _("Observatør"),
            tooltip=_("Registrer som observatør"),
            id="attendance.observer",
        ),
        Binding(
            "s",
            "mark('secretariat')",
            _("Sekretariat"),
            tooltip=_("Registrer som sekretariat"),
            id="attendance.secretariat",
        ),
        Binding(
            "m",
            "mark('absent')",
            _("Ikke møtt"),
            tooltip=_("Registrer som ikke møtt (uten forfall)"),
            id="attendance.absent",
        ),
        Binding("g", "guest", _("Gjest"), tooltip=_("Legg til en gjest"), id="attendance.guest"),
        Binding(
            "x", "mark('')", _("Fjern"), tooltip=_("Fjern registreringen"), id="attendance.clear"
        ),
    ]

    DEFAULT_CSS = """
    #attendance-table { height: 1fr; scrollbar-size-vertical: 1; }
    #attendance-hint { height: 1; padding: 0 1; color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, day: dt.date, rows: list[AttendanceRow], select: str | None) -> None:
            self.day, self.rows, self.select = day, rows, select
            super().__init__()

    class Changed(Message):
        """Attendance was registered: say ``text`` (if any), read again, highlight ``select``."""

        def __init__(self, text: str, select: str | None) -> None:
            self.text, self.select = text, select
            super().__init__()

    class PeopleRead(Message):
        """Who can be chosen: as a substitute for ``row`` (its seat's substitutes first), or
        as a guest (``row`` None)."""

        def __init__(
            self, row: AttendanceRow | None, substitutes: list[Candidate], everyone: list[Candidate]
        ) -> None:
            self.row, self.substitutes, self.everyone = row, substitutes, everyone
            super().__init__()

    def __init__(self, meeting_id: int) -> None:
        super().__init__(id="screen-attendance")
        self.meeting_id = meeting_id
        self.day: dt.date | None = None
        self.rows: list[AttendanceRow] = []

    def compose_body(self) -> ComposeResult:
        table = Table(id="attendance-table")
        table.add_column(_("Navn"), key="name", width=24)
        table.add_column(_("Sete"), key="seat", width=22)
        table.add_column(_("Status"), key="status")
        yield table
        yield Static(
            _("Enter: til stede / forfall. Forventet: setene på møtedatoen og sekretariatet."),
            id="attendance-hint",
        )

    def on_mount(self) -> None:
        self.load()

    @work(
        thread=True,
        exclusive=True,
        group="attendance-read",
        exit_on_error=False,
        description=_("lese oppmøtet"),
    )
    def load(self, select: str | None = None) -> None:
        day, rows = load_attendance(self.sekretariat.database, self.meeting_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(day, rows, select))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        day, rows = message.day, message.rows
        self.day, self.rows = day, rows
        table = self.query_one("#attendance-table", Table)
        keep = message.select or (self.current().key if self.current() else None)
        lines = []
        for r in rows:
            seat = r.seat + (f", {r.region_name}" if r.region_name else "")
            if guest_id(r.key) is not None:
                seat = r.note  # a guest not in the register: their organisation
            if not r.voting and r.seat and r.seat != "Sekretariat":
                seat += _(" (obs.)")
            if r.status == "substitute" and r.for_name:
                status: str | Text = _("Vara for {name}").format(name=r.for_name)
            elif r.status:
                status = Text(ui_label(r.status), style="bold" if r.counts else "")
            else:
                status = Text(_("ikke registrert"), style="dim")
            name: str | Text = r.name
            if r.secretariat and r.seat != "Sekretariat":
                name = Text(r.name)
                name.append(_(" (sekr.)"), style="dim")
            lines.append((r.key, (name, seat, status)))
        table.set_rows(lines, cursor=keep)
        voting = sum(1 for r in rows if r.voting and r.expected)
        self.set_heading(
            _("Oppmøte {date}").format(date=formats.short_date(day)),
            _("Stemmeberettigede til stede: {present} av {voting}").format(
                present=voting_present(rows), voting=voting
            ),
        )

    def current(self) -> AttendanceRow | None:
        if not self.rows:
            return None
        row = self.query_one("#attendance-table", Table).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    @work(
        thread=True,
        group="attendance-write",
        exit_on_error=False,
        description=_("registrere oppmøtet"),
    )
    def register(
        self, key: str, status: str, for_key: str = "", text: str = "", select: str | None = None
    ) -> None:
        guest = guest_id(key)
        if guest is None:
            set_attendance(self.sekretariat.database, self.meeting_id, key, status, for_key=for_key)
        elif status:
            raise UserError(_("En gjest utenfra registreres bare som gjest; x fjerner gjesten."))
        else:
            remove_guest(self.sekretariat.database, guest)
            text = text or _("Gjesten er fjernet.")
        self.post_message(self.Changed(text, select))

    @work(
        thread=True,
        group="attendance-write",
        exit_on_error=False,
        description=_("registrere gjesten"),
    )
    def register_guest(self, name: str, organisation: str) -> None:
        guest = add_guest(self.sekretariat.database, self.meeting_id, name, organisation)
        done = _("Gjest registrert: {name}.").format(name=name.strip())
        self.post_message(self.Changed(done, f"gjest:{guest}"))

    @on(Changed)
    def changed(self, message: Changed) -> None:
        if message.text:
            self.notify(message.text)
        self.load(message.select)

    @on(Table.RowSelected, "#attendance-table")
    def _enter(self) -> None:
        """Enter: a roll call by one key, present (present again: forfall), then the next."""
        r = self.current()
        if r is None:
            return
        if guest_id(r.key) is not None:
            self.notify(_("En gjest utenfra er til stede som gjest; x fjerner gjesten."))
            return
        self.action_mark(toggled_attendance(r.status))

    def action_mark(self, status: str) -> None:
        r = self.current()
        if r is None:
            return
        # Registering goes down the list, so a roll call is one key per person.
        table = self.query_one("#attendance-table", Table)
        table.move_cursor(row=min(table.cursor_row + 1, len(self.rows) - 1))
        self.register(r.key, status)

    def action_substitute(self) -> None:
        r = self.current()
        if r is None or self.day is None:
            return
        if not r.voting:
            self.notify(
                _("Vara registreres for en stemmeberettiget representant."), severity="warning"
            )
            return
        self.read_people(r, self.day)

    def action_guest(self) -> None:
        self.read_people(None, None)

    @work(
        thread=True,
        exclusive=True,
        group="attendance-people",
        exit_on_error=False,
        description=_("lese personene"),
    )
    def read_people(self, row: AttendanceRow | None, day: dt.date | None) -> None:
        db = self.sekretariat.database
        subs = substitutes_for(db, day, row.key) if row is not None and day is not None else []
        self.post_message(self.PeopleRead(row, subs, people(db)))

    @on(PeopleRead)
    def choose(self, message: PeopleRead) -> None:
        if message.row is None:
            self._choose_guest(message.everyone)
        else:
            self._choose_substitute(message.row, message.substitutes, message.everyone)

    def _choose_substitute(
        self, r: AttendanceRow, subs: list[Candidate], everyone: list[Candidate]
    ) -> None:
        sub_keys = {c.key for c in subs}
        choices = [
            (_("{name} (vara, {seat})").format(name=c.name, seat=c.seat), c.key) for c in subs
        ]
        choices += [
            (f"{c.name}" + (f" – {c.seat}" if c.seat else ""), c.key)
            for c in everyone
            if c.key not in sub_keys and c.key != r.key
        ]

        def chosen(key: str | None) -> None:
            if key:
                name = next(c.name for c in [*subs, *everyone] if c.key == key)
                self.register(
                    key,
                    "substitute",
                    for_key=r.key,
                    text=_("{name} møter som vara for {absent}.").format(name=name, absent=r.name),
                    select=r.key,
                )

        lead = (
            _("Setets varaer står først; du kan også velge hvem som helst.")
            if subs
            else _("Setet har ingen vara registrert; velg hvem som helst.")
        )
        title = _("Vara for {name}").format(name=r.name)
        self.app.push_screen(ChoiceDialog(title, choices, lead=lead), chosen)

    def _choose_guest(self, everyone: list[Candidate]) -> None:
        known = {r.key for r in self.rows}
        choices = [
            (c.name + (f" – {c.seat}" if c.seat else ""), c.key)
            for c in everyone
            if c.key not in known
        ]

        choices.insert(0, (NEW_GUEST, NEW_GUEST_KEY))

        def chosen(key: str | None) -> None:
            if key == NEW_GUEST_KEY:
                self._guest_from_outside()
            elif key:
                self.register(key, "guest", text=_("Gjesten er lagt til."), select=key)

        self.app.push_screen(ChoiceDialog(_("Legg til gjest"), choices), chosen)

    def _guest_from_outside(self) -> None:
        """A guest not in the register (an innleder, a visitor), by name and organisation."""

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
                self.register_guest(values["name"], values["organisation"])

        self.app.push_screen(FormDialog(spec), saved)
