"""The app in nynorsk, area by area at 80x24: no word that only bokmål has is left on
screen (issue 19). The word lists are tests/language_words.py.

What a person sees is read from the app's own screenshot (``App.export_screenshot``), so
the test reads every line the terminal shows: header, tables, panels and footer.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from language_words import foreign_words

from screens import AREAS
from sekretariat.i18n import app_language
from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)  # as every UI test (tests/conftest.py)
SIZE = (80, 24)
_TEXT = re.compile(r"<text[^>]*\by=\"([\d.]+)\"[^>]*>(.*?)</text>", re.S)


def screen_text(app: SekretariatApp) -> str:
    """The lines the terminal shows, top to bottom (text runs joined per row)."""
    rows: dict[float, list[str]] = {}
    for y, run in _TEXT.findall(app.export_screenshot()):
        rows.setdefault(float(y), []).append(html.unescape(re.sub(r"<[^>]+>", "", run)))
    return "\n".join("".join(parts).replace("\xa0", " ") for _, parts in sorted(rows.items()))


def test_the_app_is_in_nynorsk() -> None:
    assert app_language() == "nn"


@pytest.mark.parametrize("area", AREAS, ids=[a.mode for a in AREAS])
async def test_every_area_in_nynorsk(nynorsk_forum_db: Path, settle, area) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(nynorsk_forum_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(area.key)
        await settle(pilot)
        text = screen_text(app)
        assert foreign_words(text, "nn") == set(), text
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert foreign_words(text, "nn") == set(), text


@pytest.mark.parametrize(
    ("area", "keys"),
    [("6", ["a"]), ("8", ["f5"]), ("7", ["s"])],
    ids=["annual-reports", "year-summary", "allocation-status"],
)
async def test_the_second_screens_in_nynorsk(
    nynorsk_forum_db: Path, settle, area: str, keys: list[str]
) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(nynorsk_forum_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(area)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        text = screen_text(app)
        assert foreign_words(text, "nn") == set(), text
