"""The command line's language (issue 19): the user's own choice, else the language of the
forum in the database the command uses, else bokmål, decided before the help is built.

The command line sets the process's app language; tests/conftest.py gives it back after
each test, so this bokmål process stays bokmål."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sekretariat.cli import app_language_for, language_of_run, main
from sekretariat.i18n import LANG_ENV, app_language, save_user_language


@pytest.fixture(autouse=True)
def _no_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """No language forced for the session; the settings folder is the test's own
    (tests/conftest.py), so no choice is saved either."""
    monkeypatch.delenv(LANG_ENV, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def nynorsk_forum(sample_db: Path) -> Path:
    with sqlite3.connect(sample_db) as con:
        con.execute("UPDATE forum SET language = 'nn' WHERE id = 1")
    con.close()
    return sample_db


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    return capsys.readouterr().out


def test_a_nynorsk_forum_makes_the_command_line_speak_nynorsk(
    nynorsk_forum: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _help(["--db", str(nynorsk_forum), "backup", "--help"], capsys)
    assert out.startswith("bruk: sekretariat backup [-h] [--db STI] FIL\n\n")
    assert "Lag ein konsistent tryggingskopi av ein database som kan vere i bruk.\n" in out
    assert "  -h, --help  vis denne hjelpa og avslutt\n" in out
    # --db after the command, as the commands take it, is found as well.
    out = _help(["backup", "--help", f"--db={nynorsk_forum}"], capsys)
    assert "vis denne hjelpa og avslutt" in out
    assert app_language() == "nn"  # what the command line set; given back after the test


def test_the_users_choice_wins_over_the_forums(
    nynorsk_forum: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(LANG_ENV, "nb")
    out = _help(["--db", str(nynorsk_forum), "backup", "--help"], capsys)
    assert "Lag en konsistent sikkerhetskopi av en database som kan være i bruk.\n" in out
    assert "  -h, --help  vis denne hjelpen og avslutt\n" in out
    monkeypatch.delenv(LANG_ENV)
    save_user_language("nb")  # the choice saved with F9, in the test's own folder
    assert language_of_run(["--db", str(nynorsk_forum), "seats"]) == "nb"
    assert app_language_for(nynorsk_forum) == "nb"


def test_a_bokmal_forum_and_no_database_are_bokmal(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert language_of_run(["--db", str(sample_db), "seats"]) == "nb"
    missing = tmp_path / "finnes-ikke.db"
    assert language_of_run(["seats", "--db", str(missing)]) == "nb"
    assert not missing.exists()  # finding the language creates no database
    text = tmp_path / "tekst.db"
    text.write_text("dette er ingen database")
    assert language_of_run(["--db", str(text)]) == "nb"
    assert text.read_text() == "dette er ingen database"
    assert app_language_for(tmp_path) == "nb"  # a folder
    assert app_language_for(sample_db, new=True) == "nb"


def test_a_broken_db_option_is_the_real_parsers_to_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert language_of_run(["seats", "--db"]) == "nb"
    with pytest.raises(SystemExit) as done:
        main(["seats", "--db"])
    assert done.value.code == 2
    assert capsys.readouterr().err.endswith(
        "sekretariat seats: feil: argument --db: forventet én verdi.\n"
    )


def test_a_refusal_follows_the_forums_language(
    nynorsk_forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tal.txt"
    assert main(["--db", str(nynorsk_forum), "udir", "2026", "-o", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"sekretariat: Fila {target} må slutte på .csv eller .xlsx (formatet følgjer endinga).\n"
    )
