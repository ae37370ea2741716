"""The inbox's dialogs: a return reason, file paths, a report in full, versions compared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Input, Label, Static

from sekretariat import formats
from sekretariat.domain import needs
from sekretariat.labels import label
from widgets.dialog import FramedDialog


def parse_date(text: str) -> dt.date:
    """``22.11.2026`` or ``2026-11-22``; anything else is refused in Norwegian."""
    raw = text.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"«{raw}» er ikke en dato (skriv DD.MM.ÅÅÅÅ).")


class InboxDialog(FramedDialog):
    """The inbox's dialogs (the shared framed base)."""


class ReasonDialog(InboxDialog):
    """Why a report goes back to the network; required (the plan keeps the reason)."""

    def __init__(self, network: str, year: int) -> None:
        super().__init__()
        self.network = network
        self.year = year

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                f"Returner behovsmeldingen fra {escape(self.network)} ({self.year})",
                classes="dialog-title",
            )
            yield Label("Hva må nettverket justere?")
            yield Input(placeholder="Begrunnelse", id="reason", compact=True)
            yield Static("", classes="dialog-error")
            yield Static("Enter returnerer · Esc avbryter", classes="dialog-hint")

    @on(Input.Submitted)
    def submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.show_error("Skriv hvorfor behovsmeldingen returneres for justering.")
            return
        self.dismiss(reason)


class FolderDialog(InboxDialog):
    """Where to write the year's templates."""

    def __init__(self, year: int, suggestion: str) -> None:
        super().__init__()
        self.year = year
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Lag maler for behovsmelding {self.year}", classes="dialog-title")
            yield Static("Én XLSX-fil per nettverk, med forum, nettverk, år og frist fylt ut.")
            yield Label("Mappe (lages om den mangler)")
            yield Input(self.suggestion, id="folder", compact=True)
            yield Static("", classes="dialog-error")
            yield Static("Enter lager malene · Esc avbryter", classes="dialog-hint")

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#folder", Input).value.strip()
        if not value:
            self.show_error("Skriv navnet på en mappe.")
            return
        self.dismiss(value)


@dataclass(frozen=True)
class FileAnswer:
    path: Path
    received: dt.date


class ReceiveDialog(InboxDialog):
    """Which filled template to read, and when it came in."""

    def __init__(self, year: int, today: dt.date) -> None:
        super().__init__()
        self.year = year
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Les inn en utfylt behovsmelding for {self.year}", classes="dialog-title")
            yield Label("Fil (.xlsx)")
            yield Input(
                placeholder="f.eks. ~/Nedlastinger/behovsmelding.xlsx", id="file", compact=True
            )
            yield Label("Mottatt")
            yield Input(formats.short_date(self.today), id="received", compact=True)
            yield Static("", classes="dialog-error")
            yield Static("Enter leser inn · Esc avbryter", classes="dialog-hint")

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#file", Input).value.strip()
        if not value:
            self.show_error("Skriv hvor filen ligger.")
            self.query_one("#file", Input).focus()
            return
        try:
            received = parse_date(self.query_one("#received", Input).value)
        except ValueError as exc:
            self.show_error(str(exc))
            self.query_one("#received", Input).focus()
            return
        self.dismiss(FileAnswer(Path(value).expanduser(), received))


