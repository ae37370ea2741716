"""Choosing, field by field, which value wins where the server and the laptop both changed
a meeting's minutes since it was checked out. Nothing is checked in until every field has
a side; the dialog answers the choices, and the check-in runs again with them."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sekretariat.exchange.checkout import FieldConflict
from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog

#: The choice per conflict: (row key, field) → "server" or "laptop".
Choices = dict[tuple[str, str], str]

#: How the sides are called where they are chosen.
SIDE_NAMES = {"server": _("serveren"), "laptop": _("den bærbare")}
#: The longest a value is shown (the whole text is in the file and on the server).
SHOWN = 200


def _one_line(text: str, most: int = SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _capital(text: str) -> str:
    """A row's name starts a line here (``"møtet 21.01.2027"`` → ``"Møtet 21.01.2027"``)."""
    return text[:1].upper() + text[1:]


class ConflictDialog(FramedDialog[Choices | None]):
    """Every conflict of a check-in, with the server's, the laptop's and the checkout's value."""

    DEFAULT_CSS = """
    ConflictDialog #conflict-list { height: auto; max-height: 8; border: none; padding: 0; }
    ConflictDialog #conflict-values { height: auto; max-height: 9; margin-top: 1; }
    """
    BINDINGS = [
        Binding("s", "choose('server')", _("Serverens"), id="conflicts.server"),
        Binding("b", "choose('laptop')", _("Den bærbares"), id="conflicts.laptop"),
        Binding("ctrl+s", "done", _("Sjekk inn"), id="conflicts.done"),
    ]
    HINT = _("s = serverens · b = den bærbares · Ctrl+S sjekker inn · Esc avbryter")

    def __init__(self, conflicts: list[FieldConflict]) -> None:
        super().__init__(_("Konflikter ved innsjekk"))
        self.conflicts = conflicts
        self.choices: Choices = {}

    def compose_body(self) -> ComposeResult:
        n = len(self.conflicts)
        lead = (
            _(
                "Ett felt er endret både her og på den bærbare siden utsjekken. "
                "Velg for hvert felt hvilken verdi som skal gjelde; ingenting er sjekket inn ennå."
            )
            if n == 1
            else _(
                "{n} felt er endret både her og på den bærbare siden utsjekken. "
                "Velg for hvert felt hvilken verdi som skal gjelde; ingenting er sjekket inn ennå."
            ).format(n=n)
        )
        yield Static(
            lead,
            classes="dialog-lead",
            markup=False,
        )
        yield OptionList(*self._options(), id="conflict-list")
        yield Static("", id="conflict-values")

    def _line(self, c: FieldConflict) -> str:
        side = self.choices.get((c.key, c.field))
        mark = f"→ {SIDE_NAMES[side]}" if side else "→ ?"
        return escape(f"{_capital(_one_line(c.label, 40))} · {c.field_label}  {mark}")

    def _options(self) -> list[Option]:
        return [Option(self._line(c), id=str(n)) for n, c in enumerate(self.conflicts)]

    def on_mount(self) -> None:
        options = self.query_one("#conflict-list", OptionList)
        options.highlighted = 0
        options.focus()
        self._show(0)

    @property
    def current(self) -> int:
        found = self.query_one("#conflict-list", OptionList).highlighted
        return found if found is not None else 0

    @on(OptionList.OptionHighlighted, "#conflict-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def _show(self, index: int) -> None:
        c = self.conflicts[index]
        lines = [
            f"{_capital(c.label)} – {c.field_label}",
            _("Serveren:     {value}").format(value=_one_line(c.shown("server"))),
            _("Den bærbare:  {value}").format(value=_one_line(c.shown("laptop"))),
            _("Ved utsjekk:  {value}").format(value=_one_line(c.shown("base"))),
        ]
        self.query_one("#conflict-values", Static).update("\n".join(lines))

    def action_choose(self, side: str) -> None:
        index = self.current
        c = self.conflicts[index]
        self.choices[(c.key, c.field)] = side
        options = self.query_one("#conflict-list", OptionList)
        options.replace_option_prompt_at_index(index, self._line(c))
        self.show_error("")
        following = [
            n
            for n in [*range(index + 1, len(self.conflicts)), *range(index)]
            if (self.conflicts[n].key, self.conflicts[n].field) not in self.choices
        ]
        if following:
            options.highlighted = following[0]

    def action_done(self) -> None:
        left = [c for c in self.conflicts if (c.key, c.field) not in self.choices]
        if left:
            self.show_error(
                _("Velg side for alle feltene først (ett felt gjenstår).")
                if len(left) == 1
                else _("Velg side for alle feltene først ({n} felt gjenstår).").format(n=len(left))
            )
            return
        self.dismiss(dict(self.choices))
