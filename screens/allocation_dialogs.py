"""The allocation screen's own dialogs: a new amount with a reason, a file to write, and
the money of a grant year per network."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from sekretariat.formats import kroner, parse_kroner
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

    HINT = "Enter lagrer · Esc avbryter"

    def __init__(self, network: str, current: int, left: int) -> None:
        super().__init__(f"Juster tildelingen til {network}")
        self.network = network
        self.current = current
        self.left = left

    def compose_body(self) -> ComposeResult:
        yield Static(
            f"Nå: {kroner(self.current)}. Ikke fordelt: {kroner(self.left)}. "
            "Endringen tas fra eller legges til det som ikke er fordelt.",
            classes="dialog-hint",
        )
        yield Label("Nytt beløp (kr)")
        yield SteadyInput(str(self.current), id="amount", compact=True)
        yield Label("Begrunnelse")
        yield SteadyInput(placeholder="Hvorfor endres beløpet?", id="reason", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        try:
            amount = parse_kroner(self.query_one("#amount", Input).value, "Beløpet")
        except ValueError as exc:
            self.show_error(f"{exc} Skriv hele kroner, f.eks. 1 200 000.")
            self.query_one("#amount", Input).focus()
            return
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.show_error("Skriv en begrunnelse for endringen.")
            self.query_one("#reason", Input).focus()
            return
        if amount - self.current > self.left:
            self.show_error(
                f"Økningen er større enn det som ikke er fordelt ({kroner(self.left)})."
            )
            return
        self.dismiss(Adjustment(amount, reason))


class PathDialog(FramedDialog[str | None]):
    """A file name to write to; the format follows the extension (.csv or .xlsx)."""

    HINT = "Enter skriver filen · Esc avbryter"

    def __init__(self, title: str, suggestion: str) -> None:
        super().__init__(title)
        self.suggestion = suggestion

    def compose_body(self) -> ComposeResult:
        yield Label("Filnavn (.xlsx eller .csv)")
        yield SteadyInput(self.suggestion, id="path", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value.lower().endswith((".csv", ".xlsx")):
            self.show_error("Filnavnet må slutte på .xlsx eller .csv.")
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

    HINT = "−/+ bytter år · – = ikke kjent · Esc lukker"
    BINDINGS = [
        Binding("minus", "year(-1)", "Forrige år", key_display="−", id="money.year_back"),
        Binding("plus", "year(1)", "Neste år", key_display="+", id="money.year_next"),
    ]

    def action_year(self, step: int) -> None:
        """The title names the year, so the next year is a dialog of its own."""
        self.dismiss(None)
        self.app.push_screen(YearMoneyDialog(self.year + step))
