"""The Udir export: the columns of docs/exports.md, the year summary's figures, CSV and XLSX."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_year_summary import add_report, forum_2027

from sekretariat.cli import main
from sekretariat.documents.udir_export import COLUMNS, columns, udir_rows, write_udir
from sekretariat.domain import year_summary
from sekretariat.errors import UserError

# The hand-worked year of tests/test_year_summary.py.
VALDRES = (
    2027,
    "Kollektiv kompetanseutvikling",
    "Valdres",
    "valdres",
    "Nord-Aurdal",
    1_300_000,
    1_000_000,
    307_692,
    692_308,
    "Vedtak",
    300_000,
    650_000,
    950_000,
    50_000,
    3,
    "Under behandling",
    "01.03.2028",
)
HADELAND = (
    2027,
    "Kollektiv kompetanseutvikling",
    "Hadeland",
    "hadeland",
    "Gran",
    0,
    0,
    0,
    0,
    "Vedtak",
    0,
    0,
    0,
    0,
    0,
    "Ikke mottatt",
    "",
)


def test_the_rows_are_the_summary(tmp_path: Path) -> None:
    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    summary = year_summary.load(db, 2027)
    rows = udir_rows(summary)
    assert rows == [VALDRES, HADELAND]
    column = {name: i for i, name in enumerate(COLUMNS)}
    for name, total in (
        ("Søkt", summary.requested),
        ("Tildelt", summary.granted),
        ("Tildelt til nettverket", summary.granted_network),
        ("Tildelt til UH", summary.granted_uh),
        ("Brukt av nettverket", summary.spent_network),
        ("Brukt av UH", summary.spent_uh),
        ("Brukt i alt", summary.used),
        ("Restmidler", summary.left),
        ("Antall tiltak", summary.measure_count),
    ):
        assert sum(int(row[column[name]]) for row in rows) == total, name


def test_csv_and_xlsx_by_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    db.dispose()
    base = ["--db", str(tmp_path / "y.db"), "udir", "2027", "-o"]
    assert main([*base, str(tmp_path / "udir.csv")]) == 0
    with (tmp_path / "udir.csv").open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert lines[0] == list(COLUMNS)
    assert lines[1] == [str(v) for v in VALDRES]
    assert main([*base, str(tmp_path / "udir.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "udir.xlsx").active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert tuple(c.value for c in sheet[2]) == VALDRES
    assert tuple(c.value if c.value is not None else "" for c in sheet[3]) == HADELAND
    capsys.readouterr()
    assert main([*base, str(tmp_path / "udir.txt")]) == 1
    assert "må slutte på .csv eller .xlsx" in capsys.readouterr().err


def test_a_name_like_a_formula_stays_text(tmp_path: Path) -> None:
    from sekretariat.exchange import import_text

    db = forum_2027(tmp_path)
    import_text(
        db,
        'schema = 1\n[forum]\nname = "Samarbeidsforum Test"\n'
        '[[region]]\ncode = "valdres"\nname = "=SUM(A1)"\n',
        "x.toml",
    )
    target = write_udir(db, 2027, "xlsx", tmp_path / "u.xlsx")
    cell = load_workbook(target).active["C2"]
    assert (cell.value, cell.data_type) == ("=SUM(A1)", "s")


def test_the_summary_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document as read_docx

    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    db.dispose()
    target = tmp_path / "sammenstilling.docx"
    assert main(["--db", str(tmp_path / "y.db"), "summary", "2027", "-o", str(target)]) == 0
    assert read_docx(str(target)).paragraphs[0].text == "Sammenstilling av årsrapporter 2027"
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "y.db"), "summary", "2027", "-o", "x.txt"]) == 1
    assert "må slutte på .pdf, .docx, .html eller .md" in capsys.readouterr().err


NN_COLUMNS = [
    "År",
    "Ordning",
    "Nettverk",
    "Nettverkskode",
    "Vertskommune",
    "Søkt",
    "Tildelt",
    "Tildelt til nettverket",
    "Tildelt til UH",
    "Grunnlag for tildelt",
    "Brukt av nettverket",
    "Brukt av UH",
    "Brukt i alt",
    "Restmidlar",
    "Tal på tiltak",
    "Årsrapport",
    "Årsrapport motteken",
]


def test_the_export_in_nynorsk_read_back_from_csv_and_xlsx(tmp_path: Path) -> None:
    from language_words import foreign_words

    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    target = write_udir(db, 2027, "csv", tmp_path / "udir.csv", lang="nn")
    with target.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert lines[0] == NN_COLUMNS
    assert lines[1][9] == "Vedtak" and lines[1][15] == "Under handsaming"
    assert lines[2][15:] == ["Ikkje motteken", ""]
    assert foreign_words(target.read_text(encoding="utf-8-sig"), "nn") == set()
    target = write_udir(db, 2027, "xlsx", tmp_path / "udir.xlsx", None, lang="nn")
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.title == "Tilskot 2027"
    assert [c.value for c in sheet[1]] == NN_COLUMNS
    assert tuple(c.value for c in sheet[2])[:15] == VALDRES[:15]
    assert sheet["P3"].value == "Ikkje motteken"
    # Without a choice the forum's language, here bokmål; a wrong format is refused.
    target = write_udir(db, 2027, "csv", tmp_path / "udir-nb.csv")
    assert target.read_text(encoding="utf-8-sig").startswith("År;Ordning;Nettverk;Nettverkskode;")
    with pytest.raises(UserError, match=r"^«txt» er ikke et format for eksporten \(velg csv"):
        write_udir(db, 2027, "txt", tmp_path / "udir.txt", lang="nn")


def test_the_command_takes_lang(tmp_path: Path) -> None:
    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    db.dispose()
    target = tmp_path / "udir.csv"
    assert (
        main(["--db", str(tmp_path / "y.db"), "udir", "2027", "-o", str(target), "--lang", "nn"])
        == 0
    )
    with target.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh, delimiter=";"))
    assert header == list(columns("nn")) != list(COLUMNS)