def _content_table(report: needs.Report, theme_names: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for name, text in needs.FIELD_LABELS.items():
        value = needs.field_text(report.newest, name, theme_names)
        table.add_row(text, Text(value or "–"))
    return table


def report_text(report: needs.Report) -> str:
    """State, versions and checks in markup: the top of the detail view."""
    lines = [f"[b]Status:[/b] {escape(label(report.state))}"]
    if report.return_reason:
        lines.append(f"[b]Begrunnelse for retur:[/b] {escape(report.return_reason)}")
    received = ", ".join(
        f"v{v.number} {formats.short_date(v.content.received)}"
        if v.content.received
        else f"v{v.number}"
        for v in report.versions
    )
    late = "  [$text-warning]levert etter fristen[/]" if report.late else ""
    lines.append(f"[b]Versjoner:[/b] {received}  (frist {formats.short_date(report.due)}){late}")
    if report.checks:
        lines.append("[b]Kontroller som slår ut:[/b]")
        for check in report.checks:
            kind = (
                "[$text-error]stopper godkjenning[/]"
                if check.blocks
                else "[$text-warning]advarsel[/]"
            )
            lines.append(f"  {check.code} ({kind}): {escape(check.text)}")
    else:
        lines.append("[b]Kontroller:[/b] alle er i orden.")
    return "\n".join(lines)


class ReportDetail(InboxDialog):
    """A report in full: state, reason, versions, every failed check in words, every field."""

    DEFAULT_CSS = """
    ReportDetail > Vertical {
        height: 100%;
    }
    ReportDetail #detail-body {
        height: 1fr;
        max-height: 1fr;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Lukk", id="inbox.detail.close"),
        Binding("v", "compare", "Sammenlign versjoner", id="inbox.detail.compare"),
    ]

    def __init__(self, report: needs.Report, theme_names: dict[str, str]) -> None:
        super().__init__()
        self.report = report
        self.theme_names = theme_names

    def compose(self) -> ComposeResult:
        r = self.report
        with Vertical():
            yield Label(
                f"Behovsmelding {r.year} – {escape(r.region_name)}, versjon {r.versions[-1].number}",
                classes="dialog-title",
            )
            with VerticalScroll(id="detail-body"):
                yield Static(report_text(r), id="detail-state")
                yield Static(_content_table(r, self.theme_names), id="detail-fields")
            yield Static(
                "Esc lukker" + (" · v sammenligner versjoner" if len(r.versions) > 1 else ""),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "compare":
            return len(self.report.versions) > 1
        return True

    def action_compare(self) -> None:
        self.app.push_screen(CompareVersions(self.report, self.theme_names))


def comparison_table(report: needs.Report, number: int, theme_names: dict[str, str]) -> Table:
    """Version ``number`` beside the one before; changed fields marked ≠ and highlighted."""
    before = report.version(number - 1)
    after = report.version(number)
    table = Table(expand=True, show_lines=False, box=None, padding=(0, 1))
    table.add_column("", width=1, no_wrap=True)
    table.add_column("Felt", style="bold", ratio=2)
    table.add_column(f"Versjon {number - 1}", ratio=4)
    table.add_column(f"Versjon {number}", ratio=4)
    for change in needs.compare(before, after, theme_names):
        mark = "≠" if change.changed else ""
        style = "reverse" if change.changed else ""
        table.add_row(
            Text(mark, style="bold"),
            Text(change.label, style=style),
            Text(change.before or "–"),
            Text(change.after or "–", style="bold" if change.changed else ""),
        )
    return table


class CompareVersions(InboxDialog):
    """Two versions side by side (a version with the one before); ←/→ step through."""

    DEFAULT_CSS = """
    CompareVersions > Vertical {
        width: 100%;
        height: 100%;
    }
    CompareVersions #compare-body {
        height: 1fr;
        max-height: 1fr;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Lukk", id="inbox.compare.close"),
        Binding("left", "older", "Eldre", id="inbox.compare.older"),
        Binding("right", "newer", "Nyere", id="inbox.compare.newer"),
    ]

    def __init__(
        self, report: needs.Report, theme_names: dict[str, str], number: int | None = None
    ) -> None:
        super().__init__()
        self.report = report
        self.theme_names = theme_names
        self.number = number or report.versions[-1].number
        self.table: Table | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("", id="compare-title", classes="dialog-title")
            with VerticalScroll(id="compare-body"):
                yield Static("", id="compare-table")
            yield Static(
                "≠ = endret · ←/→ eldre og nyere versjon · Esc lukker", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.show()
        self.query_one("#compare-body").focus()

    def show(self) -> None:
        r = self.report
        self.query_one("#compare-title", Label).update(
            f"{escape(r.region_name)} {r.year}: versjon {self.number} mot versjon {self.number - 1}"
        )
        self.table = comparison_table(r, self.number, self.theme_names)
        self.query_one("#compare-table", Static).update(self.table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        first, last = self.report.versions[0].number, self.report.versions[-1].number
        if action == "older":
            return None if self.number - 1 <= first else True
        if action == "newer":
            return None if self.number >= last else True
        return True

    def action_older(self) -> None:
        self.number -= 1
        self.show()
        self.refresh_bindings()

    def action_newer(self) -> None:
        self.number += 1
        self.show()
        self.refresh_bindings()
