"""The annual reports' own dialogs: a report in full with its control, a point's note.

The rest (return reason, folder, file, versions compared) are the needs inbox's dialogs,
given the annual reports' words and comparison.
"""

from __future__ import annotations

from rich.table import Table as RichTable
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Input, Label, Static

from screens.host import HostAccess
from sekretariat import formats
from sekretariat.domain import annual_reports as ar
from sekretariat.i18n import ui, ui_label
from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog
from widgets.steady_keys import SteadyInput
from widgets.table import Table

from .inbox_dialogs import CompareVersions


class NoteDialog(FramedDialog[str | None]):
    """What the deviation (avvik) found at a control point is; required."""

    HINT = _("Enter lagrer · Esc avbryter")

    def __init__(self, point: str, note: str = "") -> None:
        super().__init__(_("Avvik i kontrollen"))
        self.point = point
        self.note = note

    def compose_body(self) -> ComposeResult:
        yield Static(self.point, classes="dialog-lead")
        yield Label(_("Hva er avviket?"))
        yield SteadyInput(self.note, placeholder=_("Merknad"), id="note", compact=True)

    @on(Input.Submitted)
    def submit(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        if not note:
            self.show_error(_("Skriv hva avviket er."))
            return
        self.dismiss(note)


def report_text(report: ar.Report, decided_from: str) -> str:
    """State, versions, amounts and the automatic checks in markup."""
    c = report.newest
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
    due = (
        _("frist {date}").format(date=formats.short_date(report.due))
        if report.due
        else _("ingen frist satt")
    )
    late = f"  [$text-warning]{_('levert etter fristen')}[/]" if report.late else ""
    lines.append(
        _("[b]Versjoner:[/b] {versions}  ({due})").format(versions=received, due=due) + late
    )
    decided = (
        f"; {decided_from} {formats.kroner(report.decided)}" if report.decided is not None else ""
    )
    lines.append(
        _("[b]Midler:[/b] tildelt {granted}{decided}, brukt {spent}, restmidler {left}").format(
            granted=formats.kroner(c.granted_amount),
            decided=decided,
            spent=formats.kroner(c.spent),
            left=formats.kroner(c.leftover_amount),
        )
    )
    if report.checks:
        lines.append(_("[b]Automatiske kontroller som slår ut:[/b]"))
        for check in report.checks:
            kind = (
                f"[$text-error]{_('stopper godkjenning')}[/]"
                if check.blocks
                else f"[$text-warning]{_('advarsel')}[/]"
            )
            lines.append(f"  {check.code} ({kind}): {escape(check.text)}")
    else:
        lines.append(_("[b]Automatiske kontroller:[/b] alle er i orden."))
    return "\n".join(lines)


def fields_table(report: ar.Report, headings: dict[str, str]) -> RichTable:
    table = RichTable.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for name, text in ar.FIELD_LABELS.items():
        value = ar.field_text(report.newest, name, headings)
        table.add_row(ui(text), Text(value or "–"))
    return table


def point_rows(report: ar.Report) -> list[tuple[str, list[Text]]]:
    """The control's points as table cells: result, kind, point, who and when."""
    rows = []
    for p in report.points:
        mark = {"ok": _("OK"), "avvik": _("AVVIK")}.get(p.result, "–")
        style = {"ok": "", "avvik": "bold reverse"}.get(p.result, "dim")
        rows.append(
            (
                p.code,
                [
                    Text(mark, style=style),
                    Text(ui(ar.KIND_LABELS[p.kind]) if p.kind in ar.KIND_LABELS else p.kind),
                    Text(p.text),
                ],
            )
        )
    return rows


def point_text(point: ar.Point, report: ar.Report | None = None) -> str:
    """The highlighted point in full: its text, who marked it when, with the note, and
    the automatic checks that bear on it (a hint; the secretariat judges)."""
    text = escape(point.text)
    failing = [
        c.code
        for c in (report.checks if report else ())
        if c.code in ar.POINT_HINTS.get(point.code, ())
    ]
    if failing:
        hint = _("(automatisk kontroll slår ut: {codes})").format(codes=", ".join(failing))
        text += f" [$text-warning]{hint}[/]"
    if not point.marked:
        return f"{text}. [$foreground-muted]{_('Ikke kontrollert.')}[/]"
    when = formats.short_date(point.checked) if point.checked else ""
    note = f": {escape(point.note)}" if point.note else ""
    return f"{text}. [b]{point.result_text()}[/b] ({escape(point.checked_by)} {when}){note}"


class AnnualReportDetail(HostAccess, FramedDialog[None]):
    """A report in full, and its control: each point marked with o (ok) or x (avvik)."""

    DEFAULT_CSS = """
    AnnualReportDetail > .dialog-frame {
        width: 100%;
        height: 100%;
    }
    AnnualReportDetail #annual-points {
        height: auto;
        max-height: 9;
    }
    AnnualReportDetail #annual-point-info {
        height: auto;
        max-height: 3;
        border-bottom: solid $primary;
    }
    AnnualReportDetail #annual-detail-body {
        height: 1fr;
        max-height: 1fr;
    }
    """
    BINDINGS = [
        Binding(
            "o", "mark('ok')", _("OK"), tooltip=_("Merk kontrollpunktet OK"), id="annual.point_ok"
        ),
        Binding(
            "x",
            "mark('avvik')",
            _("Avvik"),
            tooltip=_("Merk avvik i kontrollpunktet (med merknad)"),
            id="annual.point_avvik",
        ),
        Binding(
            "u",
            "mark('')",
            _("Fjern merking"),
            tooltip=_("Fjern merkingen av kontrollpunktet"),
            id="annual.point_clear",
        ),
        Binding("v", "compare", _("Versjoner"), id="annual.detail.compare"),
    ]

    class Marked(Message):
        def __init__(self, report: ar.Report) -> None:
            self.report = report
            super().__init__()

    def __init__(self, report: ar.Report, decided_from: str, headings: dict[str, str]) -> None:
        super().__init__(
            _("Årsrapport {year} – {network}, versjon {version}").format(
                year=report.year, network=report.region_name, version=report.versions[-1].number
            ),
            _("↑/↓ velger punkt · o OK · x avvik · u fjern · v versjoner · Esc lukker"),
        )
        self.report = report
        self.decided_from = decided_from
        self.headings = headings

    def compose_body(self) -> ComposeResult:
        yield Label(_("[b]Formalia- og rimelighetskontroll[/b] (plan 7)"))
        yield Table(id="annual-points", cell_padding=0, zebra_stripes=False)
        yield Static("", id="annual-point-info")
        with VerticalScroll(id="annual-detail-body"):
            yield Static("", id="annual-detail-state")
            yield Static("", id="annual-detail-fields")

    def on_mount(self) -> None:
        table = self.query_one("#annual-points", Table)
        table.add_column(_("Res."), key="result", width=6)
        table.add_column(_("Type"), key="kind", width=12)
        table.add_column(_("Punkt"), key="text", width=50, flex=True)
        self.show(self.report)
        table.focus()

    def show(self, report: ar.Report) -> None:
        self.report = report
        table = self.query_one("#annual-points", Table)
        table.set_rows(point_rows(report), cursor=table.cursor_key)
        self.show_point()
        self.query_one("#annual-detail-state", Static).update(
            report_text(report, self.decided_from)
        )
        self.query_one("#annual-detail-fields", Static).update(fields_table(report, self.headings))
        self.refresh_bindings()

    @on(Table.RowHighlighted)
    def show_point(self) -> None:
        code = self.query_one("#annual-points", Table).cursor_key
        if code is not None:
            self.query_one("#annual-point-info", Static).update(point_text(self.report.point(code)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            return self.report.state != "accepted"
        if action == "compare":
            return len(self.report.versions) > 1
        return True

    def action_compare(self) -> None:
        self.app.push_screen(
            CompareVersions(self.report, self.headings, compare=ar.compare)  # type: ignore[arg-type]
        )

    def action_mark(self, result: str) -> None:
        code = self.query_one("#annual-points", Table).cursor_key
        if code is None:
            return
        if result == "avvik":
            point = self.report.point(code)

            def answered(note: str | None) -> None:
                if note:
                    self.mark(code, "avvik", note)

            self.app.push_screen(NoteDialog(point.text, point.note), answered)
            return
        self.mark(code, result, "")

    @work(
        thread=True,
        group="annual-mark",
        exit_on_error=False,
        description=_("merke kontrollpunktet"),
    )
    def mark(self, code: str, result: str, note: str) -> None:
        r = self.report
        report = ar.mark_point(
            self.sekretariat.database,
            r.region_code,
            r.year,
            code,
            result,
            note,
            today=self.sekretariat.today,
            scheme=r.scheme_code or None,
        )
        self.post_message(self.Marked(report))

    @on(Marked)
    def marked(self, message: Marked) -> None:
        self.show(message.report)


def money_rows(lines: list[ar.MoneyLine]) -> RichTable:
    """Requested, allocated, used and left per network, with a sum line."""
    table = RichTable(box=None, padding=(0, 1), expand=True)
    table.add_column(_("Nettverk"), ratio=3, no_wrap=True, overflow="ellipsis")
    for head in (_("Søkt"), _("Tildelt"), _("Brukt"), _("Rest")):
        table.add_column(head, justify="right", ratio=2, no_wrap=True)

    def cell(value: int | None) -> str:
        return formats.thousands(value) if value is not None else "–"

    for line in lines:
        table.add_row(
            line.name, cell(line.requested), cell(line.allocated), cell(line.used), cell(line.left)
        )

    def total(values: list[int | None]) -> str:
        known = [v for v in values if v is not None]
        return formats.thousands(sum(known)) if known else "–"

    table.add_row(
        Text(_("Sum"), style="bold"),
        total([x.requested for x in lines]),
        total([x.allocated for x in lines]),
        total([x.used for x in lines]),
        total([x.left for x in lines]),
        style="bold",
    )
    return table


class MoneyDialog(HostAccess, FramedDialog[None]):
    """The grant year per network: requested (needs report), allocated (the decision, else
    the adopted run) and used and left (annual report), in whole kroner."""

    DEFAULT_CSS = """
    MoneyDialog > .dialog-frame {
        width: 100%;
    }
    """
    HINT = _("– = ikke kjent · Esc lukker")

    class Read(Message):
        def __init__(self, lines: list[ar.MoneyLine]) -> None:
            self.lines = lines
            super().__init__()

    def __init__(self, year: int) -> None:
        super().__init__(_("Søkt, tildelt og brukt {year} (kr)").format(year=year))
        self.year = year

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="money-body"):
            yield Static(_("Leser …"), id="money-table")

    def on_mount(self) -> None:
        self.query_one("#money-body").focus()
        self.read_money(self.year)

    @work(thread=True, group="annual-money", exit_on_error=False, description=_("lese midlene"))
    def read_money(self, year: int) -> None:
        self.post_message(self.Read(ar.money_table(self.sekretariat.database, year)))

    @on(Read)
    def show_money(self, message: Read) -> None:
        self.query_one("#money-table", Static).update(money_rows(message.lines))
