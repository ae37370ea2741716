"""The inbox's annual reports at 80x24: switch with a, read a filled template in, mark the
control point by point, accept; return with a reason; back to the needs reports with a."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from openpyxl import load_workbook
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from screens.annual_report_dialogs import AnnualReportDetail, MoneyDialog, NoteDialog
from screens.annual_reports import AnnualReportsScreen
from screens.inbox import InboxScreen
from screens.inbox_dialogs import ReasonDialog, ReceiveDialog
from sekretariat.documents import annual_report_templates as art
from sekretariat.domain import annual_reports as ar
from sekretariat.formats import thousands
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
SIZE = (80, 24)
Settle = Callable[[Pilot], Awaitable[None]]


def filled_template(db_path: Path, folder: Path) -> Path:
    """The private-school network's 2026 template, filled so that every automatic check passes: the prefilled
    grant (1 000 000 when the sample decides none) is used but 100 000, 40 % by the
    network."""
    db = Database.open(db_path)
    try:
        paths = art.write_templates(db, 2026, folder)
    finally:
        db.dispose()
    path = next(p for p in paths if p.name == "arsrapport-2026-privatskoler.xlsx")
    wb = load_workbook(path)
    ws = wb["Årsrapport"]
    granted = ws["C11"].value or 1_000_000
    network = granted * 4 // 10
    ws["C11"], ws["C12"], ws["C13"], ws["C14"], ws["C15"] = (
        granted,
        0,
        network,
        granted - network - 100_000,
        100_000,
    )
    ws["C19"] = "Godt arbeid."
    for row in range(20, 25):
        ws[f"C{row}"] = "Ja."
    ws["A29"], ws["B29"], ws["C29"], ws["D29"] = "Lesing", "skole", 900000, "gjennomført"
    for row in range(30, 44):
        for letter in "ABCD":
            ws[f"{letter}{row}"] = None
    wb.save(path)
    return path


def cells(app: SekretariatApp, code: str) -> list[str]:
    table = app.screen.query_one("#annual-table", Table)
    return [str(c).strip() for c in table.get_row(code)]


async def test_receive_control_and_accept(sample_db: Path, tmp_path: Path, settle: Settle) -> None:
    path = filled_template(sample_db, tmp_path / "maler")
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The needs report for 2027 beside the leftover the 2026 annual report states.
        table = app.screen.query_one("#inbox-table", Table)
        table.move_cursor(row=table.get_row_index("hamar"))
        await settle(pilot)
        text = str(app.screen.query_one("#inbox-row-info", Static).render())
        assert (
            "Restmidler i behovsmeldingen: 135\u00a0000\u00a0kr\n"
            "Restmidler fra årsrapport 2026: 135\u00a0000\u00a0kr\n" in text
        )
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportsScreen)
        # The sample: Nord-Østerdal returned and sent a second version; the rest accepted.
        assert cells(app, "nord-osterdal")[1] == "Justert v2"
        assert cells(app, "lillehammer")[6] == "7/7 1 avvik"
        info = str(app.screen.query_one("#heading-info", Static).render())
        assert info.startswith("Årsrapporter 2026 · ")
        assert cells(app, "privatskoler")[1] == "ikke mottatt"

        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ReceiveDialog)
        app.screen.query_one("#file", Input).value = str(path)
        app.screen.query_one("#received", Input).value = "20.11.2026"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportsScreen)
        assert (
            notices(app)[-1].message
            == "Årsrapporten fra Privatskolenettverket er lest inn (versjon 1)."
        )
        report = ar.load_inbox(app.database, 2026, TODAY).row("privatskoler").report
        assert report is not None
        granted = report.newest.granted_amount
        row = cells(app, "privatskoler")
        assert row[1:6] == [
            "Mottatt",
            "20.11.",
            thousands(granted),
            thousands(granted - 100_000),
            "100\u00a0000",
        ]
        assert row[6] == "0/7"

        await pilot.press("b")  # take it under review (the cursor stays on the network)
        await settle(pilot)
        assert cells(app, "privatskoler")[1] == "Behandles"
        await pilot.press("g")  # refused: the control is not done
        await settle(pilot)
        assert "kan ikke godkjennes før kontrollen er gjort" in notices(app)[-1].message

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportDetail)
        for _ in range(6):
            await pilot.press("o", "down")
            await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Ikke meldt", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportDetail)
        point = str(app.screen.query_one("#annual-point-info", Static).render())
        assert point.endswith(f"{TODAY.strftime('%d.%m.%Y')}): Ikke meldt")
        await pilot.press("escape")
        await settle(pilot)
        assert cells(app, "privatskoler")[6] == "7/7 1 avvik"
        await pilot.press("g")
        await settle(pilot)
        assert cells(app, "privatskoler")[1] == "Godkjent"
        assert notices(app)[-1].message == "Årsrapporten fra Privatskolenettverket er godkjent."

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


async def test_return_with_a_reason(sample_db: Path, tmp_path: Path, settle: Settle) -> None:
    path = filled_template(sample_db, tmp_path / "maler")
    db = Database.open(sample_db)
    try:
        art.receive_file(db, path, dt.date(2026, 11, 20))
        ar.change_state(db, "privatskoler", 2026, "review")
    finally:
        db.dispose()
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        table = app.screen.query_one("#annual-table", Table)
        table.move_cursor(row=table.get_row_index("privatskoler"))
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")  # no reason: refused in the dialog
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press(*"Restmidlene mangler", "enter")
        await settle(pilot)
        assert cells(app, "privatskoler")[1] == "Returnert"
        text = str(app.screen.query_one("#annual-row-info", Static).render())
        assert "Returnert: Restmidlene mangler" in text


async def test_the_years_money_per_network(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, MoneyDialog)
        shown = app.screen.query_one("#money-table", Static).content
        console = Console(width=76, record=True, file=io.StringIO())
        console.print(shown)
        lines = console.export_text().splitlines()
        # The sample's 2026 annual reports: used 36 020 000, left 567 400 (nine reports).
        [total] = [line for line in lines if line.strip().startswith("Sum")]
        assert total.rstrip().endswith("36\u00a0020\u00a0000      567\u00a0400")
