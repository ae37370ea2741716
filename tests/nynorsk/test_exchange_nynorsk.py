"""The exchange format's refusals, the check's problems and the import summary in a
nynorsk app (issue 19): what the file says (keys, table names, values) stays as written,
the sentences around it are nynorsk."""

from __future__ import annotations

from pathlib import Path

import pytest
from language_words import BOKMAL_ONLY, words
from sqlmodel import select

from sekretariat.errors import ImportRefused
from sekretariat.exchange import export_text, import_text, importer, stamp
from sekretariat.exchange.parse import _TOML_REASONS, toml_reason
from sekretariat.i18n import ui
from sekretariat.storage import models as m
from sekretariat.storage.database import Database


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database.open(tmp_path / "n.db", create=True)


def _refusal(db: Database, text: str, source: str = "x.toml") -> str:
    with pytest.raises(ImportRefused) as refused:
        import_text(db, text, source)
    message = str(refused.value)
    assert words(message) & BOKMAL_ONLY == set(), message
    return message


def test_a_syntax_error_is_refused_in_nynorsk(db: Database) -> None:
    assert _refusal(db, "schema = 1\n[forum\n") == (
        "x.toml, linje 2, kolonne 7: ugyldig TOML (venta «]» etter tabellnamnet). "
        "Ingenting vart importert."
    )
    # the line break ending the 9 characters of «name = "F» is the 10th, inside the text
    assert _refusal(db, 'schema = 1\n[forum]\nname = "F\n') == (
        "x.toml, linje 3, kolonne 10: ugyldig TOML (ulovleg teikn U+000A). "
        "Ingenting vart importert."
    )
    # what tomli quotes is shown readably, inside the nynorsk sentence
    assert toml_reason("Cannot declare ('forum',) twice") == "tabellen «forum» står to gonger"


def test_an_unknown_table_is_refused_in_nynorsk_with_its_name_as_written(db: Database) -> None:
    assert _refusal(db, "schema = 1\n[[people]]\nkey = 'a'\n") == (
        "x.toml: fila: ukjend tabell eller nøkkel «people». Ingenting vart importert."
    )


def test_problems_name_the_line_and_the_row_and_count_the_rest(db: Database) -> None:
    text = (
        "schema = 1\n"
        '[forum]\nname = "F"\n'
        "[[meeting]]\ndate = 2027-01-21\nstart = 10:00:00\nend = 09:00:00\nchair = 'ola'\n"
    )
    assert _refusal(db, text) == (
        "x.toml, linje 4: [[meeting]] nr. 1 (dato «2027-01-21»): ukjend person «ola» i "
        "«chair». (1 feil til; ingenting vart importert.)"
    )
    seat = (
        "schema = 1\n"
        '[forum]\nname = "F"\n'
        '[[person]]\nkey = "kari"\nname = "Kari"\n'
        '[[person]]\nkey = "kari"\nname = "Kari N"\n'
    )
    assert _refusal(db, seat) == (
        "x.toml, linje 7: [[person]] nr. 2 (nøkkel «kari»): står to gonger i fila "
        "(første gong som nr. 1). Ingenting vart importert."
    )


def test_a_bad_exported_table_is_refused_in_nynorsk(db: Database) -> None:
    text = "schema = 1\n[exported]\ndatabase = 'x'\nat = 1\n"
    assert _refusal(db, text) == (
        "x.toml: [exported] «at» skal vere eit tidspunkt med tidssone. Ingenting vart importert."
    )


def test_a_stale_import_is_refused_in_nynorsk_then_summarised(sample_db: Path) -> None:
    db = Database.open(sample_db)
    stamped = export_text(db, stamped=True)
    with db.write() as s:
        person = s.exec(select(m.Person).where(m.Person.key == "ande-coarvi")).one()
        person.phone = "900 00 000"
    message = _refusal(db, stamped, "laurdag.toml")
    assert message.startswith(
        "laurdag.toml: 1 rad er endra i databasen sidan fila vart eksportert "
    )
    assert message.endswith(
        ": personen «ande-coarvi». Ingenting vart importert; importer med --overwrite for å "
        "skrive verdiane i fila over endringane."
    )
    summary = import_text(db, stamped, "laurdag.toml", overwrite=True)
    assert summary.text() == "personar: 0 lagt til, 1 oppdatert"
    assert import_text(db, stamped, "laurdag.toml").text() == "ingen endringar"


NEW_PERSON = '[[person]]\nkey = "ny"\nname = "Ny Person"\nroles = ["authority"]\n\n'


def test_the_seat_quotas_are_refused_in_nynorsk(sample_db: Path) -> None:
    db = Database.open(sample_db)
    term = '[[term]]\nperson = "ny"\nseat = "bhg_myndighet"\nregion = "hamar"\nstart = 2026-01-15\n'
    assert _refusal(db, "schema = 1\n" + NEW_PERSON + term, "ny.toml") == (
        "ny.toml, linje 7: [[term]] nr. 1 (person «ny», sete «bhg_myndighet», start "
        "«2026-01-15»): nettverket «hamar» har alt representant i setet «bhg_myndighet» "
        "(lene-strand-aas, 15.01.2026–19.01.2028); éin om gongen. (1 feil til; ingenting vart "
        "importert.)"
    )
    term = '[[term]]\nperson = "ny"\nseat = "ks"\nstart = 2027-03-11\n'
    assert _refusal(db, "schema = 1\n" + NEW_PERSON + term, "ny.toml") == (
        "ny.toml, linje 7: [[term]] nr. 1 (person «ny», sete «ks», start «2027-03-11»): "
        "setet «ks» har 1 plass, men 2 representantar 11.03.2027. Ingenting vart importert."
    )


def test_every_toml_reason_and_row_name_is_nynorsk() -> None:
    texts = [norwegian for _, norwegian in _TOML_REASONS]
    texts += list(stamp._NAMES_NB.values()) + list(importer._TABLE_NB.values())
    for text in texts:
        assert words(ui(text)) & BOKMAL_ONLY == set(), text
    assert ui(texts[0]) == "ugyldig linje"
    assert stamp.describe("grant_decision:2027/kollektiv") == "vedtaket om tilskot «2027/kollektiv»"
    assert stamp.describe("meeting:2027-01-21") == "møtet 21.01.2027"
