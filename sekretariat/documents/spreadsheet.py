"""Writing spreadsheet cells so that text stays text.

openpyxl stores a string that starts with ``=`` as a formula, which a spreadsheet
program then runs. Every cell with text from users (names, e-mail addresses, titles)
is written through here and kept a string; only the formulas we write on purpose (the
sums in a template or an allocation sheet) are written with openpyxl directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def keep_text(cell: Any) -> Any:
    """Make a cell holding text a text cell, whatever it starts with; the cell."""
    if isinstance(cell.value, str) and cell.data_type != "s":
        cell.data_type = "s"
    return cell


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one value at (row, column) as data, never as a formula; the cell."""
    return keep_text(sheet.cell(row, column, value))


def append(sheet: Any, values: Iterable[object]) -> None:
    """Add a row of values below the last, none of them run as a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        keep_text(cell)
