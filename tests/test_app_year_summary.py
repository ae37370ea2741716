"""The year summary at 80x24: reached with F5 from Vedtak (8), year by − and +, written by e."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from sqlmodel import select
from textual.pilot import Pilot

from screens.decisions import DecisionsScreen
from screens.year_summary import YearSummaryScreen, chart_lines
from sekretariat.domain import year_summary
from sekretariat.storage.database import Database
from sekretariat.storage.models import AnnualReport, AnnualReportVersion, Region, row_id
from tui.app import SekretariatApp
from widgets.dialog import FormDialog
from widgets.panel import Panel

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def with_reports(path: Path, year: int = 2026) -> None:
    """Two annual reports for ``year`` in the sample forum (which has grants and reports
    for 2026, none for 2025): Valdres used 300 000 + 100 000 with 25 000 left,
    Hamarregionen 200 000 + 0."""
    db = Database.open(path)
    with db.write() as s:
        for code, network, uh, left, measures in (
            ("valdres", 300_000, 100_000, 25_000, [{"title": "Språkløft", "theme": "x"}]),
            ("hamar", 200_000, 0, 0, []),
        ):
            region = s.exec(select(Region).where(Region.code == code)).one()
            report = AnnualReport(region_id=row_id(region), year=year, scheme_code="")
            s.add(report)
            s.flush()
            s.add(
                AnnualReportVersion(
                    report_id=row_id(report),
                    received=dt.date(2026, 11, 1),
                    spent_network=network,
                    spent_uh=uh,
                    leftover_amount=left,
                    measures=measures,
                    criteria={"a": "Ja"},
                )
            )
    db.dispose()


def panel(app: SekretariatApp, selector: str) -> str:
    """A panel's text, with the amounts' no-break spaces as plain ones."""
    return str(app.screen.query_one(selector, Panel).render()).replace("\xa0", " ")


async def test_the_summary_from_the_decisions_area(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    # The sample's 2026: granted by the decision, nine of ten networks reported.
    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, YearSummaryScreen) and screen.year == 2026
        figures = panel(app, "#summary-figures")
        assert (
            "Valdres                2 400 000 kr  2 400 000 kr  2 415 000 kr     45 000 kr"
            in figures
        )
        assert (
            "Sum                   37 157 400 kr 36 857 400 kr 36 020 000 kr    567 400 kr"
            in figures
        )
        # 36 020 000 of 36 857 400 is 97.7 %.
        assert (
            "Tildelt etter vedtaket om tilskudd. Brukt 97,7 % av tildelt; "
            "9 av 10 årsrapporter mottatt." in " ".join(figures.split("\n"))
        )
        assert "a) Tilskuddsmottaker har gjennomført" in panel(app, "#summary-criteria")
        assert ": 9 av 9" in panel(app, "#summary-criteria")
        assert panel(app, "#summary-missing") == "Privatskolenettverket"
        await pilot.press("minus")
        await settle(pilot)
        assert screen.year == 2025 and "Valdres" in panel(app, "#summary-missing")
        await pilot.press("plus")
        await settle(pilot)
        assert screen.year == 2026
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.spec.title == "Sammenstilling av årsrapporter 2026"
        await pilot.press("enter", "down", "enter")  # Word (DOCX)
        await settle(pilot)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await pilot.press(*str(tmp_path / "sammenstilling"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = tmp_path / "sammenstilling.docx"
        assert notices(app)[-1].message == f"Sammenstillingen er skrevet til {written}."
        assert written.stat().st_size > 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DecisionsScreen)


def test_chart_bars_scale_to_the_largest_amount(sample_db: Path) -> None:
    with_reports(sample_db, 2025)  # a year with no grants: only the used amounts
    summary = year_summary.load(Database.open(sample_db), 2025)
    lines = [line.replace("\xa0", " ") for line in chart_lines(summary, width=40)]
    # 40 − 18 (label) − 10 (amount) − 2 spaces = 10 cells for the largest, 400 000
    # (Valdres); Hamarregionen's 200 000 is 5 cells, a network with 0 none.
    assert "  brukt            400 000 kr " + "█" * 10 in lines
    assert "  brukt            200 000 kr " + "█" * 5 in lines
    assert "Glåmdal                  0 kr " in lines


def test_snapshot(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    """The sample's 2026 (granted by the decision, nine of ten reports)."""

    async def open_summary(pilot: Pilot) -> None:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("f5")
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_summary)


async def test_the_summary_as_an_attachment_to_an_agenda_item(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    """In the agenda of the January meeting, s writes last year's summary and lists the
    file under the item, where the summons shows an item's documents."""
    from screens.agenda import AgendaScreen
    from sekretariat.domain.agenda import load_agenda

    with_reports(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the next meeting, 21.01.2027
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        meeting_id = app.screen.meeting_id
        await pilot.press("down", "down")
        item = app.screen.current()
        assert item is not None
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.spec.title == "Sammenstilling av årsrapporter som vedlegg"
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k")
        await pilot.press(*str(tmp_path / "vedlegg"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = tmp_path / "vedlegg.pdf"
        assert notices(app)[-1].message == (
            f"Sammenstillingen er skrevet til {written} og ført opp under saken."
        )
        assert written.read_bytes().startswith(b"%PDF")
    db = Database.open(sample_db)
    [stored] = [i for i in load_agenda(db, meeting_id).items if i.id == item.id]
    assert stored.documents == (*item.documents, "vedlegg.pdf")


def test_the_panels_of_the_hand_worked_year(tmp_path: Path) -> None:
    from test_year_summary import add_report, forum_2027

    from screens.year_summary import panels

    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    shown = panels(year_summary.load(db, 2027))
    # 950 000 of 1 000 000 is 95,0 %.
    assert shown["#summary-figures"].endswith(
        "[$foreground-muted]Tildelt etter vedtaket om tilskudd. Brukt 95,0 % av tildelt; "
        "1 av 2 årsrapporter mottatt.[/]"
    )
    assert shown["#summary-failed"] == "Valdres: Bruken stemmer – Brukt mer enn tildelt på UH."
    assert shown["#summary-missing"] == "Hadeland"


async def test_o_changes_the_scheme(tmp_path: Path, settle: Settle) -> None:
    """Agder 2020 has three schemes in one forum; o goes through them, the default first."""
    from sekretariat.exchange import import_text

    path = tmp_path / "t.db"
    db = Database.open(path, create=True)
    example = Path(__file__).parent.parent / "examples" / "agder.toml"
    import_text(db, example.read_text(encoding="utf-8"), "agder.toml")
    db.dispose()
    app = SekretariatApp(path, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, YearSummaryScreen)
        codes = [code for code, _ in screen.schemes]
        assert len(codes) == 3 and screen.scheme == codes[0]
        await pilot.press("o")
        await settle(pilot)
        assert screen.scheme == codes[1]
        title = screen.query_one("#summary-figures", Panel).border_title
        assert title == f"Sammenstilling av årsrapporter {screen.year} · {screen.schemes[1][1]}"
        for _ in range(2):
            await pilot.press("o")
            await settle(pilot)
        assert screen.scheme == codes[0]
