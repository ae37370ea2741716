"""The forum's rules on the import path (issue 16), the keys that carry them, and the
migration that adds their columns.

The import refuses what the app refuses for the seat table's quotas (Innlandet plan 3.2:
«9 repr. fra barnehagemyndighet (1 fra hver region)», «én for barnehage og én for
skole»), at the line of the file's term; the new keys go out and in again unchanged.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.domain import needs
from sekretariat.domain.seats import seat_table
from sekretariat.errors import ImportRefused
from sekretariat.exchange import export_text, import_text
from sekretariat.storage import models as m
from sekretariat.storage.database import Database

D = dt.date
HEAD = "schema = 1\n"
NEW_PERSON = '[[person]]\nkey = "ny"\nname = "Ny Person"\nroles = ["authority"]\n\n'


@pytest.fixture
def db(sample_db: Path) -> Iterator[Database]:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def refused(db: Database, text: str) -> str:
    before = export_text(db)
    with pytest.raises(ImportRefused) as caught:
        import_text(db, HEAD + text, "ny.toml")
    assert export_text(db) == before
    return str(caught.value)


# --------------------------------------------------------------------------- quotas
def test_a_second_holder_for_a_network_is_refused_by_the_import(db: Database) -> None:
    term = '[[term]]\nperson = "ny"\nseat = "bhg_myndighet"\nregion = "hamar"\nstart = 2026-01-15\n'
    assert refused(db, NEW_PERSON + term) == (
        "ny.toml, linje 7: [[term]] nr. 1 (person «ny», sete «bhg_myndighet», start "
        "«2026-01-15»): nettverket «hamar» har allerede representant i setet «bhg_myndighet» "
        "(lene-strand-aas, 15.01.2026–19.01.2028); ett om gangen. (1 feil til; ingenting ble "
        "importert.)"
    )  # the other: ten holders for nine places
    # As vara, or from the day after Lene Strand Aas's term, it is fine.
    import_text(db, HEAD + NEW_PERSON + term + "substitute = true\n", "vara.toml")
    later = term.replace("2026-01-15", "2028-01-20")
    import_text(db, HEAD + later, "senere.toml")
    with db.sql() as con:
        row = next(r for r in seat_table(con, D(2028, 1, 20)) if r.code == "bhg_myndighet")
    assert [h.person for h in row.holders] == ["ny"]


def test_two_holders_for_one_network_in_one_file_are_refused(db: Database) -> None:
    text = (
        NEW_PERSON
        + '[[person]]\nkey = "to"\nname = "To"\n\n'
        + '[[term]]\nperson = "ny"\nseat = "privat_bhg_eier"\nregion = "valdres"\n'
        + "start = 2030-01-17\n\n"
        + '[[term]]\nperson = "to"\nseat = "privat_bhg_eier"\nregion = "hamar"\n'
        + "start = 2030-01-17\n\n"
        + '[[term]]\nperson = "ny"\nseat = "privat_bhg_eier"\nregion = "hamar"\n'
        + "start = 2031-01-16\n"
    )
    message = refused(db, text)
    assert "setet skal velges fra hamar, gjovik, lillehammer" in message  # valdres: no seat
    fixed = text.replace(
        'region = "valdres"\nstart = 2030-01-17', 'region = "gjovik"\nstart = 2030-01-17'
    )
    message = refused(db, fixed)
    # «to» holds Hamar's place from 17.01.2030 to 15.01.2032 (week 3 of 2032: 15.01 less a
    # day): «ny» from 16.01.2031 is a second holder at once.
    assert message.startswith("ny.toml, linje 23: [[term]] nr. 3 (person «ny»")
    assert "nettverket «hamar» har allerede representant" in message
    assert "(to, 17.01.2030–14.01.2032)" in message


def test_the_sector_places_hold_on_import(db: Database) -> None:
    term = '[[term]]\nperson = "ny"\nseat = "ppt"\nstart = 2026-06-01\n'
    assert "«sector» må være en av barnehage, skole" in refused(db, NEW_PERSON + term)
    message = refused(db, NEW_PERSON + term + 'sector = "barnehage"\n')
    assert "barnehage har allerede representant i setet «ppt» (sunna-zahkkal" in message
    assert "ikke plasser per sektor" in refused(
        db, NEW_PERSON + term.replace('"ppt"', '"ks"') + 'sector = "skole"\n'
    )


def test_a_seat_never_has_more_holders_than_places_on_import(db: Database) -> None:
    term = '[[term]]\nperson = "ny"\nseat = "ks"\nstart = 2027-03-11\n'
    assert refused(db, NEW_PERSON + term) == (
        "ny.toml, linje 7: [[term]] nr. 1 (person «ny», sete «ks», start «2027-03-11»): "
        "setet «ks» har 1 plass, men 2 holdere 11.03.2027. Ingenting ble importert."
    )


def test_a_clash_already_stored_does_not_stop_other_imports(db: Database) -> None:
    """Databases imported before the rule may hold one; a file that has no part in it
    imports (the app shows the seat as it is, counting the network once)."""
    with db.write() as s:
        seat = s.exec(select(m.Seat).where(m.Seat.code == "bhg_myndighet")).one()
        hamar = s.exec(select(m.Region).where(m.Region.code == "hamar")).one()
        extra = m.Person(key="gammel", name="Gammel", roles=["authority"])
        s.add(extra)
        s.flush()
        s.add(
            m.Term(
                person_id=extra.id,
                seat_id=seat.id,
                region_id=hamar.id,
                start=D(2026, 1, 15),
                end=D(2028, 1, 19),
            )
        )
    import_text(db, HEAD + NEW_PERSON, "person.toml")


# --------------------------------------------------------------------------- keys
def test_the_new_keys_go_out_and_come_back(db: Database, tmp_path: Path) -> None:
    text = export_text(db)
    for key in (
        "leader_first_year = 2026",
        "leader_first_term_years = 1",
        "uh_feedback_week = 46",
        'sector = "barnehage"',
        "excluded_roles = [",
        "sectors = [",
        'ground = "Særegne forhold',
        'substitute = "tore-bakkerud"',
        "[[local_plan]]",
    ):
        assert key in text, key
    # The leader's end is the first period's: written without «end», as the sample has it.
    leader = text[text.index('role = "leader"') - 40 : text.index('role = "leader"') + 60]
    assert "end =" not in leader
    again = Database.open(tmp_path / "igjen.db", create=True)
    import_text(again, text, "x.toml")
    assert export_text(again) == text


def test_needs_reports_per_scheme_round_trip(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "a.db", create=True)
    import_text(
        db, (Path(__file__).parent.parent / "examples" / "agder.toml").read_text(), "agder.toml"
    )
    content = needs.Content(received=D(2020, 1, 20), network_amount=100, uh_amount=200)
    needs.register(db, "kristiansand", 2020, content)  # the default scheme (DEKOMP)
    needs.register(db, "kristiansand", 2020, content, "regional")
    text = export_text(db)
    assert text.count("[[needs_report]]") == 2
    assert text.count('scheme = "regional"') == 1  # the second report's
    assert 'scheme = "desentralisert"' not in text  # the default: left out
    again = Database.open(tmp_path / "igjen.db", create=True)
    import_text(again, text, "x.toml")
    assert export_text(again) == text
    assert "ukjent ordning «kaffe»" in _refused_text(
        again, '[[needs_report]]\nregion = "lister"\nyear = 2020\nscheme = "kaffe"\n'
    )


def _refused_text(db: Database, text: str) -> str:
    with pytest.raises(ImportRefused) as caught:
        import_text(db, HEAD + text, "ny.toml")
    return str(caught.value)


def test_scheme_and_plan_keys_are_checked(db: Database) -> None:
    assert "«network_agreed_pct» krever «network_fixed_pct»" in refused(
        db, "[allocation]\nnetwork_agreed_pct = { hamar = 30 }\n"
    )
    assert "kan bare gi UH mer" in refused(
        db, "[allocation]\nnetwork_fixed_pct = 40\nnetwork_agreed_pct = { hamar = 41 }\n"
    )
    assert "«fte_year_end» er før «fte_year»" in refused(
        db, "[allocation]\nfte_year = 2026\nfte_year_end = 2025\n"
    )
    assert "ukjent nettverk «atlantis» i «regions»" in refused(
        db, '[allocation]\nregions = ["atlantis"]\n'
    )
    assert "sluttåret er før startåret" in refused(
        db, '[[local_plan]]\nregion = "hamar"\nstart_year = 2026\nend_year = 2025\n'
    )


# --------------------------------------------------------------------------- migration
def test_a_0003_database_with_data_is_migrated(tmp_path: Path) -> None:
    """Reports stored before are the default scheme's; the old invented defaults for the
    coordinator function (10 %) and release time (20 %) become «no limit», a limit a forum
    set otherwise is kept."""
    from alembic import command

    from sekretariat.storage.migrate import APP_ID, SCHEMA_HEAD, alembic_config

    path = tmp_path / "gammel.db"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0003")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id={APP_ID}")
    con.execute(
        "INSERT INTO region (code, name, kind, equalization, host, municipalities, position) "
        "VALUES ('hamar', 'Hamarregionen', 'regional', 0, '', '[]', 1)"
    )
    con.execute(
        "INSERT INTO scheme (code, name, is_default, common_bp, common_recipient, "
        "equalization_bp, network_max_bp, unit, kindergarten_min_bp, school_min_bp, "
        "coordinator_max_bp, release_max_bp) VALUES "
        "('kollektiv', 'K', 1, 1000, '', 200, 4000, 1, 3500, 3500, 1000, 2500)"
    )
    con.execute(
        "INSERT INTO needsreport (region_id, year, state, return_reason) "
        "VALUES (1, 2027, 'received', '')"
    )
    con.commit()
    con.close()
    db = Database.open(path)
    with db.read() as s:
        scheme = s.exec(select(m.Scheme)).one()
        report = s.exec(select(m.NeedsReport)).one()
    assert (scheme.coordinator_max_bp, scheme.release_max_bp) == (None, 2500)
    assert (scheme.regions, scheme.budgets, scheme.network_agreed) == ([], {}, {})
    assert (report.scheme_code, report.year) == ("kollektiv", 2027)
    # The new unique key: a second report for another scheme in the same year is allowed.
    with db.write() as s:
        s.add(m.NeedsReport(region_id=1, year=2027, scheme_code="annen"))
    assert (
        sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0]
        == SCHEMA_HEAD
    )
