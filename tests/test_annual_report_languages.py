"""Annual-report templates in the host municipality's written standard (issue 19): a
nynorsk network gets a nynorsk form, read back as a bokmål one is."""

from __future__ import annotations

from pathlib import Path

import pytest
from language_words import foreign_words
from openpyxl import load_workbook
from test_annual_report_templates import RECEIVED, fill
from test_annual_reports import DUE_SETTING, MINI, advise

from sekretariat.cli import main
from sekretariat.documents import annual_report_templates as art
from sekretariat.domain import annual_reports as ar
from sekretariat.exchange import import_text
from sekretariat.storage.database import Database
from sekretariat.storage.models import Forum

#: Valdres is hosted by Nord-Aurdal, which has adopted nynorsk.
NYNORSK_HOST = """schema = 1
[[region]]
code = "valdres"
name = "Valdres"
host = "Nord-Aurdal"
[[municipality]]
name = "Nord-Aurdal"
standard = "nn"
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "t.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, DUE_SETTING, "due.toml")
    import_text(db, NYNORSK_HOST, "host.toml")
    with db.write() as s:
        forum = s.get(Forum, 1)
        forum.report_headings = [{"code": "effekt", "text": "Effekt/Resultat"}]
    advise(db)  # Valdres: 1 300 000 for 2027
    return db


def _cells(ws: object) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)  # type: ignore[attr-defined]


def test_a_nynorsk_host_gets_a_nynorsk_template(db: Database, tmp_path: Path) -> None:
    [path] = art.write_templates(db, 2027, tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Rettleiing", "Årsrapport"]
    ws = wb["Årsrapport"]
    assert (ws["A1"].value, ws["A2"].value) == (
        "Årsrapport 2027 – Valdres",
        "Fyll ut dei gule cellene og send fila til sekretariatet innan 01.03.2028.",
    )
    assert (ws["A7"].value, ws["A12"].value, ws["A15"].value, ws["A19"].value) == (
        "Tilskotsår (ikkje endre)",
        "Restmidlar frå tidlegare år",
        "Restmidlar (ikkje brukte)",
        "Vurdering av måloppnåing",
    )
    assert ws["A21"].value == "b) Tiltaka har bidrege til planlagd praksisendring"
    assert (ws["A28"].value, ws["D28"].value, ws["A46"].value) == (
        "Tittel",
        "Gjennomført",
        "Evaluering",
    )
    [status] = [dv for dv in ws.data_validations.dataValidation if "D29" in dv.sqref]
    assert status.formula1 == '"gjennomført,delvis,ikkje gjennomført"'
    assert status.error == "Vel gjennomført, delvis eller ikkje gjennomført."
    guide = _cells(wb["Rettleiing"])
    assert guide.splitlines()[0] == "Årsrapport 2027 – rettleiing for Valdres"
    assert "• Korleis midlane er brukte: av nettverket og av UH-partnaren, i heile kroner." in guide
    for text in (guide, _cells(ws)):
        assert foreign_words(text, "nn") == set()


def test_a_filled_nynorsk_template_is_read_in(db: Database, tmp_path: Path) -> None:
    [path] = art.write_templates(db, 2027, tmp_path)
    report = art.receive_file(db, fill(path, D30="Ikkje gjennomført"), RECEIVED, expected_year=2027)
    c = report.newest
    assert (c.granted_amount, c.carried_in, c.spent_network, c.spent_uh) == (
        1_300_000,
        50_000,
        400_000,
        830_000,
    )
    assert c.measures == (
        ar.DoneMeasure("Språkløft", "barnehage", 500_000, "gjennomført"),
        ar.DoneMeasure("Lesing", "skole", 730_000, "ikke gjennomført"),
    )
    assert c.criteria == {k: f"Vurdering {k}." for k in "abcde"}
    assert c.evaluation == {"effekt": "Flere barnehager bruker språkverktøyet."}


def test_a_moved_row_in_nynorsk_is_refused_with_the_bokmal_label(
    db: Database, tmp_path: Path
) -> None:
    [path] = art.write_templates(db, 2027, tmp_path)
    wb = load_workbook(path)
    wb["Årsrapport"].insert_rows(12)
    wb.save(path)
    with pytest.raises(art.TemplateRefused, match=r"Årsrapport!A12: ventet «Restmidler fra"):
        art.read_template(path)


def test_bokmal_chosen_for_all_keeps_the_bokmal_template(db: Database, tmp_path: Path) -> None:
    [path] = art.write_templates(db, 2027, tmp_path, lang="nb")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Veiledning", "Årsrapport"]
    ws = wb["Årsrapport"]
    assert (ws["A7"].value, ws["A15"].value, ws["A19"].value, ws["A21"].value) == (
        "Tilskuddsår (ikke endre)",
        "Restmidler (ikke brukt)",
        "Vurdering av måloppnåelse",
        "b) Tiltakene har bidratt til planlagt praksisendring",
    )
    [status] = [dv for dv in ws.data_validations.dataValidation if "D29" in dv.sqref]
    assert status.formula1 == '"gjennomført,delvis,ikke gjennomført"'
    for text in (_cells(wb["Veiledning"]), _cells(ws)):
        assert foreign_words(text, "nb") == set()


def test_cli_reports_take_lang(db: Database, tmp_path: Path) -> None:
    assert main(["--db", str(db.path), "reports", "2027", "-o", str(tmp_path / "a")]) == 0
    assert load_workbook(tmp_path / "a" / "arsrapport-2027-valdres.xlsx").sheetnames[0] == (
        "Rettleiing"
    )
    args = ["--db", str(db.path), "reports", "2027", "-o", str(tmp_path / "b"), "--lang", "nb"]
    assert main(args) == 0
    assert load_workbook(tmp_path / "b" / "arsrapport-2027-valdres.xlsx").sheetnames[0] == (
        "Veiledning"
    )
