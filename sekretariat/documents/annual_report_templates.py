"""Annual-report templates out (one XLSX per network) and filled templates back in.

The form asks what forskrift § 17 asks (plan 7): which measures were carried out, how the
funds were used and an assessment of the goals by the criteria a–e of § 5. It is
prefilled with the network, the grant year, the grant decided for it, the leftover its
last annual report stated and the measures of its needs report for the year. Reading
shares the needs templates' machinery (``xlsx_forms``): the labels in column A are
checked, a broken file is refused whole with the sheet and cell named
(``Årsrapport!C13: «12,5» er ikke et helt kronebeløp``), and nothing is stored.

A template is written in its host municipality's written standard (or the one chosen) and
read back in either: its fixed labels are bokmål texts in the catalogue (``N_``).
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
from sekretariat.documents.xlsx_forms import (
    MOVED,
    NOT_TARGET,
    REPORT_KIND,
    UNWORKED,
    TemplateRefused,
    label_forms,
    refusal,
    text,
    whole,
    year,
)
from sekretariat.domain import annual_reports, needs
from sekretariat.domain.annual_reports import CRITERIA, MEASURE_STATUSES, Content, DoneMeasure
from sekretariat.domain.cycle import annual_report_due
from sekretariat.domain.languages import document_language
from sekretariat.errors import UserError, os_reason
from sekretariat.files import PRIVATE, atomic_file
from sekretariat.formats import short_date
from sekretariat.i18n import LANGUAGES, N_, app_language, texts, ui
from sekretariat.labels import MEASURE_TARGETS
from sekretariat.storage.models import Forum, Region, Scheme

if TYPE_CHECKING:
    from sekretariat.domain.annual_reports import Report
    from sekretariat.storage.database import Database

#: The sheets' names; the form's is the same word in nynorsk, so a reader finds it in both.
FORM = "Årsrapport"
GUIDE = N_("Veiledning")
KIND = REPORT_KIND

FORUM_ROW, NAME_ROW, CODE_ROW, YEAR_ROW, DUE_ROW = 4, 5, 6, 7, 8
HEADER = {
    FORUM_ROW: N_("Forum"),
    NAME_ROW: N_("Nettverk"),
    CODE_ROW: N_("Nettverkskode (ikke endre)"),
    YEAR_ROW: N_("Tilskuddsår (ikke endre)"),
    DUE_ROW: N_("Frist"),
}
SCHEME_ROW = 9
SCHEME_LABEL = N_("Ordning (ikke endre)")
AMOUNT_ROWS = {
    11: ("granted_amount", N_("Tildelt for året")),
    12: ("carried_in", N_("Restmidler fra tidligere år")),
    13: ("spent_network", N_("Brukt av nettverket")),
    14: ("spent_uh", N_("Brukt av UH-partneren")),
    15: ("leftover_amount", N_("Restmidler (ikke brukt)")),
}
BALANCE_ROW = 16
GOAL_ROW = 19
CRITERIA_FIRST = 20  # a–e in rows 20–24
NOTE_ROW = 25
TEXT_ROWS = {
    GOAL_ROW: ("goal_assessment", N_("Vurdering av måloppnåelse")),
    NOTE_ROW: ("note", N_("Merknad")),
}
MEASURE_HEAD = 28
MEASURE_FIRST, MEASURE_LAST = 29, 43
MEASURE_SUM = 44
EVAL_HEAD = 46
EVAL_FIRST = 47
EVAL_LABEL = N_("Evaluering")
SECTIONS = {
    10: N_("Bruk av midlene, hele kroner (forskrift § 17)"),
    18: N_("Måloppnåelse (forskrift § 17 og kjennetegnene i § 5)"),
    27: N_("Gjennomførte tiltak"),
}
MEASURE_COLUMNS = (N_("Tittel"), N_("Målgruppe"), N_("Brukt (kr)"), N_("Gjennomført"))
#: What a measure's status cell offers in each standard (the stored value is the bokmål).
STATUS_WORDS = {
    "gjennomført": N_("gjennomført"),
    "delvis": N_("delvis"),
    "ikke gjennomført": N_("ikke gjennomført"),
}
assert tuple(STATUS_WORDS) == MEASURE_STATUSES
INPUT_FILL = "FFF2CC"
HINT_COLOUR = "666666"


def criterion_label(code: str, text_: str, lang: str = "nb") -> str:
    """A criterion of § 5 as the form's row names it (``text_`` is the bokmål one)."""
    return f"{code}) {texts(lang)(text_)}"


