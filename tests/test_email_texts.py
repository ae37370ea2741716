"""E-mail-ready texts in the recipient's written standard (issue 19), on the sample forum:
Valdres (host Nord-Aurdal) and Nord-Gudbrandsdal (host Sel) write nynorsk; Glåmdal (host
Kongsvinger, neutral) gets the forum's bokmål. Needs reports are due 01.02, annual
reports 01.03 the year after."""

from __future__ import annotations

from pathlib import Path

import pytest
from language_words import foreign_words

from sekretariat.cli import main
from sekretariat.documents.email_texts import KINDS, email_texts, write_emails
from sekretariat.errors import UserError
from sekretariat.storage.database import Database


@pytest.fixture
def db(sample_db: Path) -> Database:
    return Database.open(sample_db)


def test_a_needs_report_email_in_bokmal_word_for_word(db: Database) -> None:
    [glamdal] = [e for e in email_texts(db, "behovsmelding", 2027) if e.recipient == "glamdal"]
    assert glamdal.lang == "nb"
    assert glamdal.text() == (
        "Emne: Melding om behov for tilskudd 2027 – Glåmdal\n\n"
        "Hei,\n\n"
        "Vedlagt er malen for melding om behov for tilskudd til kollektiv kompetanseutvikling "
        "for 2027 for Glåmdal. Fyll ut de gule cellene og send filen tilbake til "
        "sekretariatet innen 01.02.2027.\n\n"
        "Nettverket drøfter, i samarbeid med UH-partneren, bruken av restmidler fra tidligere "
        "tildelinger når det melder behov.\n\n"
        "Med vennlig hilsen\nStatsforvalteren i Innlandet\nSamarbeidsforum Innlandet\n"
    )


def test_an_annual_report_email_in_nynorsk_word_for_word(db: Database) -> None:
    [valdres] = [e for e in email_texts(db, "arsrapport", 2026) if e.recipient == "valdres"]
    assert valdres.lang == "nn"
    assert valdres.text() == (
        "Emne: Årsrapport 2026 – Valdres\n\n"
        "Hei,\n\n"
        "Etter forskrifta § 17 skal mottakarar av tilskot rapportere kvart år om kva tiltak "
        "som er gjennomførte, korleis midlane er brukte, og gje ei vurdering av "
        "måloppnåinga. Vedlagt er malen for årsrapporten for 2026 for Valdres. Send den "
        "utfylte fila til sekretariatet innan 01.03.2027.\n\n"
        "Med venleg helsing\nStatsforvalteren i Innlandet\nSamarbeidsforum Innlandet\n"
    )


def test_grant_letter_emails_go_to_each_host(db: Database) -> None:
    emails = {e.recipient: e for e in email_texts(db, "tilskuddsbrev", 2026)}
    # Nine hosts; the private-school network has none.
    assert len(emails) == 9 and "Sel" in emails and emails["Sel"].lang == "nn"
    assert emails["Sel"].subject == "Tilskotsbrev 2026 – Sel"
    assert "fristen for årsrapporten (01.03.2027)" in emails["Sel"].body
    assert emails["Hamar"].subject == "Tilskuddsbrev 2026 – Hamar"
    assert "til Hamar som vertskommune for Hamarregionen." in emails["Hamar"].body


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_email_holds_no_word_of_the_other_standard(
    db: Database, kind: str, lang: str
) -> None:
    for email in email_texts(db, kind, 2026, lang=lang):
        assert email.lang == lang
        assert foreign_words(email.text(), lang) == set(), email.recipient


def test_the_command_writes_one_file_per_recipient(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "epost"
    args = ["--db", str(db.path), "emails", "behovsmelding", "2027", "-o", str(out)]
    assert main(args) == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 10 and names[0] == "epost-behovsmelding-2027-gjovik.txt"
    valdres = (out / "epost-behovsmelding-2027-valdres.txt").read_text(encoding="utf-8")
    assert valdres.startswith("Emne: Melding om behov for tilskot 2027 – Valdres\n")
    assert main([*args, "--lang", "nb"]) == 0
    valdres = (out / "epost-behovsmelding-2027-valdres.txt").read_text(encoding="utf-8")
    assert valdres.startswith("Emne: Melding om behov for tilskudd 2027 – Valdres\n")


def test_an_unknown_kind_and_a_file_for_a_folder_are_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Ukjent e-posttype «brev»"):
        email_texts(db, "brev", 2026)
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    with pytest.raises(UserError, match="er en fil, ikke en mappe"):
        write_emails(db, "arsrapport", 2026, blocker)


def test_the_grant_letter_kind_has_its_nynorsk_name_too(db: Database, tmp_path: Path) -> None:
    """«tilskotsbrev» (the name a nynorsk help text gives) writes what «tilskuddsbrev» does."""
    outs = {}
    for kind in ("tilskuddsbrev", "tilskotsbrev"):
        outs[kind] = tmp_path / kind
        assert main(["--db", str(db.path), "emails", kind, "2026", "-o", str(outs[kind])]) == 0
    written = {k: {p.name: p.read_bytes() for p in v.iterdir()} for k, v in outs.items()}
    assert written["tilskotsbrev"] == written["tilskuddsbrev"] != {}
