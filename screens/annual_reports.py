"""The inbox's annual reports (årsrapporter, plan 7): one row per network for a grant year.

Reached from the needs reports with ``a`` (and back with ``a``): the same area, a second
screen on top of the first. Every network is listed; one with no report after the forum's
deadline stands out. Enter opens a report with its control, where each point is marked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static

from sekretariat import formats
from sekretariat.domain import annual_reports as ar
from sekretariat.domain import needs
from sekretariat.errors import UserError
from sekretariat.labels import label
from widgets.table import Table

from .annual_report_dialogs import AnnualReportDetail, MoneyDialog
from .annual_report_editor import editor_for
from .base import AreaScreen
from .inbox_dialogs import CompareVersions, FileAnswer, FolderDialog, ReasonDialog, ReceiveDialog

NAME_WIDTH = 17

#: Which keys apply to a report in each state: the needs reports' rules.
ACTIONS_BY_STATE: dict[str, set[str]] = {
    "received": {"show", "review"},
    "review": {"show", "return_report", "accept"},
    "returned": {"show"},
    "adjusted": {"show", "review", "accept"},
    "accepted": {"show", "return_report"},
}
ROW_ACTIONS = {"show", "review", "return_report", "accept", "compare"}
HINT = (
    "\n[$foreground-muted]Enter viser rapporten og kontrollen · i leser inn en utfylt mal · "
    "−/+ bytter år · a går til behovsmeldingene[/]"
)

ANNUAL_CSS = """
AnnualReportsScreen #annual-view {
    height: 1fr;
}
AnnualReportsScreen #annual-table {
    height: auto;
    max-height: 14;
    scrollbar-size-horizontal: 1;
}
AnnualReportsScreen #annual-row-info {
    height: 1fr;
    padding: 0 1;
    border-top: solid $primary;
}
"""


def amount(value: int | None) -> Text:
    return Text(formats.thousands(value) if value is not None else "", justify="right")


def table_rows(inbox: ar.Inbox) -> list[tuple[str, list[Text]]]:
    """The year's reports as table cells, readable without colour."""
    rows = []
    for row in inbox.rows:
        report = row.report
        if report is None:
            state = Text(" ")
            state.append(row.state_text, style="bold reverse" if row.overdue else "dim")
            cells = [Text(row.name), state, Text(""), amount(row.decided), Text(""), Text("")]
            cells.append(Text(""))
        else:
            c = report.newest
            number = report.versions[-1].number
            state_text = row.state_text + (f" v{number}" if number > 1 else "")
            blocks = any(ch.blocks for ch in report.checks)
            checks = " " + report.control_text
            if report.checks:
                checks += " " + needs.check_codes(report.checks)
            cells = [
                Text(row.name),
                Text(" ")
                + Text(
                    state_text, style="bold" if report.state in ("received", "adjusted") else ""
                ),
                Text(formats.day_month(c.received) if c.received else ""),
                amount(c.granted_amount),
                amount(c.spent),
                amount(c.leftover_amount),
                Text(checks, style="bold" if blocks else ""),
            ]
        rows.append((row.code, cells))
    return rows


