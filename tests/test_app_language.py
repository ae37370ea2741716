"""The app's language (issue 19): each user's own choice, else the forum's; F9 switches it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from sekretariat import cli
from sekretariat.domain.languages import forum_language_at
from sekretariat.i18n import LANG_ENV, app_language, save_user_language, user_language
from tui import main as tui_main
from tui.app import RESTART, SekretariatApp
from widgets.dialog import FormDialog

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This user's settings in a folder of the test's own, with no language forced."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.delenv(LANG_ENV, raising=False)
    return config


def set_forum_language(path: Path, lang: str) -> None:
    with sqlite3.connect(path) as con:
        con.execute("UPDATE forum SET language = ? WHERE id = 1", (lang,))
    con.close()


def request(path: Path, *, first_run: bool = False) -> cli.AppRequest:
    return cli.AppRequest(path, False, first_run, "overview", None, None)


# --------------------------------------------------------------------------- the default
def test_the_forums_language_is_read_from_the_file(sample_db: Path, tmp_path: Path) -> None:
    assert forum_language_at(sample_db) == "nb"
    set_forum_language(sample_db, "nn")
    assert forum_language_at(sample_db) == "nn"
    # Nothing to read from: bokmål, and opening the file later says what is wrong.
    assert forum_language_at(tmp_path / "finst-ikkje.db") == "nb"
    assert not (tmp_path / "finst-ikkje.db").exists()
    text = tmp_path / "tekst.db"
    text.write_text("dette er ingen database")
    assert forum_language_at(text) == "nb"
    assert text.read_text() == "dette er ingen database"


def test_the_users_choice_wins_over_the_forums(sample_db: Path, own_config: Path) -> None:
    set_forum_language(sample_db, "nn")
    assert tui_main.language_for(request(sample_db)) == "nn"  # no choice: the forum's
    assert tui_main.language_for(request(sample_db, first_run=True)) == "nb"  # no forum yet
    save_user_language("nb")
    assert tui_main.language_for(request(sample_db)) == "nb"
    save_user_language("nn")
    set_forum_language(sample_db, "nb")
    assert tui_main.language_for(request(sample_db)) == "nn"


def test_run_app_starts_again_when_the_app_asks_for_it(
    sample_db: Path, own_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LANG_ENV, "nb")  # this process keeps the language the tests use
    restarts: list[bool] = []
    monkeypatch.setattr(tui_main, "restart", lambda: restarts.append(True))
    answers = iter([None, RESTART])
    monkeypatch.setattr(SekretariatApp, "run", lambda self, **kwargs: next(answers))
    assert tui_main.run_app(request(sample_db)) == 0
    assert restarts == []
    tui_main.run_app(request(sample_db))
    assert restarts == [True]
    assert app_language() == "nb"


# --------------------------------------------------------------------------- F9
async def test_f9_saves_the_other_language_and_ends_to_start_again(
    sample_db: Path, own_config: Path, settle: Settle
) -> None:
    assert app_language() == "nb"
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await pilot.pause()
    assert app.return_value == RESTART
    assert app.return_code == 0
    assert (own_config / "sekretariat" / "sprak").read_text() == "nn\n"
    assert user_language("nb") == "nn"


async def switch_in_the_palette(pilot: Pilot, settle: Settle) -> None:
    """F9 is the areas' key (a form takes its own keys); over a form, the palette has it."""
    await pilot.press("ctrl+p", *"nynorsk")
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def test_switching_with_a_form_open_saves_the_form_first(
    sample_db: Path, own_config: Path, settle: Settle
) -> None:
    from test_app_quit import open_new_item_form, titles

    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        meeting_id = await open_new_item_form(app, pilot, settle)
        before = titles(sample_db, meeting_id)
        await pilot.press(*"Skrevet før språkbyttet")
        await switch_in_the_palette(pilot, settle)
    assert app.return_value == RESTART
    after = titles(sample_db, meeting_id)
    assert len(after) == len(before) + 1 and "Skrevet før språkbyttet" in after
    assert user_language("nb") == "nn"


async def test_switching_on_a_form_that_cannot_be_saved_changes_nothing(
    sample_db: Path, own_config: Path, settle: Settle
) -> None:
    from test_app_quit import open_new_item_form

    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_item_form(app, pilot, settle)
        await pilot.press("tab", "tab", *"x")  # no title, «15x» minutes
        await switch_in_the_palette(pilot, settle)
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.return_value is None
    assert not (own_config / "sekretariat" / "sprak").exists()


async def test_the_palette_and_help_offer_the_other_language(
    sample_db: Path, own_config: Path, settle: Settle
) -> None:
    from screens.help import collect
    from tui.commands import SekretariatCommands

    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        help_lines = [
            (entry.keys, entry.text) for section in collect(app.screen) for entry in section.entries
        ]
        assert (["F9"], "Bytt språk til nynorsk (starter på nytt)") in help_lines
        provider = SekretariatCommands(app.screen)
        names = [command.name for command in provider.commands()]
        assert "Bytt språk til nynorsk" in names


async def test_a_choice_that_cannot_be_saved_is_said_and_the_app_stays(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle: Settle
) -> None:
    from conftest import notices

    blocked = tmp_path / "ikke-en-mappe"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked))  # the folder cannot be made
    monkeypatch.delenv(LANG_ENV, raising=False)
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.is_running and app.return_value is None
        said = notices(app)[-1]
        assert (said.title, said.severity) == ("Ikke utført", "warning")
        assert said.message == "Språkvalget kan ikke lagres: en del av stien er ikke en mappe."
