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
from sekretariat.i18n import ui, ui_label
from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog
from widgets.steady_keys import SteadyInput

#: Two versions' fields side by side (``needs.compare``, ``annual_reports.compare``).
Compare = Callable[[Any, Any, dict[str, str]], list[needs.FieldChange]]

#: The dialogs' sentences for each kind of report they serve (``what``: the bokmål word
#: the caller passes), whole sentences so that each language can bend its words.
RETURN_TEXTS = {
    "behovsmeldingen": (
        _("Returner behovsmeldingen fra {network} ({year})"),
        _("Skriv hvorfor behovsmeldingen returneres for justering."),
    ),
    "årsrapporten": (
        _("Returner årsrapporten fra {network} ({year})"),
        _("Skriv hvorfor årsrapporten returneres for justering."),
    ),
}
TEMPLATES_TITLES = {
    "behovsmelding": _("Lag maler for behovsmelding {year}"),
    "årsrapport": _("Lag maler for årsrapport {year}"),
}
RECEIVE_TITLES = {
    "behovsmelding": _("Les inn en utfylt behovsmelding for {year}"),
    "årsrapport": _("Les inn en utfylt årsrapport for {year}"),
}


class ReasonDialog(FramedDialog[str | None]):
    """Why a report goes back to the network; required (the plan keeps the reason)."""

    HINT = _("Enter returnerer · Esc avbryter")

    def __init__(self, network: str, year: int, what: str = "behovsmeldingen") -> None:
        title, self.missing = RETURN_TEXTS.get(what, RETURN_TEXTS["behovsmeldingen"])
        super().__init__(title.format(network=network, year=year))
        self.network = network
        self.year = year
        self.what = what

    def compose_body(self) -> ComposeResult:
        yield Label(_("Hva må nettverket justere?"))
        yield SteadyInput(placeholder=_("Begrunnelse"), id="reason", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.show_error(self.missing)
            return
        self.dismiss(reason)


class FolderDialog(FramedDialog[str | None]):
    """Where to write the year's templates."""

    HINT = _("Enter lager malene · Esc avbryter")

    def __init__(
        self,
        year: int,
        suggestion: str,
        what: str = "behovsmelding",
        prefilled: str | None = None,
    ) -> None:
        title = TEMPLATES_TITLES.get(what, TEMPLATES_TITLES["behovsmelding"])
        super().__init__(title.format(year=year))
        self.year = year
        self.suggestion = suggestion
        self.prefilled = prefilled or _("forum, nettverk, år og frist")

    def compose_body(self) -> ComposeResult:
        yield Static(
            _("Én XLSX-fil per nettverk, med {prefilled} fylt ut.").format(prefilled=self.prefilled)
        )
        yield Label(_("Mappe (lages om den mangler)"))
        yield SteadyInput(self.suggestion, id="folder", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#folder", Input).value.strip()
        if not value:
            self.show_error(_("Skriv navnet på en mappe."))
            return
        self.dismiss(value)


@dataclass(frozen=True)
class FileAnswer:
    path: Path
    received: dt.date


class ReceiveDialog(FramedDialog["FileAnswer | None"]):
    """Which filled template to read, and when it came in."""

    HINT = _("Enter leser inn · Esc avbryter")

    def __init__(self, year: int, today: dt.date, what: str = "behovsmelding") -> None:
        title = RECEIVE_TITLES.get(what, RECEIVE_TITLES["behovsmelding"])
        super().__init__(title.format(year=year))
        self.year = year
        self.today = today
        self.what = what

    def compose_body(self) -> ComposeResult:
        yield Label(_("Fil (.xlsx)"))
        yield SteadyInput(
            placeholder=_("f.eks. ~/Nedlastinger/{name}.xlsx").format(name=self.what),
            id="file",
            compact=True,
        )
        yield Label(_("Mottatt"))
        yield SteadyInput(formats.short_date(self.today), id="received", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#file", Input).value.strip()
        if not value:
            self.show_error(_("Skriv hvor filen ligger."))
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
        table.add_row(ui(text), Text(value or "–"))
    return table


def report_text(report: needs.Report) -> str:
    """State, versions and checks in markup: the top of the detail view."""
    lines = [_("[b]Status:[/b] {state}").format(state=escape(ui_label(report.state)))]
    if report.return_reason:
        lines.append(
            _("[b]Begrunnelse for retur:[/b] {reason}").format(reason=escape(report.return_reason))
        )
    received = ", ".join(
        f"v{v.number} {formats.short_date(v.content.received)}"
        if v.content.received
        else f"v{v.number}"
        for v in report.versions
    )
    versions = (
        _("[b]Versjoner:[/b] {versions}  (frist {due})  [$text-warning]levert etter fristen[/]")
        if report.late
        else _("[b]Versjoner:[/b] {versions}  (frist {due})")
    )
    lines.append(versions.format(versions=received, due=formats.short_date(report.due)))
    if report.checks:
        lines.append(_("[b]Kontroller som slår ut:[/b]"))
        for check in report.checks:
            kind = (
                _("[$text-error]stopper godkjenning[/]")
                if check.blocks
                else _("[$text-warning]advarsel[/]")
            )
            lines.append(f"  {check.code} ({kind}): {escape(check.text)}")
    else:
        lines.append(_("[b]Kontroller:[/b] alle er i orden."))
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

    BINDINGS = [Binding("v", "compare", _("Sammenlign versjoner"), id="inbox.detail.compare")]

    def __init__(self, report: needs.Report, theme_names: dict[str, str]) -> None:
        r = report
        super().__init__(
            _("Behovsmelding {year} – {name}, versjon {number}").format(
                year=r.year, name=r.region_name, number=r.versions[-1].number
            ),
            _("Esc lukker · v sammenligner versjoner") if len(r.versions) > 1 else _("Esc lukker"),
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
    table.add_column(_("Felt"), style="bold", ratio=2)
    table.add_column(_("Versjon {number}").format(number=number - 1), ratio=4)
    table.add_column(_("Versjon {number}").format(number=number), ratio=4)
    for change in compare(before, after, theme_names):
        name = change.label
        mark = "≠" if change.changed else ""
        style = "reverse" if change.changed else ""
        table.add_row(
            Text(mark, style="bold"),
            Text(name, style=style),
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
        Binding("left", "older", _("Eldre"), id="inbox.compare.older"),
        Binding("right", "newer", _("Nyere"), id="inbox.compare.newer"),
    ]
    HINT = _("≠ = endret · ←/→ eldre og nyere versjon · Esc lukker")

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
            _("{name} {year}: versjon {number} mot versjon {before}").format(
                name=r.region_name, year=r.year, number=self.number, before=self.number - 1
            )
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
