"""Lost updates: two processes edit the same row; the stale save is refused by name."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.domain.forum_settings import form_version, forum_form, save_forum
from sekretariat.exchange import import_text
from sekretariat.storage import models as m
from sekretariat.storage.database import Database
from sekretariat.storage.row_versions import StaleEdit

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parent.parent

OTHER = textwrap.dedent(
    """
    import sys
    from sekretariat.storage.database import Database
    from sekretariat.domain.forum_settings import forum_form, save_forum
    db = Database.open(sys.argv[1])
    save_forum(db, forum_form(db) | {"county": "Endret av den andre"})
    """
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "v.db", create=True)
    import_text(db, MINI, "mini.toml")
    return db


def test_stale_save_from_another_process_is_refused(db: Database) -> None:
    seen = form_version(db, "forum")
    mine = forum_form(db) | {"county": "Min endring"}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", OTHER, str(db.path)], check=True, env=env)
    with pytest.raises(StaleEdit) as err:
        save_forum(db, mine, seen_version=seen)
    assert str(err.value).startswith("Endret av ") and "— last inn på nytt." in str(err.value)
    assert forum_form(db)["county"] == "Endret av den andre"  # nothing overwritten
    # After reloading, the save goes through.
    assert (
        save_forum(
            db, forum_form(db) | {"county": "Min endring"}, seen_version=form_version(db, "forum")
        )
        == seen + 2
    )


def test_concurrent_flush_is_a_clear_message(db: Database) -> None:
    """Two sessions holding the same row: the second flush is stopped by the version."""
    with db.read() as s:
        stale = s.exec(select(m.Person)).one()
    with db.write() as s:
        fresh = s.exec(select(m.Person)).one()
        fresh.email = "a@example.org"
    with pytest.raises(StaleEdit, match="last inn på nytt"), db.write() as s:
        s.add(stale)  # merge back a row read before the change
        stale.email = "b@example.org"
    with db.read() as s:
        assert s.exec(select(m.Person)).one().email == "a@example.org"


def test_version_counts_updates_and_is_not_logged(db: Database) -> None:
    with db.write() as s:
        p = s.exec(select(m.Person)).one()
        assert p.version == 1
        p.phone = "12345678"
    with db.read() as s:
        assert s.exec(select(m.Person)).one().version == 2
    from sekretariat.storage.audit_log import entries

    assert "version" not in entries(db, entity="person", limit=1)[0].changes


def test_person_editor_save_is_refused_after_someone_else_saved(db: Database) -> None:
    from sekretariat.domain.people import list_people, update_person

    mine = next(p for p in list_people(db) if p.key == "kari-nordmann").as_input()
    theirs = next(p for p in list_people(db) if p.key == "kari-nordmann").as_input()
    theirs.phone = "900 00 000"
    update_person(db, "kari-nordmann", theirs)
    mine.email = "min@example.org"
    with pytest.raises(StaleEdit, match=r"^Endret av .+ kl\. \d\d\.\d\d — last inn på nytt\.$"):
        update_person(db, "kari-nordmann", mine)
    fresh = next(p for p in list_people(db) if p.key == "kari-nordmann")
    assert (fresh.phone, fresh.email) == ("900 00 000", "kari@example.org")


def test_needs_report_changes_check_the_version(tmp_path: Path) -> None:
    from sekretariat.domain import needs
    from sekretariat.new_database import create_from_sample

    db = create_from_sample(tmp_path / "s.db")
    seen = needs.load_report(db, "hamar", 2027)
    needs.change_state(db, "hamar", 2027, "review", seen_version=seen.row_version)  # someone else
    with pytest.raises(StaleEdit, match="last inn på nytt"):
        needs.change_state(
            db, "hamar", 2027, "returned", "Mangler plan", seen_version=seen.row_version
        )
    with pytest.raises(StaleEdit):
        needs.correct(db, "hamar", 2027, seen.newest, seen_version=seen.row_version)
    fresh = needs.load_report(db, "hamar", 2027)
    assert fresh.state == "review"
    after = needs.correct(db, "hamar", 2027, fresh.newest, seen_version=fresh.row_version)
    assert after.row_version == fresh.row_version + 1


def test_agenda_item_save_after_someone_else_is_refused(tmp_path: Path) -> None:
    from sekretariat.domain.agenda import load_agenda, update_item
    from sekretariat.new_database import create_from_sample

    db = create_from_sample(tmp_path / "s.db")
    with db.sql() as con:
        meeting_id = con.execute("SELECT id FROM meeting WHERE date = '2027-01-21'").fetchone()[0]
    item = load_agenda(db, meeting_id).items[2]
    update_item(db, item.id, {"presenter": "Den andre"}, seen_version=item.row_version)
    with pytest.raises(StaleEdit, match="last inn på nytt"):
        update_item(db, item.id, {"presenter": "Meg"}, seen_version=item.row_version)
    assert load_agenda(db, meeting_id).items[2].presenter == "Den andre"
