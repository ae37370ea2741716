"""Decision minutes export: content, the four formats read back, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from sekretariat.cli import main
from sekretariat.documents.decision_minutes import meeting_on, protocol_document
from sekretariat.documents.document import render, to_markdown
from sekretariat.domain import minutes as m
from sekretariat.storage.database import Database

HELD = dt.date(2026, 11, 12)
SAMI = "čđŋšŧžá"


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def _minuted(db: Database) -> int:
    """The sample's held meeting with a conflict, hostile text and an approval plus amendment."""
    mid = meeting_on(db, HELD)
    items = m.load_minutes(db, mid).items
    m.save_item(db, items[2].id, {"notes": f"Notat med {SAMI} og <script>alert(1)</script>"})
    m.add_conflict(
        db,
        items[3].id,
        "geir-arne-haugli",
        "Kandidat selv.",
        ground="Han er selv kandidat til plassen (forvaltningsloven § 6 første ledd a)",
        decided_by="Samarbeidsforum, uten at han deltok",
        substitute="tore-bakkerud",
    )
    m.approve_minutes(db, mid, dt.date(2027, 1, 21), "meeting", today=dt.date(2027, 1, 21))
    m.add_amendment(
        db,
        mid,
        "Fristen i sak 29/26 er 12.12.2026.",
        dt.date(2027, 2, 1),
        item_id=items[3].id,
        made_by="kari",
    )
    return mid


def test_markdown_has_every_part(db: Database) -> None:
    md = to_markdown(protocol_document(db, _minuted(db)))
    lines = md.splitlines()
    assert lines[0] == "# Protokoll fra møte 5/2026 i Samarbeidsforum Innlandet"
    assert "**Dato:** torsdag 12. november 2026  " in lines
    assert "**Tid:** kl. 09.00–15.00  " in lines
    assert "**Sted:** Scandic Hamar  " in lines
    assert "**Vara:** Oddny Bakke for Siri Nyhus  " in lines
    assert (
        "**Forfall:** Siri Nyhus (Glåmdal), Hilde Sønsteby (Hamarregionen), Niillas Đuolbavárri  "
        in lines
    )
    assert "**Observatør:** Jon Olav Brennhaugen, Sigrid Mathisen  " in lines
    assert "**Sekretariat:** Hanne Kristiansen Dahl, Máret Sárá, Torbjørn Lien" in lines
    assert "### Sak 28/26 Behovsmeldinger 2027 – status" in lines
    assert "**Vedtak:** Tatt til orientering." in lines
    assert "**Forslag til vedtak:** Innkalling og saksliste godkjennes.  " in lines
    assert (
        "**Habilitet:** Geir Arne Haugli ble erklært inhabil og fratrådte under behandlingen av "
        "saken. Grunnlag: Han er selv kandidat til plassen (forvaltningsloven § 6 første ledd "
        "a). Avgjort av: Samarbeidsforum, uten at han deltok. Tore Bakkerud tok plassen. "
        "Kandidat selv." in lines
    )
    assert (
        "- Sak 29/26: Spørre Nord-Østerdal om kandidat til plassen for kommunale skoleeiere"
        " – ansvar: Torbjørn Lien, frist 01.12.2026"
    ) in lines
    assert lines[lines.index("## Neste møte") + 2] == "torsdag 21. januar 2027"
    assert "Protokollen ble godkjent 21.01.2027 i møte." in lines
    assert (
        "- 01.02.2027 (kari): Valg av leder for 2027–2028 og supplering av arbeidsgruppa"
        " – Fristen i sak 29/26 er 12.12.2026."
    ) in lines
    assert "Utkast" not in md


