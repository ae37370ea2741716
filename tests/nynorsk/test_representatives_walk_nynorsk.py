"""The representatives, the people, the working group and the annual reports in nynorsk at
80x24, dialog by dialog: no word only bokmål has is left on screen (issue 19)."""

from __future__ import annotations

from pathlib import Path

from conftest import notices
from language_words import foreign_words

from nynorsk.test_walk_nynorsk import SIZE, TODAY, screen_text
from screens.annual_reports import state_width
from tui.app import SekretariatApp


async def look(app: SekretariatApp, pilot, settle, *keys: str) -> str:  # type: ignore[no-untyped-def]
    """Press ``keys`` and say what the screen shows when everything has settled."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    return screen_text(app)


async def test_the_seat_table_and_its_dialogs(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = await look(app, pilot, settle, "n")  # on a seat's heading: what to mark
        assert [n.message for n in notices(app)] == [
            "Marker eit mandat (ein person i tabellen) for å fornye det."
        ]
        assert foreign_words(text, "nn") == set(), text
        await pilot.press("down")  # a person holding a seat
        for key in ("a", "n", "x", "d", "f", "l"):
            text = await look(app, pilot, settle, key)
            # Where a term ends and why («Til og med …») is the core's sentence.
            own = "\n".join(line for line in text.splitlines() if "Til og med" not in line)
            assert foreign_words(own, "nn") == set(), (key, text)
            await look(app, pilot, settle, "escape")


async def test_the_people_a_person_and_the_editor(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = await look(app, pilot, settle, "p")
        assert "Søk: skriv namn, organisasjon eller nettverk" in text
        assert foreign_words(text, "nn") == set(), text
        text = await look(app, pilot, settle, "f4", "enter")
        assert "Slett gamle kontaktopplysningar" in text
        assert foreign_words(text, "nn") == set(), text
        for keys in (("escape", "enter"), ("e",)):  # the person's page, then its editor
            text = await look(app, pilot, settle, *keys)
            assert foreign_words(text, "nn") == set(), (keys, text)


async def test_the_working_group_and_an_election(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY, start="working_group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("l", "x"):  # the leader's election; ending the marked office
            text = await look(app, pilot, settle, key)
            assert foreign_words(text, "nn") == set(), (key, text)
            await look(app, pilot, settle, "escape")


async def test_an_annual_report_in_full_and_the_money(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = await look(app, pilot, settle, "6", "a", "enter")
        # The control's points and the report's fields are the core's texts; the rest is
        # the screen's own.
        own = [
            line
            for line in text.splitlines()
            if any(
                part in line
                for part in ("Årsrapport 2026", "kontroll (plan 7)", "Status:", "Versjonar:")
                + ("Midlar:", "restmidlar", "Automatiske", "Esc lukkar")
            )
        ]
        assert len(own) == 8, text
        assert foreign_words("\n".join(own), "nn") == set(), text
        text = await look(app, pilot, settle, "escape", "o")
        assert "Søkt, tildelt og brukt 2026 (kr)" in text
        assert foreign_words(text, "nn") == set(), text


def test_the_state_column_fits_the_longest_nynorsk_state() -> None:
    assert state_width() == len(" Behandlast v2")  # bokmål: 13, « Behandles v2»
