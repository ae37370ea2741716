"""Møter: the year's meetings and the annual cycle's deadlines, and every action on a
meeting (dates, status, facilitator, summons, calendar) from the keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Static

from sekretariat import formats
from sekretariat.labels import label
from widgets.panel import Panel
from widgets.table import Table

from .base import AreaScreen
from .meeting_base import CoreCalls, parse_date, parse_time
from .meeting_dialogs import (
    FormField,
    FormSpec,
    MeetingChoiceDialog,
    MeetingConfirmDialog,
    MeetingFormDialog,
    ask_summons,
    with_suffix,
)

if TYPE_CHECKING:
    from sekretariat.domain.meetings import Candidate, MeetingRow, YearView

#: What each status change is called where the user chooses it.
STATUS_ACTIONS = {
    "summoned": "Send innkalling (saksnumrene blir faste)",
    "held": "Møtet er avholdt",
    "approved": "Protokollen er godkjent",
    "cancelled": "Avlys møtet (det blir stående som avlyst)",
    "planned": "Gjenopprett som planlagt",
}

#: Status words short enough for the table at 80 columns.
SHORT_STATUS = {"approved": "Godkjent"}

#: Rich styles for the status cell (plain styles: they survive NO_COLOR).
STATUS_STYLE = {"cancelled": "dim strike", "summoned": "bold"}


class MeetingsScreen(CoreCalls, AreaScreen):
    """The meeting plan for one year; Enter opens a meeting's agenda."""

    MODE = "meetings"
    BINDINGS = [
        Binding(
            "enter",
            "agenda",
            "Saksliste",
            tooltip="Åpne sakslisten for møtet",
            priority=True,
            id="meetings.agenda",
        ),
        Binding("a", "add", "Nytt", tooltip="Legg til et møte på en dato", id="meetings.add"),
        Binding(
            "e",
            "edit",
            "Rediger",
            tooltip="Tid, sted, møteleder, fasilitator og læringsfokus",
            id="meetings.edit",
        ),
        Binding(
            "s",
            "status",
            "Status",
            tooltip="Send innkalling, avholdt, godkjent, avlys",
            id="meetings.status",
        ),
        Binding(
            "o",
            "attendance",
            "Oppmøte",
            tooltip="Hvem som møter, forfall og vara",
            id="meetings.attendance",
        ),
        Binding(
            "i",
            "summons",
            "Innkalling",
            tooltip="Eksporter innkallingen (PDF, Word, HTML, Markdown)",
            id="meetings.summons",
        ),
        Binding(
            "k",
            "calendar",
            "Kalender",
            tooltip="Skriv kalenderfil (.ics) for møtet eller året",
            show=False,
            id="meetings.calendar",
        ),
        Binding(
            "m",
            "move",
            "Flytt",
            tooltip="Flytt møtet til en annen dato",
            show=False,
            id="meetings.move",
        ),
        Binding(
            "x",
            "cancel",
            "Avlys",
            tooltip="Avlys møtet (det blir stående som avlyst)",
            show=False,
            id="meetings.cancel",
        ),
        Binding(
            "f",
            "facilitator",
            "Fasilitator",
            tooltip="Foreslå og velg fasilitator",
            show=False,
            id="meetings.facilitator",
        ),
        Binding(
            "g",
            "generate",
            "Lag året",
            tooltip="Lag årets møter etter årshjulet",
            show=False,
            id="meetings.generate",
        ),
        Binding(
            "l",
            "prompts",
            "Spørsmål",
            tooltip="Biblioteket av refleksjonsspørsmål",
            show=False,
            id="meetings.prompts",
        ),
        Binding(
            "p",
            "year(-1)",
            "Forrige år",
            tooltip="Vis forrige år",
            show=False,
            id="meetings.previous_year",
        ),
        Binding(
            "n", "year(1)", "Neste år", tooltip="Vis neste år", show=False, id="meetings.next_year"
        ),
        Binding(
            "minus",
            "year(-1)",
            "Forrige år",
            tooltip="Vis forrige år",
            show=False,
            id="meetings.year_back",
        ),
        Binding(
            "plus",
            "year(1)",
            "Neste år",
            tooltip="Vis neste år",
            show=False,
            id="meetings.year_next",
        ),
    ]

    DEFAULT_CSS = """
    #meetings-table { height: 1fr; scrollbar-size-vertical: 1; }
    #meeting-detail { height: auto; padding: 0 1; color: $text-muted; }
    #meetings-cycle { max-height: 7; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.view: YearView | None = None
        self._select_id: int | None = None

    def compose_body(self) -> ComposeResult:
        table: DataTable[str] = Table(id="meetings-table", cursor_type="row", zebra_stripes=True)
        table.add_column("Dato", key="date", width=10)
        table.add_column("Tid", key="time", width=11)
        table.add_column("Sted", key="place", width=16)
        table.add_column("Status", key="status", width=9)
        table.add_column("Saker", key="items", width=5)
        table.add_column("Fasilitator", key="facilitator")
        yield table
        yield Static("", id="meeting-detail")
        yield Panel("Årshjulet", id="meetings-cycle")

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()

    # -- reading ---------------------------------------------------------------------
    def load(self, select: int | None = None) -> None:
        """Read the year (first time: the year of the next meeting from today)."""
        if select is not None:
            self._select_id = select
        today = self.sekretariat.today

        def work() -> YearView:
            from sekretariat.domain.meetings import load_year

            year = self.year
            if year is None:
                view = load_year(self.database, today.year)
                if view.meetings and all(m.date < today for m in view.meetings):
                    return load_year(self.database, today.year + 1)
                return view
            return load_year(self.database, year)

        # Loads can overlap (the screen resumes while a write is still running, and the
        # write reloads when done); only the newest one started may fill the table.
        self._load_seq = getattr(self, "_load_seq", 0) + 1
        seq = self._load_seq

        def latest(view: YearView) -> None:
            if seq == self._load_seq:
                self.show(view)

        self.call_core(work, latest, description="lese møteplanen")

    def show(self, view: YearView) -> None:
        keep = self._select_id if self._select_id is not None else self.current_id()
        self.view = view
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
                        Text(
                            SHORT_STATUS.get(m.status, label(m.status)),
                            style=STATUS_STYLE.get(m.status, ""),
                        ),
                        Text(str(m.items), style=dim, justify="right"),
                        Text(m.facilitator, style=dim),
                    ),
                )
            )
            if keep is not None and m.id == keep:
                target = index
            elif keep is None and m.date < today:
                target = min(index + 1, len(view.meetings) - 1)
        table.set_rows(rows)
        self._select_id = None
        if view.meetings:
            table.move_cursor(row=target)
        count = formats.count(len(view.meetings), "møte", "møter")
        self.query_one("#heading-info", Static).update(f"{view.year} · {count}")
        self.query_one("#meetings-cycle", Panel).border_title = f"Årshjulet {view.year}"
        self.query_one("#meetings-cycle", Panel).update(cycle_text(view))
        self.show_detail()

    def current(self) -> MeetingRow | None:
        if self.view is None or not self.view.meetings:
            return None
        table = self.query_one("#meetings-table", DataTable)
        row = table.cursor_row
        if 0 <= row < min(len(self.view.meetings), table.row_count):
            key = table.coordinate_to_cell_key((row, 0)).row_key.value
            return next((m for m in self.view.meetings if str(m.id) == key), None)
        return None

    def current_id(self) -> int | None:
        m = self.current()
        return m.id if m else None

    @on(DataTable.RowHighlighted, "#meetings-table")
    def show_detail(self) -> None:
        m = self.current()
        detail = self.query_one("#meeting-detail", Static)
        if m is None:
            detail.update(
                "Ingen møter er lagt inn for året. Trykk g for å lage dem etter årshjulet."
            )
            return
        focus = m.learning_focus or "[$text-warning]ikke satt[/]"
        if m.learning_focus:
            focus = escape(focus)
        chair = f"Møteleder: {escape(m.chair)}" if m.chair else "Møteleder: –"
        detail.update(
            f"Læringsfokus: {focus}\n{chair} · {formats.duration(m.planned_minutes)} planlagt"
        )

    def need_meeting(self) -> MeetingRow | None:
        m = self.current()
        if m is None:
            self.notify(
                "Velg et møte først (eller trykk g for å lage årets møter).", severity="warning"
            )
        return m

    def done(self, text: str, select: int | None = None) -> Any:
        def after(_: Any) -> None:
            self.notify(text)
            self.load(select)

        return after

    # -- actions -----------------------------------------------------------------------
    def action_year(self, delta: int) -> None:
        if self.year is not None:
            self.year += delta
            self.load()

    def action_agenda(self) -> None:
        m = self.need_meeting()
        if m is not None:
            from .agenda import AgendaScreen

            self.app.push_screen(AgendaScreen(m.id))

    def action_attendance(self) -> None:
        m = self.need_meeting()
        if m is not None:
            from .meeting_attendance import AttendanceScreen

            self.app.push_screen(AttendanceScreen(m.id))

    def action_prompts(self) -> None:
        from .prompts import PromptsScreen

        self.app.push_screen(PromptsScreen())

    def action_generate(self) -> None:
        year = self.year or self.sekretariat.today.year

        def work() -> list[dt.date]:
            from sekretariat.domain.meetings import generate_year

            return generate_year(self.database, year)

        def after(dates: list[dt.date]) -> None:
            if dates:
                listed = ", ".join(formats.short_date(d) for d in dates)
                self.notify(
                    f"La inn {formats.count(len(dates), 'møte', 'møter')} for {year}: {listed}."
                )
            else:
                self.notify(f"Alle møtene i årshjulet for {year} er allerede lagt inn.")
            self.load()

        self.call_core(work, after, description="lage årets møter")

    def _ask_date(self, title: str, value: str, then: Any) -> None:
        spec = FormSpec(
            title,
            [FormField("date", "Dato", value, placeholder="DD.MM.ÅÅÅÅ")],
            validate=lambda v: None if parse_date(v["date"]) else "Skriv datoen som DD.MM.ÅÅÅÅ.",
        )
        self.app.push_screen(
            MeetingFormDialog(spec), lambda v: then(parse_date(v["date"])) if v else None
        )

    def action_add(self) -> None:
        def add(day: dt.date | None) -> None:
            if day is None:
                return
            from sekretariat.domain.meetings import add_meeting

            self.year = day.year
            self.call_core(
                lambda: add_meeting(self.database, day),
                lambda mid: self.done(
                    f"Møtet {formats.short_date(day)} er lagt inn med de faste sakene.", mid
                )(None),
                description="legge inn møtet",
            )

        self._ask_date("Nytt møte", "", add)

    def action_move(self) -> None:
        m = self.need_meeting()
        if m is None:
            return

        def move(day: dt.date | None) -> None:
            if day is None:
                return
            from sekretariat.domain.meetings import move_meeting

            self.year = day.year
            self.call_core(
                lambda: move_meeting(self.database, m.id, day),
                self.done(f"Møtet er flyttet til {formats.long_date(day)}.", m.id),
                description="flytte møtet",
            )

        self._ask_date(
            f"Flytt møtet {formats.short_date(m.date)}", formats.short_date(m.date), move
        )

    def action_status(self) -> None:
        m = self.need_meeting()
        if m is None:
            return
        from sekretariat.domain.meetings import TRANSITIONS

        choices = [(STATUS_ACTIONS[s], s) for s in TRANSITIONS.get(m.status, ())]
        if not choices:
            self.notify(
                f"Protokollen for møtet {formats.short_date(m.date)} er godkjent; statusen kan ikke endres.",
                severity="warning",
            )
            return

        def chosen(new: str | None) -> None:
            if new is None:
                return
            from sekretariat.domain.meetings import set_status

            today = self.sekretariat.today

            def after(numbered: int) -> None:
                text = f"Møtet {formats.short_date(m.date)}: {label(new).lower()}."
                if new == "summoned":
                    text += f" {formats.count(numbered, 'sak', 'saker')} fikk saksnummer."
                self.done(text, m.id)(None)

            self.call_core(
                lambda: set_status(self.database, m.id, new, today),
                after,
                description="endre status",
            )

        self.app.push_screen(
            MeetingChoiceDialog(
                f"Status for møtet {formats.short_date(m.date)}",
                choices,
                lead=status_lead(m, self.view.meetings if self.view else []),
            ),
            chosen,
        )

    def action_cancel(self) -> None:
        m = self.need_meeting()
        if m is None:
            return
        from sekretariat.domain.meetings import set_status

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_core(
                    lambda: set_status(self.database, m.id, "cancelled", self.sekretariat.today),
                    self.done(f"Møtet {formats.short_date(m.date)} er avlyst.", m.id),
                    description="avlyse møtet",
                )

        self.app.push_screen(
            MeetingConfirmDialog(
                "Avlys møtet",
                f"Avlyse møtet {formats.long_date(m.date)}? Det blir stående i møteplanen som avlyst.",
            ),
            answer,
        )

    def action_edit(self) -> None:
        m = self.need_meeting()
        if m is None:
            return

        def work() -> tuple[list[Candidate], Candidate | None]:
            from sekretariat.domain.meetings import suggest_for, voting_members

            return voting_members(self.database, m.date), suggest_for(self.database, m.date)

        self.call_core(work, lambda r: self._edit_form(m, *r), description="lese representantene")

    def _edit_form(
        self, m: MeetingRow, members: list[Candidate], suggestion: Candidate | None
    ) -> None:
        def people(current: str, suggest: bool) -> tuple[tuple[str, str], ...]:
            opts = [("(ingen)", "")]
            keys = {c.key for c in members}
            if current and current not in keys:
                opts.append((current, current))
            for c in members:
                mark = "  (forslag)" if suggest and suggestion and c.key == suggestion.key else ""
                opts.append((f"{c.name}{mark}", c.key))
            return tuple(opts)

        facilitator = m.facilitator_key or (suggestion.key if suggestion else "")

        def validate(v: dict[str, str]) -> str | None:
            start, end = v["start"].strip(), v["end"].strip()
            if start and parse_time(start) is None:
                return "Skriv starttiden som TT.MM, for eksempel 09.00."
            if end and parse_time(end) is None:
                return "Skriv sluttiden som TT.MM, for eksempel 15.00."
            return None

        spec = FormSpec(
            f"Møtet {formats.long_date(m.date)}",
            [
                FormField(
                    "start",
                    "Starter",
                    formats.clock(m.start) if m.start else "",
                    placeholder="09.00",
                ),
                FormField(
                    "end", "Slutter", formats.clock(m.end) if m.end else "", placeholder="15.00"
                ),
                FormField("place", "Sted", m.place),
                FormField("video_link", "Videolenke", m.video_link, placeholder="https://…"),
                FormField("learning_focus", "Læringsfokus", m.learning_focus, "text", lines=2),
                FormField("chair", "Møteleder", m.chair_key, "select", people(m.chair_key, False)),
                FormField(
                    "facilitator",
                    "Fasilitator",
                    facilitator,
                    "select",
                    people(m.facilitator_key, True),
                ),
            ],
            hint="Læringsfokus: én setning om hva forumet skal lære i møtet.",
            validate=validate,
        )

        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return
            from sekretariat.domain.meetings import update_meeting

            fields: dict[str, Any] = dict(values)
            fields["start"] = parse_time(values["start"]) if values["start"].strip() else None
            fields["end"] = parse_time(values["end"]) if values["end"].strip() else None
            self.call_core(
                lambda: update_meeting(self.database, m.id, fields, seen_version=m.row_version),
                self.done(f"Møtet {formats.short_date(m.date)} er lagret.", m.id),
                description="lagre møtet",
            )

        self.app.push_screen(MeetingFormDialog(spec), save)

    def action_facilitator(self) -> None:
        m = self.need_meeting()
        if m is None:
            return

        def work() -> tuple[list[Candidate], Candidate | None]:
            from sekretariat.domain.meetings import suggest_for, voting_members

            return voting_members(self.database, m.date), suggest_for(self.database, m.date)

        def ask(result: tuple[list[Candidate], Candidate | None]) -> None:
            members, suggestion = result
            choices = []
            if suggestion is not None:
                choices.append(
                    (f"{suggestion.name}  (forslag: har fasilitert minst)", suggestion.key)
                )
            choices += [
                (f"{c.name} – {c.seat}", c.key)
                for c in members
                if not suggestion or c.key != suggestion.key
            ]
            choices.append(("(ingen fasilitator)", ""))

            def chosen(key: str | None) -> None:
                if key is None:
                    return
                from sekretariat.domain.meetings import update_meeting

                name = next((c.name for c in members if c.key == key), "ingen")
                self.call_core(
                    lambda: update_meeting(self.database, m.id, {"facilitator": key}),
                    self.done(f"Fasilitator {formats.short_date(m.date)}: {name}.", m.id),
                    description="velge fasilitator",
                )

            self.app.push_screen(
                MeetingChoiceDialog(
                    f"Fasilitator {formats.short_date(m.date)}",
                    choices,
                    lead="Fasiliteringen går på omgang: forslaget er den som har fasilitert minst, "
                    "deretter lengst siden.",
                    selected=m.facilitator_key or (suggestion.key if suggestion else None),
                ),
                chosen,
            )

        self.call_core(work, ask, description="foreslå fasilitator")

    def action_summons(self) -> None:
        m = self.need_meeting()
        if m is not None:
            ask_summons(self, m.id, m.date)

    def action_calendar(self) -> None:
        m = self.current()
        year = self.year or self.sekretariat.today.year
        from sekretariat.documents.calendar_files import default_filename, slug

        forum = slug(self.sekretariat.title or "forum")
        scopes: list[tuple[str, str]] = [(f"Hele året {year}", "year")]
        if m is not None:
            scopes.insert(0, (f"Møtet {formats.short_date(m.date)}", "meeting"))
        first = m.date.isoformat() if m is not None else str(year)
        spec = FormSpec(
            "Kalenderfil (.ics)",
            [
                FormField("scope", "Hva", scopes[0][1], "select", tuple(scopes)),
                FormField("path", "Fil", str(Path.cwd() / f"{forum}-{first}.ics")),
            ],
            hint="Invitasjonen får representantenes e-postadresser på møtedatoen.",
            validate=lambda v: None if v["path"].strip() else "Skriv hvor filen skal lagres.",
        )

        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return
            from sekretariat.documents.calendar_files import export_ics

            whole = values["scope"] == "year" or m is None
            path = with_suffix(values["path"], "ics")
            if whole and path.name == f"{forum}-{first}.ics":
                path = path.with_name(default_filename(forum, year=year))

            def after(result: tuple[Path, int]) -> None:
                written, count = result
                self.notify(
                    f"Kalenderfil med {formats.count(count, 'møte', 'møter')} skrevet til {written}."
                )

            self.call_core(
                lambda: export_ics(
                    self.database,
                    path,
                    year=year if whole else None,
                    meeting_id=None if whole else m.id,
                ),  # type: ignore[union-attr]
                after,
                description="skrive kalenderfilen",
            )

        self.app.push_screen(MeetingFormDialog(spec), save)


def status_lead(m: MeetingRow, year: list[MeetingRow]) -> str:
    """The current status, and a warning when the summons would go out of order: case
    numbers follow the order summonses are sent in, not the order of the meetings."""
    text = f"Nå: {label(m.status)}."
    if m.status == "planned":
        earlier = [r for r in year if r.date < m.date and r.status == "planned"]
        if earlier:
            text += (
                f" Obs: møtet {formats.short_date(earlier[0].date)} er ikke innkalt ennå; "
                "saksnumrene gis i den rekkefølgen innkallingene sendes."
            )
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
        lines.append(f"[$text-warning]Ikke lagt inn etter årshjulet: {dates} (g lager dem)[/]")
    return "\n".join(lines) or "[$foreground-muted]Ingen frister dette året.[/]"
