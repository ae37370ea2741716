"""The summons in four formats, read back with independent readers."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from sekretariat.documents import document, summons
from sekretariat.domain import agenda, meetings
from sekretariat.errors import UserError
from sekretariat.storage.database import Database

SAMI = "Áillu Čoavddáš Đ ŋ š ŧ ž á æøå ÆØÅ"


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


@pytest.fixture
def meeting(db: Database) -> int:
    """The sample's January 2027 meeting with a title that tries to be HTML, a Sámi
    presenter and a control character someone pasted in."""
    mid = meetings.load_year(db, 2027).meetings[0].id
    agenda.add_item(
        db,
        mid,
        {
            "title": "<script>alert('x')</script> & co",
            "kind": "discussion",
            "minutes": 20,
            "presenter": SAMI,
            "background": "Limt inn\x0bfra e-post\x00.",
            "proposal": "Forumet drøfter saken.",
        },
    )
    return mid


def test_markdown_has_clock_numbers_and_prompt(db: Database, meeting: int) -> None:
    meetings.set_status(db, meeting, "summoned", dt.date(2027, 1, 7))
    _, doc = summons.summons_document(db, meeting)
    text = document.to_markdown(doc)
    assert text.startswith("# Innkalling til møte i Samarbeidsforum Innlandet\n")
    assert "**Dato:** torsdag 21. januar 2027" in text
    assert "**Fasilitator:** Per Ivar Rønning" in text
    assert "## Læringsfokus\n\nVi skal bli enige om hva eierne trenger" in text
    # Numbers fixed at the summons; the clock runs from 09.00 item after item:
    # 5 + 5 + 30 + 25 + 40 minutes, then the new item (20), then AOB (10).
    assert "### Sak 01/27 Godkjenning av innkalling og saksliste" in text
    assert "*Vedtakssak · kl. 09.00–09.05 (5 min)*" in text
    assert "*Læringsøkt · kl. 10.05–10.45 (40 min) · Ansvarlig: Per Ivar Rønning*" in text
    assert "### Sak 06/27 &lt;script&gt;alert('x')&lt;/script&gt; &amp; co" in text
    assert "*Drøfting · kl. 10.45–11.05 (20 min)" in text
    assert "### Sak 07/27 Eventuelt\n\n*Orientering · kl. 11.05–11.15 (10 min)*" in text
    assert "**Refleksjon:** UH i lytteposisjon: Eierne drøfter" in text
    assert "(Lytteposisjon, 20 min)" in text
    assert "- Protokoll 12.11.2026.pdf" in text
    assert "\x0b" not in text and "\x00" not in text


def test_html_escapes_user_text(db: Database, meeting: int, tmp_path: Path) -> None:
    path = summons.export_summons(db, meeting, "html", tmp_path / "i.html")
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in text
    assert '<html lang="nb">' in text and '<meta charset="utf-8">' in text
    assert SAMI in text


def test_docx_reads_back_without_control_characters(
    db: Database, meeting: int, tmp_path: Path
) -> None:
    from docx import Document

    path = summons.export_summons(db, meeting, "docx", tmp_path / "i.docx")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "Innkalling til møte i Samarbeidsforum Innlandet"
    assert "<script>alert('x')</script> & co" in text
    assert f"Drøfting · kl. 10.45–11.05 (20 min) · Ansvarlig: {SAMI}" in text
    assert "Bakgrunn: Limt innfra e-post." in text
    assert "Forslag til vedtak: Innkalling og saksliste godkjennes." in text


def test_pdf_embeds_the_font_and_keeps_sami_letters(
    db: Database, meeting: int, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    path = summons.export_summons(db, meeting, "pdf", tmp_path / "i.pdf")
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for word in ("Áillu", "Čoavddáš", "ŋ", "ŧ", "ž", "æøå", "Máret Sárá", "Rønning"):
        assert word in text
    assert "kl. 09.00–09.05" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSans" in f for f in fonts)
    assert any(
        "/FontFile2" in font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    )


def test_fonts_ship_inside_the_package() -> None:
    assert document.FONT_REGULAR.stat().st_size > 100_000
    assert document.FONT_BOLD.stat().st_size > 100_000
    assert (document.FONT_DIR / "LICENSE-DejaVu.txt").read_text().count("Bitstream") >= 1


def test_refusals(db: Database, meeting: int, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="er ikke et format"):
        summons.export_summons(db, meeting, "rtf", tmp_path / "i.rtf")
    with pytest.raises(UserError, match="finnes ikke"):
        summons.export_summons(db, meeting, "md", tmp_path / "nei" / "i.md")
    meetings.set_status(db, meeting, "cancelled", dt.date(2026, 11, 22))
    with pytest.raises(UserError, match="avlyst; det sendes ingen innkalling"):
        summons.export_summons(db, meeting, "md", tmp_path / "i.md")
    assert not (tmp_path / "i.md").exists()


def test_a_docx_is_a_zip_with_the_text(db: Database, meeting: int, tmp_path: Path) -> None:
    path = summons.export_summons(db, meeting, "docx", tmp_path / "i.docx")
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Čoavddáš" in xml and "&lt;script&gt;" in xml


def test_what_a_summons_lacks_is_named_and_no_empty_label_is_printed(db: Database) -> None:
    # 18.11.2027 in the sample: no place, no video link, no chair, no learning focus.
    mid = meetings.load_year(db, 2027).meetings[-1].id
    view, doc = summons.summons_document(db, mid)
    assert agenda.summons_gaps(view) == ["sted eller videolenke", "møteleder", "læringsfokus"]
    text = document.to_markdown(doc)
    for label in ("**Sted:**", "**Video:**", "**Møteleder:**", "## Læringsfokus"):
        assert label not in text
    # A video link is somewhere to come; the January meeting lacks only its chair.
    january = meetings.load_year(db, 2027).meetings[0].id
    assert agenda.summons_gaps(agenda.load_agenda(db, january)) == ["møteleder"]
    meetings.update_meeting(db, mid, {"video_link": "https://video.example/forum"})
    assert agenda.summons_gaps(agenda.load_agenda(db, mid)) == ["møteleder", "læringsfokus"]
