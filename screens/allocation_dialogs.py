"""The allocation screen's own dialogs: a new amount with a reason, a file to write, and
the money of a grant year per network."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from sekretariat.formats import kroner, parse_kroner
from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog
from widgets.steady_keys import SteadyInput

from .annual_report_dialogs import MoneyDialog
from .store_form import StoreFormDialog


@dataclass(frozen=True)
class Adjustment:
    amount: int
    reason: str


class AdjustDialog(FramedDialog[Adjustment | None]):
    """A new amount for one network, and why (both required)."""

    HINT = _("Enter lagrer · Esc avbryter")

    def __init__(self, network: str, current: int, left: int) -> None:
        super().__init__(_("Juster tildelingen til {network}").format(network=network))
        self.network = network
        self.current = current
        self.left = left

    def compose_body(self) -> ComposeResult:
        yield Static(
            _(
                "Nå: {current}. Ikke fordelt: {left}. "
                "Endringen tas fra eller legges til det som ikke er fordelt."
            ).format(current=kroner(self.current), left=kroner(self.left)),
            classes="dialog-hint",
        )
        yield Label(_("Nytt beløp (kr)"))
        yield SteadyInput(str(self.current), id="amount", compact=True)
        yield Label(_("Begrunnelse"))
        yield SteadyInput(placeholder=_("Hvorfor endres beløpet?"), id="reason", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        try:
            amount = parse_kroner(self.query_one("#amount", Input).value, _("Beløpet"))
        except ValueError as exc:
            self.show_error(_("{reason} Skriv hele kroner, f.eks. 1 200 000.").format(reason=exc))
            self.query_one("#amount", Input).focus()
            return
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.show_error(_("Skriv en begrunnelse for endringen."))
            self.query_one("#reason", Input).focus()
            return
        if amount - self.current > self.left:
            self.show_error(
                _("Økningen er større enn det som ikke er fordelt ({left}).").format(
                    left=kroner(self.left)
                )
            )
            return
        self.dismiss(Adjustment(amount, reason))


class PathDialog(FramedDialog[str | None]):
    """A file name to write to; the format follows the extension (.csv or .xlsx)."""

    HINT = _("Enter skriver filen · Esc avbryter")

    def __init__(self, title: str, suggestion: str) -> None:
        super().__init__(title)
        self.suggestion = suggestion

    def compose_body(self) -> ComposeResult:
        yield Label(_("Filnavn (.xlsx eller .csv)"))
        yield SteadyInput(self.suggestion, id="path", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value.lower().endswith((".csv", ".xlsx")):
            self.show_error(_("Filnavnet må slutte på .xlsx eller .csv."))
            return
        self.dismiss(value)


class LongFormDialog(StoreFormDialog):
    """A form with a line per network (the decision on the grants): its fields scroll in
    a box low enough that the hint and the keys stay in sight at 80x24."""

    DEFAULT_CSS = """
    LongFormDialog .dialog-fields {
        max-height: 14;
    }
    """


class YearMoneyDialog(MoneyDialog):
    """Requested, allocated, used and left per network (R40) seen from the allocation: it
    opens on the year before the one allocated, whose leftover funds the networks discuss
    with their needs reports (plan § 3.8), and −/+ step to another year."""

    HINT = _("−/+ bytter år · – = ikke kjent · Esc lukker")
    BINDINGS = [
        Binding("minus", "year(-1)", _("Forrige år"), key_display="−", id="money.year_back"),
        Binding("plus", "year(1)", _("Neste år"), key_display="+", id="money.year_next"),
    ]

    def action_year(self, step: int) -> None:
        """The title names the year, so the next year is a dialog of its own."""
        self.dismiss(None)
        self.app.push_screen(YearMoneyDialog(self.year + step))
