"""The command line: ``-o -`` for standard out, missing folders refused, and a run saved
after the year's allocation was adopted (issue 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.cli import main
from sekretariat.domain import allocation_runs
from sekretariat.storage import models as m
from sekretariat.storage.database import Database


def test_minutes_to_standard_out_with_dash(
    sample_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(sample_db), "minutes", "17.09.2026", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Protokoll fra møte 4/2026 i Samarbeidsforum Innlandet\n")
    # The same text as without -o, and no file called «-».
    assert main(["--db", str(sample_db), "minutes", "17.09.2026"]) == 0
    assert capsys.readouterr().out == out
    assert not (tmp_path / "-").exists()


def test_minutes_as_pdf_to_standard_out(
    sample_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (
        main(["--db", str(sample_db), "minutes", "17.09.2026", "--format", "pdf", "-o", "-"]) == 0
    )
    assert capfdbinary.readouterr().out.startswith(b"%PDF-")
    assert not (tmp_path / "-").exists()


def test_export_refuses_a_missing_folder(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "finnes-ikke" / "forum.toml"
    assert main(["--db", str(sample_db), "export", str(target)]) == 1
    assert capsys.readouterr().err == f"sekretariat: Mappen {target.parent} finnes ikke.\n"
    assert not target.parent.exists()


def test_allocate_save_after_adoption_says_so(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(sample_db), "allocate", "2027", "--budget", "1000000", "--save"]
    assert main(args) == 0
    assert capsys.readouterr().err == "Lagret som forslag 2027-1.\n"
    db = Database.open(sample_db)
    with db.read() as s:
        item = s.exec(select(m.AgendaItem).where(m.AgendaItem.id == 35)).one()
        assert item.title.startswith("Valg av leder")
    allocation_runs.adopt(db, "2027-1", 35, today=dt.date(2027, 1, 21))
    db.dispose()
    assert main(args) == 0
    assert capsys.readouterr().err == (
        "Lagret som forslag 2027-2.\n"
        "Merk: tildelingen for 2027 er allerede vedtatt (2027-1 i Valg av leder for "
        "2027–2028 og supplering av arbeidsgruppa (21.01.2027)); "
        "forslaget 2027-2 kan ikke vedtas.\n"
    )


def test_seats_say_1_ledig_and_9_ledige(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(sample_db), "seats", "--date", "01.01.2029"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Kommunale skoleeiere: 0/9, 9 ledige" in out
    assert "Private skoleeiere: 0/1, 1 ledig" in out


def test_minutes_take_the_format_from_the_files_ending(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`minutes DATE -o protokoll.docx` wrote Markdown into a file Word could not open."""
    docx, pdf = tmp_path / "protokoll.docx", tmp_path / "protokoll.pdf"
    assert main(["--db", str(sample_db), "minutes", "17.09.2026", "-o", str(docx)]) == 0
    assert docx.read_bytes()[:2] == b"PK"  # a DOCX is a zip file
    assert main(["--db", str(sample_db), "minutes", "17.09.2026", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    clash = ["--db", str(sample_db), "minutes", "17.09.2026", "--format", "pdf", "-o", str(docx)]
    assert main(clash) == 1
    assert capsys.readouterr().err == (
        f"sekretariat: Filen {docx} har endelsen .docx, men formatet er pdf; velg ett av dem.\n"
    )