def row_info(inbox: ar.Inbox, row: ar.InboxRow) -> str:
    """What the highlighted network's line means, in full sentences (markup)."""
    name = escape(row.name)
    decided = (
        f" Tildelt etter {inbox.decided_from}: {formats.kroner(row.decided)}."
        if row.decided is not None
        else ""
    )
    report = row.report
    if report is None:
        if inbox.due is None:
            head = f"[b]{name}:[/b] ingen årsrapport mottatt; forumet har ikke satt noen frist."
        elif row.overdue:
            head = (
                f"[b]{name}:[/b] [$text-error]ingen årsrapport, fristen "
                f"{formats.short_date(inbox.due)} er passert.[/]"
            )
        else:
            head = (
                f"[b]{name}:[/b] ikke mottatt ennå; fristen er {formats.short_date(inbox.due)} "
                f"({formats.days_until(inbox.due, inbox.today)})."
            )
        return head + decided + HINT
    c = report.newest
    lines = [
        f"[b]{name}:[/b] {escape(label(report.state).lower())}, versjon "
        f"{report.versions[-1].number}"
        + (f", mottatt {formats.short_date(c.received)}" if c.received else "")
        + ".",
        f"Brukt {formats.kroner(c.spent)} av {formats.kroner(c.available)}, "
        f"restmidler {formats.kroner(c.leftover_amount)}.",
    ]
    if decided:
        lines.append(decided.strip())
    if report.state == "returned" and report.return_reason:
        lines.append(f"Returnert: {escape(report.return_reason)}")
    for check in report.checks:
        mark = "[$text-error]stopper[/]" if check.blocks else "[$text-warning]advarsel[/]"
        lines.append(f"{check.code}{'!' if check.blocks else ''} {mark}: {escape(check.text)}")
    done = sum(1 for p in report.points if p.marked)
    faults = sum(1 for p in report.points if p.result == "avvik")
    lines.append(
        f"Kontroll: {done} av {len(report.points)} punkter merket"
        + (f", {faults} avvik." if faults else ".")
    )
    return "\n".join(lines) + HINT


