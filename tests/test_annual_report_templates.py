"""Annual-report templates out, filled as a network would, and back in; bad ones refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_annual_reports import DUE_SETTING, MINI, advise

from sekretariat.documents import annual_report_templates as art
from sekretariat.documents.xlsx_forms import TemplateRefused
from sekretariat.domain import annual_reports as ar
from sekretariat.storage.database import Database
from sekretariat.storage.models import Forum

RECEIVED = dt.date(2028, 2, 20)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    from sekretariat.exchange import import_text

    db = Database.open(tmp_path / "t.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, DUE_SETTING, "due.toml")
    with db.write() as s:
        forum = s.get(Forum, 1)
        forum.report_headings = [
            {"code": "effekt", "text": "Effekt/Resultat"},
            {"code": "prosess", "text": "Prosess"},
        ]
    advise(db)  # Valdres: 1 300 000 for 2027
    return db


@pytest.fixture
def template(db: Database, tmp_path: Path) -> Path:
    [path] = art.write_templates(db, 2027, tmp_path / "maler")
    return path


def fill(path: Path, **changes: object) -> Path:
    wb = load_workbook(path)
    ws = wb["Årsrapport"]
    ws["C12"] = "50 000"  # typed as text with a space
    ws["C13"] = 400000
    ws["C14"] = 830000
    ws["C15"] = 120000
    ws["C19"] = "Barnehagene har fått et språkløft."
    for row, letter in enumerate("abcde", start=20):
        ws[f"C{row}"] = f"Vurdering {letter}."
    ws["C29"], ws["D29"] = 500000, "gjennomført"
    ws["A30"], ws["B30"], ws["C30"], ws["D30"] = "Lesing", "Skole", "730 000", "Delvis"
    ws["C47"] = "Flere barnehager bruker språkverktøyet."
    for ref, value in changes.items():
        ws[ref] = value
    wb.save(path)
    return path


def test_the_template_is_prefilled(template: Path) -> None:
    assert template.name == "arsrapport-2027-valdres.xlsx"
    ws = load_workbook(template)["Årsrapport"]
    assert (ws["C5"].value, ws["C6"].value, ws["C7"].value, ws["C8"].value) == (
        "Valdres",
        "valdres",
        2027,
        "01.03.2028",
    )
    # The decided grant (here the adopted run) and the needs report's measure.
    assert ws["C11"].value == 1_300_000
    assert (ws["A29"].value, ws["B29"].value) == ("Språkløft", "barnehage")
    assert (ws["A47"].value, ws["B47"].value, ws["A48"].value) == (
        "Effekt/Resultat",
        "effekt",
        "Prosess",
    )


def test_round_trip(db: Database, template: Path) -> None:
    report = art.receive_file(db, fill(template), RECEIVED, expected_year=2027)
    c = report.newest
    assert (c.received, c.granted_amount, c.carried_in, c.spent_network, c.spent_uh) == (
        RECEIVED,
        1_300_000,
        50_000,
        400_000,
        830_000,
    )
    assert c.leftover_amount == 120_000
    assert c.measures == (
        ar.DoneMeasure("Språkløft", "barnehage", 500_000, "gjennomført"),
        ar.DoneMeasure("Lesing", "skole", 730_000, "delvis"),
    )
    assert c.criteria == {k: f"Vurdering {k}." for k in "abcde"}
    assert c.evaluation == {"effekt": "Flere barnehager bruker språkverktøyet."}
    assert report.checks == () and report.state == "received"
    # The next year's template carries the leftover in.
    [path] = art.write_templates(db, 2028, template.parent / "2028")
    assert load_workbook(path)["Årsrapport"]["C12"].value == 120_000


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"C13": "mye"}, "Årsrapport!C13: «mye» er ikke et helt kronebeløp"),
        ({"C14": 12.5}, "Årsrapport!C14: «12,5» er ikke et helt kronebeløp"),
        ({"D29": "ferdig"}, "Årsrapport!D29: «ferdig» er ikke gjennomført, delvis eller"),
        ({"A13": "Brukt"}, "Årsrapport!A13: ventet «Brukt av nettverket», fant «Brukt»"),
        ({"C7": 2026}, "Årsrapport!C7: malen gjelder 2026, ikke 2027"),
        ({"C6": "hamar"}, "Årsrapport!C6: ukjent nettverk «hamar»"),
        ({"C5": "Hamar"}, "Årsrapport!C5: «Hamar» er ikke navnet på nettverket «valdres»"),
        ({"B47": "struktur"}, "Årsrapport!B47: ukjent overskrift «struktur»"),
    ],
)
def test_bad_templates_are_refused_with_the_cell_named(
    db: Database, template: Path, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(TemplateRefused) as refused:
        art.receive_file(db, fill(template, **changes), RECEIVED, expected_year=2027)
    assert message in str(refused.value)
    assert str(refused.value).startswith("arsrapport-2027-valdres.xlsx er ikke lest inn: ")
    assert ar.load_inbox(db, 2027, RECEIVED).rows[0].report is None  # nothing stored


def test_moved_rows_are_refused(db: Database, template: Path) -> None:
    wb = load_workbook(template)
    wb["Årsrapport"].insert_rows(12)
    wb.save(template)
    with pytest.raises(TemplateRefused, match=r"Årsrapport!A12: ventet «Restmidler fra tidligere"):
        art.read_template(template)


def test_a_needs_template_is_not_an_annual_report(db: Database, tmp_path: Path) -> None:
    from sekretariat.documents.needs_templates import write_templates

    [path] = write_templates(db, 2027, tmp_path / "behov")
    with pytest.raises(TemplateRefused, match="mangler arket «Årsrapport»"):
        art.read_template(path)


def test_a_file_that_is_not_xlsx_is_refused_by_the_shared_checks(tmp_path: Path) -> None:
    path = tmp_path / "arsrapport.xlsx"
    path.write_text("ikke et regneark", encoding="utf-8")
    with pytest.raises(TemplateRefused) as refused:
        art.read_template(path)
    assert str(refused.value) == (
        "arsrapport.xlsx er ikke en XLSX-fil (en utfylt årsrapportmal); ingenting er lagret."
    )
