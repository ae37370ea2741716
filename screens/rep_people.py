"""The people list of the representatives area: type to filter, add, edit, open a person."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from screens.base import size_class
from screens.host import HostAccess
from sekretariat.domain.people import (
    PRIVACY_YEARS,
    PersonInput,
    PersonRow,
    TypeToFilter,
    list_people,
    regions,
)
from sekretariat.i18n import ui as _
from widgets.app_header import AppHeader
from widgets.key_footer import KeyFooter
from widgets.steady_keys import SteadyInput
from widgets.table import Table

from .person import PersonEditor, PersonScreen
from .rep_dialogs import ClearContactsDialog

COLUMNS = ((_("Navn"), 22), (_("Organisasjon"), 20), (_("Nettverk"), 15), (_("Roller"), 12))


def person_cells(people: list[PersonRow]) -> dict[str, tuple[str, str, str, str]]:
    """Each person's row of the table, by key: made once per read (in the worker), so a
    key typed into the search only picks rows."""
    return {p.key: (p.name, p.organisation, p.region_name, p.roles_text) for p in people}


class PeopleScreen(HostAccess, Screen[None]):
    """Everyone in the database; whatever is typed goes to the search field.

    So that typing never triggers an action, the actions sit on Ctrl and F keys.
    """

    #: Letters and digits typed in the list go to the search (``on_key``); the help says so.
    TYPE_TO_SEARCH = True

    BINDINGS = [
        Binding(
            "escape", "back", _("Tilbake"), tooltip=_("Tilbake til setetabellen"), id="people.back"
        ),
        Binding("ctrl+n", "new", _("Ny person"), tooltip=_("Legg til en person"), id="people.new"),
        Binding(
            "f2", "edit", _("Rediger"), tooltip=_("Endre den markerte personen"), id="people.edit"
        ),
        Binding(
            "f3",
            "search",
            _("Søk"),
            tooltip=_("Søk etter navn, organisasjon eller nettverk (eller bare skriv)"),
            id="people.search",
        ),
        Binding(
            "f4",
            "clear_contacts",
            _("Slett gamle kontakter"),
            tooltip=_(
                "Slett e-post og telefon for dem som ikke har hatt mandat eller verv på lenge"
            ),
            show=False,
            id="people.clear_contacts",
        ),
    ]
    DEFAULT_CSS = """
    PeopleScreen #people-search {
        height: 1;
        margin: 0 1;
    }
    PeopleScreen #people-table {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    PeopleScreen #people-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    class Loaded(Message):
        def __init__(
            self, people: list[PersonRow], mark: int | None = None, select: str | None = None
        ) -> None:
            self.people = people
            self.cells = person_cells(people)
            #: The database's change mark the people were read at.
            self.mark = mark
            #: A person just saved: the search is cleared and the cursor put on them.
            self.select = select
            super().__init__()

    class RegionsRead(Message):
        """The networks, read for the person editor (``current`` None: a new person)."""

        def __init__(self, regions: list[tuple[str, str]], current: PersonInput | None) -> None:
            self.regions, self.current = regions, current
            super().__init__()

    def __init__(self) -> None:
        super().__init__(id="screen-people")
        self.people: list[PersonRow] = []
        self.cells: dict[str, tuple[str, str, str, str]] = {}
        #: Whether the screen is being opened (rather than uncovered by a closing page).
        self._opened = True
        #: The database's change mark when the list was read (None: read it).
        self._mark: int | None = None
        self._filter: TypeToFilter | None = None

    def compose(self) -> ComposeResult:
        self.add_class(size_class(self))
        yield AppHeader()
        yield SteadyInput(
            placeholder=_("Søk: skriv navn, organisasjon eller nettverk"),
            id="people-search",
            select_on_focus=False,
            compact=True,
        )
        table = Table(id="people-table", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label)
        yield table
        yield Static("", id="people-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Table).focus()

    def on_screen_resume(self) -> None:
        # The app keeps this screen (app.show_people): read the people again each time
        # it is opened (an unchanged list leaves the table as it is), but not when a
        # person's page or editor on top of it closes: they reload what they changed.
        if self._opened:
            self._opened = False
            self.load()

    @work(
        thread=True,
        exclusive=True,
        group="people",
        exit_on_error=False,
        description=_("lese personene"),
    )
    def load(self) -> None:
        db = self.sekretariat.database
        mark = db.change_mark()
        if self.people and mark == self._mark:
            return  # nothing was written since the list was read
        people = list_people(db)
        # Fold each person's searchable text here, off the main thread, not on the
        # first key typed into the search (0.1–0.3 s for 5 000 people).
        for person in people:
            person.haystack  # noqa: B018  (a cached property)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(people, mark))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._mark = message.mark
        self.people = message.people
        self.cells = message.cells
        if message.select is not None:
            self.query_one("#people-search", Input).value = ""
        self.fill(keep=message.select)

    def fill(self, keep: str | None = None) -> None:
        query = self.query_one("#people-search", Input).value
        table = self.query_one(Table)
        current = keep or self.current_key()
        if self._filter is None or self._filter.people is not self.people:  # a new list
            self._filter = TypeToFilter(self.people)
        found = self._filter(query)
        # Everyone found is in the table: it draws only the lines on screen.
        cells = self.cells
        table.set_rows([(p.key, cells[p.key]) for p in found], cursor=current)
        status = _("{found} av {total} personer").format(found=len(found), total=len(self.people))
        if query.strip():
            status += " · " + _("Esc tømmer søket")
        self.query_one("#people-status", Static).update(status + " · " + _("Enter viser personen"))

    def current_key(self) -> str | None:
        table = self.query_one(Table)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(Input.Changed, "#people-search")
    def _search_changed(self) -> None:
        self.fill()

    @on(Input.Submitted, "#people-search")
    def _search_done(self) -> None:
        self.query_one(Table).focus()

    def key_down(self) -> None:
        if self.focused is self.query_one("#people-search", Input):
            self.query_one(Table).focus()

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        """Printable letters typed in the list start or extend the search."""
        search = self.query_one("#people-search", Input)
        if self.focused is self.query_one(Table) and event.is_printable and event.character:
            search.value += event.character
            search.focus()
            search.cursor_position = len(search.value)
            event.stop()

    def action_search(self) -> None:
        self.query_one("#people-search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#people-search", Input)
        if search.value:
            search.value = ""
            self.query_one(Table).focus()
            return
        self._opened = True  # read afresh when opened next time
        self.dismiss(None)

    @on(Table.RowSelected)
    def _open(self, event: Table.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(PersonScreen(event.row_key.value), lambda _: self.load())

    def action_new(self) -> None:
        self.read_regions(None)

    def action_edit(self) -> None:
        key = self.current_key()
        person = next((p for p in self.people if p.key == key), None)
        if person is None:
            self.notify(_("Marker en person først."))
            return
        self.read_regions(person.as_input())

    @work(
        thread=True,
        exclusive=True,
        group="people-regions",
        exit_on_error=False,
        description=_("lese nettverkene"),
    )
    def read_regions(self, current: PersonInput | None) -> None:
        found = [(code, name) for code, name, _ in regions(self.sekretariat.database)]
        self.post_message(self.RegionsRead(found, current))

    @on(RegionsRead)
    def _edit(self, message: RegionsRead) -> None:
        self.app.push_screen(PersonEditor(message.regions, message.current), self._saved)

    def _saved(self, key: str | None) -> None:
        if key:
            self.notify(_("Lagret ({key}).").format(key=key))
            self.load_and_select(key)

    @work(
        thread=True,
        exclusive=True,
        group="people",
        exit_on_error=False,
        description=_("lese personene"),
    )
    def load_and_select(self, key: str) -> None:
        db = self.sekretariat.database
        mark = db.change_mark()
        self.post_message(self.Loaded(list_people(db), mark, select=key))

    def action_clear_contacts(self) -> None:
        def done(count: int | None) -> None:
            if count:
                self.notify(
                    _("Kontaktopplysningene er slettet for {count} personer.").format(count=count)
                )
                self.load()

        self.app.push_screen(ClearContactsDialog(self.sekretariat.today, PRIVACY_YEARS), done)
