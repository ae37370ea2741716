"""Representatives: the seat table on any date, and the way to people, terms and lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from sekretariat import formats
from sekretariat.domain.people import list_people, regions
from sekretariat.domain.seats import Holder, SeatRow, ends_soon, seat_table
from sekretariat.domain.terms import TermCycle, forum_term_cycle
from sekretariat.i18n import ui as _
from widgets.table import Table

from .base import AreaScreen
from .person import PersonScreen
from .rep_dialogs import (
    AppointDialog,
    DateDialog,
    EndTermDialog,
    FilterDialog,
    ListDialog,
    RenewDialog,
)

#: Fixed widths: the table never measures its rows (and fits 80 columns with padding).
COLUMNS = ((_("Sete og nettverk"), 25), (_("Navn"), 20), (_("Organisasjon"), 14), (_("Til"), 11))


@dataclass(slots=True)
class Line:
    """One row of the seat table and what the actions need to know about it."""

    key: str
    kind: str  # "seat", "holder", "vara", "vacant"
    seat: str
    cells: tuple[str | Text, ...]
    row: SeatRow
    on: dt.date
    holder: Holder | None = None
    #: The network of a vacancy ("" for a seat not tied to networks).
    vacancy: str = ""
    region: str = ""

    @property
    def term_id(self) -> int:
        return self.holder.term_id if self.holder else 0

    @property
    def person(self) -> str:
        return self.holder.person if self.holder else ""

    @property
    def name(self) -> str:
        return self.holder.name if self.holder else ""

    @property
    def end(self) -> dt.date | None:
        return self.holder.end if self.holder else None

    @property
    def detail(self) -> str:
        """The line under the table for this row (built when the row is highlighted)."""
        row, h = self.row, self.holder
        if self.kind == "seat":
            return (
                _("{name}: {filled} av {count} besatt").format(
                    name=row.name, filled=row.filled, count=row.count
                )
                + (f", {formats.count(row.vacant, _('ledig'), _('ledige'))}" if row.vacant else "")
                + ("" if row.voting else " – " + _("observatører uten stemmerett"))
            )
        if h is None:
            if self.vacancy:
                return _("Ledig sete i {seat} for {network} – trykk a for å oppnevne").format(
                    seat=row.name, network=self.vacancy
                )
            return _("Ledig sete i {seat} – trykk a for å oppnevne").format(seat=row.name)
        return (
            f"{h.name}"
            + (f", {h.organisation}" if h.organisation else "")
            + (f" · {h.region_name}" if h.region_name else "")
            + f" · {formats.short_date(h.start)}–{formats.short_date(h.end)}"
            + (" · " + _("vara") if h.substitute else "")
            + (
                " · " + _("går ut {when}").format(when=formats.days_until(h.end, self.on))
                if ends_soon(h.end, self.on)
                else ""
            )
        )


def table_lines(
    table: list[SeatRow], on: dt.date, *, region: str = "", seat: str = ""
) -> list[Line]:
    """The rows of the seat table, filtered by network and seat category.

    A heading row per category with its count; a row per holder and vara; a row per
    vacancy, naming the network for seats tied to networks. (Thousands of rows on a
    large forum: what each row says in full is left to ``Line.detail``.)
    """
    lines: list[Line] = []
    short_date = formats.short_date
    free, frees = _("ledig"), _("ledige")
    observers, observer, vara = _("observatører"), _("observatør"), _("vara")
    for row in table:
        if seat and row.code != seat:
            continue
        people = [h for h in row.holders + row.substitutes if not region or h.region == region]
        if row.seat_regions:
            vacancies = [(c, n) for c, n in row.vacant_regions if not region or c == region]
            # Tied seats: a network can only be vacant once per seat.
            vacancies = vacancies[: row.vacant]
        else:
            vacancies = [("", "")] * (row.vacant if not region else 0)
        if region and not people and not vacancies:
            continue
        count = f"{row.filled}/{row.count}"
        status = Text(count)
        if row.vacant:
            status.append(f", {formats.count(row.vacant, free, frees)}", style="bold reverse")
        org = Text(observers, style="italic") if not row.voting else ""
        cells = (Text(row.name, style="bold"), status, org, "")
        lines.append(Line(f"seat:{row.code}", "seat", row.code, cells, row, on))
        for h in people:
            soon = ends_soon(h.end, on)
            end: str | Text = (
                Text("!" + short_date(h.end), style="bold") if soon else " " + short_date(h.end)
            )
            role = vara if h.substitute else (observer if not row.voting else "")
            label = "  " + " ".join(x for x in (role, h.region_name) if x)
            lines.append(
                Line(
                    f"term:{h.term_id}",
                    "vara" if h.substitute else "holder",
                    row.code,
                    (label, h.name, h.organisation, end),
                    row,
                    on,
                    h,
                    region=h.region,
                )
            )
        for i, (code, name) in enumerate(vacancies):
            lines.append(
                Line(
                    f"vacant:{row.code}:{code or i}",
                    "vacant",
                    row.code,
                    ("  " + name, Text(free, style="bold reverse"), "", ""),
                    row,
                    on,
                    vacancy=name,
                    region=code,
                )
            )
    return lines


class RepresentativesScreen(AreaScreen):
    """The seat table for a date, with the actions on terms and the way to the people."""

    MODE = "representatives"
    READS_WHEN_SHOWN = True
    BINDINGS = [
        Binding(
            "a",
            "appoint",
            _("Oppnevn"),
            tooltip=_("Oppnevn til setet (også vara)"),
            id="rep.appoint",
        ),
        Binding(
            "n", "renew", _("Forny"), tooltip=_("Nytt mandat for den markerte"), id="rep.renew"
        ),
        Binding(
            "x",
            "end_term",
            _("Avslutt mandat"),
            tooltip=_("Avslutt mandatet før tiden"),
            id="rep.end",
        ),
        Binding(
            "p",
            "people",
            _("Personer"),
            tooltip=_("Personliste: søk, ny, rediger"),
            id="rep.people",
        ),
        Binding(
            "d",
            "date",
            _("Dato"),
            tooltip=_("Setetabellen for en annen dato"),
            show=False,
            id="rep.date",
        ),
        Binding(
            "f",
            "filter",
            _("Filter"),
            tooltip=_("Filtrer på nettverk eller sete"),
            show=False,
            id="rep.filter",
        ),
        Binding(
            "l",
            "lists",
            _("Lister ut"),
            tooltip=_("Representant- eller e-postliste"),
            show=False,
            id="rep.lists",
        ),
        Binding(
            "v",
            "person",
            _("Vis person"),
            tooltip=_("Personsiden (også Enter)"),
            show=False,
            id="rep.person",
        ),
        Binding(
            "r",
            "reload",
            _("Oppdater"),
            tooltip=_("Les setetabellen på nytt"),
            show=False,
            id="rep.reload",
        ),
    ]
    DEFAULT_CSS = """
    RepresentativesScreen #seat-table {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    RepresentativesScreen #seat-detail {
        height: 1;
        padding: 0 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class Loaded(Message):
        def __init__(
            self,
            table: list[SeatRow],
            on: dt.date,
            regions: list[tuple[str, str]],
            lines: tuple[str, str, list[Line]],
            mark: int,
        ) -> None:
            self.table, self.on, self.regions = table, on, regions
            #: The table's lines for the (region, seat) filters they were built with.
            self.lines = lines
            #: The database's change mark they were read at.
            self.mark = mark
            super().__init__()

    class AppointReady(Message):
        """Everyone who can be appointed and the forum's term, read for the dialog."""

        def __init__(
            self,
            line: Line | None,
            people: list[tuple[str, str]],
            person_regions: dict[str, str],
            cycle: TermCycle,
        ) -> None:
            self.line, self.people, self.cycle = line, people, cycle
            #: Each person's network, by person key (those who have one).
            self.person_regions = person_regions
            super().__init__()

    class RenewReady(Message):
        """The forum's term length and meeting pattern, read for renewing ``line``'s term."""

        def __init__(self, line: Line, cycle: TermCycle) -> None:
            self.line, self.cycle = line, cycle
            super().__init__()

    def __init__(self, mode: str | None = None) -> None:
        super().__init__(mode)
        self.on: dt.date | None = None
        self.table: list[SeatRow] = []
        self.regions: list[tuple[str, str]] = []
        self.lines: dict[str, Line] = {}
        self.region_filter = ""
        self.seat_filter = ""

    def compose_body(self) -> ComposeResult:
        table = Table(id="seat-table")
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label)
        yield table
        yield Static("", id="seat-detail")

    @property
    def date(self) -> dt.date:
        return self.on or self.sekretariat.today

    def on_mount(self) -> None:
        self.query_one("#seat-table", Table).focus()

    def on_screen_resume(self) -> None:
        self.read_when_shown()

    def read_again(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(
        thread=True,
        exclusive=True,
        group="db",
        exit_on_error=False,
        description=_("lese setetabellen"),
    )
    def load(self) -> None:
        on = self.date
        db = self.sekretariat.database
        mark = db.change_mark()
        with db.sql() as con:
            table = seat_table(con, on)
        found = [(code, name) for code, name, _ in regions(db)]
        # The lines are built here too: a few thousand of them take a while.
        region, seat = self.region_filter, self.seat_filter
        lines = (region, seat, table_lines(table, on, region=region, seat=seat))
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(table, on, found, lines, mark))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.read_mark = message.mark
        self.on, self.table, self.regions = message.on, message.table, message.regions
        region, seat, lines = message.lines
        same_filters = (region, seat) == (self.region_filter, self.seat_filter)
        self.fill(lines=lines if same_filters else None)

    def fill(self, keep: str | None = None, lines: list[Line] | None = None) -> None:
        widget = self.query_one("#seat-table", Table)
        if lines is None:
            lines = table_lines(
                self.table, self.date, region=self.region_filter, seat=self.seat_filter
            )
        self.lines = {line.key: line for line in lines}
        # Unchanged rows (the usual case when coming back to the area) are left alone.
        widget.set_rows([(line.key, line.cells) for line in lines], cursor=keep)
        self.update_heading()
        self.update_detail()

    def update_heading(self) -> None:
        filled = sum(r.filled for r in self.table)
        total = sum(r.count for r in self.table)
        ending = sum(1 for r in self.table for h in r.holders if ends_soon(h.end, self.date))
        parts = [
            formats.short_date(self.date),
            _("{filled}/{total} besatt").format(filled=filled, total=total),
        ]
        if total - filled:
            parts.append(formats.count(total - filled, _("ledig"), _("ledige")))
        if ending:
            parts.append(_("{count} går ut").format(count=ending))
        filters = [name for code, name in self.regions if code == self.region_filter]
        filters += [r.name for r in self.table if r.code == self.seat_filter]
        if filters:
            parts.append(_("filter: {names}").format(names=", ".join(filters)))
        self.query_one("#heading-info", Static).update(escape(" · ".join(parts)))

    def current_line_key(self) -> str | None:
        widget = self.query_one("#seat-table", Table)
        if not widget.row_count:
            return None
        return widget.coordinate_to_cell_key(widget.cursor_coordinate).row_key.value

    def current_line(self) -> Line | None:
        key = self.current_line_key()
        return self.lines.get(key) if key else None

    @on(Table.RowHighlighted, "#seat-table")
    def update_detail(self) -> None:
        line = self.current_line()
        text = line.detail if line else _("Ingen seter å vise.")
        self.query_one("#seat-detail", Static).update(escape(text))

    @on(Table.RowSelected, "#seat-table")
    def _selected(self) -> None:
        self.action_person()

    # -- actions ----------------------------------------------------------------------
    def _term_line(self, refusal: str) -> Line | None:
        """The highlighted term, or ``refusal`` said (what to mark, and why)."""
        line = self.current_line()
        if line is None or not line.term_id:
            self.notify(refusal)
            return None
        return line

    def _saved(self, text: str) -> object:
        def done(result: object) -> None:
            if result:
                self.notify(text)
                self.load()

        return done

    def action_appoint(self) -> None:
        self._appoint(self.current_line())

    @work(
        thread=True,
        exclusive=True,
        group="appoint",
        exit_on_error=False,
        description=_("lese personene"),
    )
    def _appoint(self, line: Line | None) -> None:
        """Read everyone who can be appointed (thousands, so not on the main thread)."""
        db = self.sekretariat.database
        found = list_people(db)
        people = [
            (p.key, p.name + (f" ({p.organisation})" if p.organisation else "")) for p in found
        ]
        person_regions = {p.key: p.region for p in found if p.region}
        cycle = forum_term_cycle(db)
        if not get_current_worker().is_cancelled:
            self.post_message(self.AppointReady(line, people, person_regions, cycle))

    @on(AppointReady)
    def _show_appoint(self, message: AppointReady) -> None:
        line = message.line
        # A row of a seat tied to networks (a vacancy, a holder, a vara) names its network.
        tied = line is not None and bool(line.row.seat_regions) and bool(line.region)
        self.app.push_screen(
            AppointDialog(
                people=message.people,
                seats=[(r.code, r.name) for r in self.table],
                regions=self.regions,
                seat=line.seat if line else "",
                region=line.region if line and tied else self.region_filter,
                start=self.date,
                cycle=message.cycle,
                substitute=bool(line and line.kind == "vara"),
                person_regions=message.person_regions,
                seat_regions={r.code: [c for c, _ in r.seat_regions] for r in self.table},
            ),
            self._saved(_("Mandatet er lagret.")),
        )

    def action_renew(self) -> None:
        line = self._term_line(_("Marker et mandat (en person i tabellen) for å fornye det."))
        if line is not None and line.end is not None:
            self._renew(line)

    @work(
        thread=True,
        exclusive=True,
        group="appoint",
        exit_on_error=False,
        description=_("lese forumets mandatperiode"),
    )
    def _renew(self, line: Line) -> None:
        self.post_message(self.RenewReady(line, forum_term_cycle(self.sekretariat.database)))

    @on(RenewReady)
    def _show_renew(self, message: RenewReady) -> None:
        line = message.line
        assert line.end is not None
        self.app.push_screen(
            RenewDialog(line.term_id, line.name, line.end, message.cycle),
            self._saved(_("{name} har fått et nytt mandat.").format(name=line.name)),
        )

    def action_end_term(self) -> None:
        line = self._term_line(_("Marker et mandat (en person i tabellen) for å avslutte det."))
        if line is None:
            return
        self.app.push_screen(
            EndTermDialog(line.term_id, line.detail, self.date),
            self._saved(_("Mandatet til {name} er avsluttet.").format(name=line.name)),
        )

    def action_person(self) -> None:
        line = self.current_line()
        if line is None or not line.person:
            self.notify(_("Marker en person i tabellen for å se personsiden."))
            return
        self.app.push_screen(PersonScreen(line.person))

    def action_people(self) -> None:
        self.sekretariat.show_people()

    def action_date(self) -> None:
        def chosen(day: dt.date | None) -> None:
            if day is not None:
                self.on = day
                self.load()

        self.app.push_screen(DateDialog(self.date), chosen)

    def action_filter(self) -> None:
        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.region_filter, self.seat_filter = choice
                self.fill()

        self.app.push_screen(
            FilterDialog(
                self.regions,
                [(r.code, r.name) for r in self.table],
                self.region_filter,
                self.seat_filter,
            ),
            chosen,
        )

    def action_lists(self) -> None:
        suggestion = _("representanter-{date}.xlsx").format(date=self.date.isoformat())

        def written(path: object) -> None:
            if path:
                self.notify(
                    _("Listen er skrevet til {path}.").format(path=path), title=_("Lister ut")
                )

        self.app.push_screen(ListDialog(self.date, suggestion), written)