def status_value(typed: str) -> str | None:
    """The stored status of what a status cell holds, in either standard (None: none)."""
    wanted = typed.strip().casefold()
    for value, word in STATUS_WORDS.items():
        if wanted in {texts(lang)(word).casefold() for lang in LANGUAGES}:
            return value
    return None


@dataclass(frozen=True)
class Prefill:
    """What the secretariat knows before the network writes: the decided grant, last
    year's leftover and the measures of the year's needs report."""

    granted: int | None = None
    carried_in: int | None = None
    measures: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Filled:
    """What a filled template says, before it is stored."""

    region_code: str
    region_name: str
    year: int
    content: Content
    scheme: str = ""
    #: Each evaluation heading's code and the cell it was read from.
    heading_cells: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- writing
def file_name(year_: int, region_code: str, scheme: str = "") -> str:
    """``arsrapport-2026-hamar.xlsx``; a scheme other than the default one is named."""
    middle = f"{scheme}-" if scheme else ""
    return f"arsrapport-{year_}-{middle}{region_code}.xlsx"


def write_template(
    path: Path,
    *,
    forum: str,
    region_code: str,
    region_name: str,
    year_: int,
    due: dt.date | None,
    prefill: Prefill = Prefill(),
    headings: tuple[tuple[str, str], ...] = (),
    mode: int = PRIVATE,
    scheme: tuple[str, str] = ("", ""),
    lang: str = "nb",
) -> Path:
    """One network's template for grant year ``year_``, its texts in ``lang``."""
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

    form_title = _("Årsrapport {year} – {network}").format(year=year_, network=region_name)
    ws["A1"] = form_title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (
        _("Fyll ut de gule cellene og send filen til sekretariatet innen {date}.").format(
            date=short_date(due)
        )
        if due is not None
        else _("Fyll ut de gule cellene og send filen til sekretariatet.")
    )
    ws["A2"].font = hint
    shown = {
        FORUM_ROW: forum,
        NAME_ROW: region_name,
        CODE_ROW: region_code,
        YEAR_ROW: year_,
        DUE_ROW: short_date(due) if due is not None else "",
    }
    for row, label_ in HEADER.items():
        ws.cell(row, 1, translate(label_)).font = bold
        spreadsheet.put(ws, row, 3, shown[row])
    if scheme[0]:
        ws.cell(SCHEME_ROW, 1, translate(SCHEME_LABEL)).font = bold
        spreadsheet.put(ws, SCHEME_ROW, 3, scheme[0])
        spreadsheet.put(ws, SCHEME_ROW, 4, scheme[1])
    for row, label_ in SECTIONS.items():
        ws.cell(row, 1, translate(label_)).font = Font(bold=True, size=12)

    amount = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Hele kroner"),
        error=_("Skriv et helt kronebeløp uten øre, 0 eller mer."),
    )
    ws.add_data_validation(amount)
    known = {"granted_amount": prefill.granted, "carried_in": prefill.carried_in}
    for row, (key, label_) in AMOUNT_ROWS.items():
        ws.cell(row, 1, translate(label_))
        ws.cell(row, 2, "kr").font = hint
        input_cell(f"C{row}")
        ws[f"C{row}"].number_format = "#,##0"
        amount.add(f"C{row}")
        if known.get(key) is not None:
            ws[f"C{row}"] = known[key]
    ws.cell(BALANCE_ROW, 1, _("Differanse (skal være 0)")).font = bold
    ws.cell(BALANCE_ROW, 2, _("beregnes")).font = hint
    ws.cell(BALANCE_ROW, 3, "=C11+C12-C13-C14-C15").number_format = "#,##0"

    for row, (_key, label_) in TEXT_ROWS.items():
        ws.cell(row, 1, translate(label_)).alignment = wrap
        ws.cell(row, 2, _("tekst")).font = hint
        input_cell(f"C{row}", tall=True)
        ws.row_dimensions[row].height = 75
    for i, (code, words) in enumerate(CRITERIA):
        row = CRITERIA_FIRST + i
        ws.cell(row, 1, criterion_label(code, words, lang)).alignment = wrap
        ws.cell(row, 2, _("vurdering")).font = hint
        input_cell(f"C{row}", tall=True)
        ws.row_dimensions[row].height = 45

    for column, label_ in enumerate(MEASURE_COLUMNS, start=1):
        ws.cell(MEASURE_HEAD, column, translate(label_)).font = bold
    target = DataValidation(
        type="list",
        formula1='"' + ",".join(MEASURE_TARGETS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Målgruppe"),
        error=_("Velg barnehage, skole eller begge."),
    )
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(translate(w) for w in STATUS_WORDS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Gjennomført"),
        error=_("Velg gjennomført, delvis eller ikke gjennomført."),
    )
    ws.add_data_validation(target)
    ws.add_data_validation(status)
    for n, row in enumerate(range(MEASURE_FIRST, MEASURE_LAST + 1)):
        for letter in "ABCD":
            input_cell(f"{letter}{row}")
        ws[f"C{row}"].number_format = "#,##0"
        target.add(f"B{row}")
        amount.add(f"C{row}")
        status.add(f"D{row}")
        if n < len(prefill.measures):
            title, group = prefill.measures[n]
            spreadsheet.put(ws, row, 1, title)
            spreadsheet.put(ws, row, 2, group)
    ws.cell(MEASURE_SUM, 1, _("Sum tiltak")).font = bold
    ws.cell(MEASURE_SUM, 3, f"=SUM(C{MEASURE_FIRST}:C{MEASURE_LAST})").number_format = "#,##0"

    if headings:
        ws.cell(EVAL_HEAD, 1, translate(EVAL_LABEL)).font = Font(bold=True, size=12)
        ws.cell(EVAL_HEAD, 2, _("kode")).font = hint
        for i, (code, words) in enumerate(headings):
            row = EVAL_FIRST + i
            spreadsheet.put(ws, row, 1, words).alignment = wrap
            spreadsheet.put(ws, row, 2, code).font = hint
            input_cell(f"C{row}", tall=True)
            ws.row_dimensions[row].height = 60

    for letter, width in zip("ABCD", (52, 12, 60, 16), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.formatCells = False

    _write_guide(guide, year_, region_name, due, bold, lang)
    wb.properties.title = form_title
    wb.properties.creator = forum or "Sekretariat"
    with atomic_file(path, mode=mode) as fh:
        wb.save(fh)
    return Path(path)


def _write_guide(
    ws: Any, year_: int, region_name: str, due: dt.date | None, bold: Any, lang: str = "nb"
) -> None:
    _ = texts(lang)
    deadline = (
        _("Fristen er {date}. Send den utfylte filen til sekretariatet.").format(
            date=short_date(due)
        )
        if due is not None
        else _("Send den utfylte filen til sekretariatet.")
    )
    lines = [
        (
            _("Årsrapport {year} – veiledning for {network}").format(
                year=year_, network=region_name
            ),
            "title",
        ),
        ("", ""),
        (deadline, ""),
        (
            _("Fyll ut de gule cellene på arket «Årsrapport». Ikke flytt rader eller kolonner."),
            "",
        ),
        ("", ""),
        (_("Hva som skal med (forskrift § 17)"), "head"),
        (_("• Hvilke tiltak som er gjennomført, med målgruppe og brukt beløp."), ""),
        (_("• Hvordan midlene er brukt: av nettverket og av UH-partneren, i hele kroner."), ""),
        (_("• Restmidler: det som ikke er brukt, og som tas med i neste behovsmelding."), ""),
        (_("• Brukt + restmidler skal gå opp mot tildelt + restmidler fra tidligere år."), ""),
        (
            _("• En vurdering av måloppnåelse, og en vurdering for hvert kjennetegn a–e (§ 5)."),
            "",
        ),
        ("", ""),
        (
            _(
                "Statsforvalter og samarbeidsforum foretar en formalia- og "
                "rimelighetskontroll av rapportene."
            ),
            "",
        ),
    ]
    for row, (line, kind) in enumerate(lines, start=1):
        cell = ws.cell(row, 1, line)
        if kind == "title":
            cell.font = Font(bold=True, size=14)
        elif kind == "head":
            cell.font = bold
    ws.column_dimensions["A"].width = 100


def _prefill(
    db: Database, region_code: str, year_: int, scheme: str | None, granted: Any
) -> Prefill:
    try:
        report = needs.load_report(db, region_code, year_, scheme)
        measures = tuple((m.title, m.target) for m in report.newest.measures)
    except UserError:
        measures = ()
    return Prefill(granted.get(region_code), None, measures)


def write_templates(
    db: Database,
    year_: int,
    directory: Path,
    scheme: str | None = None,
    lang: str | None = None,
) -> list[Path]:
    """One template per network taking part in ``scheme`` for grant year ``year_``; each in
    its host municipality's written standard, or in ``lang`` when one is chosen for all."""
    with db.read() as s:
        forum = s.get(Forum, 1)
        if forum is None:
            raise UserError(ui("Databasen mangler forumet; importer eller sett opp forumet først."))
        the_scheme = needs.scheme_by_code(s, scheme)
        regions = [
            (r.code, r.name, r.host)
            for r in s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
            if needs.takes_part(the_scheme, r.code)
        ]
        named = (
            (the_scheme.code, the_scheme.name or the_scheme.code)
            if the_scheme is not None and not the_scheme.is_default
            else ("", "")
        )
        forum_name = forum.name
        due = annual_report_due(year_, forum.reports_due_day, forum.reports_due_month)
        headings = tuple((h["code"], h.get("text", h["code"])) for h in forum.report_headings)
    if not regions:
        raise UserError(ui("Forumet har ingen nettverk å lage maler for."))
    granted, _ = annual_reports.decided_amounts(db, year_, scheme)
    leftover = annual_reports.reported_leftover(db, year_ - 1, scheme)
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
    paths = []
    for code, name, host in regions:
        prefill = replace(_prefill(db, code, year_, scheme, granted), carried_in=leftover.get(code))
        paths.append(
            write_template(
                directory / file_name(year_, code, named[0]),
                forum=forum_name,
                region_code=code,
                region_name=name,
                year_=year_,
                due=due,
                prefill=prefill,
                headings=headings,
                mode=db.file_mode(),
                scheme=named,
                lang=document_language(db, lang, host),
            )
        )
    return paths


# --------------------------------------------------------------------------- reading
def read_template(path: Path) -> Filled:
    """What a filled template says; refuses the file whole, naming sheet and cell."""
    wb, unworked = xlsx_forms.open_form(path, FORM, KIND)
    name = Path(path).name
    if FORM not in wb.sheetnames:
        raise TemplateRefused(
            ui("{name} mangler arket «{sheet}»; er det en årsrapportmal?").format(
                name=name, sheet=FORM
            )
        )
    ws = wb[FORM]
    errors: list[str] = []

    def where(ref: str, message: str) -> None:
        errors.append(f"{FORM}!{ref}: {message.rstrip('.')}")

    def cell(ref: str, check: Callable[[Any], Any] = values.text) -> Any:
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

    def expect_label(row: int, wanted: str, forms: set[str] | None = None) -> None:
        """``wanted`` is shown in the app's language (a form may hold either standard's)."""
        found = text(ws.cell(row, 1).value)
        if found not in (forms or label_forms(wanted)):
            where(f"A{row}", ui(MOVED).format(wanted=ui(wanted), found=found))

    for row, wanted in HEADER.items():
        expect_label(row, wanted)
    for row, (_, wanted) in AMOUNT_ROWS.items():
        expect_label(row, wanted)
    for row, (_, wanted) in TEXT_ROWS.items():
        expect_label(row, wanted)
    for i, (code, words) in enumerate(CRITERIA):
        expect_label(
            CRITERIA_FIRST + i,
            criterion_label(code, words, app_language()),
            {criterion_label(code, words, lang) for lang in LANGUAGES},
        )
    if errors:
        raise TemplateRefused(refusal(name, errors))

    scheme = ""
    if text(ws.cell(SCHEME_ROW, 1).value) in label_forms(SCHEME_LABEL):
        scheme = text(cell(f"C{SCHEME_ROW}", values.line))
    code = text(cell(f"C{CODE_ROW}", values.line))
    if not code:
        where(f"C{CODE_ROW}", ui("nettverkskoden mangler"))
    the_year: int | None = None
    try:
        the_year = year(cell(f"C{YEAR_ROW}"))
        if the_year is None:
            where(f"C{YEAR_ROW}", ui("året mangler"))
    except UserError as exc:
        where(f"C{YEAR_ROW}", str(exc))

    fields: dict[str, Any] = {}
    for row, (key, label_) in AMOUNT_ROWS.items():
        try:
            fields[key] = whole(cell(f"C{row}"), ui(label_))
        except UserError as exc:
            where(f"C{row}", str(exc))
    for row, (key, _) in TEXT_ROWS.items():
        fields[key] = text(cell(f"C{row}"))
    criteria = {}
    for i, (letter, _) in enumerate(CRITERIA):
        answer = text(cell(f"C{CRITERIA_FIRST + i}"))
        if answer:
            criteria[letter] = answer
    measures = []
    for row in range(MEASURE_FIRST, MEASURE_LAST + 1):
        cells = [cell(f"{c}{row}", values.line if c == "A" else values.text) for c in "ABCD"]
        if all(text(v) == "" for v in cells):
            continue
        title = text(cells[0])
        if not title:
            where(f"A{row}", ui("tiltaket mangler tittel"))
        target = text(cells[1]).lower()
        if target not in MEASURE_TARGETS:
            where(f"B{row}", ui(NOT_TARGET).format(value=text(cells[1])))
        done = status_value(text(cells[3]))
        if done is None:
            where(
                f"D{row}",
                ui("«{value}» er ikke gjennomført, delvis eller ikke gjennomført").format(
                    value=text(cells[3])
                ),
            )
        spent = None
        try:
            spent = whole(cells[2], ui("Beløpet"))
        except UserError as exc:
            where(f"C{row}", str(exc))
        measures.append(DoneMeasure(title, target, spent or 0, done or ""))
    evaluation: dict[str, str] = {}
    heading_cells = []
    if text(ws.cell(EVAL_HEAD, 1).value) in label_forms(EVAL_LABEL):
        row = EVAL_FIRST
        while text(ws.cell(row, 1).value) or text(ws.cell(row, 2).value):
            heading = text(cell(f"B{row}", values.line))
            answer = text(cell(f"C{row}"))
            if answer:
                if not heading:
                    where(f"B{row}", ui("overskriftskoden mangler"))
                else:
                    evaluation[heading] = answer
                    heading_cells.append((heading, f"{FORM}!B{row}"))
            row += 1
    if errors:
        raise TemplateRefused(refusal(name, errors))
    assert the_year is not None
    content = Content(
        measures=tuple(measures),
        goal_assessment=fields["goal_assessment"],
        criteria=criteria,
        evaluation=evaluation,
        note=fields["note"],
        **{key: fields[key] for key, _ in AMOUNT_ROWS.values()},
    )
    return Filled(
        code, text(ws[f"C{NAME_ROW}"].value), the_year, content, scheme, tuple(heading_cells)
    )


def receive_file(
    db: Database, path: Path, received: dt.date, expected_year: int | None = None
) -> Report:
    """Read a filled template in: a new report, or a returned one's new version.

    The grant year must be last year or this year (by the date received), and
    ``expected_year`` when given.
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
    if not received.year - 1 <= filled.year <= received.year:
        raise TemplateRefused(
            ui(
                "{name} er ikke lest inn: {cell}: malen gjelder {year}, men årsrapporter "
                "mottatt {received} gjelder {first} eller {last}."
            ).format(
                name=name,
                cell=cell_year,
                year=filled.year,
                received=short_date(received),
                first=received.year - 1,
                last=received.year,
            )
        )
    with db.read() as s:
        region = s.exec(select(Region).where(Region.code == filled.region_code)).first()
        if region is None:
            raise TemplateRefused(
                ui("{name} er ikke lest inn: {cell}: ukjent nettverk «{code}».").format(
                    name=name, cell=f"{FORM}!C{CODE_ROW}", code=filled.region_code
                )
            )
        if filled.region_name and filled.region_name != region.name:
            raise TemplateRefused(
                ui(
                    "{name} er ikke lest inn: {cell}: «{given}» er ikke navnet på nettverket "
                    "«{code}» ({known})."
                ).format(
                    name=name,
                    cell=f"{FORM}!C{NAME_ROW}",
                    given=filled.region_name,
                    code=filled.region_code,
                    known=region.name,
                )
            )
        if (
            filled.scheme
            and s.exec(select(Scheme).where(Scheme.code == filled.scheme)).first() is None
        ):
            raise TemplateRefused(
                ui("{name} er ikke lest inn: {cell}: ukjent ordning «{code}».").format(
                    name=name, cell=f"{FORM}!C{SCHEME_ROW}", code=filled.scheme
                )
            )
        forum = s.get(Forum, 1)
        headings = {h["code"] for h in forum.report_headings} if forum is not None else set()
    for code, where in filled.heading_cells:
        if code not in headings:
            raise TemplateRefused(
                ui("{name} er ikke lest inn: {cell}: ukjent overskrift «{code}».").format(
                    name=name, cell=where, code=code
                )
            )
    return annual_reports.receive(
        db,
        filled.region_code,
        filled.year,
        replace(filled.content, received=received),
        filled.scheme or None,
    )
