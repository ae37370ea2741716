"""The inbox (innboks): the year's needs reports, one row per network, and what to do next.

Every network is listed, reported or not; a network with no report after the deadline
stands out. The keys act on the highlighted network and appear in the footer only when
they apply to its report's state. ``d`` switches to bar charts of the requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import ContentSwitcher, Static

from sekretariat import formats
from sekretariat.domain import annual_reports, needs
from sekretariat.domain.needs import Inbox, InboxRow, Report
from sekretariat.i18n import app_language, ui, ui_label
from sekretariat.i18n import ui as _
from widgets.panel import Panel
from widgets.table import Table

from .base import AreaScreen
from .inbox_dialogs import (
    CompareVersions,
    FileAnswer,
    FolderDialog,
    ReasonDialog,
    ReceiveDialog,
    ReportDetail,
)
from .local_plans import LocalPlansDialog
from .report_editor import ReportEditor

NAME_WIDTH = 19

#: Which keys apply to a report in each state (the rest are hidden from the footer).
ACTIONS_BY_STATE: dict[str, set[str]] = {
    "received": {"show", "edit", "review"},
    "review": {"show", "edit", "return_report", "accept"},
    "returned": {"show", "adjusted"},
    "adjusted": {"show", "edit", "review", "accept"},
    "accepted": {"show", "return_report"},
}
YEAR_HINT = "\n" + _(
    "[$foreground-muted]! stopper godkjenning · −/+ bytter år · a viser årsrapportene · "
    "F1 viser alle tastene[/]"
)
#: The state column: a space, then the longest state (``InboxRow.state_text``, in the
#: app's language) with « v9» after it: 13 in bokmål.
STATE_WIDTH = 1 + max(
    len(ui(needs.NOT_RECEIVED)),
    len(ui(needs.MISSING)),
    *(len(ui(text)) + 3 for text in needs.SHORT_STATE.values()),
)
ROW_ACTIONS = {
    "show",
    "register",
    "edit",
    "review",
    "return_report",
    "adjusted",
    "accept",
    "compare",
}

INBOX_CSS = """
InboxScreen #inbox-switcher {
    height: 1fr;
}
InboxScreen #inbox-table-view {
    height: 1fr;
}
InboxScreen #inbox-table {
    height: auto;
    max-height: 14;
    scrollbar-size-horizontal: 1;
}
InboxScreen #inbox-row-info {
    height: 1fr;
    padding: 0 1;
    border-top: solid $primary;
}
InboxScreen #inbox-chart-view {
    height: 1fr;
}
InboxScreen .chart-caption {
    color: $text-muted;
    padding: 0 1;
}
"""


def table_rows(inbox: Inbox) -> list[tuple[str, list[Text]]]:
    """The inbox as table cells: plain text that reads the same without colour."""
    rows = []
    for row in inbox.rows:
        name = row.name  # the table cuts a long name with «…», never an amount
        report = row.report
        if report is None:
            state = Text(" ")  # a space between a cut name and the state
            state.append(row.state_text, style="bold reverse" if row.overdue else "dim")
            cells = [Text(name), state, Text(""), Text(""), Text(""), Text(""), Text(""), Text("")]
        else:
            c = report.newest
            number = report.versions[-1].number
            state = row.state_text + (f" v{number}" if number > 1 else "")
            received = formats.day_month(c.received) if c.received else ""
            cells = [
                Text(name),
                Text(" ")  # a space between a cut name and the state
                + Text(state, style="bold" if report.state in ("received", "adjusted") else ""),
                Text(received),
                Text(_("sen") if report.late else "", style="bold"),
                Text(formats.thousands(c.request), justify="right"),
                Text(needs.split_pct(c.network_amount, c.uh_amount).text(), justify="right"),
                Text(
                    needs.split_pct(c.kindergarten_amount, c.school_amount).text(), justify="right"
                ),
                Text(
                    " " + needs.check_codes(report.checks),
                    style="bold" if any(ch.blocks for ch in report.checks) else "",
                ),
            ]
        rows.append((row.code, cells))
    return rows


def row_info(inbox: Inbox, row: InboxRow, leftover: dict[str, int] | None = None) -> str:
    """What the highlighted network's line means, in full sentences (markup).

    ``leftover``: per network, the restmidler its annual report for the year before
    states, shown beside what the needs report says (plan 3.8)."""
    report = row.report
    if report is None:
        due = formats.short_date(inbox.due)
        name = escape(row.name)
        if row.overdue:
            head = _(
                "[b]{name}:[/b] [$text-error]ingen behovsmelding, fristen {due} er passert.[/]"
            ).format(name=name, due=due)
        else:
            head = _("[b]{name}:[/b] ikke mottatt ennå; fristen er {due} ({until}).").format(
                name=name, due=due, until=formats.days_until(inbox.due, inbox.today, app_language())
            )
        return (
            head
            + "\n"
            + _("[$foreground-muted]n registrerer en behovsmelding, i leser inn en utfylt mal.[/]")
            + YEAR_HINT
        )
    c = report.newest
    number = report.versions[-1].number
    said = {
        "name": escape(row.name),
        "state": escape(ui_label(report.state).lower()),
        "number": number,
        "request": formats.kroner(c.request),
        "network": formats.kroner(c.network_amount),
        "uh": formats.kroner(c.uh_amount),
    }
    if c.received:
        first = _(
            "[b]{name}:[/b] {state}, versjon {number}, mottatt {date}. "
            "Søkt {request} (nettverk {network}, UH {uh})."
        ).format(date=formats.short_date(c.received), **said)
    else:
        first = _(
            "[b]{name}:[/b] {state}, versjon {number}. Søkt {request} (nettverk {network}, UH {uh})."
        ).format(**said)
    lines = [first]
    if leftover is not None and row.code in leftover:
        # One a line: a narrow terminal would break an amount in two.
        lines.append(
            _("Restmidler i behovsmeldingen: {amount}").format(
                amount=formats.kroner(c.leftover_amount)
            )
        )
        lines.append(annual_reports.leftover_line(inbox.year - 1, leftover[row.code]))
    if report.state == "returned" and report.return_reason:
        lines.append(_("Returnert: {reason}").format(reason=escape(report.return_reason)))
    for check in report.checks:
        mark = _("[$text-error]stopper[/]") if check.blocks else _("[$text-warning]advarsel[/]")
        lines.append(f"{check.code}{'!' if check.blocks else ''} {mark}: {escape(check.text)}")
    if not report.checks:
        lines.append(_("Alle kontroller er i orden."))
    return "\n".join(lines) + YEAR_HINT


def chart_text(rows: list[tuple[str, int]], width: int) -> str:
    return escape("\n".join(needs.bar_lines(rows, width)))


class InboxScreen(AreaScreen):
    """The year's needs reports: state, dates, amounts, splits and failed checks."""

    MODE = "inbox"
    READS_WHEN_SHOWN = True
    DEFAULT_CSS = INBOX_CSS
    BINDINGS = [
        Binding(
            "enter",
            "show",
            _("Vis"),
            tooltip=_("Vis hele behovsmeldingen"),
            priority=True,
            id="inbox.show",
        ),
        Binding(
            "n",
            "register",
            _("Registrer"),
            tooltip=_("Registrer en mottatt behovsmelding"),
            id="inbox.register",
        ),
        Binding(
            "e", "edit", _("Rett"), tooltip=_("Rett skrivefeil i nyeste versjon"), id="inbox.edit"
        ),
        Binding(
            "b",
            "review",
            _("Behandle"),
            tooltip=_("Ta behovsmeldingen til behandling"),
            id="inbox.review",
        ),
        Binding(
            "t",
            "return_report",
            _("Returner"),
            tooltip=_("Returner for justering (med begrunnelse)"),
            id="inbox.return",
        ),
        Binding(
            "j",
            "adjusted",
            _("Ta imot justert"),
            tooltip=_("Ta imot en justert versjon"),
            id="inbox.adjusted",
        ),
        Binding(
            "g", "accept", _("Godkjenn"), tooltip=_("Godkjenn behovsmeldingen"), id="inbox.accept"
        ),
        Binding(
            "v",
            "compare",
            _("Versjoner"),
            tooltip=_("Sammenlign en versjon med den forrige"),
            id="inbox.compare",
        ),
        Binding(
            "d",
            "chart",
            _("Diagram"),
            tooltip=_("Vis eller skjul søylediagrammene"),
            id="inbox.chart",
        ),
        Binding(
            "m",
            "templates",
            _("Maler"),
            tooltip=_("Lag maler for behovsmelding, én per nettverk"),
            id="inbox.templates",
        ),
        Binding(
            "i",
            "receive_file",
            _("Les inn"),
            tooltip=_("Les inn en utfylt mal (XLSX)"),
            id="inbox.receive",
        ),
        Binding(
            "p",
            "local_plans",
            _("Lokale planer"),
            show=False,
            tooltip=_("Nettverkenes lokale kompetanseplaner: se, registrer, endre"),
            id="inbox.local_plans",
        ),
        Binding(
            "a",
            "annual_reports",
            _("Årsrapporter"),
            tooltip=_("Bytt til nettverkenes årsrapporter"),
            id="inbox.annual",
        ),
        Binding(
            "minus", "year(-1)", _("Forrige år"), show=False, key_display="-", id="inbox.year_back"
        ),
        Binding(
            "plus", "year(1)", _("Neste år"), show=False, key_display="+", id="inbox.year_next"
        ),
    ]

    class Loaded(Message):
        """The inbox for a year was read."""

        def __init__(self, inbox: Inbox, number: int, mark: int, leftover: dict[str, int]) -> None:
            self.inbox = inbox
            self.number = number
            self.mark = mark
            self.leftover = leftover
            super().__init__()

    class Changed(Message):
        """A report was stored or moved on; ``text`` says what happened."""

        def __init__(self, code: str, text: str) -> None:
            self.code = code
            self.text = text
            super().__init__()

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.inbox: Inbox | None = None
        self.chart = False
        self._keep_code: str | None = None
        self._reads = 0
        #: Restmidler per network from last year's annual reports.
        self.leftover: dict[str, int] = {}

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial="inbox-table-view", id="inbox-switcher"):
            with Vertical(id="inbox-table-view"):
                yield Table(id="inbox-table", cell_padding=0, zebra_stripes=False)
                yield Static(_("[$foreground-muted]Leser …[/]"), id="inbox-row-info")
            # The charts are made when first shown (``d``).
            yield VerticalScroll(id="inbox-chart-view")

    def on_mount(self) -> None:
        table = self.query_one("#inbox-table", Table)
        table.add_column(_("Nettverk"), key="name", width=NAME_WIDTH + 1, flex=True)
        table.add_column(" " + _("Status"), key="state", width=STATE_WIDTH)
        table.add_column(_("Mottatt"), key="received", width=8)
        table.add_column(_("Sen"), key="late", width=4)
        # amounts right-aligned and never narrower than the widest (a space before each)
        table.add_column(_("Søkt kr"), key="request", width=11, justify="right")
        table.add_column("N/UH", key="nuh", width=6, justify="right")
        table.add_column("B/S", key="bs", width=6, justify="right")
        table.add_column(" " + _("Kontroller"), key="checks", width=12)

    def on_screen_resume(self) -> None:
        self.read_when_shown()

    def read_again(self) -> None:
        self.load()

    # -- reading --------------------------------------------------------------------------
    def load(self) -> None:
        """Read the inbox again; only the newest read is shown.

        Reads are numbered rather than cancelled: a write and the screen coming back
        both ask for one, and an older answer arriving late must not win.
        """
        self._reads += 1
        self.read_inbox(self._reads, self.year)

    @work(thread=True, group="inbox-read", exit_on_error=False, description=_("lese innboksen"))
    def read_inbox(self, number: int, year: int | None) -> None:
        db, today = self.sekretariat.database, self.sekretariat.today
        mark = db.change_mark()
        if year is None:
            year = needs.default_year(db, today)
        inbox = needs.load_inbox(db, year, today)
        leftover = annual_reports.reported_leftover(db, year - 1)
        self.post_message(self.Loaded(inbox, number, mark, leftover))

    @on(Loaded)
    def show_inbox(self, message: Loaded) -> None:
        if message.number != self._reads:
            return
        self.read_mark = message.mark
        inbox = message.inbox
        self.inbox = inbox
        self.leftover = message.leftover
        self.year = inbox.year
        self.query_one("#heading-info", Static).update(
            _("{year} · frist {due} · {received} av {count} mottatt").format(
                year=inbox.year,
                due=formats.short_date(inbox.due),
                received=inbox.received,
                count=len(inbox.rows),
            )
        )
        table = self.query_one("#inbox-table", Table)
        keep = self._keep_code or self.current_code()
        self._keep_code = None
        with self.app.batch_update():
            table.set_rows(table_rows(inbox), cursor=keep)
        if self.chart:
            self.show_charts()
        self.show_row_info()
        self.refresh_bindings()

    def show_charts(self) -> None:
        """Draw the bar charts (only while they are shown: ``d``)."""
        view = self.query_one("#inbox-chart-view", VerticalScroll)
        if not view.children:
            view.mount_all(
                [
                    Panel(_("Søkt per nettverk (nettverk + UH)"), id="chart-networks"),
                    Panel(_("Søkt per prioritert tema"), id="chart-themes"),
                    Static(escape(ui(needs.THEME_CAPTION)), classes="chart-caption"),
                ]
            )
        if self.inbox is None:
            return
        width = max(self.size.width - 4, 40)
        self.query_one("#chart-networks", Panel).update(
            chart_text(needs.requested_by_network(self.inbox), width)
        )
        self.query_one("#chart-themes", Panel).update(
            chart_text(needs.requested_by_theme(self.inbox), width)
        )

    def current_code(self) -> str | None:
        table = self.query_one("#inbox-table", Table)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def current_row(self) -> InboxRow | None:
        code = self.current_code()
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
        info = self.query_one("#inbox-row-info", Static)
        if self.inbox is not None and row is not None:
            info.update(row_info(self.inbox, row, self.leftover))
        elif self.inbox is not None and not self.inbox.rows:
            info.update(
                _(
                    "Forumet har ingen nettverk ennå, så det er ingen behovsmeldinger å vente på. "
                    "Nettverkene legges inn med «sekretariat import» (se docs/exchange.md)."
                )
            )

    # -- which keys apply ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in ROW_ACTIONS:
            return True
        if self.chart:
            return False
        row = self.current_row()
        if row is None:
            return False
        if row.report is None:
            return action == "register"
        if action == "compare":
            return len(row.report.versions) > 1
        return action in ACTIONS_BY_STATE.get(row.report.state, set())

    # -- actions -------------------------------------------------------------------------------
    def action_year(self, delta: int) -> None:
        if self.year is None:
            return
        self.year += delta
        self.load()

    def action_chart(self) -> None:
        self.chart = not self.chart
        if self.chart:
            self.show_charts()
        switcher = self.query_one("#inbox-switcher", ContentSwitcher)
        switcher.current = "inbox-chart-view" if self.chart else "inbox-table-view"
        (
            self.query_one("#inbox-chart-view") if self.chart else self.query_one("#inbox-table")
        ).focus()
        self.refresh_bindings()

    def _theme_names(self) -> dict[str, str]:
        return dict(self.inbox.themes) if self.inbox else {}

    def action_show(self) -> None:
        row = self.current_row()
        if row is None or row.report is None:
            return
        self.app.push_screen(ReportDetail(row.report, self._theme_names()))

    def action_compare(self) -> None:
        row = self.current_row()
        if row is None or row.report is None or len(row.report.versions) < 2:
            return
        self.app.push_screen(CompareVersions(row.report, self._theme_names()))

    def _edit(self, title: str, content: needs.Content, save: Any, done: str) -> None:
        row = self.current_row()
        assert row is not None and self.inbox is not None

        def finished(report: Report | None) -> None:
            if report is not None:
                self.post_message(self.Changed(row.code, done))

        self.app.push_screen(ReportEditor(title, content, list(self.inbox.themes), save), finished)

    def action_register(self) -> None:
        row = self.current_row()
        if row is None or row.report is not None or self.year is None:
            return
        db = self.sekretariat.database
        self._edit(
            _("Ny behovsmelding {year} – {name}").format(year=self.year, name=row.name),
            needs.Content(received=self.sekretariat.today),
            partial(needs.register, db, row.code, self.year),
            _("Behovsmeldingen fra {name} er registrert.").format(name=row.name),
        )

    def action_edit(self) -> None:
        row = self.current_row()
        if row is None or row.report is None or self.year is None:
            return
        number = row.report.versions[-1].number
        self._edit(
            _("Rett versjon {number} av behovsmeldingen fra {name} ({year})").format(
                number=number, name=row.name, year=self.year
            ),
            row.report.newest,
            partial(
                needs.correct,
                self.sekretariat.database,
                row.code,
                self.year,
                seen_version=row.report.row_version,
            ),
            _("Versjon {number} fra {name} er rettet.").format(number=number, name=row.name),
        )

    def action_adjusted(self) -> None:
        row = self.current_row()
        if row is None or row.report is None or self.year is None:
            return
        number = row.report.versions[-1].number + 1
        self._edit(
            _("Justert versjon {number} fra {name} ({year})").format(
                number=number, name=row.name, year=self.year
            ),
            replace(row.report.newest, received=self.sekretariat.today),
            partial(
                needs.receive_version,
                self.sekretariat.database,
                row.code,
                self.year,
                seen_version=row.report.row_version,
            ),
            _("Versjon {number} fra {name} er tatt imot.").format(number=number, name=row.name),
        )

    def action_review(self) -> None:
        self._move("review", _("Behovsmeldingen fra {name} er tatt til behandling."))

    def action_accept(self) -> None:
        self._move("accepted", _("Behovsmeldingen fra {name} er godkjent."))

    def action_return_report(self) -> None:
        row = self.current_row()
        if row is None or row.report is None or self.year is None:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self._move(
                    "returned", _("Behovsmeldingen fra {name} er returnert for justering."), reason
                )

        self.app.push_screen(ReasonDialog(row.name, self.year), answered)

    def _move(self, state: str, done: str, reason: str = "") -> None:
        """Move the report on; ``done`` says so, with ``{name}`` for the network."""
        row = self.current_row()
        if row is None or self.year is None:
            return
        seen = row.report.row_version if row.report is not None else None
        self.change_state(row.code, row.name, self.year, state, done, reason, seen)

    @work(
        thread=True,
        group="inbox-write",
        exit_on_error=False,
        description=_("endre status på behovsmeldingen"),
    )
    def change_state(
        self, code: str, name: str, year: int, state: str, done: str, reason: str, seen: int | None
    ) -> None:
        needs.change_state(self.sekretariat.database, code, year, state, reason, seen_version=seen)
        self.post_message(self.Changed(code, done.format(name=name)))

    def action_annual_reports(self) -> None:
        """The same area's annual reports, on top of this screen (``a`` there comes back)."""
        from .annual_reports import AnnualReportsScreen

        year = self.year - 1 if self.year is not None else None
        self.app.push_screen(AnnualReportsScreen(year))

    def action_local_plans(self) -> None:
        self.app.push_screen(LocalPlansDialog())

    def action_templates(self) -> None:
        if self.year is None:
            return
        year = self.year

        def answered(folder: str | None) -> None:
            if folder:
                self.write_templates(year, Path(folder).expanduser())

        folder = _("~/behovsmeldinger-{year}").format(year=year)
        self.app.push_screen(FolderDialog(year, folder), answered)

    @work(thread=True, group="inbox-write", exit_on_error=False, description=_("lage malene"))
    def write_templates(self, year: int, folder: Path) -> None:
        # The templates bring openpyxl (0.2 s): loaded here, in the worker, not when the
        # area is built.
        from sekretariat.documents.needs_templates import write_templates

        paths = write_templates(self.sekretariat.database, year, folder)
        self.post_message(
            self.Changed(
                "",
                _("{count} maler for {year} er skrevet til {folder}.").format(
                    count=len(paths), year=year, folder=folder
                ),
            )
        )

    def action_receive_file(self) -> None:
        if self.year is None:
            return
        year = self.year

        def answered(answer: FileAnswer | None) -> None:
            if answer is not None:
                self.receive_file(year, answer.path, answer.received)

        self.app.push_screen(ReceiveDialog(year, self.sekretariat.today), answered)

    @work(
        thread=True,
        group="inbox-write",
        exit_on_error=False,
        description=_("lese inn behovsmeldingen"),
    )
    def receive_file(self, year: int, path: Path, received: dt.date) -> None:
        from sekretariat.documents.needs_templates import receive_file  # see write_templates

        report = receive_file(self.sekretariat.database, path, received, expected_year=year)
        number = report.versions[-1].number
        text = _("Behovsmeldingen fra {name} er lest inn (versjon {number}).").format(
            name=report.region_name, number=number
        )
        if report.checks:
            text += " " + _("Kontroller: {codes}.").format(codes=needs.check_codes(report.checks))
        self.post_message(self.Changed(report.region_code, text))

    @on(Changed)
    def changed(self, message: Changed) -> None:
        self.notify(message.text, title=_("Innboks"))
        if message.code:
            self._keep_code = message.code
        self.load()
