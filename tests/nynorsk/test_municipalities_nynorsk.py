"""Kommunenes målform in nynorsk at 80x24 (issue 19): its table, keys and help hold no
word that only bokmål has, and o sets nøytral."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from language_words import foreign_words

from nynorsk.test_walk_nynorsk import screen_text
from screens.municipalities import MunicipalitiesScreen
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)


async def test_the_municipalities_screen_in_nynorsk(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalitiesScreen)
        text = screen_text(app)
        assert "Målforma til kommunane" in text
        assert "Merknada Ny kommune" in text  # the footer (its runs joined without spaces)
        # The sample's notes are data, in bokmål: the rows are left out of the check.
        own = "\n".join(line for line in text.splitlines() if "eksempeldata" not in line)
        own = "\n".join(line for line in own.splitlines() if "kommunens vedtak" not in line)
        assert foreign_words(own, "nn") == set(), own
        await pilot.press("o")  # Nord-Aurdal
        await settle(pilot)
        assert [str(c) for c in app.screen.query_one(Table).get_row_at(0)][:2] == [
            "Nord-Aurdal",
            "nøytral",
        ]
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert foreign_words(text, "nn") == set(), text
