"""The figures per network and year that the state's follow-up asks for, as CSV or XLSX.

Forskrift § 17 (quoted in Innlandet plan 7) makes the grant recipients report «hvilke
tiltak som er gjennomført, hvordan midlene er brukt og en vurdering av måloppnåelse»;
plan 3.1 h asks the forum to summarise the reports. Udir has published no column list
for this in the seeds, so the columns below are the app's own, drawn from that duty and
documented in docs/exports.md; every figure is the year summary's (``year_summary``).
The headings and words are in the forum's language, or the one chosen (``lang``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.domain.languages import document_language
from sekretariat.domain.year_summary import ADVISED, DECIDED, NONE, YearSummary, load
from sekretariat.errors import UserError
from sekretariat.files import atomic_file, write_csv
from sekretariat.formats import short_date
from sekretariat.i18n import N_, texts, ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The file endings the export is written as.
UDIR_FORMATS = ("csv", "xlsx")

#: The columns, in order (docs/exports.md describes each), by their bokmål ids (``columns``
#: gives them in a language).
COLUMNS = (
    N_("År"),
    N_("Ordning"),
    N_("Nettverk"),
    N_("Nettverkskode"),
    N_("Vertskommune"),
    N_("Søkt"),
    N_("Tildelt"),
    N_("Tildelt til nettverket"),
    N_("Tildelt til UH"),
    N_("Grunnlag for tildelt"),
    N_("Brukt av nettverket"),
    N_("Brukt av UH"),
    N_("Brukt i alt"),
    N_("Restmidler"),
    N_("Antall tiltak"),
    N_("Årsrapport"),
    N_("Årsrapport mottatt"),
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
BASIS = {DECIDED: N_("Vedtak"), ADVISED: N_("Innstilling"), NONE: N_("Ingen tildeling")}


def columns(lang: str = "nb") -> tuple[str, ...]:
    """The column headings in ``lang``."""
    translate = texts(lang)
    return tuple(translate(name) for name in COLUMNS)


def udir_rows(summary: YearSummary, lang: str = "nb") -> list[tuple[object, ...]]:
    """One row per network, in the forum's order; amounts as whole kroner, words in
    ``lang``."""
    translate = texts(lang)
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
            translate(BASIS[summary.grant_source]),
            n.spent_network,
            n.spent_uh,
            n.used,
            n.left,
            n.measure_count,
            n.state_in(lang),
            short_date(n.report.received) if n.report and n.report.received else "",
        )
        for n in summary.networks
    ]


def write_udir(
    db: Database,
    year: int,
    fmt: str,
    path: Path | str,
    scheme: str | None = None,
    lang: str | None = None,
) -> Path:
    """Write the export for ``year`` in ``fmt`` (one of ``UDIR_FORMATS``) to ``path``, in
    ``lang`` (``None``: the forum's language)."""
    if fmt not in UDIR_FORMATS:
        raise UserError(
            ui("«{fmt}» er ikke et format for eksporten (velg csv eller xlsx).").format(fmt=fmt)
        )
    lang = document_language(db, lang)
    _ = texts(lang)
    summary = load(db, year, scheme)
    rows = udir_rows(summary, lang)
    headings = columns(lang)
    target = Path(path).expanduser()
    if fmt == "csv":
        return write_csv(target, [headings, *rows], mode=db.file_mode())
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from sekretariat.documents import spreadsheet

    book = Workbook()
    sheet = book.active
    sheet.title = _("Tilskudd {year}").format(year=year)
    spreadsheet.append(sheet, headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheet.append(sheet, row)
    for index, (name, heading) in enumerate(zip(COLUMNS, headings, strict=True), start=1):
        letter = sheet.cell(1, index).column_letter
        widest = max([len(heading)] + [len(str(row[index - 1])) for row in rows])
        sheet.column_dimensions[letter].width = min(widest + 2, 40)
        if name in AMOUNT_COLUMNS and name != "Antall tiltak":
            for r in range(2, len(rows) + 2):
                sheet.cell(r, index).number_format = "#,##0"
    sheet.freeze_panes = "A2"
    with atomic_file(target, mode=db.file_mode()) as fh:
        book.save(fh)
    return target
