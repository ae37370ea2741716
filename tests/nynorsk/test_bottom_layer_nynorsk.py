"""The bottom layer's sentences in nynorsk (issue 19): what ``formats``, ``values``,
``errors`` and ``files`` say about a date, an amount, a value or a file sits below the
catalogue, and speaks through the translator ``i18n`` installs (``sekretariat.translator``).

Before it did, a nynorsk form refused «tolv» kroner in bokmål, and a nynorsk sentence that
quoted the reason came out in both standards at once.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from language_words import foreign_words
from textual.pilot import Pilot
from textual.widgets import Input, Static

from screens.annual_report_editor import AnnualReportEditor
from screens.annual_reports import AnnualReportsScreen
from sekretariat import values
from sekretariat.errors import UserError, database_reason, os_reason
from sekretariat.files import read_bytes
from sekretariat.formats import NotUnderstood, parse_date, parse_kroner, parse_time
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def refusal(call: Callable[[], object], kind: type[Exception] = NotUnderstood) -> str:
    with pytest.raises(kind) as caught:
        call()
    text = str(caught.value)
    assert foreign_words(text, "nn") == set(), text
    return text


def test_dates_times_and_amounts_are_refused_in_nynorsk() -> None:
    assert refusal(lambda: parse_date("31.02.2027")) == (
        "«31.02.2027» er ikkje ein dato som finst; skriv DD.MM.ÅÅÅÅ, til dømes 22.11.2026."
    )
    assert refusal(lambda: parse_date("")) == (
        "Datoen manglar; skriv DD.MM.ÅÅÅÅ, til dømes 22.11.2026."
    )
    assert refusal(lambda: parse_time("25.00")) == (
        "«25.00» er ikkje eit klokkeslett; skriv TT.MM, til dømes 09.00."
    )
    assert refusal(lambda: parse_kroner("tolv")) == "«tolv» er ikkje eit heilt kronebeløp."
    assert refusal(lambda: parse_kroner("")) == "Beløpet manglar."
    assert refusal(lambda: parse_kroner("-5", "Budsjettet")) == (
        "Budsjettet kan ikkje vere negativt (-5)."
    )


def test_value_checks_speak_nynorsk() -> None:
    assert refusal(lambda: values.text(12), ValueError) == "skal vere tekst, fann heiltal"
    assert refusal(lambda: values.percent(100.5), ValueError) == ("prosent kan ikkje vere over 100")
    assert refusal(lambda: values.fte(1.234), ValueError) == ("årsverk kan ha høgst to desimalar")
    assert refusal(lambda: values.weeks([3, 3]), ValueError) == "same veke står fleire gonger"


def test_file_and_database_reasons_speak_nynorsk(tmp_path: Path) -> None:
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "disken er full"
    assert os_reason(OSError(errno.EACCES, "Permission denied")) == "du har ikkje tilgang"

    class Busy(Exception):
        sqlite_errorname = "SQLITE_BUSY_SNAPSHOT"

    assert database_reason(Busy()) == "databasen er oppteken hos ein annan brukar"
    missing = tmp_path / "borte.toml"
    assert refusal(lambda: read_bytes(missing, limit=10, kind="ei fil"), UserError) == (
        f"Fila {missing} finst ikkje."
    )
    assert refusal(lambda: read_bytes(tmp_path, limit=10, kind="ei fil"), UserError) == (
        f"{tmp_path} er ei mappe, ikkje ei fil."
    )


async def test_a_nynorsk_form_refuses_a_bad_amount_in_nynorsk(
    sample_db: Path, settle: Settle
) -> None:
    """The annual-report editor, typed in by keys at 80x24: «tolv» as an amount is refused
    in one standard, the field's name and the reason alike."""
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportsScreen)
        table = app.screen.query_one("#annual-table", Table)
        table.move_cursor(row=table.get_row_index("privatskoler"))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, AnnualReportEditor)
        field = editor.query_one("#spent_uh", Input)
        field.focus()
        await pilot.press("ctrl+a", "ctrl+k", *"tolv", "ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # refused: nothing stored
        shown = " ".join(str(editor.query_one(".dialog-error", Static).render()).split())
        assert "«tolv» er ikkje eit heilt kronebeløp." in shown
        assert foreign_words(shown, "nn") == set(), shown
