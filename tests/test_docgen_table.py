"""Tables in documents keep names and amounts whole; only text columns wrap, between words."""

import io

from docx import Document as Docx

from sekretariat.documents.document import Document, Table, column_widths, render

ROWS = (
    ("Lillehammerregionen", "1 400 000", "1 400 000", "520 000", "880 000", ""),
    ("Midt-Gudbrandsdal", "–", "0", "0", "0", "mangler behovsmelding"),
    ("Sum (budsjett)", "", "40 000 000", "", "", ""),
)
TABLE = Table(
    ("Nettverk", "Søkt", "Tildelt", "Nettverk", "UH", "Merknader"), ROWS, right=(1, 2, 3, 4)
)


def test_widths_fit_the_page_and_keep_words_whole() -> None:
    cm = column_widths(TABLE, 16.0)
    assert abs(sum(cm) - 16.0) < 0.01  # the notes column gave way to fit
    assert cm[0] == len("Lillehammerregionen") * 0.18 + 0.45  # names keep their width
    assert cm[2] == len("40 000 000") * 0.18 + 0.45  # amounts too
    assert cm[5] >= len("behovsmelding") * 0.18 + 0.45  # never below the longest word


def test_a_bold_header_wider_than_its_column_keeps_its_width() -> None:
    """«Nettverk» over «Glåmdal» broke as «Nettver|k» in LibreOffice (a grant letter)."""
    cm = column_widths(Table(("Nettverk", "Tilskudd"), (("Glåmdal", "1 700 000 kr"),)), 16.0)
    assert cm == [len("Nettverk") * 0.22 + 0.45, len("1 700 000 kr") * 0.18 + 0.45]


def test_wide_page_gives_every_column_its_width() -> None:
    cm = column_widths(TABLE, 40.0)
    assert cm[5] == len("mangler behovsmelding") * 0.18 + 0.45


def test_docx_grid_carries_the_widths() -> None:
    d = Docx(io.BytesIO(render(Document("T", [TABLE]), "docx")))
    grid = [col.width.cm for col in d.tables[0].columns]
    expected = column_widths(TABLE, 16.0)
    assert len(grid) == len(expected)
    assert all(abs(g - e) < 0.01 for g, e in zip(grid, expected, strict=True))  # EMU rounding


def test_write_file_failures_are_norwegian_and_leave_nothing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    import pytest

    from sekretariat.errors import UserError
    from sekretariat.files import write_atomic

    def full(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(UserError, match="Kan ikke skrive .*: disken er full"):
        write_atomic(tmp_path / "ut.csv", b"x")
    assert list(tmp_path.iterdir()) == []
