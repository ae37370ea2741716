"""The figures per network and year that the state's follow-up asks for, as CSV or XLSX.

Forskrift § 17 (quoted in Innlandet plan 7) makes the grant recipients report «hvilke
tiltak som er gjennomført, hvordan midlene er brukt og en vurdering av måloppnåelse»;
plan 3.1 h asks the forum to summarise the reports. Udir has published no column list
for this in the seeds, so the columns below are the app's own, drawn from that duty and
documented in docs/exports.md; every figure is the year summary's (``year_summary``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.domain.year_summary import ADVISED, DECIDED, NONE, YearSummary, load
from sekretariat.errors import UserError
from sekretariat.files import atomic_file, write_csv
from sekretariat.formats import short_date

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The file endings the export is written as.
UDIR_FORMATS = ("csv", "xlsx")

#: The columns, in order (docs/exports.md describes each).
COLUMNS = (
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
    "Restmidler",
    "Antall tiltak",
    "Årsrapport",
    "Årsrapport mottatt",
)
AMOUNT_COLUMNS = frozenset(
    {
        "Søkt",
        "Tildelt",
        "Tildelt til nettverket",
        "Tildelt til UH",
        "Brukt av nettverket",
        "Brukt av UH",
        "Brukt i alt",
        "Restmidler",
        "Antall tiltak",
    }
)
#: «Grunnlag for tildelt», short: the decision, the forum's advice, or nothing yet.
BASIS = {DECIDED: "Vedtak", ADVISED: "Innstilling", NONE: "Ingen tildeling"}


def udir_rows(summary: YearSummary) -> list[tuple[object, ...]]:
    """One row per network, in the forum's order; amounts as whole kroner."""
    return [
        (
            summary.year,
            summary.scheme_name,
            n.name,
            n.code,
            n.host,
            n.requested,
            n.granted,
            n.granted_network,
            n.granted_uh,
            BASIS[summary.grant_source],
            n.spent_network,
            n.spent_uh,
            n.used,
            n.left,
            n.measure_count,
            n.state_text,
            short_date(n.report.received) if n.report and n.report.received else "",
        )
        for n in summary.networks
    ]


def write_udir(
    db: Database, year: int, fmt: str, path: Path | str, scheme: str | None = None
) -> Path:
    """Write the export for ``year`` in ``fmt`` (one of ``UDIR_FORMATS``) to ``path``."""
    if fmt not in UDIR_FORMATS:
        raise UserError(f"«{fmt}» er ikke et format for eksporten (velg csv eller xlsx).")
    summary = load(db, year, scheme)
    rows = udir_rows(summary)
    target = Path(path).expanduser()
    if fmt == "csv":
        return write_csv(target, [COLUMNS, *rows], mode=db.file_mode())
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from sekretariat.documents import spreadsheet

    book = Workbook()
    sheet = book.active
    sheet.title = f"Tilskudd {year}"
    spreadsheet.append(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheet.append(sheet, row)
    for index, name in enumerate(COLUMNS, start=1):
        letter = sheet.cell(1, index).column_letter
        widest = max([len(name)] + [len(str(row[index - 1])) for row in rows])
        sheet.column_dimensions[letter].width = min(widest + 2, 40)
        if name in AMOUNT_COLUMNS and name != "Antall tiltak":
            for r in range(2, len(rows) + 2):
                sheet.cell(r, index).number_format = "#,##0"
    sheet.freeze_panes = "A2"
    with atomic_file(target, mode=db.file_mode()) as fh:
        book.save(fh)
    return target
