"""The inbox's dialogs: a return reason, file paths, a report in full, versions compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.widgets import Input, Label, Static

from sekretariat import formats
from sekretariat.domain import needs
from sekretariat.labels import label
from widgets.dialog import FramedDialog
from widgets.steady_keys import SteadyInput

#: Two versions' fields side by side (``needs.compare``, ``annual_reports.compare``).
Compare = Callable[[Any, Any, dict[str, str]], list[needs.FieldChange]]


class ReasonDialog(FramedDialog[str | None]):
    """Why a report goes back to the network; required (the plan keeps the reason)."""

    HINT = "Enter returnerer · Esc avbryter"

    def __init__(self, network: str, year: int, what: str = "behovsmeldingen") -> None:
        super().__init__(f"Returner {what} fra {network} ({year})")
        self.network = network
        self.year = year
        self.what = what

    def compose_body(self) -> ComposeResult:
        yield Label("Hva må nettverket justere?")
        yield SteadyInput(placeholder="Begrunnelse", id="reason", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.show_error(f"Skriv hvorfor {self.what} returneres for justering.")
            return
        self.dismiss(reason)


class FolderDialog(FramedDialog[str | None]):
    """Where to write the year's templates."""

    HINT = "Enter lager malene · Esc avbryter"

    def __init__(
        self,
        year: int,
        suggestion: str,
        what: str = "behovsmelding",
        prefilled: str = "forum, nettverk, år og frist",
    ) -> None:
        super().__init__(f"Lag maler for {what} {year}")
        self.year = year
        self.suggestion = suggestion
        self.prefilled = prefilled

    def compose_body(self) -> ComposeResult:
        yield Static(f"Én XLSX-fil per nettverk, med {self.prefilled} fylt ut.")
        yield Label("Mappe (lages om den mangler)")
        yield SteadyInput(self.suggestion, id="folder", compact=True)

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


class ReceiveDialog(FramedDialog["FileAnswer | None"]):
    """Which filled template to read, and when it came in."""

    HINT = "Enter leser inn · Esc avbryter"

    def __init__(self, year: int, today: dt.date, what: str = "behovsmelding") -> None:
        super().__init__(f"Les inn en utfylt {what} for {year}")
        self.year = year
        self.today = today
        self.what = what

    def compose_body(self) -> ComposeResult:
        yield Label("Fil (.xlsx)")
        yield SteadyInput(
            placeholder=f"f.eks. ~/Nedlastinger/{self.what}.xlsx", id="file", compact=True
        )
        yield Label("Mottatt")
        yield SteadyInput(formats.short_date(self.today), id="received", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#file", Input).value.strip()
        if not value:
            self.show_error("Skriv hvor filen ligger.")
            self.query_one("#file", Input).focus()
            return
        try:
            received = formats.parse_date(self.query_one("#received", Input).value)
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


class ReportDetail(FramedDialog[None]):
    """A report in full: state, reason, versions, every failed check in words, every field."""

    DEFAULT_CSS = """
    ReportDetail > .dialog-frame {
        height: 100%;
    }
    ReportDetail #detail-body {
        height: 1fr;
        max-height: 1fr;
    }
    """

    BINDINGS = [Binding("v", "compare", "Sammenlign versjoner", id="inbox.detail.compare")]

    def __init__(self, report: needs.Report, theme_names: dict[str, str]) -> None:
        r = report
        super().__init__(
            f"Behovsmelding {r.year} – {r.region_name}, versjon {r.versions[-1].number}",
            "Esc lukker" + (" · v sammenligner versjoner" if len(r.versions) > 1 else ""),
        )
        self.report = report
        self.theme_names = theme_names

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield Static(report_text(self.report), id="detail-state")
            yield Static(_content_table(self.report, self.theme_names), id="detail-fields")

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "compare":
            return len(self.report.versions) > 1
        return True

    def action_compare(self) -> None:
        self.app.push_screen(CompareVersions(self.report, self.theme_names))


def comparison_table(
    report: Any, number: int, theme_names: dict[str, str], compare: Compare = needs.compare
) -> Table:
    """Version ``number`` beside the one before; changed fields marked ≠ and highlighted.

    ``report`` is a needs or an annual report, ``compare`` its module's comparison."""
    before = report.version(number - 1)
    after = report.version(number)
    table = Table(expand=True, show_lines=False, box=None, padding=(0, 1))
    table.add_column("", width=1, no_wrap=True)
    table.add_column("Felt", style="bold", ratio=2)
    table.add_column(f"Versjon {number - 1}", ratio=4)
    table.add_column(f"Versjon {number}", ratio=4)
    for change in compare(before, after, theme_names):
        mark = "≠" if change.changed else ""
        style = "reverse" if change.changed else ""
        table.add_row(
            Text(mark, style="bold"),
            Text(change.label, style=style),
            Text(change.before or "–"),
            Text(change.after or "–", style="bold" if change.changed else ""),
        )
    return table


class CompareVersions(FramedDialog[None]):
    """Two versions side by side (a version with the one before); ←/→ step through."""

    DEFAULT_CSS = """
    CompareVersions > .dialog-frame {
        width: 100%;
        height: 100%;
    }
    CompareVersions #compare-body {
        height: 1fr;
        max-height: 1fr;
    }
    """
    BINDINGS = [
        Binding("left", "older", "Eldre", id="inbox.compare.older"),
        Binding("right", "newer", "Nyere", id="inbox.compare.newer"),
    ]
    HINT = "≠ = endret · ←/→ eldre og nyere versjon · Esc lukker"

    def __init__(
        self,
        report: Any,
        theme_names: dict[str, str],
        number: int | None = None,
        compare: Compare = needs.compare,
    ) -> None:
        super().__init__()
        self.report = report
        self.theme_names = theme_names
        self.compare = compare
        self.number = number or report.versions[-1].number
        self.table: Table | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="compare-body"):
            yield Static("", id="compare-table")

    def on_mount(self) -> None:
        self.show()
        self.query_one("#compare-body").focus()

    def show(self) -> None:
        r = self.report
        self.query_one(".dialog-frame").border_title = Content(
            f"{r.region_name} {r.year}: versjon {self.number} mot versjon {self.number - 1}"
        )
        self.table = comparison_table(r, self.number, self.theme_names, self.compare)
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
