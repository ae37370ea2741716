"""Dialogs of the representatives and working-group areas.

Each form dialog runs its core call itself, in a thread worker, and stays open with the
core's Norwegian sentence when a rule refuses it; it closes (answering what was saved)
only when the change is stored. Escape always cancels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Checkbox, Input, Select, Static
from textual.worker import get_current_worker

from screens.host import HostAccess
from screens.meeting_dialogs import FORUM_LANGUAGE, language_choices
from sekretariat import formats
from sekretariat.domain.offices import EligibilityWarning, elect, end_office
from sekretariat.domain.people import clear_contacts, contacts_to_clear
from sekretariat.domain.terms import TermCycle, appoint, end_term, read_term_end, renew
from sekretariat.errors import UserError
from sekretariat.i18n import ui
from sekretariat.i18n import ui as _
from widgets.check import Check
from widgets.dialog import FramedDialog, row
from widgets.search_select import SearchSelect
from widgets.steady_keys import SteadyInput


class RepDialog(HostAccess, FramedDialog[Any]):
    """A form whose change the core makes: Enter or Ctrl+S runs it in a worker, and the
    dialog closes (answering what was saved) only when it is stored."""

    BINDINGS = [Binding("ctrl+s", "submit", _("Lagre"), id="rep.dialog.submit")]
    HINT = _("Enter eller Ctrl+S lagrer · Tab neste felt · Esc avbryter")

    class Stored(Message):
        """The core stored the change; ``result`` is what it answered."""

        def __init__(self, result: Any) -> None:
            self.result = result
            super().__init__()

    class Refused(Message):
        """The core refused the change; ``text`` is its Norwegian sentence, ``error`` what
        it raised (a dialog may answer a warning by asking for more)."""

        def __init__(self, text: str, error: UserError | None = None) -> None:
            self.text, self.error = text, error
            super().__init__()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.enter()

    def enter(self) -> None:
        """Enter in a field: submit (a dialog with a step before saving overrides it)."""
        self.action_submit()

    def action_submit(self) -> None:
        """Read the fields and run the change; subclasses override ``prepare``."""
        try:
            job = self.prepare()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        if job is not None:
            self.show_error("")
            self.run_job(job)

    def prepare(self) -> Callable[[], Any] | None:
        return None

    @work(
        thread=True,
        exclusive=True,
        group="rep-dialog",
        exit_on_error=False,
        description=_("lagre endringen"),
    )
    def run_job(self, job: Callable[[], Any]) -> None:
        try:
            result = job()
        except UserError as exc:
            self.post_message(self.Refused(str(exc), exc))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Stored(result if result is not None else True))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.show_error(message.text)

    @on(Stored)
    def _stored(self, message: Stored) -> None:
        self.dismiss(message.result)

    # -- reading fields ----------------------------------------------------------
    def text(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def date(self, selector: str, what: str, *, optional: bool = False) -> dt.date | None:
        value = self.text(selector).strip()
        if not value and optional:
            return None
        try:
            return formats.parse_date(value)
        except ValueError as exc:
            self.query_one(selector, Input).focus()
            raise ValueError(f"{what}: {exc}") from None

    def choice(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return "" if value is Select.NULL else str(value)


class DateDialog(RepDialog):
    """Which date to show (the table's date)."""

    TITLE_TEXT = _("Vis en annen dato")
    HINT = _("Enter viser datoen · Esc avbryter")

    def __init__(self, current: dt.date) -> None:
        super().__init__()
        self.current = current

    def compose_body(self) -> ComposeResult:
        yield row(_("Dato"), SteadyInput(formats.short_date(self.current), id="date", compact=True))

    def action_submit(self) -> None:
        try:
            day = self.date("#date", _("Datoen"))
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(day)


class FilterDialog(RepDialog):
    """Show only one network and/or one seat category."""

    TITLE_TEXT = _("Filtrer setetabellen")
    HINT = _("Enter eller Ctrl+S bruker filteret · tomt valg viser alle · Esc avbryter")

    def __init__(
        self,
        regions: list[tuple[str, str]],
        seats: list[tuple[str, str]],
        region: str,
        seat: str,
    ) -> None:
        super().__init__()
        self.regions, self.seats, self.region_code, self.seat_code = regions, seats, region, seat

    def compose_body(self) -> ComposeResult:
        yield row(
            _("Nettverk"),
            Select(
                [(name, code) for code, name in self.regions],
                prompt=_("Alle nettverk"),
                value=self.region_code or Select.NULL,
                id="region",
                compact=True,
            ),
        )
        yield row(
            _("Sete"),
            Select(
                [(name, code) for code, name in self.seats],
                prompt=_("Alle seter"),
                value=self.seat_code or Select.NULL,
                id="seat",
                compact=True,
            ),
        )

    def action_submit(self) -> None:
        self.dismiss((self.choice("#region"), self.choice("#seat")))


class TermDialog(RepDialog):
    """The «Til» of a term: a date, a length («2 år») or nothing for the forum's period.

    For the dialogs that give a term (appoint, renew): under the field a line says
    which day the term ends and why (R1: to the day before the next period's first
    meeting), as the user types, so a length is never a guess.
    """

    DEFAULT_CSS = """
    TermDialog #end-note {
        width: 1fr;
        color: $text-muted;
    }
    """

    cycle: TermCycle

    def end_field(self) -> ComposeResult:
        yield row(
            _("Til"),
            SteadyInput(
                placeholder=_("dato, eller antall år (tom: {years} år)").format(
                    years=self.cycle.years
                ),
                id="end",
                compact=True,
            ),
        )
        yield row("", Static("", id="end-note", markup=False))

    def term_start(self) -> dt.date | None:
        raise NotImplementedError

    def show_end(self) -> None:
        """Say where the term ends (nothing while the start or the end cannot be read)."""
        start = self.term_start()
        note = ""
        if start is not None:
            try:
                note = read_term_end(self.text("#end"), start, self.cycle).why
            except ValueError:
                note = ""
        self.query_one("#end-note", Static).update(note)

    def term_end(self, start: dt.date) -> dt.date:
        """The end to store, as the note says; a mistake names the field."""
        try:
            return read_term_end(self.text("#end"), start, self.cycle).end
        except ValueError as exc:
            self.query_one("#end", Input).focus()
            raise ValueError(f"{_('Til')}: {exc}") from None


class AppointDialog(TermDialog):
    """Appoint a person to a seat, or as vara (the core checks every rule).

    The network is filled in when something decides it: the network of the row the
    dialog was opened on, or else, for a seat tied to networks, the network of the
    person chosen (the user's own choice of network is left alone).
    """

    TITLE_TEXT = _("Oppnevn til et sete")

    def __init__(
        self,
        *,
        people: list[tuple[str, str]],
        seats: list[tuple[str, str]],
        regions: list[tuple[str, str]],
        seat: str,
        region: str,
        start: dt.date,
        cycle: TermCycle,
        substitute: bool = False,
        person_regions: dict[str, str] | None = None,
        seat_regions: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__()
        self.people, self.seats, self.regions = people, seats, regions
        self.seat_code, self.region_code, self.start, self.cycle = seat, region, start, cycle
        self.substitute = substitute
        #: Each person's network (key → region code), for those who have one.
        self.person_regions = person_regions or {}
        #: The networks each seat tied to networks has a place for (seat code → codes).
        self.seat_regions = seat_regions or {}
        #: The network this dialog filled in itself (it may change it again).
        self.filled_region = ""

    def compose_body(self) -> ComposeResult:
        yield row(
            _("Person"),
            SearchSelect(
                [(t, k) for k, t in self.people],
                prompt=_("Velg person (skriv for å søke)"),
                id="person",
                compact=True,
            ),
        )
        yield row(
            _("Sete"),
            Select(
                [(t, c) for c, t in self.seats],
                value=self.seat_code or Select.NULL,
                prompt=_("Velg sete"),
                id="seat",
                compact=True,
            ),
        )
        yield row(
            _("Nettverk"),
            Select(
                [(t, c) for c, t in self.regions],
                value=self.region_code or Select.NULL,
                prompt=_("(ingen)"),
                id="region",
                compact=True,
            ),
        )
        yield row(_("Fra"), SteadyInput(formats.short_date(self.start), id="start", compact=True))
        yield from self.end_field()
        yield row("", Check(_("Vara (varamedlem)"), self.substitute, id="substitute", compact=True))

    def on_mount(self) -> None:
        self.query_one("#person", Select).focus()
        self.show_end()

    def term_start(self) -> dt.date | None:
        try:
            return formats.parse_date(self.text("#start"))
        except ValueError:
            return None

    @on(Input.Changed, "#start, #end")
    def _dates_changed(self) -> None:
        self.show_end()

    @on(Select.Changed, "#person, #seat")
    def _fill_region(self) -> None:
        """The chosen person's network, for a seat with a place per network."""
        field = self.query_one("#region", Select)
        mine = self.choice("#region")
        if mine and mine != self.filled_region:
            return  # the row's network, or the user's own choice
        tied = self.seat_regions.get(self.choice("#seat"), [])
        theirs = self.person_regions.get(self.choice("#person"), "")
        wanted = theirs if theirs in tied else ""
        if wanted != mine:
            field.value = wanted or Select.NULL
        self.filled_region = wanted

    def prepare(self) -> Callable[[], Any] | None:
        person = self.choice("#person")
        seat = self.choice("#seat")
        if not person:
            raise ValueError(_("Velg hvem som skal oppnevnes."))
        if not seat:
            raise ValueError(_("Velg setet."))
        start = self.date("#start", _("Fra"))
        assert start is not None
        end = self.term_end(start)
        region = self.choice("#region") or None
        substitute = self.query_one("#substitute", Checkbox).value
        db = self.sekretariat.database
        return lambda: appoint(
            db, person=person, seat=seat, start=start, end=end, region=region, substitute=substitute
        )


class RenewDialog(TermDialog):
    """Renew a term: the new one starts the day after the old end."""

    TITLE_TEXT = _("Forny mandatet")

    def __init__(self, term_id: int, who: str, old_end: dt.date, cycle: TermCycle) -> None:
        super().__init__()
        self.term_id, self.who, self.old_end, self.cycle = term_id, who, old_end, cycle

    def term_start(self) -> dt.date | None:
        return self.old_end + dt.timedelta(days=1)

    def compose_body(self) -> ComposeResult:
        start = self.old_end + dt.timedelta(days=1)
        yield Static(
            _("{name} får et nytt mandat fra {date} (dagen etter at det gamle går ut).").format(
                name=escape(self.who), date=formats.short_date(start)
            ),
            classes="dialog-lead",
        )
        yield from self.end_field()

    def on_mount(self) -> None:
        self.show_end()

    @on(Input.Changed, "#end")
    def _end_changed(self) -> None:
        self.show_end()

    def prepare(self) -> Callable[[], Any] | None:
        end = self.term_end(self.old_end + dt.timedelta(days=1))
        db = self.sekretariat.database
        return lambda: renew(db, self.term_id, end)


class EndTermDialog(RepDialog):
    """End a term early: its last day and why."""

    TITLE_TEXT = _("Avslutt mandatet før tiden")

    def __init__(self, term_id: int, who: str, on: dt.date, *, office: bool = False) -> None:
        super().__init__(_("Avslutt vervet før tiden") if office else None)
        self.term_id, self.who, self.on, self.office = term_id, who, on, office

    def compose_body(self) -> ComposeResult:
        yield Static(self.who, classes="dialog-lead", markup=False)
        yield row(_("Siste dag"), SteadyInput(formats.short_date(self.on), id="end", compact=True))
        if not self.office:
            yield row(
                _("Grunn"),
                SteadyInput(
                    placeholder=_("f.eks. Sluttet i stillingen"), id="reason", compact=True
                ),
            )

    def prepare(self) -> Callable[[], Any] | None:
        end = self.date("#end", _("Siste dag"))
        assert end is not None
        db = self.sekretariat.database
        if self.office:
            return lambda: end_office(db, self.term_id, end)
        reason = self.text("#reason")
        return lambda: end_term(db, self.term_id, end, reason)


class ListDialog(RepDialog):
    """Which list to write, where, and in which written standard (a list goes to all: the
    forum's language unless another is chosen); the file is written in the worker."""

    TITLE_TEXT = _("Lister ut")
    HINT = _("Enter skriver filen (.csv eller .xlsx) · Esc avbryter")

    def __init__(self, on: dt.date, suggestion: str) -> None:
        super().__init__()
        self.on, self.suggestion = on, suggestion

    def compose_body(self) -> ComposeResult:
        # The list writer brings openpyxl (0.2 s): loaded when the dialog opens, not when
        # the area is built.
        from sekretariat.documents.representative_lists import KINDS

        yield Static(
            _("Gjelder {date}.").format(date=formats.short_date(self.on)), classes="dialog-lead"
        )
        yield row(
            _("Liste"),
            Select(
                [(ui(t), k) for k, t in KINDS.items()],
                value="representatives",
                allow_blank=False,
                id="kind",
                compact=True,
            ),
        )
        # Before the file, so that Enter in the file's field (focused) writes.
        yield row(
            _("Målform"),
            Select(
                language_choices(),
                value=FORUM_LANGUAGE,
                allow_blank=False,
                id="lang",
                compact=True,
            ),
        )
        yield row(_("Fil"), SteadyInput(self.suggestion, id="path", compact=True))

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def prepare(self) -> Callable[[], Any] | None:
        from sekretariat.documents.representative_lists import write_list  # see compose_body

        kind = self.choice("#kind")
        path = self.text("#path").strip()
        if not path:
            raise ValueError(_("Skriv inn et filnavn."))
        chosen = self.choice("#lang")
        lang = None if chosen == FORUM_LANGUAGE else chosen
        db = self.sekretariat.database
        return lambda: write_list(db, kind, self.on, Path(path), lang)


class ClearContactsDialog(RepDialog):
    """Clear old contact details: choose the period, see who is affected, confirm."""

    TITLE_TEXT = _("Slett gamle kontaktopplysninger")
    HINT = _("Enter viser hvem det gjelder · Ctrl+S sletter · Esc avbryter")
    DEFAULT_CSS = """
    ClearContactsDialog #affected {
        max-height: 10;
        margin-top: 1;
    }
    """

    class Affected(Message):
        """Who would have their contact details cleared: (key, name, organisation)."""

        def __init__(self, people: list[tuple[str, str, str]]) -> None:
            self.people = people
            super().__init__()

    def __init__(self, today: dt.date, years: int) -> None:
        super().__init__()
        self.today, self.years = today, years
        self.affected: list[str] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(
            _(
                "E-post og telefon slettes for personer uten mandat eller verv de siste årene. "
                "Navnene blir stående."
            ),
            classes="dialog-lead",
        )
        yield row(
            _("Antall år"), SteadyInput(str(self.years), id="years", compact=True, restrict=r"\d*")
        )
        yield VerticalScroll(Static("", id="affected-text"), id="affected")

    @on(Input.Changed, "#years")
    def _years_changed(self) -> None:
        self.affected = None
        self.query_one("#affected-text", Static).update("")

    def _years(self) -> int:
        value = self.text("#years").strip()
        if not value.isdigit() or int(value) < 1:
            raise ValueError(_("Antall år må være et helt tall, minst 1."))
        return int(value)

    def enter(self) -> None:
        """Enter shows who is affected; Ctrl+S then clears."""
        try:
            years = self._years()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.look_up(years)

    @work(
        thread=True,
        exclusive=True,
        group="rep-dialog",
        exit_on_error=False,
        description=_("finne hvem det gjelder"),
    )
    def look_up(self, years: int) -> None:
        people = contacts_to_clear(self.sekretariat.database, self.today, years)
        self.post_message(self.Affected([(p.key, p.name, p.organisation) for p in people]))

    @on(Affected)
    def _show_affected(self, message: Affected) -> None:
        people = message.people
        self.affected = [key for key, _, _ in people]
        box = self.query_one("#affected-text", Static)
        if not people:
            box.update(_("Ingen å slette: alle har hatt mandat eller verv i perioden."))
            return
        who = formats.count(len(people), _("person"), _("personer"))
        lines = [_("[b]{people} får kontaktopplysningene slettet:[/b]").format(people=who)]
        lines += [
            f"  {escape(name)}" + (f" – {escape(org)}" if org else "") for _, name, org in people
        ]
        lines.append(_("Trykk Ctrl+S for å slette, Esc for å avbryte."))
        box.update("\n".join(lines))

    def prepare(self) -> Callable[[], Any] | None:
        if self.affected is None:
            self.enter()
            return None
        if not self.affected:
            raise ValueError(_("Det er ingen å slette."))
        keys, today = list(self.affected), self.today
        db = self.sekretariat.database
        return lambda: clear_contacts(db, keys, today)


class ElectDialog(RepDialog):
    """Record an election: leader, deputy or a working-group member.

    The plan says the leadership «bør» go to an owner, an authority or the county
    governor (3.4): electing someone else is a warning, not a refusal. The core's warning
    is shown with a field for the reason, and saving again with a reason elects.
    """

    def __init__(
        self,
        *,
        role: str,
        slot: str,
        title: str,
        candidates: list[tuple[str, str]],
        start: dt.date,
    ) -> None:
        super().__init__(title)
        self.role, self.slot, self.candidates, self.start = role, slot, candidates, start

    def compose_body(self) -> ComposeResult:
        yield row(
            _("Person"),
            SearchSelect(
                [(t, k) for k, t in self.candidates],
                prompt=_("Velg person (skriv for å søke)"),
                id="person",
                compact=True,
            ),
        )
        yield row(_("Valgt"), SteadyInput(formats.short_date(self.start), id="start", compact=True))
        yield row(
            _("Til"), SteadyInput(placeholder=_("tom: ut valgperioden"), id="end", compact=True)
        )
        reason = row(
            _("Begrunnelse"),
            SteadyInput(placeholder=_("hvorfor hen velges likevel"), id="reason", compact=True),
            classes="elect-reason",
        )
        reason.display = False
        yield reason

    @on(RepDialog.Refused)
    def _warned(self, message: RepDialog.Refused) -> None:
        """A leader the plan does not name: ask for the reason (the warning stays shown)."""
        if isinstance(message.error, EligibilityWarning):
            self.query_one(".elect-reason").display = True
            self.query_one("#reason", Input).focus()

    def on_mount(self) -> None:
        self.query_one("#person", Select).focus()

    def prepare(self) -> Callable[[], Any] | None:
        person = self.choice("#person")
        if not person:
            raise ValueError(_("Velg hvem som er valgt."))
        start = self.date("#start", _("Valgdatoen"))
        assert start is not None
        end = self.date("#end", _("Til"), optional=True)
        reason = self.text("#reason") if self.query_one(".elect-reason").display else ""
        db = self.sekretariat.database
        return lambda: elect(
            db,
            person=person,
            role=self.role,
            slot=self.slot,
            start=start,
            end=end,
            elected=start,
            reason=reason,
        )