def test_the_minutes_always_carry_case_numbers(db: Database) -> None:
    """A meeting whose summons never went out of the app has unnumbered items: exporting the
    minutes numbers them by the summons' rule (after the year's highest, in agenda order)."""
    from sekretariat.domain.agenda import add_item, load_agenda

    mid = meeting_on(db, dt.date(2027, 3, 11))  # planned, no agenda in the sample
    add_item(db, mid, {"title": "Lokale kompetanseplaner", "kind": "discussion"})
    add_item(db, mid, {"title": "Tildeling 2027", "kind": "decision"})
    assert [i.number for i in load_agenda(db, mid).items] == [None, None]
    # No case number is used in 2027 yet (the January meeting's summons has not gone out).
    md = to_markdown(protocol_document(db, mid))
    headings = [line for line in md.splitlines() if line.startswith("### ")]
    assert headings == ["### Sak 01/27 Lokale kompetanseplaner", "### Sak 02/27 Tildeling 2027"]
    assert [i.number for i in load_agenda(db, mid).items] == [1, 2]
    assert to_markdown(protocol_document(db, mid)) == md  # numbered once, kept


def test_draft_says_so(db: Database) -> None:
    md = to_markdown(protocol_document(db, meeting_on(db, HELD)))
    assert "*Utkast – protokollen er ikke godkjent.*" in md
    assert "Protokollen er ikke godkjent ennå." in md


def test_docx_pdf_html_read_back(db: Database) -> None:
    import docx
    from pypdf import PdfReader

    doc = protocol_document(db, _minuted(db))
    word = docx.Document(io.BytesIO(render(doc, "docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Sak 28/26 Behovsmeldinger 2027 – status" in text
    assert SAMI in text and "Ánde Čoarvi" in text
    assert "Protokollen ble godkjent 21.01.2027 i møte." in text
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render(doc, "pdf"))).pages)
    for ch in SAMI:
        assert ch in pdf
    assert "Sak 29/26" in pdf
    html = render(doc, "html").decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_cli_minutes(sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(sample_db), "minutes", "2026-11-12"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Protokoll fra møte 5/2026 i Samarbeidsforum Innlandet\n")
    target = tmp_path / "p.pdf"
    assert (
        main(
            ["--db", str(sample_db), "minutes", "12.11.2026", "--format", "pdf", "-o", str(target)]
        )
        == 0
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().err == f"Protokollen er skrevet til {target}.\n"
    assert main(["--db", str(sample_db), "minutes", "2026-11-13"]) == 1
    assert capsys.readouterr().err == "sekretariat: Det finnes ikke noe møte 13.11.2026.\n"
    assert main(["--db", str(tmp_path / "nope.db"), "minutes", "2026-11-12"]) == 1
    assert not (tmp_path / "nope.db").exists()


def test_someone_leaving_part_way_is_in_the_minutes(db: Database) -> None:
    from sekretariat.domain.meetings import load_attendance, record_departure
    from sekretariat.errors import UserError

    mid = meeting_on(db, HELD)
    said = record_departure(db, mid, "marte-skogli", at=dt.time(12, 30), during="sak 28/26")
    assert said == "gikk kl. 12.30 under sak 28/26"
    notes = {r.key: r.note for r in load_attendance(db, mid)[1]}
    assert notes["marte-skogli"] == "gikk kl. 12.30 under sak 28/26"
    md = to_markdown(protocol_document(db, mid))
    assert "Marte Skogli (Gjøvikregionen) – gikk kl. 12.30 under sak 28/26, Torunn" in md
    # someone not in the room cannot leave it; nothing changes
    with pytest.raises(UserError, match="^Siri Nyhus er ikke registrert som til stede i møtet.$"):
        record_departure(db, mid, "siri-nyhus", at=dt.time(13, 0))
    assert {r.key: r.note for r in load_attendance(db, mid)[1]} == notes


def test_guests_are_listed_with_their_organisation(db: Database) -> None:
    from sekretariat.domain.meetings import add_guest, set_attendance

    mid = meeting_on(db, HELD)
    add_guest(db, mid, "Kari Gjest", "NTNU")
    add_guest(db, mid, "Ola Besøk")
    set_attendance(db, mid, "marte-skogli", "guest")
    lines = to_markdown(protocol_document(db, mid)).splitlines()
    assert "**Gjester:** Marte Skogli (Gjøvikregionen), Kari Gjest (NTNU), Ola Besøk" in lines
    assert [line for line in lines if "Gjest:" in line] == []
