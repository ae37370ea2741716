"""What the XLSX forms sent to the networks share: reading a filled one back safely.

A filled form (a needs report, an annual report) is refused whole with the sheet and cell
named, and nothing stored; the archive is checked before openpyxl sees it. The cell
readers here are the one place a spreadsheet value becomes whole kroner, a year or text.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from sekretariat import limits
from sekretariat.domain.needs import parse_amount, parse_year
from sekretariat.errors import UserError
from sekretariat.files import read_bytes
from sekretariat.formats import decimal, kroner
from sekretariat.i18n import LANGUAGES, N_, texts, ui


class TemplateRefused(UserError):
    """A filled template was refused as a whole; nothing was stored."""


def label_forms(label: str) -> set[str]:
    """A fixed label (a bokmål text in the catalogue) as a form may hold it: a form is
    written in its recipient's standard and read back in either."""
    return {texts(lang)(label) for lang in LANGUAGES}


def shown(value: Any) -> str:
    """A cell value as the officer typed it (decimal comma for numbers)."""
    if isinstance(value, float):
        return repr(value).replace(".", ",").removesuffix(",0")
    return str(value).strip()


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def whole(value: Any, what: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        raise UserError(ui("«{value}» er ikke et helt kronebeløp.").format(value=value))
    if isinstance(value, float):
        if not value.is_integer():
            raise UserError(ui("«{value}» er ikke et helt kronebeløp.").format(value=shown(value)))
        value = int(value)
    if isinstance(value, int) and value > limits.MAX_KRONER:
        raise UserError(
            ui("{what} er urimelig stort; høyst {most}.").format(
                what=what, most=kroner(limits.MAX_KRONER)
            )
        )
    if isinstance(value, int | str):
        return parse_amount(value, what)
    raise UserError(ui("«{value}» er ikke et helt kronebeløp.").format(value=shown(value)))


def year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) <= limits.MAX_INTEGER:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_year(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return parse_year(value[: limits.MAX_DIGITS])
    raise UserError(ui("«{value}» er ikke et årstall.").format(value=shown(value)))


#: A filled template is some tens of kilobytes. The limits leave room for long texts and
#: a picture or two, and keep what openpyxl builds from the file well inside memory and
#: a second or two: it holds every cell of a sheet, and a sheet of a megabyte of tiny
#: cells costs it a second and some 20 MB. Sizes are checked in the zip directory before
#: anything is unpacked (``zipfile`` unpacks no more than the directory says).
MAX_FILE = 10 * 1024 * 1024
MAX_UNPACKED = 20 * 1024 * 1024
MAX_PART = 5 * 1024 * 1024
MAX_SHEET = 1024 * 1024
MAX_PARTS = 1_000


#: What a filled form is called in a refusal: the form's kind (``kind`` below), translated
#: where shown.
NEEDS_KIND = N_("behovsmeldingsmal")
REPORT_KIND = N_("årsrapportmal")
#: What both readers say of a cell (translated where shown; the fields filled there).
UNWORKED = N_(
    "cellen har en formel uten utregnet verdi; skriv inn verdien, "
    "eller åpne filen i et regneark og lagre den på nytt"
)
MOVED = N_("ventet «{wanted}», fant «{found}»; er rader flyttet i malen?")
NOT_TARGET = N_("«{value}» er ikke barnehage, skole eller begge")


def checked_archive(data: bytes, name: str, kind: str = NEEDS_KIND) -> None:
    """Refuse an XLSX file openpyxl should not be given: not a zip file, too many parts,
    parts larger than the limits once unpacked (a compressed bomb), a damaged or truncated
    part, or XML with a document type (entities can multiply a few bytes into gigabytes)."""
    kind = ui(kind)
    not_xlsx = TemplateRefused(
        ui("{name} er ikke en XLSX-fil (en utfylt {kind}); ingenting er lagret.").format(
            name=name, kind=kind
        )
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise not_xlsx from None
    if len(parts) > MAX_PARTS:
        raise TemplateRefused(
            ui("{name} har {count} deler; en {kind} har noen titalls. Ingenting er lagret.").format(
                name=name, count=len(parts), kind=kind
            )
        )
    total = 0
    for part in parts:
        most = MAX_SHEET if part.filename.startswith("xl/worksheets/") else MAX_PART
        total += part.file_size
        if part.file_size > most or total > MAX_UNPACKED:
            raise TemplateRefused(
                ui(
                    "{name} er for stor pakket ut ({part}: {size}; høyst {most} per del og "
                    "{total} i alt). Ingenting er lagret."
                ).format(
                    name=name,
                    part=part.filename,
                    size=megabytes(part.file_size),
                    most=megabytes(most),
                    total=megabytes(MAX_UNPACKED),
                )
            )
    for part in parts:
        if part.filename.endswith((".xml", ".rels", ".vml")):
            check_part(archive, part, name)


def check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """Unpack one XML part a piece at a time (a part that unpacks to more than the zip
    directory says is cut off there and fails its checksum, never held whole) and look
    for a document type."""
    tail = b""
    try:
        with archive.open(part) as fh:
            while chunk := fh.read(1 << 16):
                if b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk:
                    raise TemplateRefused(
                        ui(
                            "{name} har en dokumenttype i {part}, som en XLSX-fil aldri har; "
                            "ingenting er lagret."
                        ).format(name=name, part=part.filename)
                    )
                tail = chunk[-16:]
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, OSError):
        raise TemplateRefused(
            ui("{name} er skadet ({part} kan ikke pakkes ut); ingenting er lagret.").format(
                name=name, part=part.filename
            )
        ) from None


def megabytes(size: int) -> str:
    return f"{decimal(size / 1024 / 1024)} MB"


def open_form(path: Path, form: str, kind: str = NEEDS_KIND) -> tuple[Any, set[str]]:
    """The workbook's cell values, and the cells of the form sheet that hold a formula
    whose value was never worked out (a file written by a program, not a spreadsheet):
    openpyxl reads those as empty, and they must be refused, not read as 0."""
    path = Path(path).expanduser()
    data = read_bytes(path, limit=MAX_FILE, kind=ui("en utfylt {kind}").format(kind=ui(kind)))
    checked_archive(data, path.name, kind)
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False, read_only=True)
        unworked = set()
        if form in values.sheetnames and form in formulas.sheetnames:
            shown = values[form]
            for row in formulas[form].iter_rows():
                for cell in row:
                    ref = getattr(cell, "coordinate", None)
                    if cell.data_type == "f" and ref and shown[ref].value is None:
                        unworked.add(ref)
        formulas.close()
    except Exception:  # noqa: BLE001 - a damaged part fails in any of a dozen ways
        raise TemplateRefused(
            ui(
                "{name} er skadet eller ikke en XLSX-fil (en utfylt {kind}); ingenting er lagret."
            ).format(name=path.name, kind=ui(kind))
        ) from None
    return values, unworked


def refusal(name: str, errors: list[str]) -> str:
    shown = "; ".join(errors[:4])
    more = len(errors) - 4
    if more > 0:
        return ui("{name} er ikke lest inn: {errors} (og {more} feil til).").format(
            name=name, errors=shown, more=more
        )
    end = "" if shown.endswith(("?", ".")) else "."
    return ui("{name} er ikke lest inn: {errors}").format(name=name, errors=shown) + end
