"""Lists out: the representative list and the mailing list for a date, as CSV or XLSX.

CSV is what Norwegian Excel opens without asking: semicolons, UTF-8 with a byte-order mark.
The format follows the file name (``.csv`` or ``.xlsx``). A list goes to all, so its titles,
headings and role words are in the forum's language, or the one chosen (``lang``).
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
from sekretariat.domain.languages import document_language, register
from sekretariat.domain.offices import slot_name
from sekretariat.domain.people import sort_key
from sekretariat.domain.seats import seat_table
from sekretariat.errors import UserError
from sekretariat.files import atomic_file, write_csv
from sekretariat.formats import short_date
from sekretariat.i18n import N_, STANDARD_NAMES, texts, ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The lists, by what the app shows them as (bokmål ids: ``ui`` shows them).
KINDS = {"representatives": N_("Representantliste"), "mailing": N_("E-postliste")}
FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """A list ready to write: a title, the column headings and the rows."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]


def _office_titles(con: sqlite3.Connection, on: dt.date, lang: str) -> dict[str, list[str]]:
    _ = texts(lang)
    titles: dict[str, list[str]] = {}
    for r in con.execute(
        'SELECT p."key", o.role, o.slot FROM office o JOIN person p ON p.id = o.person_id '
        'WHERE o.start <= ? AND o."end" >= ? ORDER BY o.role',
        (on.isoformat(), on.isoformat()),
    ):
        text = (
            slot_name(r["role"], lang)
            if r["role"] != "working_group"
            else _("Arbeidsgruppe ({slot})").format(slot=slot_name(r["slot"], lang))
        )
        titles.setdefault(r["key"], []).append(text)
    return titles


def representative_list(db: Database, on: dt.date, lang: str | None = None) -> Table:
    """Every holder and vara on ``on``, seat by seat, with contact details and offices, in
    ``lang`` or the forum's language."""
    lang = document_language(db, lang)
    _ = texts(lang)
    with db.sql() as con:
        table = seat_table(con, on)
        contact = {
            r["key"]: r for r in con.execute('SELECT "key", email, phone, title FROM person')
        }
        offices = _office_titles(con, on, lang)
    rows = []
    for seat in table:
        for holder in seat.holders + seat.substitutes:
            p = contact[holder.person]
            role = (
                _("Vara")
                if holder.substitute
                else _("Representant")
                if seat.voting
                else _("Observatør")
            )
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
        _("Sete"),
        _("Nettverk"),
        _("Rolle"),
        _("Navn"),
        _("Tittel"),
        _("Organisasjon"),
        _("E-post"),
        _("Telefon"),
        _("Fra"),
        _("Til"),
        _("Verv"),
    )
    return Table(_("Representanter {date}").format(date=short_date(on)), header, rows)


def mailing_list(db: Database, on: dt.date, lang: str | None = None) -> Table:
    """One line per address: everyone holding a seat, a vara place or an office on ``on``
    (headings in ``lang`` or the forum's language), with the written standard to write to
    each of them in (their municipality's, or the forum's: ``Register.for_person``)."""
    _ = texts(document_language(db, lang))
    with db.sql() as con:
        rows = con.execute(
            "SELECT DISTINCT p.name, p.email, p.organisation, p.municipality FROM person p "
            "WHERE p.email != '' AND ("
            'EXISTS (SELECT 1 FROM term t WHERE t.person_id = p.id AND t.start <= :on AND t."end" >= :on) '
            'OR EXISTS (SELECT 1 FROM office o WHERE o.person_id = p.id AND o.start <= :on AND o."end" >= :on))',
            {"on": on.isoformat()},
        ).fetchall()
    standards = register(db)
    seen: set[str] = set()
    out = []
    for r in sorted(rows, key=lambda r: sort_key(r["name"])):
        if r["email"].lower() in seen:
            continue
        seen.add(r["email"].lower())
        standard = standards.for_person(r["municipality"], r["organisation"]).lang
        out.append((r["name"], r["email"], r["organisation"], STANDARD_NAMES[standard]))
    return Table(
        _("E-postliste {date}").format(date=short_date(on)),
        (_("Navn"), _("E-post"), _("Organisasjon"), _("Målform")),
        out,
    )


def check_target(path: Path) -> Path:
    """The path to write to, or a ``UserError`` saying why it cannot be used."""
    if not str(path).strip() or Path(path).name == "":
        raise UserError(ui("Skriv inn et filnavn."))
    target = files.check_target(path)
    if target.suffix.lower() not in FORMATS:
        raise UserError(ui("Filnavnet må slutte på .csv eller .xlsx."))
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


def write_list(db: Database, kind: str, on: dt.date, path: Path, lang: str | None = None) -> Path:
    """Write the list of ``kind`` on ``on`` to ``path``; the suffix picks CSV or XLSX, and
    ``lang`` the written standard (``None``: the forum's language)."""
    if kind not in KINDS:
        raise UserError(ui("Ukjent liste «{kind}».").format(kind=kind))
    target = check_target(path)
    build = representative_list if kind == "representatives" else mailing_list
    table = build(db, on, lang=lang)
    if target.suffix.lower() == ".csv":
        write_csv(target, [table.header, *table.rows], mode=db.file_mode())
    else:
        write_xlsx(table, target, mode=db.file_mode())
    return target
