"""Needs-report templates out (one XLSX per network) and filled templates back in.

The secretariat sends the templates to the owners in November (plan 3.7); a municipal
officer fills in the yellow cells and sends the file back. The layout is fixed by
``LAYOUT`` below, and reading checks every label in column A against it, so a file whose
rows were moved is refused rather than misread. A broken file is refused whole, with
the sheet and cell named (``Behovsmelding!C19: «12,5» er ikke et helt kronebeløp``), and
nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from sqlmodel import col, select

from sekretariat import values
from sekretariat.documents import spreadsheet, xlsx_forms
from sekretariat.documents.xlsx_forms import MOVED, NOT_TARGET, UNWORKED, TemplateRefused
from sekretariat.documents.xlsx_forms import label_forms as _label_forms
from sekretariat.documents.xlsx_forms import refusal as _refusal
from sekretariat.documents.xlsx_forms import text as _text
from sekretariat.documents.xlsx_forms import whole as _whole
from sekretariat.documents.xlsx_forms import year as _year
from sekretariat.domain import needs
from sekretariat.domain.cycle import needs_due_date
from sekretariat.domain.languages import document_language
from sekretariat.domain.needs import (
    Content,
    Limits,
    Measure,
    split_lines,
)
from sekretariat.errors import UserError, os_reason
from sekretariat.files import PRIVATE, atomic_file
from sekretariat.formats import percent, short_date
from sekretariat.i18n import N_, texts, ui
from sekretariat.labels import MEASURE_TARGETS
from sekretariat.storage.models import Forum, Region, Scheme, Theme

if TYPE_CHECKING:
    from sekretariat.domain.needs import Report
    from sekretariat.storage.database import Database

#: The sheets' names; the form's is the same word in nynorsk, so a reader finds it in both.
FORM = "Behovsmelding"
GUIDE = N_("Veiledning")

# Fixed cells: (row, label). The value is in column C. The labels are bokmål and in the
# catalogue: a template is written in its network's standard and read back in either.
FORUM_ROW, NAME_ROW, CODE_ROW, YEAR_ROW, DUE_ROW = 4, 5, 6, 7, 8
HEADER = {
    FORUM_ROW: N_("Forum"),
    NAME_ROW: N_("Nettverk"),
    CODE_ROW: N_("Nettverkskode (ikke endre)"),
    YEAR_ROW: N_("År"),
    DUE_ROW: N_("Frist"),
}
#: The scheme a template is for; a template without this row is for the default scheme.
SCHEME_ROW = 9
SCHEME_LABEL = N_("Ordning (ikke endre)")
TEXT_ROWS = {
    11: ("needs_assessment", N_("Behovsvurdering")),
    12: ("partnership_plan", N_("Plan for arbeidet i partnerskapet")),
    13: ("owners", N_("Eiere som samarbeider (én per linje)")),
    14: ("partners", N_("UH/fagskole-partnere (én per linje)")),
    15: ("own_contribution", N_("Eiers egeninnsats")),
}
AMOUNT_ROWS = {
    18: ("network_amount", N_("Søkt til nettverket")),
    19: ("uh_amount", N_("Søkt til UH-partneren")),
    21: ("kindergarten_amount", N_("Til barnehage")),
    22: ("school_amount", N_("Til skole")),
    23: ("coordinator_amount", N_("Herav koordinatorfunksjon")),
    24: ("release_amount", N_("Herav frikjøp")),
    25: ("leftover_amount", N_("Restmidler fra tidligere år")),
}
SUM_ROW = 20
MEASURE_HEAD = 28
MEASURE_FIRST, MEASURE_LAST = 29, 43
MEASURE_SUM = 44
THEME_HEAD = 46
THEME_FIRST = 47
SECTIONS = {
    10: N_("Behov og plan"),
    17: N_("Beløp i hele kroner"),
    27: N_("Tiltak"),
    THEME_HEAD: N_("Prioriterte tema"),
}
MEASURE_COLUMNS = (N_("Tittel"), N_("Målgruppe"), N_("Beløp (kr)"), N_("Startår"), N_("Sluttår"))


INPUT_FILL = "FFF2CC"
HINT_COLOUR = "666666"


@dataclass(frozen=True)
class Filled:
    """What a filled template says, before it is stored."""

    region_code: str
    region_name: str
    year: int
    content: Content
    theme_cells: dict[str, str]
    #: The scheme's code ("" when the template names none: the default scheme).
    scheme: str = ""


# --------------------------------------------------------------------------- writing
def file_name(year: int, region_code: str, scheme: str = "") -> str:
    """``behovsmelding-2027-hamar.xlsx``; a scheme other than the default one is named."""
    middle = f"{scheme}-" if scheme else ""
    return f"behovsmelding-{year}-{middle}{region_code}.xlsx"


def write_template(
    path: Path,
    *,
    forum: str,
    region_code: str,
    region_name: str,
    year: int,
    due: dt.date,
    themes: list[tuple[str, str]],
    limits: Limits,
    mode: int = PRIVATE,
    scheme: tuple[str, str] = ("", ""),
    lang: str = "nb",
) -> Path:
    """One network's template, prefilled with forum, network, year and deadline, and the
    scheme (code, name) when it is for one of several; its texts in ``lang``."""
    _ = translate = texts(lang)
    wb = Workbook()
    guide = wb.active
    guide.title = translate(GUIDE)
    ws = wb.create_sheet(FORM)
    bold = Font(bold=True)
    hint = Font(italic=True, color=HINT_COLOUR)
    fill = PatternFill("solid", start_color=INPUT_FILL, end_color=INPUT_FILL)
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    def input_cell(ref: str, *, tall: bool = False) -> None:
        cell = ws[ref]
        cell.fill = fill
        cell.border = box
        cell.protection = Protection(locked=False)
        if tall:
            cell.alignment = wrap

    title = _("Behovsmelding {year} – {network}").format(year=year, network=region_name)
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("Fyll ut de gule cellene og send filen til sekretariatet innen {date}.").format(
        date=short_date(due)
    )
    ws["A2"].font = hint
    values = {
        FORUM_ROW: forum,
        NAME_ROW: region_name,
        CODE_ROW: region_code,
        YEAR_ROW: year,
        DUE_ROW: short_date(due),
    }
    for row, text in HEADER.items():
        ws.cell(row, 1, translate(text)).font = bold
        spreadsheet.put(ws, row, 3, values[row])
    if scheme[0]:
        ws.cell(SCHEME_ROW, 1, translate(SCHEME_LABEL)).font = bold
        spreadsheet.put(ws, SCHEME_ROW, 3, scheme[0])
        spreadsheet.put(ws, SCHEME_ROW, 4, scheme[1])
    for row, text in SECTIONS.items():
        ws.cell(row, 1, translate(text)).font = Font(bold=True, size=12)
    for row, (_key, text) in TEXT_ROWS.items():
        ws.cell(row, 1, translate(text)).alignment = wrap
        ws.cell(row, 2, _("tekst")).font = hint
        input_cell(f"C{row}", tall=True)
        ws.row_dimensions[row].height = 75
    whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Hele kroner"),
        error=_("Skriv et helt kronebeløp uten øre, 0 eller mer."),
    )
    ws.add_data_validation(whole)
    for row, (_key, text) in AMOUNT_ROWS.items():
        ws.cell(row, 1, translate(text))
        ws.cell(row, 2, "kr").font = hint
        input_cell(f"C{row}")
        ws[f"C{row}"].number_format = "#,##0"
        whole.add(f"C{row}")
    ws.cell(SUM_ROW, 1, _("Sum søkt (nettverk + UH)")).font = bold
    ws.cell(SUM_ROW, 2, _("beregnes")).font = hint
    ws.cell(SUM_ROW, 3, "=C18+C19").number_format = "#,##0"

    for column, text in enumerate(MEASURE_COLUMNS, start=1):
        ws.cell(MEASURE_HEAD, column, translate(text)).font = bold
    target = DataValidation(
        type="list",
        formula1='"' + ",".join(MEASURE_TARGETS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Målgruppe"),
        error=_("Velg barnehage, skole eller begge."),
    )
    years = DataValidation(
        type="whole",
        operator="between",
        formula1="2000",
        formula2="2100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Årstall"),
        error=_("Skriv et årstall med fire sifre."),
    )
    ws.add_data_validation(target)
    ws.add_data_validation(years)
    for row in range(MEASURE_FIRST, MEASURE_LAST + 1):
        for letter in "ABCDE":
            input_cell(f"{letter}{row}")
        ws[f"C{row}"].number_format = "#,##0"
        target.add(f"B{row}")
        whole.add(f"C{row}")
        years.add(f"D{row}")
        years.add(f"E{row}")
    ws.cell(MEASURE_SUM, 1, _("Sum tiltak (skal være lik sum søkt)")).font = bold
    ws.cell(MEASURE_SUM, 3, f"=SUM(C{MEASURE_FIRST}:C{MEASURE_LAST})").number_format = "#,##0"

    ws.cell(THEME_HEAD, 3, _("Sett x")).font = bold
    ws.cell(THEME_HEAD, 2, _("kode")).font = hint
    mark = DataValidation(
        type="list",
        formula1='"x"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Tema"),
        error=_("Sett x for temaene behovsmeldingen prioriterer, ellers la cellen stå tom."),
    )
    ws.add_data_validation(mark)
    for i, (code, name) in enumerate(themes):
        row = THEME_FIRST + i
        spreadsheet.put(ws, row, 1, name).alignment = Alignment(wrap_text=True)
        spreadsheet.put(ws, row, 2, code).font = hint
        input_cell(f"C{row}")
        mark.add(f"C{row}")

    for letter, width in zip("ABCDE", (48, 12, 60, 10, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.formatCells = False

    _write_guide(guide, year, region_name, due, limits, bold, lang)
    wb.properties.title = title
    wb.properties.creator = forum or "Sekretariat"
    with atomic_file(path, mode=mode) as fh:
        wb.save(fh)
    return Path(path)


def forum_rules(limits: Limits, lang: str = "nb") -> list[str]:
    """The rules of the scheme as the forum's settings hold them, one sentence each, for
    the owners: nothing that is not in the settings (the plans set no limit on the
    coordinator function or release time; a limit appears only once the forum sets one)."""
    _ = texts(lang)
    out: list[str] = []
    guide = [
        said.format(share=percent(bp))
        for bp, said in (
            (limits.kindergarten_min_bp, _("minst {share} til barnehagebaserte")),
            (limits.school_min_bp, _("minst {share} til skolebaserte")),
        )
        if bp  # a minimum of 0 % is no guidance (Agder, Nordland)
    ]
    if guide:
        out.append(_("Veiledende fordeling: {parts} tiltak.").format(parts=" og ".join(guide)))
    if limits.network_fixed_bp is not None:
        said = _("Hver tildeling deles med {share} til nettverket og resten til UH-partneren.")
        out.append(said.format(share=percent(limits.network_fixed_bp)))
    else:
        said = _("Nettverket kan få inntil {share} av tildelingen; resten går til UH-partneren.")
        out.append(said.format(share=percent(limits.network_max_bp)))
    if limits.coordinator_max_bp is not None:
        said = _(
            "Koordinatorfunksjonen kan være høyst {share} av sum søkt (grense forumet har satt)."
        )
        out.append(said.format(share=percent(limits.coordinator_max_bp)))
    if limits.release_max_bp is not None:
        said = _("Frikjøpet kan være høyst {share} av sum søkt (grense forumet har satt).")
        out.append(said.format(share=percent(limits.release_max_bp)))
    return out


def _write_guide(
    ws: Any,
    year: int,
    region_name: str,
    due: dt.date,
    limits: Limits,
    bold: Any,
    lang: str = "nb",
) -> None:
    _ = texts(lang)
    lines = [
        (
            _("Behovsmelding {year} – veiledning for {network}").format(
                year=year, network=region_name
            ),
            "title",
        ),
        ("", ""),
        (
            _("Fristen er {date}. Send den utfylte filen til sekretariatet.").format(
                date=short_date(due)
            ),
            "",
        ),
        (
            _("Fyll ut de gule cellene på arket «Behovsmelding». Ikke flytt rader eller kolonner."),
            "",
        ),
        (
            _(
                "Behovsmeldingen utarbeides i samarbeid med UH, fagskole eller andre "
                "kompetansemiljøer."
            ),
            "",
        ),
        ("", ""),
        (_("Hva som skal med"), "head"),
        (_("• Behovsvurdering og plan for arbeidet i partnerskapet."), ""),
        (_("• Hvilke eiere og hvilke UH/fagskoler som samarbeider (én per linje)."), ""),
        (_("• Eiers egeninnsats i tiltakene."), ""),
        (_("• Beløp i hele kroner, uten øre: søkt til nettverket og til UH-partneren."), ""),
        (_("• Fordelingen mellom barnehage og skole."), ""),
        (_("• Hvor mye som går til koordinatorfunksjon og til frikjøp (en begrenset del)."), ""),
        (_("• Restmidler fra tidligere tildelinger."), ""),
        (
            _("• Tiltakene med målgruppe, beløp og start- og sluttår (også tiltak over flere år)."),
            "",
        ),
        (_("• Prioriterte tema: sett x ved temaene behovsmeldingen bygger på."), ""),
        (
            _(
                "Mangler behovsvurdering, plan, eiere, UH-partner eller egeninnsats, kan "
                "behovsmeldingen ikke godkjennes."
            ),
            "",
        ),
        ("", ""),
        (_("Forumets retningslinjer"), "head"),
        *((f"• {text}", "") for text in forum_rules(limits, lang)),
    ]
    for row, (text, kind) in enumerate(lines, start=1):
        cell = ws.cell(row, 1, text)
        if kind == "title":
            cell.font = Font(bold=True, size=14)
        elif kind == "head":
            cell.font = bold
        cell.alignment = Alignment(wrap_text=False)
    ws.column_dimensions["A"].width = 100


def write_templates(
    db: Database, year: int, directory: Path, scheme: str | None = None, lang: str | None = None
) -> list[Path]:
    """One template per network taking part in ``scheme`` (the default one when None) for
    ``year`` in ``directory`` (created if missing); each in its host municipality's written
    standard, or in ``lang`` when one is chosen for all."""

    with db.read() as s:
        forum = s.get(Forum, 1)
        if forum is None:
            raise UserError(ui("Databasen mangler forumet; importer eller sett opp forumet først."))
        the_scheme = needs.scheme_by_code(s, scheme)
        regions = [
            r
            for r in s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
            if needs.takes_part(the_scheme, r.code)
        ]
        themes = [
            (t.code, t.name)
            for t in s.exec(select(Theme).order_by(col(Theme.position), col(Theme.id))).all()
        ]
        limits = Limits.of(the_scheme)
        named = (
            (the_scheme.code, the_scheme.name or the_scheme.code)
            if the_scheme is not None and not the_scheme.is_default
            else ("", "")
        )
        forum_name, due = (
            forum.name,
            needs_due_date(year, forum.needs_due_day, forum.needs_due_month),
        )
    if not regions:
        raise UserError(ui("Forumet har ingen nettverk å lage maler for."))
    directory = Path(directory).expanduser()
    if directory.exists() and not directory.is_dir():
        raise UserError(ui("{path} er en fil, ikke en mappe.").format(path=directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            ui("Kan ikke lage mappen {path}: {reason}.").format(
                path=directory, reason=os_reason(exc)
            )
        ) from None
    return [
        write_template(
            directory / file_name(year, r.code, named[0]),
            forum=forum_name,
            region_code=r.code,
            region_name=r.name,
            year=year,
            due=due,
            themes=themes,
            limits=limits,
            mode=db.file_mode(),
            scheme=named,
            lang=document_language(db, lang, r.host),
        )
        for r in regions
    ]


# --------------------------------------------------------------------------- reading
def _open(path: Path) -> tuple[Any, set[str]]:
    return xlsx_forms.open_form(path, FORM)


def read_template(path: Path) -> Filled:
    """What a filled template says; refuses the file whole, naming sheet and cell."""
    wb, unworked = _open(path)
    name = Path(path).name
    if FORM not in wb.sheetnames:
        raise TemplateRefused(
            ui("{name} mangler arket «{sheet}»; er det en behovsmeldingsmal?").format(
                name=name, sheet=FORM
            )
        )
    ws = wb[FORM]
    errors: list[str] = []

    def where(ref: str, message: str) -> None:
        errors.append(f"{FORM}!{ref}: {message.rstrip('.')}")

    def cell(ref: str, check: Callable[[Any], Any] = values.text) -> Any:
        """A cell's value; a text checked as the exchange format checks it (no control
        characters, not endless; a title on one line), a refusal noted in ``errors``."""
        if ref in unworked:
            where(ref, ui(UNWORKED))
            return None
        value = ws[ref].value
        if isinstance(value, str):
            try:
                check(value)
            except ValueError as exc:
                where(ref, ui("teksten {reason}").format(reason=exc))
        return value

    def expect_label(row: int, text: str) -> None:
        found = _text(ws.cell(row, 1).value)
        if found not in _label_forms(text):
            where(f"A{row}", ui(MOVED).format(wanted=ui(text), found=found))

    for row, text in HEADER.items():
        expect_label(row, text)
    for row, (_key, text) in TEXT_ROWS.items():
        expect_label(row, text)
    for row, (_key, text) in AMOUNT_ROWS.items():
        expect_label(row, text)
    if errors:
        raise TemplateRefused(_refusal(name, errors))

    scheme = ""
    if _text(ws.cell(SCHEME_ROW, 1).value) in _label_forms(SCHEME_LABEL):
        scheme = _text(cell(f"C{SCHEME_ROW}", values.line))
    code = _text(cell(f"C{CODE_ROW}", values.line))
    if not code:
        where(f"C{CODE_ROW}", ui("nettverkskoden mangler"))
    year: int | None = None
    try:
        year = _year(cell(f"C{YEAR_ROW}"))
        if year is None:
            where(f"C{YEAR_ROW}", ui("året mangler"))
    except UserError as exc:
        where(f"C{YEAR_ROW}", str(exc))

    fields: dict[str, Any] = {}
    for row, (key, _) in TEXT_ROWS.items():
        value = _text(cell(f"C{row}"))
        fields[key] = split_lines(value) if key in ("owners", "partners") else value
    for row, (key, text) in AMOUNT_ROWS.items():
        try:
            fields[key] = _whole(cell(f"C{row}"), ui(text))
        except UserError as exc:
            where(f"C{row}", str(exc))
    measures = []
    for row in range(MEASURE_FIRST, MEASURE_LAST + 1):
        cells = [cell(f"{col}{row}", values.line if col == "A" else values.text) for col in "ABCDE"]
        if all(_text(v) == "" for v in cells):
            continue
        title = _text(cells[0])
        if not title:
            where(f"A{row}", ui("tiltaket mangler tittel"))
        target = _text(cells[1]).lower()
        if target not in MEASURE_TARGETS:
            where(f"B{row}", ui(NOT_TARGET).format(value=_text(cells[1])))
        amount = start = end = None
        try:
            amount = _whole(cells[2], ui("Beløpet"))
        except UserError as exc:
            where(f"C{row}", str(exc))
        try:
            start = _year(cells[3])
        except UserError as exc:
            where(f"D{row}", str(exc))
        try:
            end = _year(cells[4])
        except UserError as exc:
            where(f"E{row}", str(exc))
        if start is not None and end is not None and end < start:
            where(
                f"E{row}",
                ui("sluttåret {end} er før startåret {start}").format(end=end, start=start),
            )
        measures.append(Measure(title, target, amount or 0, start, end))
    theme_cells: dict[str, str] = {}
    themes = []
    row = THEME_FIRST
    while _text(ws.cell(row, 1).value) or _text(ws.cell(row, 2).value):
        theme_code = _text(cell(f"B{row}", values.line))
        if _text(cell(f"C{row}")):
            if not theme_code:
                where(f"B{row}", ui("temakoden mangler"))
            else:
                themes.append(theme_code)
                theme_cells[theme_code] = f"{FORM}!B{row}"
        row += 1
    if errors:
        raise TemplateRefused(_refusal(name, errors))
    assert year is not None
    content = Content(
        needs_assessment=fields["needs_assessment"],
        partnership_plan=fields["partnership_plan"],
        own_contribution=fields["own_contribution"],
        owners=fields["owners"],
        partners=fields["partners"],
        themes=tuple(themes),
        measures=tuple(measures),
        **{key: fields[key] for key, _ in AMOUNT_ROWS.values()},
    )
    return Filled(code, _text(ws[f"C{NAME_ROW}"].value), year, content, theme_cells, scheme)


def receive_file(
    db: Database, path: Path, received: dt.date, expected_year: int | None = None
) -> Report:
    """Read a filled template into the inbox: a new report, or a returned one's new version.

    The checks run on what is stored (``Report.checks``). The year must be this year or
    next (by the date received), and ``expected_year`` when given.
    """

    filled = read_template(path)
    name = Path(path).name
    cell_year = f"{FORM}!C{YEAR_ROW}"
    if expected_year is not None and filled.year != expected_year:
        raise TemplateRefused(
            ui("{name} er ikke lest inn: {cell}: malen gjelder {year}, ikke {expected}.").format(
                name=name, cell=cell_year, year=filled.year, expected=expected_year
            )
        )
    if not received.year <= filled.year <= received.year + 1:
        raise TemplateRefused(
            ui(
                "{name} er ikke lest inn: {cell}: malen gjelder {year}, men behovsmeldinger "
                "mottatt {received} gjelder {first} eller {last}."
            ).format(
                name=name,
                cell=cell_year,
                year=filled.year,
                received=short_date(received),
                first=received.year,
                last=received.year + 1,
            )
        )
    with db.read() as s:
        if s.exec(select(Region).where(Region.code == filled.region_code)).first() is None:
            raise TemplateRefused(
                ui("{name} er ikke lest inn: {cell}: ukjent nettverk «{code}».").format(
                    name=name, cell=f"{FORM}!C{CODE_ROW}", code=filled.region_code
                )
            )
        known = set(s.exec(select(Theme.code)).all())
        if (
            filled.scheme
            and s.exec(select(Scheme).where(Scheme.code == filled.scheme)).first() is None
        ):
            raise TemplateRefused(
                ui("{name} er ikke lest inn: {cell}: ukjent ordning «{code}».").format(
                    name=name, cell=f"{FORM}!C{SCHEME_ROW}", code=filled.scheme
                )
            )
    for code, cell in filled.theme_cells.items():
        if code not in known:
            raise TemplateRefused(
                ui("{name} er ikke lest inn: {cell}: ukjent tema «{code}».").format(
                    name=name, cell=cell, code=code
                )
            )
    return needs.receive(
        db,
        filled.region_code,
        filled.year,
        replace(filled.content, received=received),
        filled.scheme or None,
    )
