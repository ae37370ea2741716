"""Kommunenes målform: each municipality's adopted written standard, set by keys.

A letter or template to a network follows its host municipality's standard (språklova
§ 10), so the secretariat keeps the register here: b, n and o set bokmål, nynorsk or
nøytral on the cursor's row, e writes the note (where the standard comes from), a adds a
municipality no network names. Municipalities the networks name but the register lacks
are listed too (as nøytral) so that each can be given its standard. Every change is
written at once and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from screens.base import size_class
from screens.host import HostAccess
from sekretariat.domain.municipalities import MunicipalityRow, municipality_rows, save_municipality
from sekretariat.errors import UserError
from sekretariat.i18n import STANDARD_NAMES, WRITTEN_STANDARDS
from sekretariat.i18n import ui as _
from widgets.app_header import AppHeader
from widgets.dialog import FormDialog, FormField, FormSpec
from widgets.key_footer import KeyFooter
from widgets.table import Table


@dataclass(frozen=True)
class Change:
    """A write to make: the municipality, and its new standard and/or note."""

    name: str
    standard: str | None = None
    note: str | None = None


class MunicipalityForm(FormDialog):
    """A form that may open with the reason its last answer was refused."""

    def __init__(self, spec: FormSpec, error: str = "") -> None:
        super().__init__(spec)
        self.error = error

    def on_mount(self) -> None:
        super().on_mount()
        if self.error:
            self.show_error(self.error)


class MunicipalitiesScreen(HostAccess, Screen[None]):
    """The register of written standards; Esc goes back to the settings."""

    DEFAULT_CSS = """
    #municipality-table { height: 1fr; scrollbar-size-vertical: 1; }
    #municipality-help { height: 3; padding: 0 1; border-top: solid $primary; color: $text-muted; }
    """
    BINDINGS = [
        Binding(
            "b",
            "standard('nb')",
            _("Bokmål"),
            tooltip=_("Kommunen har vedtatt bokmål"),
            id="municipalities.nb",
        ),
        Binding(
            "n",
            "standard('nn')",
            _("Nynorsk"),
            tooltip=_("Kommunen har vedtatt nynorsk"),
            id="municipalities.nn",
        ),
        Binding(
            "o",
            "standard('noytral')",
            _("Nøytral"),
            tooltip=_("Kommunen har ikke valgt: brev går på forumets språk"),
            id="municipalities.neutral",
        ),
        Binding(
            "e",
            "note",
            _("Merknad"),
            tooltip=_("Skriv hvor målformen kommer fra (kommunens vedtak)"),
            id="municipalities.note",
        ),
        Binding(
            "a",
            "add",
            _("Ny kommune"),
            tooltip=_("Legg til en kommune som ingen nettverk nevner"),
            id="municipalities.add",
        ),
        Binding(
            "escape",
            "back",
            _("Tilbake"),
            show=False,
            tooltip=_("Tilbake til innstillingene"),
            id="municipalities.back",
        ),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[MunicipalityRow], cursor: str | None) -> None:
            self.rows, self.cursor = rows, cursor
            super().__init__()

    class Done(Message):
        """A change was written (``text``) or refused (``error``)."""

        def __init__(self, change: Change, text: str, cursor: str | None, error: str) -> None:
            self.change, self.text, self.cursor, self.error = change, text, cursor, error
            super().__init__()

    def __init__(self) -> None:
        super().__init__(id="screen-municipalities")
        self.rows: list[MunicipalityRow] = []

    def compose(self) -> ComposeResult:
        self.add_class(size_class(self))
        yield AppHeader()
        with Horizontal(id="heading"):
            yield Static(_("Kommunenes målform"), id="heading-title", markup=False)
            yield Static("", id="heading-info", markup=False)
        table = Table(id="municipality-table")
        table.add_column(_("Kommune"), key="name", width=16)
        table.add_column(_("Målform"), key="standard", width=7)
        table.add_column(_("Vert for"), key="hosts", width=17)
        table.add_column(_("Merknad"), key="note", flex=True)
        yield table
        yield Static(
            _(
                "Brev og maler til et nettverk følger vertskommunens målform; nøytral gir "
                "forumets språk. b/n/o setter målformen, e merknaden."
            ),
            id="municipality-help",
            markup=False,
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    # -- reading ----------------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        group="municipalities-read",
        exit_on_error=False,
        description=_("lese kommunenes målform"),
    )
    def load(self, cursor: str | None = None) -> None:
        self.post_message(self.Loaded(municipality_rows(self.sekretariat.database), cursor))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.rows = message.rows
        shown = []
        for r in message.rows:
            note = r.note if r.registered else _("(ikke registrert)")
            style = "" if r.registered else "dim"
            shown.append(
                (
                    _key(r.name),
                    (
                        r.name,
                        STANDARD_NAMES[r.standard],
                        ", ".join(r.hosts),
                        Text(note, style=style),
                    ),
                )
            )
        self.query_one(Table).set_rows(shown, cursor=message.cursor)
        counts = {s: sum(r.standard == s for r in message.rows) for s in WRITTEN_STANDARDS}
        self.query_one("#heading-info", Static).update(
            _("{nb} bokmål · {nn} nynorsk · {neutral} nøytral").format(
                nb=counts["nb"], nn=counts["nn"], neutral=counts["noytral"]
            )
        )

    def _current(self) -> MunicipalityRow | None:
        key = self.query_one(Table).cursor_key
        return next((r for r in self.rows if _key(r.name) == key), None)

    @on(Table.RowSelected, "#municipality-table")
    def _selected(self) -> None:
        self.action_note()

    # -- the keys ---------------------------------------------------------------------
    def action_standard(self, standard: str) -> None:
        row = self._current()
        if row is None:
            self.notify(_("Ingen kommune å endre; a legger til en."), severity="warning")
            return
        if row.registered and row.standard == standard:
            return
        self.write(Change(row.name, standard=standard))

    def action_note(self) -> None:
        row = self._current()
        if row is None:
            self.action_add()
            return
        self._note_form(row.name, row.note)

    def action_add(self) -> None:
        self._add_form({})

    def action_back(self) -> None:
        self.dismiss(None)

    # -- the forms --------------------------------------------------------------------
    def _note_form(self, name: str, note: str, error: str = "") -> None:
        spec = FormSpec(
            _("Merknad: {name}").format(name=name),
            [FormField("note", _("Merknad"), note)],
            hint=_("For eksempel kommunestyrets vedtak om målform, med dato."),
        )
        self.app.push_screen(
            MunicipalityForm(spec, error),
            lambda answer: answer is not None and self.write(Change(name, note=answer["note"])),
        )

    def _add_form(self, v: dict[str, str], error: str = "") -> None:
        choices = tuple((STANDARD_NAMES[s], s) for s in WRITTEN_STANDARDS)
        spec = FormSpec(
            _("Ny kommune"),
            [
                FormField("name", _("Kommune"), v.get("name", "")),
                FormField("standard", _("Målform"), v.get("standard", "nb"), "select", choices),
                FormField("note", _("Merknad"), v.get("note", "")),
            ],
            hint=_("Navnet skrives slik nettverkene og personene skriver det."),
        )

        def answered(answer: dict[str, str] | None) -> None:
            if answer is not None:
                self.write(Change(answer["name"], answer["standard"], answer["note"]))

        self.app.push_screen(MunicipalityForm(spec, error), answered)

    # -- writing ----------------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        group="municipalities-write",
        exit_on_error=False,
        description=_("lagre kommunens målform"),
    )
    def write(self, change: Change) -> None:
        try:
            name = save_municipality(
                self.sekretariat.database, change.name, standard=change.standard, note=change.note
            )
        except UserError as exc:
            self.post_message(self.Done(change, "", None, str(exc)))
            return
        if change.standard is not None:
            text = _("{name} har nå målformen {standard}.").format(
                name=name, standard=STANDARD_NAMES[change.standard]
            )
        else:
            text = _("Merknaden for {name} er lagret.").format(name=name)
        self.post_message(self.Done(change, text, _key(name), ""))

    @on(Done)
    def _done(self, message: Done) -> None:
        change = message.change
        if not message.error:
            self.notify(message.text)
            self.load(message.cursor)
        elif change.standard is not None and change.note is not None:  # the new one's form
            self._add_form(
                {"name": change.name, "standard": change.standard, "note": change.note},
                message.error,
            )
        elif change.note is not None:
            self._note_form(change.name, change.note, message.error)
        else:
            self.notify(message.error, title=_("Ikke lagret"), severity="warning", timeout=8)


def _key(name: str) -> str:
    """A row's key: names match without regard to case or surrounding spaces."""
    return name.strip().casefold()