class AnnualReportsScreen(AreaScreen):
    """The grant year's annual reports: state, amounts, the control and failed checks."""

    MODE = "inbox"
    VARIANT = "annual"
    READS_WHEN_SHOWN = True
    DEFAULT_CSS = ANNUAL_CSS
    BINDINGS = [
        Binding(
            "enter",
            "show",
            "Vis",
            tooltip="Vis årsrapporten og kontrollen",
            priority=True,
            id="annual.show",
        ),
        Binding(
            "b", "review", "Behandle", tooltip="Ta årsrapporten til behandling", id="annual.review"
        ),
        Binding(
            "t",
            "return_report",
            "Returner",
            tooltip="Returner årsrapporten for justering (med begrunnelse)",
            id="annual.return",
        ),
        Binding("g", "accept", "Godkjenn", tooltip="Godkjenn årsrapporten", id="annual.accept"),
        Binding(
            "v",
            "compare",
            "Versjoner",
            tooltip="Sammenlign en versjon med den forrige",
            id="annual.compare",
        ),
        Binding(
            "e",
            "edit",
            "Skriv inn",
            tooltip="Skriv inn årsrapporten, eller rett den nyeste versjonen",
            id="annual.edit",
        ),
        Binding(
            "i",
            "receive_file",
            "Les inn",
            tooltip="Les inn en utfylt årsrapportmal (XLSX)",
            id="annual.receive",
        ),
        Binding(
            "m",
            "templates",
            "Maler",
            tooltip="Lag maler for årsrapport, én per nettverk",
            id="annual.templates",
        ),
        Binding(
            "o",
            "money",
            "Midler",
            tooltip="Søkt, tildelt og brukt per nettverk for året",
            id="annual.money",
        ),
        Binding(
            "a",
            "needs_reports",
            "Behovsmeldinger",
            tooltip="Tilbake til behovsmeldingene",
            id="annual.needs",
        ),
        Binding(
            "minus", "year(-1)", "Forrige år", show=False, key_display="-", id="annual.year_back"
        ),
        Binding("plus", "year(1)", "Neste år", show=False, key_display="+", id="annual.year_next"),
    ]

    class Loaded(Message):
        def __init__(self, inbox: ar.Inbox, number: int, mark: int) -> None:
            self.inbox = inbox
            self.number = number
            self.mark = mark
            super().__init__()

    class Changed(Message):
        def __init__(self, code: str, text: str) -> None:
            self.code = code
            self.text = text
            super().__init__()

    def __init__(self, year: int | None = None) -> None:
        super().__init__()
        self.year = year
        self.inbox: ar.Inbox | None = None
        self._keep_code: str | None = None
        self._reads = 0

    def compose_body(self) -> ComposeResult:
        with Vertical(id="annual-view"):
            yield Table(id="annual-table", cell_padding=0, zebra_stripes=False)
            yield Static("[$foreground-muted]Leser …[/]", id="annual-row-info")

    def on_mount(self) -> None:
        self.query_one("#heading-title", Static).update(f"{self.area.title} · Årsrapporter")
        table = self.query_one("#annual-table", Table)
        table.add_column("Nettverk", key="name", width=NAME_WIDTH + 1, flex=True)
        table.add_column(" Status", key="state", width=13)
        table.add_column("Mottatt", key="received", width=8)
        table.add_column("Tildelt", key="granted", width=10, justify="right")
        table.add_column("Brukt", key="used", width=10, justify="right")
        table.add_column("Rest", key="left", width=8, justify="right")
        table.add_column(" Kontroll", key="checks", width=13)

    def on_screen_resume(self) -> None:
        self.read_when_shown()

    def read_again(self) -> None:
        self.load()

    def load(self) -> None:
        """Read again; only the newest read is shown (as the needs inbox does)."""
        self._reads += 1
        self.read_inbox(self._reads, self.year)

    @work(thread=True, group="annual-read", exit_on_error=False, description="lese årsrapportene")
    def read_inbox(self, number: int, year: int | None) -> None:
        db, today = self.sekretariat.database, self.sekretariat.today
        mark = db.change_mark()
        if year is None:
            year = ar.default_year(today)
        self.post_message(self.Loaded(ar.load_inbox(db, year, today), number, mark))

    @on(Loaded)
    def show_inbox(self, message: Loaded) -> None:
        if message.number != self._reads:
            return
        self.read_mark = message.mark
        inbox = message.inbox
        self.inbox = inbox
        self.year = inbox.year
        due = f"frist {formats.short_date(inbox.due)}" if inbox.due else "ingen frist"
        self.query_one("#heading-info", Static).update(
            f"Årsrapporter {inbox.year} · {due} · {inbox.received} av {len(inbox.rows)} mottatt"
        )
        table = self.query_one("#annual-table", Table)
        keep = self._keep_code or table.cursor_key
        self._keep_code = None
        with self.app.batch_update():
            table.set_rows(table_rows(inbox), cursor=keep)
        self.show_row_info()
        self.refresh_bindings()

    def current_row(self) -> ar.InboxRow | None:
        code = self.query_one("#annual-table", Table).cursor_key
        if self.inbox is None or code is None:
            return None
        return self.inbox.row(code)

    @on(Table.RowHighlighted)
    def highlighted(self) -> None:
        self.show_row_info()
        self.refresh_bindings()

    @on(Table.RowSelected)
    def selected(self) -> None:
        self.action_show()

    def show_row_info(self) -> None:
        row = self.current_row()
        info = self.query_one("#annual-row-info", Static)
        if self.inbox is not None and row is not None:
            info.update(row_info(self.inbox, row))
        elif self.inbox is not None and not self.inbox.rows:
            info.update("Forumet har ingen nettverk ennå, så det er ingen årsrapporter å vente på.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            row = self.current_row()
            return row is not None and (row.report is None or row.report.state != "accepted")
        if action not in ROW_ACTIONS:
            return True
        row = self.current_row()
        if row is None or row.report is None:
            return False
        if action == "compare":
            return len(row.report.versions) > 1
        return action in ACTIONS_BY_STATE.get(row.report.state, set())

    # -- actions -------------------------------------------------------------------------
    def action_needs_reports(self) -> None:
        self.app.pop_screen()

    def action_money(self) -> None:
        if self.year is not None:
            self.app.push_screen(MoneyDialog(self.year))

    def action_year(self, delta: int) -> None:
        if self.year is None:
            return
        self.year += delta
        self.load()

    def _headings(self) -> dict[str, str]:
        return dict(self.inbox.headings) if self.inbox else {}

    def action_show(self) -> None:
        row = self.current_row()
        if row is None or row.report is None or self.inbox is None:
            return

        def closed(_: None) -> None:
            self._keep_code = row.code
            self.load()

        self.app.push_screen(
            AnnualReportDetail(row.report, self.inbox.decided_from, self._headings()), closed
        )

    def action_edit(self) -> None:
        row = self.current_row()
        if row is None or self.inbox is None:
            return
        try:
            editor = editor_for(self.sekretariat.database, self.inbox, row, self.sekretariat.today)
        except UserError as exc:
            self.notify(str(exc), title="Årsrapporter", severity="warning")
            return

        def stored(report: ar.Report | None) -> None:
            if report is not None:
                number = report.versions[-1].number
                self.notify(
                    f"Årsrapporten fra {report.region_name} er lagret (versjon {number}).",
                    title="Årsrapporter",
                )
                self._keep_code = report.region_code
                self.load()

        self.app.push_screen(editor, stored)

    def action_compare(self) -> None:
        row = self.current_row()
        if row is None or row.report is None or len(row.report.versions) < 2:
            return
        self.app.push_screen(CompareVersions(row.report, self._headings(), compare=ar.compare))  # type: ignore[arg-type]

    def action_review(self) -> None:
        self._move("review", "er tatt til behandling")

    def action_accept(self) -> None:
        self._move("accepted", "er godkjent")

    def action_return_report(self) -> None:
        row = self.current_row()
        if row is None or row.report is None or self.year is None:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self._move("returned", "er returnert for justering", reason)

        self.app.push_screen(ReasonDialog(row.name, self.year, "årsrapporten"), answered)

    def _move(self, state: str, done: str, reason: str = "") -> None:
        row = self.current_row()
        if row is None or row.report is None or self.year is None:
            return
        self.change_state(
            row.code, row.name, self.year, state, done, reason, row.report.row_version
        )

    @work(
        thread=True,
        group="annual-write",
        exit_on_error=False,
        description="endre status på årsrapporten",
    )
    def change_state(
        self, code: str, name: str, year: int, state: str, done: str, reason: str, seen: int | None
    ) -> None:
        ar.change_state(self.sekretariat.database, code, year, state, reason, seen_version=seen)
        self.post_message(self.Changed(code, f"Årsrapporten fra {name} {done}."))

    def action_templates(self) -> None:
        if self.year is None:
            return
        year = self.year

        def answered(folder: str | None) -> None:
            if folder:
                self.write_templates(year, Path(folder).expanduser())

        self.app.push_screen(
            FolderDialog(
                year,
                f"~/arsrapporter-{year}",
                "årsrapport",
                "nettverk, år, tildeling, restmidler og tiltak",
            ),
            answered,
        )

    @work(thread=True, group="annual-write", exit_on_error=False, description="lage malene")
    def write_templates(self, year: int, folder: Path) -> None:
        # openpyxl is loaded here, in the worker, not when the area is built.
        from sekretariat.documents.annual_report_templates import write_templates

        paths = write_templates(self.sekretariat.database, year, folder)
        self.post_message(
            self.Changed("", f"{len(paths)} maler for årsrapport {year} er skrevet til {folder}.")
        )

    def action_receive_file(self) -> None:
        if self.year is None:
            return
        year = self.year

        def answered(answer: FileAnswer | None) -> None:
            if answer is not None:
                self.receive_file(year, answer.path, answer.received)

        self.app.push_screen(ReceiveDialog(year, self.sekretariat.today, "årsrapport"), answered)

    @work(
        thread=True, group="annual-write", exit_on_error=False, description="lese inn årsrapporten"
    )
    def receive_file(self, year: int, path: Path, received: dt.date) -> None:
        from sekretariat.documents.annual_report_templates import receive_file

        report = receive_file(self.sekretariat.database, path, received, expected_year=year)
        number = report.versions[-1].number
        checks = f" Kontroller: {needs.check_codes(report.checks)}." if report.checks else ""
        self.post_message(
            self.Changed(
                report.region_code,
                f"Årsrapporten fra {report.region_name} er lest inn (versjon {number}).{checks}",
            )
        )

    @on(Changed)
    def changed(self, message: Changed) -> None:
        self.notify(message.text, title="Årsrapporter")
        if message.code:
            self._keep_code = message.code
        self.load()
