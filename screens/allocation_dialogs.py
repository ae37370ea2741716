"""Small dialogs of the allocation screen: a value with a reason, a choice, a file path."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from widgets.dialog import FramedDialog


class AllocationDialog(FramedDialog):
    """The allocation screen's dialogs (the shared framed base)."""


@dataclass(frozen=True)
class Adjustment:
    amount: int
    reason: str


def parse_kroner(text: str) -> int | None:
    """'1 200 000', '1200000' or '1.200.000' → 1200000; anything else → None."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(".", "").replace("kr", "")
    return int(cleaned) if cleaned.isdigit() else None


class AdjustDialog(AllocationDialog):
    """A new amount for one network, and why (both required)."""

    def __init__(self, network: str, current: int, left: int) -> None:
        super().__init__()
        self.network = network
        self.current = current
        self.left = left

    def compose(self) -> ComposeResult:
        from sekretariat.formats import kroner

        with Vertical():
            yield Label(f"Juster tildelingen til {escape(self.network)}", classes="dialog-title")
            yield Static(
                f"Nå: {kroner(self.current)}. Ikke fordelt: {kroner(self.left)}. "
                "Endringen tas fra eller legges til det som ikke er fordelt.",
                classes="dialog-hint",
            )
            yield Label("Nytt beløp (kr)")
            yield Input(str(self.current), id="amount", compact=True)
            yield Label("Begrunnelse")
            yield Input(placeholder="Hvorfor endres beløpet?", id="reason", compact=True)
            yield Static("", classes="dialog-error")
            yield Static("Enter lagrer · Esc avbryter", classes="dialog-hint")

    @on(Input.Submitted)
    def submit(self) -> None:
        amount = parse_kroner(self.query_one("#amount", Input).value)
        reason = self.query_one("#reason", Input).value.strip()
        if amount is None:
            self.show_error("Beløpet må være et helt antall kroner, f.eks. 1 200 000.")
            self.query_one("#amount", Input).focus()
            return
        if not reason:
            self.show_error("Skriv en begrunnelse for endringen.")
            self.query_one("#reason", Input).focus()
            return
        if amount - self.current > self.left:
            from sekretariat.formats import kroner

            self.show_error(
                f"Økningen er større enn det som ikke er fordelt ({kroner(self.left)})."
            )
            return
        self.dismiss(Adjustment(amount, reason))


class ChoiceDialog(AllocationDialog):
    """Pick one of a list (Enter), or Escape."""

    def __init__(self, title: str, choices: list[tuple[str, str]], empty: str) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(escape(self.title_text), classes="dialog-title")
            if self.choices:
                yield OptionList(*(Option(escape(text), id=value) for value, text in self.choices))
                yield Static(
                    "Piltaster velger · Enter bekrefter · Esc avbryter", classes="dialog-hint"
                )
            else:
                yield Static(escape(self.empty))
                yield Static("Esc lukker", classes="dialog-hint")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class PathDialog(AllocationDialog):
    """A file name to write to; the format follows the extension (.csv or .xlsx)."""

    def __init__(self, title: str, suggestion: str) -> None:
        super().__init__()
        self.title_text = title
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(escape(self.title_text), classes="dialog-title")
            yield Label("Filnavn (.xlsx eller .csv)")
            yield Input(self.suggestion, id="path", compact=True)
            yield Static("", classes="dialog-error")
            yield Static("Enter skriver filen · Esc avbryter", classes="dialog-hint")

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value.lower().endswith((".csv", ".xlsx")):
            self.show_error("Filnavnet må slutte på .xlsx eller .csv.")
            return
        self.dismiss(value)
