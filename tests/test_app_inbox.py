"""The inbox at 80x24: register a report, return it with a reason, receive the adjustment."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from screens.inbox_dialogs import CompareVersions, ReasonDialog, ReportDetail
from screens.report_editor import ReportEditor
from sekretariat.domain import needs
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
SIZE = (80, 24)
Settle = Callable[[Pilot], Awaitable[None]]


def stored(path: Path, code: str) -> needs.Report | None:
    db = Database.open(path)
    try:
        return needs.load_inbox(db, 2027, TODAY).row(code).report
    finally:
        db.dispose()


def cells(app: SekretariatApp, code: str) -> list[str]:
    table = app.screen.query_one("#inbox-table", Table)
    return [str(c).strip() for c in table.get_row(code)]


async def go_to(pilot: Pilot, code: str, settle: Settle) -> None:
    table = pilot.app.screen.query_one("#inbox-table", Table)
    table.move_cursor(row=table.get_row_index(code))
    await settle(pilot)


async def test_the_inbox_lists_every_network(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        info = str(app.screen.query_one("#heading-info", Static).render())
        assert info == "2027 · frist 01.02.2027 · 6 av 10 mottatt"
        assert app.screen.query_one("#inbox-table", Table).row_count == 10
        assert cells(app, "nord-osterdal")[1:] == [
            "Returnert",
            "10.11.",
            "",
            "1\u00a0000\u00a0000",
            "38/62",
            "40/60",
            "EGEN!",  # returned: the owners' own contribution (egeninnsats) is not described
        ]
        assert cells(app, "glamdal")[1] == "Godkjent v2"
        assert cells(app, "privatskoler")[1] == "ikke mottatt"
        await go_to(pilot, "nord-osterdal", settle)
        text = str(app.screen.query_one("#inbox-row-info", Static).render())
        assert "Eiers egeninnsats er ikke beskrevet." in text
        await pilot.press("plus")
        await settle(pilot)
        assert str(app.screen.query_one("#heading-info", Static).render()).startswith("2028 ·")
        assert cells(app, "glamdal")[1] == "ikke mottatt"


async def test_missing_reports_stand_out_after_the_deadline(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=dt.date(2027, 1, 20), start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cells(app, "privatskoler")[1] == "ikke mottatt"
        await pilot.press("minus")  # 2026: the sample's reports, every one in time
        await settle(pilot)
        assert cells(app, "privatskoler")[1] == "Godkjent"
        await pilot.press("minus")  # 2025: every network is missing and overdue
        await settle(pilot)
        assert cells(app, "privatskoler")[1] == "MANGLER"


async def fill_editor(pilot: Pilot, values: dict[str, str]) -> None:
    editor = pilot.app.screen
    assert isinstance(editor, ReportEditor)
    for widget_id, value in values.items():
        widget = editor.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.pause()


async def test_register_return_and_receive_the_adjustment(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, "sor-osterdal", settle)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ReportEditor)
        await fill_editor(
            pilot,
            {
                "needs_assessment": "Behov for lesing i småskolen.",
                "partnership_plan": "INN leder samlingene.",
                "own_contribution": "To planleggingsdager.",
                "owners": "Elverum kommune\nTrysil kommune",
                "partners": "Universitetet i Innlandet",
                "network_amount": "400 000",
                "uh_amount": "12,5",
                "kindergarten_amount": "350 000",
                "school_amount": "650 000",
                "coordinator_amount": "150 000",
                "m0-title": "Lesing",
                "m0-amount": "1 000 000",
                "m0-start": "2027",
                "m0-end": "2026",
            },
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one(".dialog-error", Static).render())
        assert error == "Søkt til UH: «12,5» er ikke et helt kronebeløp."
        assert stored(sample_db, "sor-osterdal") is None
        await fill_editor(pilot, {"uh_amount": "600 000"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one(".dialog-error", Static).render())
        assert error == "Tiltaket «Lesing» slutter (2026) før det starter (2027)."
        assert stored(sample_db, "sor-osterdal") is None
        await fill_editor(pilot, {"m0-end": "2028"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ReportEditor)
        assert cells(app, "sor-osterdal")[1:4] == ["Mottatt", "22.11.", ""]
        assert cells(app, "sor-osterdal")[-1] == ""  # every check of the plan passes
        report = stored(sample_db, "sor-osterdal")
        assert report is not None and report.newest.owners == ("Elverum kommune", "Trysil kommune")

        await pilot.press("b")
        await settle(pilot)
        assert cells(app, "sor-osterdal")[1] == "Behandles"
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")
        await pilot.pause()
        message = str(app.screen.query_one(".dialog-error", Static).render())
        assert message == "Skriv hvorfor behovsmeldingen returneres for justering."
        assert stored(sample_db, "sor-osterdal").state == "review"
        await pilot.press(*"Beskriv frikjøpet")
        await pilot.press("enter")
        await settle(pilot)
        assert cells(app, "sor-osterdal")[1] == "Returnert"
        assert stored(sample_db, "sor-osterdal").return_reason == "Beskriv frikjøpet"

        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, ReportEditor)
        assert app.screen.query_one("#uh_amount", Input).value == "600\u00a0000"
        await fill_editor(pilot, {"coordinator_amount": "100 000"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cells(app, "sor-osterdal")[1] == "Justert v2"
        assert cells(app, "sor-osterdal")[-1] == ""
        report = stored(sample_db, "sor-osterdal")
        assert report.state == "adjusted"
        assert [v.number for v in report.versions] == [1, 2]
        assert report.version(1).coordinator_amount == 150_000

        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, CompareVersions)
        assert "versjon 2 mot versjon 1" in str(app.screen.query_one(".dialog-frame").border_title)
        table = app.screen.table
        console = Console(width=160, file=io.StringIO(), record=True)
        console.print(table)
        changed = [line for line in console.export_text().splitlines() if "≠" in line]
        assert len(changed) == 1 and "Koordinatorfunksjon" in changed[0]  # received the same day
        await pilot.press("escape")
        await pilot.press("g")
        await settle(pilot)
        assert cells(app, "sor-osterdal")[1] == "Godkjent v2"


async def test_refused_changes_are_shown_and_change_nothing(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, "nord-osterdal", settle)
        # a returned report cannot be accepted: the key is not offered
        assert app.screen.check_action("accept", ()) is False
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("ctrl+s")  # same amounts as before: stored, still blocked
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert stored(sample_db, "nord-osterdal").state == "adjusted"
        shown = [n.message for n in notices(app)]
        assert any("kan ikke godkjennes før dette er rettet" in m for m in shown)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportDetail)
        text = str(app.screen.query_one("#detail-state", Static).render())
        assert "EGEN (stopper godkjenning): Eiers egeninnsats er ikke beskrevet." in text


async def test_templates_out_and_a_filled_one_in(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#folder", Input).value = str(tmp_path / "maler")
        await pilot.press("enter")
        await settle(pilot)
        path = tmp_path / "maler" / "behovsmelding-2027-privatskoler.xlsx"
        assert path.exists() and len(list((tmp_path / "maler").iterdir())) == 10
        wb = load_workbook(path)
        ws = wb["Behovsmelding"]
        ws["C11"], ws["C12"] = "Lesing i alle fag.", "Samlinger og veiledning med UH."
        ws["C13"] = "Private skoleeiere i Innlandet"
        ws["C14"], ws["C15"] = "Universitetet i Innlandet", "Skolene setter av tid."
        ws["C18"], ws["C19"], ws["C21"], ws["C22"] = 100000, 200000, 0, "300 000"
        ws["A29"], ws["B29"], ws["C29"] = "Lesing", "skole", 300000
        wb.save(path)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#file", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        assert cells(app, "privatskoler")[1] == "Mottatt"
        # nothing to kindergartens (under 35 %), and no local plan recorded for the network
        assert cells(app, "privatskoler")[-1] == "BHG LOKAL"
        assert str(app.screen.query_one("#heading-info", Static).render()).endswith(
            "7 av 10 mottatt"
        )


def test_inbox_snapshot(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def settled(pilot: Pilot) -> None:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("down", "down", "down", "down", "down", "down")
        await pilot.pause()

    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


async def test_every_area_of_an_empty_forum_says_what_there_is(
    tmp_path: Path, settle: Settle
) -> None:
    """A forum just created has no networks, people or meetings: every area is read and
    says so; none is left showing "Leser …"."""
    from sekretariat.new_database import create_empty

    create_empty(tmp_path / "tom.db", "Forum Nord").dispose()
    app = SekretariatApp(tmp_path / "tom.db", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in "123456789":
            await pilot.press(key)
            await settle(pilot)
            texts = [str(w.render()) for w in app.screen.query(Static)]
            assert not [t for t in texts if "Leser" in t], app.current_mode
        await pilot.press("6")
        await settle(pilot)
        info = str(app.screen.query_one("#inbox-row-info", Static).render())
        assert "ingen nettverk" in info


async def test_the_charts_are_drawn_when_shown(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query("#chart-networks")  # made when first shown
        await pilot.press("d")
        await settle(pilot)
        networks = str(app.screen.query_one("#chart-networks", Static).render())
        assert networks.startswith("Glåmdal            1\u00a0800\u00a0000\u00a0kr ███")
        themes = str(app.screen.query_one("#chart-themes", Static).render())
        assert "Tilpasset pedagog… 3\u00a0400\u00a0000\u00a0kr" in themes
        await pilot.press("d")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#inbox-table", Table)
