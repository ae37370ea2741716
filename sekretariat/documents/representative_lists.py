"""Lists out: the representative list and the mailing list for a date, as CSV or XLSX.

CSV is what Norwegian Excel opens without asking: semicolons, UTF-8 with a byte-order mark.
The format follows the file name (``.csv`` or ``.xlsx``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font

from sekretariat import files
from sekretariat.documents import spreadsheet
from sekretariat.domain.offices import slot_name
from sekretariat.domain.people import sort_key
from sekretariat.domain.seats import seat_table
from sekretariat.errors import UserError
from sekretariat.files import atomic_file, write_csv
from sekretariat.formats import short_date

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

KINDS = {"representatives": "Representantliste", "mailing": "E-postliste"}
FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """A list ready to write: a title, the column headings and the rows."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]


def _office_titles(con: sqlite3.Connection, on: dt.date) -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    for r in con.execute(
        'SELECT p."key", o.role, o.slot FROM office o JOIN person p ON p.id = o.person_id '
        'WHERE o.start <= ? AND o."end" >= ? ORDER BY o.role',
        (on.isoformat(), on.isoformat()),
    ):
        text = (
            slot_name(r["role"], "nb")
            if r["role"] != "working_group"
            else f"Arbeidsgruppe ({slot_name(r['slot'], 'nb')})"
        )
        titles.setdefault(r["key"], []).append(text)
    return titles


def representative_list(db: Database, on: dt.date) -> Table:
    """Every holder and vara on ``on``, seat by seat, with contact details and offices."""

    with db.sql() as con:
        table = seat_table(con, on)
        contact = {
            r["key"]: r for r in con.execute('SELECT "key", email, phone, title FROM person')
        }
        offices = _office_titles(con, on)
    rows = []
    for seat in table:
        for holder in seat.holders + seat.substitutes:
            p = contact[holder.person]
            role = "Vara" if holder.substitute else "Representant" if seat.voting else "Observatør"
            rows.append(
                (
                    seat.name,
                    holder.region_name,
                    role,
                    holder.name,
                    p["title"],
                    holder.organisation,
                    p["email"],
                    p["phone"],
                    short_date(holder.start),
                    short_date(holder.end),
                    ", ".join(offices.get(holder.person, [])),
                )
            )
    header = (
        "Sete",
        "Nettverk",
        "Rolle",
        "Navn",
        "Tittel",
        "Organisasjon",
        "E-post",
        "Telefon",
        "Fra",
        "Til",
        "Verv",
    )
    return Table(f"Representanter {short_date(on)}", header, rows)


def mailing_list(db: Database, on: dt.date) -> Table:
    """One line per address: everyone holding a seat, a vara place or an office on ``on``."""

    with db.sql() as con:
        rows = con.execute(
            "SELECT DISTINCT p.name, p.email, p.organisation FROM person p WHERE p.email != '' AND ("
            'EXISTS (SELECT 1 FROM term t WHERE t.person_id = p.id AND t.start <= :on AND t."end" >= :on) '
            'OR EXISTS (SELECT 1 FROM office o WHERE o.person_id = p.id AND o.start <= :on AND o."end" >= :on))',
            {"on": on.isoformat()},
        ).fetchall()
    seen: set[str] = set()
    out = []
    for r in sorted(rows, key=lambda r: sort_key(r["name"])):
        if r["email"].lower() in seen:
            continue
        seen.add(r["email"].lower())
        out.append((r["name"], r["email"], r["organisation"]))
    return Table(f"E-postliste {short_date(on)}", ("Navn", "E-post", "Organisasjon"), out)


def check_target(path: Path) -> Path:
    """The path to write to, or a ``UserError`` saying why it cannot be used."""
    if not str(path).strip() or Path(path).name == "":
        raise UserError("Skriv inn et filnavn.")
    target = files.check_target(path)
    if target.suffix.lower() not in FORMATS:
        raise UserError("Filnavnet må slutte på .csv eller .xlsx.")
    return target


def write_xlsx(table: Table, path: Path, *, mode: int) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.title[:31].replace("/", "-").replace(":", "-").replace(".", "-")
    spreadsheet.append(sheet, table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        spreadsheet.append(sheet, row)
    for i, heading in enumerate(table.header, start=1):
        widest = max([len(heading), *(len(str(r[i - 1])) for r in table.rows)])
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(widest + 2, 50)
    sheet.freeze_panes = "A2"
    with atomic_file(path, mode=mode) as fh:
        book.save(fh)


def write_list(db: Database, kind: str, on: dt.date, path: Path) -> Path:
    """Write the list of ``kind`` on ``on`` to ``path``; the suffix picks CSV or XLSX."""
    if kind not in KINDS:
        raise UserError(f"Ukjent liste «{kind}».")
    target = check_target(path)
    table = representative_list(db, on) if kind == "representatives" else mailing_list(db, on)
    if target.suffix.lower() == ".csv":
        write_csv(target, [table.header, *table.rows], mode=db.file_mode())
    else:
        write_xlsx(table, target, mode=db.file_mode())
    return target
