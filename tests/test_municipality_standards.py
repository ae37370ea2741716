"""The register of municipalities' written standards (issue 19): listed with the
municipalities the networks name, saved and audited, bad input refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from sekretariat.domain.languages import standard_for
from sekretariat.domain.municipalities import MunicipalityRow, municipality_rows, save_municipality
from sekretariat.errors import UserError
from sekretariat.exchange import import_text
from sekretariat.storage.audit_log import change_parts, entries, row_name
from sekretariat.storage.database import Database

NOTE = "Nynorsk etter kommunens vedtak (kjent for Valdres og Nord-Gudbrandsdal)."


MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
#: Valdres names four municipalities, one registered (after Hamar, which no network names).
NAMED = """schema = 1
[[region]]
code = "valdres"
name = "Valdres"
host = "Nord-Aurdal"
municipalities = ["Vang", "Øystre Slidre", "Nord-Aurdal", "Etnedal", "Ål"]
[[municipality]]
name = "Hamar"
standard = "nb"
[[municipality]]
name = "etnedal"
standard = "nn"
note = "Vedtak 2019."
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "m.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, NAMED, "named.toml")
    return db


def test_the_register_lists_registered_then_the_networks_other_municipalities(
    db: Database,
) -> None:
    assert municipality_rows(db) == [
        MunicipalityRow("Hamar", "nb", "", True),
        MunicipalityRow("etnedal", "nn", "Vedtak 2019.", True),
        # Not registered, in Norwegian order (Ø before Å); the host first named.
        MunicipalityRow("Nord-Aurdal", "noytral", "", False, ("Valdres",)),
        MunicipalityRow("Vang", "noytral", "", False),
        MunicipalityRow("Øystre Slidre", "noytral", "", False),
        MunicipalityRow("Ål", "noytral", "", False),
    ]


def test_the_samples_register(sample_db: Path) -> None:
    rows = municipality_rows(Database.open(sample_db))
    # sample.toml registers every municipality of its networks: 15 nynorsk, 33 neutral.
    assert (len(rows), sum(r.registered for r in rows)) == (48, 48)
    assert sum(r.standard == "nn" for r in rows) == 15
    assert rows[0] == MunicipalityRow("Nord-Aurdal", "nn", NOTE, True, ("Valdres",))
    assert rows[6] == MunicipalityRow("Sel", "nn", NOTE, True, ("Nord-Gudbrandsdal",))


def test_a_standard_is_saved_and_audited_and_a_new_one_registered(db: Database) -> None:
    logged_before = len(entries(db, entity="municipality"))
    assert standard_for(db, "Nord-Aurdal") == "nb"  # not registered: the forum's language
    assert save_municipality(db, " nord-aurdal ", standard="nn") == "nord-aurdal"
    assert standard_for(db, "Nord-Aurdal") == "nn"
    rows = municipality_rows(db)
    assert rows[2] == MunicipalityRow("nord-aurdal", "nn", "", True, ("Valdres",))
    assert "Nord-Aurdal" not in [r.name for r in rows]  # matched without regard to case
    # An existing one: the name as stored is kept; the note alone can change.
    assert save_municipality(db, "ETNEDAL", note=" Vedtak i kommunestyret 2019. ") == "etnedal"
    assert municipality_rows(db)[1] == MunicipalityRow(
        "etnedal", "nn", "Vedtak i kommunestyret 2019.", True
    )
    save_municipality(db, "Etnedal", standard="noytral")
    assert standard_for(db, "Etnedal") == "nb"
    logged = entries(db, entity="municipality")
    assert len(logged) == logged_before + 3
    newest = logged[0]
    assert (newest.action, newest.changes) == ("update", {"standard": ["nn", "noytral"]})
    # The log names the municipality and says the standard in words.
    assert row_name(newest.entity, newest.entity_id) == "Kommunens målform etnedal"
    assert change_parts(newest.entity, newest.action, newest.changes) == [
        "målform: «nynorsk» → «nøytral»"
    ]


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        (
            "Hamar",
            {"standard": "bokmål"},
            "«bokmål» er ikke en målform; velg bokmål, nynorsk, nøytral.",
        ),
        ("  ", {"standard": "nn"}, "Skriv navnet på kommunen."),
        (
            "Ha\nmar",
            {"standard": "nn"},
            "Navnet på kommunen skal stå på én linje (uten linjeskift).",
        ),
        (
            "Hamar",
            {"note": "a\x07"},
            "Merknaden inneholder et kontrolltegn (U+0007) som ikke kan lagres.",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    db: Database, name: str, fields: dict[str, str], message: str
) -> None:
    before = municipality_rows(db)
    with pytest.raises(UserError) as refused:
        save_municipality(db, name, **fields)
    assert str(refused.value) == message
    assert municipality_rows(db) == before


# --------------------------------------------------------------------------- the nynorsk letter
def test_the_nynorsk_letter_template_round_trips_and_languages_in_use(
    db: Database, tmp_path: Path
) -> None:
    from sekretariat.domain.letter_template import (
        DEFAULT_TEMPLATE,
        DEFAULT_TEMPLATE_NN,
        is_default,
        letter_languages,
        letter_template,
        save_letter_template,
    )
    from sekretariat.exchange import export_text

    # Valdres's host Nord-Aurdal is not registered: the forum's language (bokmål).
    assert letter_languages(db) == ("nb",)
    save_municipality(db, "Nord-Aurdal", standard="nn")
    assert letter_languages(db) == ("nn",)
    assert is_default(db, "nn") and is_default(db, "nb")
    nn = "# Tilskotsbrev {år} til {vertskommune}\n\n{tabell}\n"
    save_letter_template(db, nn, "nn")
    assert (is_default(db, "nn"), is_default(db, "nb")) == (False, True)
    text = export_text(db)
    assert 'grant_letter_template_nn = "# Tilskotsbrev {år} til {vertskommune}\\n\\n' in text
    assert "grant_letter_template =" not in text
    other = Database.open(tmp_path / "other.db", create=True)
    import_text(other, text, "x.toml")
    assert (letter_template(other, "nn"), letter_template(other)) == (nn, DEFAULT_TEMPLATE)
    assert export_text(other) == text
    # The default text again: the stored one goes, and the file says nothing of it.
    save_letter_template(db, DEFAULT_TEMPLATE_NN, "nn")
    assert is_default(db, "nn") and "grant_letter_template_nn" not in export_text(db)


def test_a_broken_nynorsk_template_in_a_file_is_refused(db: Database) -> None:
    from sekretariat.errors import ImportRefused

    bad = 'schema = 1\n[forum]\nname = "Nytt"\ngrant_letter_template_nn = "# Til {kommune}"\n'
    with pytest.raises(ImportRefused) as refused:
        import_text(db, bad, "bad.toml")
    assert str(refused.value).startswith(
        "Nynorskmalen for tilskuddsbrev i [forum] kan ikke importeres: Malen bruker den "
        "ukjente plassholderen «{kommune}»"
    )
    assert str(refused.value).endswith("Ingenting ble importert.")
