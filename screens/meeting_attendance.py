"""Oppmøte: who is expected at a meeting (the seats on its date and the secretariat),
who came, who sent notice of absence (forfall), and which substitute came for whom."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from sekretariat import formats
from sekretariat.domain.meetings import AttendanceRow, Candidate
from sekretariat.labels import label
from widgets.table import Table

from .meeting_base import MeetingSubScreen
from .meeting_dialogs import MeetingChoiceDialog


class AttendanceScreen(MeetingSubScreen):
    """Attendance for one meeting; the heading counts voting members present."""

    HEADING = "Oppmøte"
    BINDINGS = [
        Binding(
            "t",
            "mark('present')",
            "Til stede",
            tooltip="Registrer som til stede",
            id="attendance.present",
        ),
        Binding(
            "f",
            "mark('absent_notice')",
            "Forfall",
            tooltip="Registrer forfall",
            id="attendance.notice",
        ),
        Binding(
            "v",
            "substitute",
            "Vara",
            tooltip="Registrer vara som møter for representanten",
            id="attendance.substitute",
        ),
        Binding(
            "b",
            "mark('observer')",
            "Observatør",
            tooltip="Registrer som observatør",
            id="attendance.observer",
        ),
        Binding(
            "s",
            "mark('secretariat')",
            "Sekretariat",
            tooltip="Registrer som sekretariat",
            id="attendance.secretariat",
        ),
        Binding(
            "m",
            "mark('absent')",
            "Ikke møtt",
            tooltip="Registrer som ikke møtt (uten forfall)",
            id="attendance.absent",
        ),
        Binding("g", "guest", "Gjest", tooltip="Legg til en gjest", id="attendance.guest"),
        Binding("x", "mark('')", "Fjern", tooltip="Fjern registreringen", id="attendance.clear"),
    ]

    DEFAULT_CSS = """
    #attendance-table { height: 1fr; scrollbar-size-vertical: 1; }
    #attendance-hint { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, meeting_id: int) -> None:
        super().__init__(id="screen-attendance")
        self.meeting_id = meeting_id
        self.day: dt.date | None = None
        self.rows: list[AttendanceRow] = []

    def compose_body(self) -> ComposeResult:
        table: DataTable[str] = Table(id="attendance-table", cursor_type="row")
        table.add_column("Navn", key="name", width=24)
        table.add_column("Sete", key="seat", width=22)
        table.add_column("Status", key="status")
        yield table
        yield Static(
            "Forventet: setene på møtedatoen og sekretariatet fra forrige møte.",
            id="attendance-hint",
        )

    def on_mount(self) -> None:
        self.load()

    def load(self, select: str | None = None) -> None:
        from sekretariat.domain.meetings import load_attendance

        self.call_core(
            lambda: load_attendance(self.database, self.meeting_id),
            lambda r: self.show(*r, select=select),
            description="lese oppmøtet",
        )

    def show(self, day: dt.date, rows: list[AttendanceRow], *, select: str | None = None) -> None:
        from sekretariat.domain.meetings import voting_present

        self.day, self.rows = day, rows
        table = self.query_one("#attendance-table", DataTable)
        keep = select or (self.current().key if self.current() else None)
        table.clear()
        target = 0
        for index, r in enumerate(rows):
            seat = r.seat + (f", {r.region_name}" if r.region_name else "")
            if not r.voting and r.seat and r.seat != "Sekretariat":
                seat += " (obs.)"
            if r.status == "substitute" and r.for_name:
                status = Text(f"Vara for {r.for_name}")
            elif r.status:
                status = Text(label(r.status), style="bold" if r.counts else "")
            else:
                status = Text("ikke registrert", style="dim")
            name = Text(r.name)
            if r.secretariat and r.seat != "Sekretariat":
                name.append(" (sekr.)", style="dim")
            table.add_row(name, Text(seat), status, key=r.key)
            if r.key == keep:
                target = index
        if rows:
            table.move_cursor(row=target)
        voting = sum(1 for r in rows if r.voting and r.expected)
        self.set_heading(
            f"Oppmøte {formats.short_date(day)}",
            f"Stemmeberettigede til stede: {voting_present(rows)} av {voting}",
        )

    def current(self) -> AttendanceRow | None:
        if not self.rows:
            return None
        row = self.query_one("#attendance-table", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _set(
        self, key: str, status: str, for_key: str = "", text: str = "", select: str | None = None
    ) -> None:
        from sekretariat.domain.meetings import set_attendance

        def after(_: object) -> None:
            if text:
                self.notify(text)
            self.load(select)

        self.call_core(
            lambda: set_attendance(self.database, self.meeting_id, key, status, for_key=for_key),
            after,
            description="registrere oppmøtet",
        )

    def action_mark(self, status: str) -> None:
        r = self.current()
        if r is None:
            return
        # Registering goes down the list, so a roll call is one key per person.
        table = self.query_one("#attendance-table", DataTable)
        table.move_cursor(row=min(table.cursor_row + 1, len(self.rows) - 1))
        self._set(r.key, status)

    def action_substitute(self) -> None:
        r = self.current()
        if r is None or self.day is None:
            return
        if not r.voting:
            self.notify(
                "Vara registreres for en stemmeberettiget representant.", severity="warning"
            )
            return
        day = self.day

        def work() -> tuple[list[Candidate], list[Candidate]]:
            from sekretariat.domain.meetings import people, substitutes_for

            return substitutes_for(self.database, day, r.key), people(self.database)

        def ask(result: tuple[list[Candidate], list[Candidate]]) -> None:
            subs, everyone = result
            sub_keys = {c.key for c in subs}
            choices = [(f"{c.name} (vara, {c.seat})", c.key) for c in subs]
            choices += [
                (f"{c.name}" + (f" – {c.seat}" if c.seat else ""), c.key)
                for c in everyone
                if c.key not in sub_keys and c.key != r.key
            ]

            def chosen(key: str | None) -> None:
                if key:
                    name = next(c.name for c in [*subs, *everyone] if c.key == key)
                    self._set(
                        key,
                        "substitute",
                        for_key=r.key,
                        text=f"{name} møter som vara for {r.name}.",
                        select=r.key,
                    )

            lead = (
                "Setets varaer står først; du kan også velge hvem som helst."
                if subs
                else "Setet har ingen vara registrert; velg hvem som helst."
            )
            self.app.push_screen(
                MeetingChoiceDialog(f"Vara for {r.name}", choices, lead=lead), chosen
            )

        self.call_core(work, ask, description="finne varaer")

    def action_guest(self) -> None:
        from sekretariat.domain.meetings import people

        def ask(everyone: list[Candidate]) -> None:
            known = {r.key for r in self.rows}
            choices = [
                (c.name + (f" – {c.seat}" if c.seat else ""), c.key)
                for c in everyone
                if c.key not in known
            ]

            def chosen(key: str | None) -> None:
                if key:
                    self._set(key, "guest", text="Gjesten er lagt til.", select=key)

            self.app.push_screen(MeetingChoiceDialog("Legg til gjest", choices), chosen)

        self.call_core(lambda: people(self.database), ask, description="lese personene")
