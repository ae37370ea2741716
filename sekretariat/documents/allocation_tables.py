"""An allocation run as files and tables: CSV and XLSX for spreadsheets, and the table
that the summons and the decision minutes show under the item that decides it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from sekretariat.documents import spreadsheet
from sekretariat.documents.document import Heading, Paragraph, Table
from sekretariat.domain.allocation import Result
from sekretariat.domain.allocation_runs import RunLine, StoredRun, result_lines, runs_for_items
from sekretariat.files import PRIVATE, atomic_file, write_csv
from sekretariat.formats import case_label, kroner, thousands
from sekretariat.i18n import N_, label_text, texts, ui, ui_label

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


#: The CSV columns (bokmål ids: a spreadsheet for the secretariat, in the app's language).
CSV_HEADER = [
    N_("Kode"),
    N_("Nettverk"),
    N_("Årsverk"),
    N_("Nøkkel"),
    N_("Utjevning"),
    N_("Søkt"),
    N_("Tildelt"),
    N_("Nettverksdel"),
    N_("UH-del"),
    N_("Merknader"),
]


def result_rows(result: Result, names: dict[str, str]) -> list[list[object]]:
    """A computed (unsaved) run as CSV rows; the same layout as a stored one."""
    return lines_rows(result_lines(result, names), result.common, result.unallocated, result.budget)


def lines_rows(
    lines: list[RunLine], common: int, unallocated: int, budget: int
) -> list[list[object]]:
    """Header, one row per network, then the totals; FTEs with a decimal comma."""
    rows: list[list[object]] = [[ui(h) for h in CSV_HEADER]]
    for line in lines:
        rows.append(
            [
                line.code,
                line.name,
                f"{line.centi_fte // 100},{line.centi_fte % 100:02d}",
                line.key,
                line.equalization,
                line.requested,
                line.allocated,
                line.network,
                line.uh,
                ", ".join(ui_label(f) for f in line.flags),
            ]
        )
    rows.append(["", ui("Fellestiltak"), "", "", "", "", common, "", "", ""])
    rows.append(["", ui("Ikke fordelt"), "", "", "", "", unallocated, "", "", ""])
    rows.append(["", ui("Sum"), "", "", "", "", budget, "", "", ""])
    return rows


def run_xlsx(run: StoredRun, path: Path, forum_name: str = "", *, mode: int = PRIVATE) -> Path:
    """A run as a spreadsheet: one row per network, totals, rules and reasons."""

    wb = Workbook()
    ws = wb.active
    ws.title = ui("Tildeling")
    bold = Font(bold=True)
    title = ui("{forum} – tildeling {year}").format(forum=forum_name, year=run.year)
    spreadsheet.append(ws, [title.strip(" –")])
    ws["A1"].font = Font(bold=True, size=13)

    ws.append(
        [
            ui("Kjøring {key}, {status}, budsjett {budget}").format(
                key=run.key, status=ui_label(run.status).lower(), budget=kroner(run.budget)
            )
        ]
    )
    ws.append([])
    header = [
        ui("Nettverk"),
        ui("Årsverk"),
        ui("Nøkkel"),
        ui("Utjevning"),
        ui("Søkt"),
        ui("Tildelt"),
        ui("Nettverksdel"),
        ui("UH-del"),
        ui("Merknader"),
        ui("Manuell endring"),
        ui("Begrunnelse"),
    ]
    ws.append(header)
    for cell in ws[4]:
        cell.font = bold
    for line in run.lines:
        spreadsheet.append(
            ws,
            [
                line.name,
                line.centi_fte / 100,
                line.key,
                line.equalization,
                line.requested,
                line.allocated,
                line.network,
                line.uh,
                ", ".join(ui_label(f) for f in line.flags),
                line.adjustment or None,
                line.adjustment_reason or None,
            ],
        )
    first, last = 5, 4 + len(run.lines)
    ws.append(
        [
            ui("Sum nettverk"),
            None,
            None,
            None,
            None,
            f"=SUM(F{first}:F{last})",
            f"=SUM(G{first}:G{last})",
            f"=SUM(H{first}:H{last})",
        ]
    )
    ws.append([ui("Fellestiltak"), None, None, None, None, run.common])
    ws.append([ui("Ikke fordelt"), None, None, None, None, run.unallocated])
    ws.append([ui("Budsjett"), None, None, None, None, run.budget])
    for row in ws.iter_rows(min_row=last + 1, max_row=last + 4):
        row[0].font = bold
    for row in ws.iter_rows(min_row=first, max_row=last + 4, min_col=3, max_col=8):
        for cell in row:
            cell.number_format = "#,##0"
    for col, width in zip("ABCDEFGHIJK", (24, 10, 12, 12, 12, 12, 13, 12, 28, 16, 40), strict=True):
        ws.column_dimensions[col].width = width
    with atomic_file(path, mode=mode) as fh:
        wb.save(fh)
    return Path(path).expanduser()


def stored_rows(run: StoredRun) -> list[list[object]]:
    """A stored run as CSV rows, in the same layout as ``result_rows``."""
    return lines_rows(run.lines, run.common, run.unallocated, run.budget)


def run_table(run: StoredRun, lang: str = "nb") -> Any:
    """A run as a table for the summons and the minutes: every network and the totals."""
    _ = texts(lang)
    adjusted = _("justert: {reason}")
    rows = [
        (
            line.name,
            thousands(line.requested) if "missing_report" not in line.flags else "–",
            thousands(line.allocated),
            thousands(line.network),
            thousands(line.uh),
            ", ".join(label_text(f, lang) for f in line.flags)
            + (f" ({adjusted.format(reason=line.adjustment_reason)})" if line.adjustment else ""),
        )
        for line in run.lines
    ]
    rows.append((_("Fellestiltak"), "", thousands(run.common), "", "", ""))
    rows.append((_("Ikke fordelt"), "", thousands(run.unallocated), "", "", ""))
    rows.append((_("Sum (budsjett)"), "", thousands(run.budget), "", "", ""))
    return Table(
        (_("Nettverk"), _("Søkt"), _("Tildelt"), _("Nettverk"), _("UH"), _("Merknader")),
        tuple(rows),
        right=(1, 2, 3, 4),
    )


def add_allocation_tables(
    db: Database, doc: Any, items: list[Any], year: int, lang: str = "nb"
) -> None:
    """Under each decision item with a linked run, its table (proposal or adopted)."""
    _ = texts(lang)

    linked = runs_for_items(db, [i.id for i in items])
    for item in items:
        run = linked.get(item.id)
        if run is None:
            continue
        number = case_label(item.number, year)
        title = f"{number} {item.title}" if number else item.title
        at = next(
            (
                i
                for i, b in enumerate(doc.blocks)
                if isinstance(b, Heading) and b.level == 2 and b.text == title
            ),
            None,
        )
        if at is None:
            continue
        end = next(
            (
                i
                for i in range(at + 1, len(doc.blocks))
                if isinstance(doc.blocks[i], Heading) and doc.blocks[i].level <= 2
            ),
            len(doc.blocks),
        )
        if run.status == "adopted":
            what = _("Vedtatt tildeling {year} (kjøring {key}), i kroner:")
        else:
            what = _("Forslag til tildeling {year} (kjøring {key}), i kroner:")
        doc.blocks[end:end] = [
            Paragraph(what.format(year=run.year, key=run.key), "bold"),
            run_table(run, lang),
        ]


def write_run(run: StoredRun, path: Path, forum_name: str = "", *, mode: int = PRIVATE) -> Path:
    """A stored run to ``path``: CSV when the name ends in .csv, else XLSX."""
    if Path(path).suffix.lower() == ".csv":
        return write_csv(path, stored_rows(run), mode=mode)
    return run_xlsx(run, path, forum_name, mode=mode)
