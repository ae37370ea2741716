"""Settings forms: typed text checked like the exchange format, all or nothing."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.domain.forum_settings import (
    FieldErrors,
    forum_form,
    save_forum,
    save_scheme,
    scheme_form,
)
from sekretariat.errors import UserError
from sekretariat.exchange import import_text
from sekretariat.storage import models as m
from sekretariat.storage.database import Database

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "s.db", create=True)
    import_text(db, MINI, "mini.toml")
    return db


def test_forum_form_shows_current_values(db: Database) -> None:
    form = forum_form(db)
    assert form["name"] == "Samarbeidsforum Test"
    assert form["meeting_weeks"] == "3, 10, 25, 38, 46"
    assert (form["meeting_start"], form["needs_due"], form["meeting_weekday"]) == (
        "09.00",
        "01.02",
        "4",
    )


def test_forum_saves_typed_values(db: Database) -> None:
    save_forum(
        db,
        forum_form(db)
        | {"meeting_weeks": "2 11 24", "meeting_start": "10.00", "needs_due": "15.2"},
    )
    with db.read() as s:
        f = s.get(m.Forum, 1)
    assert (f.meeting_weeks, f.meeting_start, f.needs_due_day, f.needs_due_month) == (
        [2, 11, 24],
        dt.time(10, 0),
        15,
        2,
    )


def test_bad_forum_fields_change_nothing(db: Database) -> None:
    with pytest.raises(FieldErrors) as err:
        save_forum(
            db, forum_form(db) | {"name": " ", "meeting_weeks": "3, 54", "needs_due": "31.02"}
        )
    assert set(err.value.errors) == {"name", "meeting_weeks", "needs_due"}
    assert str(err.value) == "Forumets navn: kan ikke være tom (2 feil til). Ingenting ble lagret."
    with pytest.raises(FieldErrors, match="slutte etter"):
        save_forum(db, forum_form(db) | {"meeting_start": "15:00", "meeting_end": "09:00"})
    assert forum_form(db)["name"] == "Samarbeidsforum Test"


def test_scheme_form_round_trip_and_rules(db: Database) -> None:
    form = scheme_form(db, "kollektiv")
    assert (
        form["common_bp"],
        form["equalization_bp"],
        form["network_fixed_bp"],
        form["needs_cap"],
    ) == ("10", "2,5", "", "ja")
    save_scheme(
        db,
        "kollektiv",
        form
        | {
            "equalization_bp": "3",
            "fixed_amounts": "valdres = 1 000 000",
            "network_fixed_bp": "40",
        },
    )
    with db.read() as s:
        scheme = s.exec(select(m.Scheme)).one()
    assert (scheme.equalization_bp, scheme.fixed_amounts, scheme.network_fixed_bp) == (
        300,
        {"valdres": 1_000_000},
        4000,
    )
    assert scheme_form(db, "kollektiv")["fixed_amounts"] == "valdres = 1\u00a0000\u00a0000"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"common_bp": "ti"}, "ikke et prosenttall"),
        ({"common_bp": "99"}, "over 100 %"),  # 99 + 2.5 equalisation
        ({"unit": "0"}, "minst 1"),
        ({"fixed_amounts": "bergen = 10"}, "ukjent nettverk bergen"),
        ({"needs_cap": "nei"}, "fast nettverksandel"),
        ({"network_fixed_bp": "2,555"}, "to desimaler"),
    ],
)
def test_bad_rules_are_refused(db: Database, change: dict[str, str], message: str) -> None:
    before = scheme_form(db, "kollektiv")
    with pytest.raises(UserError, match=message):
        save_scheme(db, "kollektiv", before | change)
    assert scheme_form(db, "kollektiv") == before


def test_unknown_scheme(db: Database) -> None:
    with pytest.raises(UserError, match="Fant ikke ordningen"):
        scheme_form(db, "finnes-ikke")


def test_the_forums_document_language_is_a_field_saved_audited_and_checked(db: Database) -> None:
    from sekretariat.domain.languages import forum_language
    from sekretariat.storage.audit_log import entries

    assert forum_form(db)["language"] == "nb"
    save_forum(db, forum_form(db) | {"language": " NN "})
    assert forum_language(db) == "nn" and forum_form(db)["language"] == "nn"
    [newest] = entries(db, entity="forum", limit=1)
    assert newest.changes == {"language": ["nb", "nn"]}
    assert newest.parts() == ["dokumentspråk: «nb» → «nn»"]
    with pytest.raises(FieldErrors) as err:
        save_forum(db, forum_form(db) | {"language": "nynorsk"})
    assert err.value.errors == {
        "language": "«nynorsk» er ikke et språk; bruk «nb» (bokmål) eller «nn» (nynorsk)"
    }
    assert str(err.value) == (
        "Dokumentspråk (nb = bokmål, nn = nynorsk): «nynorsk» er ikke et språk; bruk «nb» "
        "(bokmål) eller «nn» (nynorsk). Ingenting ble lagret."
    )
    assert forum_language(db) == "nn"
    assert entries(db, entity="forum", limit=1)[0].id == newest.id


def test_field_errors_are_said_in_the_apps_language(db: Database) -> None:
    from sekretariat.i18n import texts

    with pytest.raises(FieldErrors) as err:
        save_forum(db, forum_form(db) | {"name": " ", "meeting_weeks": "54"})
    said = err.value.said(texts("nn"))
    assert said.startswith("Namnet på forumet: ") and said.endswith(
        " (1 feil til). Ingenting vart lagra."
    )
    assert err.value.said() == str(err.value)
