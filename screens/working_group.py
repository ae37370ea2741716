"""The working group: leader, deputy and the slots of the group on a date, and elections."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from sekretariat import formats
from sekretariat.domain.offices import (
    CandidateRow,
    WorkingGroup,
    candidates,
    slot_name,
    working_group,
)
from sekretariat.i18n import ui as _
from widgets.table import Table

from .base import AreaScreen
from .rep_dialogs import DateDialog, ElectDialog, EndTermDialog

COLUMNS = ((_("Plass"), 18), (_("Navn"), 22), (_("Organisasjon"), 20), (_("Til"), 10))


def group_rows(wg: WorkingGroup) -> list[tuple[str, str, tuple[str | Text, ...]]]:
    """(row key, slot, cells) for every member and every vacant place, slot by slot."""
    rows: list[tuple[str, str, tuple[str | Text, ...]]] = []
    free = _("ledig")
    for slot in wg.slots:
        for i, m in enumerate(slot.members):
            name = slot.name if i == 0 else ""
            rows.append(
                (
                    f"office:{m.office_id}",
                    slot.slot,
                    (name, m.name, m.organisation, formats.short_date(m.end)),
                )
            )
        for i in range(slot.vacant):
            name = slot.name if not slot.members and i == 0 else ""
            rows.append(
                (
                    f"vacant:{slot.slot}:{i}",
                    slot.slot,
                    (name, Text(free, style="bold reverse"), "", ""),
                )
            )
    return rows


class WorkingGroupScreen(AreaScreen):
    """Who leads the forum and who sits in the working group, with vacancies."""

    MODE = "working_group"
    READS_WHEN_SHOWN = True
    BINDINGS = [
        Binding(
            "l",
            "elect('leader')",
            _("Velg leder"),
            tooltip=_("Registrer valg av leder"),
            id="wg.leader",
        ),
        Binding(
            "n",
            "elect('deputy')",
            _("Velg nestleder"),
            tooltip=_("Registrer valg av nestleder"),
            id="wg.deputy",
        ),
        Binding(
            "m",
            "elect_member",
            _("Velg medlem"),
            tooltip=_("Velg medlem til den markerte plassen"),
            id="wg.member",
        ),
        Binding(
            "x",
            "end_office",
            _("Avslutt verv"),
            tooltip=_("Avslutt det markerte vervet før tiden"),
            show=False,
            id="wg.end",
        ),
        Binding(
            "d", "date", _("Dato"), tooltip=_("Vis arbeidsgruppen på en annen dato"), id="wg.date"
        ),
        Binding(
            "r",
            "reload",
            _("Oppdater"),
            tooltip=_("Les arbeidsgruppen på nytt"),
            show=False,
            id="wg.reload",
        ),
    ]
    DEFAULT_CSS = """
    WorkingGroupScreen #wg-table {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    WorkingGroupScreen #wg-note {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    class Loaded(Message):
        def __init__(self, wg: WorkingGroup, mark: int) -> None:
            self.wg, self.mark = wg, mark
            super().__init__()

    class CandidatesRead(Message):
        """Who can be elected, read when an election is started (``role``, ``slot``)."""

        def __init__(self, role: str, slot: str, candidates: list[CandidateRow]) -> None:
            self.role, self.slot, self.candidates = role, slot, candidates
            super().__init__()

    def __init__(self, mode: str | None = None) -> None:
        super().__init__(mode)
        self.on: dt.date | None = None
        self.wg: WorkingGroup | None = None
        self.row_slots: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        table = Table(id="wg-table")
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label)
        yield table
        yield Static("", id="wg-note")

    @property
    def date(self) -> dt.date:
        return self.on or self.sekretariat.today

    def on_mount(self) -> None:
        self.query_one("#wg-table", Table).focus()

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
        description=_("lese arbeidsgruppen"),
    )
    def load(self) -> None:
        db = self.sekretariat.database
        mark = db.change_mark()
        wg = working_group(db, self.date)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(wg, mark))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.wg, self.read_mark = message.wg, message.mark
        table = self.query_one("#wg-table", Table)
        current = self.current_key()
        rows = group_rows(message.wg)
        self.row_slots = {key: slot for key, slot, _ in rows}
        with self.app.batch_update():
            table.set_rows([(key, cells) for key, _, cells in rows], cursor=current)
        wg = message.wg
        parts = [formats.short_date(wg.on)]
        parts.append(
            formats.count(wg.vacant, _("ledig"), _("ledige")) if wg.vacant else _("fulltallig")
        )
        self.query_one("#heading-info", Static).update(escape(" · ".join(parts)))
        note = (
            _("Valgt {date}; medlemmene velges samme dag som lederen.").format(
                date=formats.short_date(wg.election)
            )
            if wg.election
            else _(
                "Ingen leder på denne datoen. Velg leder først; arbeidsgruppen velges samme dag."
            )
        )
        reasons = [m for sl in wg.slots if sl.slot == "leader" for m in sl.members if m.reason]
        if reasons:
            note += " " + _("Lederen er valgt med begrunnelse: {reason}.").format(
                reason=reasons[0].reason.rstrip(".")
            )
        self.query_one("#wg-note", Static).update(escape(note))

    def current_key(self) -> str | None:
        table = self.query_one("#wg-table", Table)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _elect(self, role: str, slot: str) -> None:
        self.read_candidates(role, slot, self.date)

    @work(
        thread=True,
        exclusive=True,
        group="wg-candidates",
        exit_on_error=False,
        description=_("lese kandidatene"),
    )
    def read_candidates(self, role: str, slot: str, on: dt.date) -> None:
        """Everyone who can be elected: read when an election starts, not on every visit."""
        found = candidates(self.sekretariat.database, on)
        if not get_current_worker().is_cancelled:
            self.post_message(self.CandidatesRead(role, slot, found))

    @on(CandidatesRead)
    def _show_election(self, message: CandidatesRead) -> None:
        role, slot, found = message.role, message.slot, message.candidates
        if role == "working_group":
            fits = [c for c in found if slot in c.wg_slots]
            title = _("Velg medlem: {slot}").format(slot=slot_name(slot))
            start = self.wg.election if self.wg and self.wg.election else self.date
        elif role == "leader":
            # The plan's «bør» (3.4): those it names first; anyone else with a reason.
            fits = [c for c in found if c.leader_eligible]
            title, start = _("Velg leder"), self.date
        else:
            # The plan names no one for deputy; it only seats the deputy in the group (3.6).
            fits, title, start = found, _("Velg nestleder"), self.date
        # Everyone with a seat may be chosen (the core says why someone cannot be);
        # those who fit are listed first.
        others = [c for c in found if c not in fits]
        choices = [(c.person, f"{c.name} – {c.seats}") for c in fits + others]

        def done(result: object) -> None:
            if result:
                self.notify(_("Valget er registrert."))
                self.load()

        self.app.push_screen(
            ElectDialog(
                role=role,
                slot=slot,
                title=title,
                candidates=choices,
                start=start,
            ),
            done,
        )

    def action_elect(self, role: str) -> None:
        self._elect(role, "")

    def action_elect_member(self) -> None:
        key = self.current_key()
        slot = self.row_slots.get(key or "", "")
        if slot in ("leader", "deputy"):
            self._elect(slot, "")
            return
        if not slot:
            self.notify(_("Marker plassen i arbeidsgruppen som skal fylles."))
            return
        self._elect("working_group", slot)

    def action_end_office(self) -> None:
        key = self.current_key() or ""
        if not key.startswith("office:") or self.wg is None:
            self.notify(_("Marker et medlem for å avslutte vervet."))
            return
        office_id = int(key.split(":")[1])
        member = next(m for s in self.wg.slots for m in s.members if m.office_id == office_id)

        def done(result: object) -> None:
            if result:
                self.notify(_("Vervet til {name} er avsluttet.").format(name=member.name))
                self.load()

        self.app.push_screen(EndTermDialog(office_id, member.name, self.date, office=True), done)

    def action_date(self) -> None:
        def chosen(day: dt.date | None) -> None:
            if day is not None:
                self.on = day
                self.load()

        self.app.push_screen(DateDialog(self.date), chosen)
