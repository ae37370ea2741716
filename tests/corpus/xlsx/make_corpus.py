"""Write the corpus of hostile XLSX files: filled needs-report templates gone wrong.

Each file starts from the template ``sekretariat templates`` writes, filled in as a
network would (``good.xlsx``, which is read in whole), and breaks one thing: a cell, a
part of the zip file, or the zip file itself. Every file but ``good.xlsx`` must be
refused with one Norwegian sentence, in under 2 s and 200 MB (tests/test_hostile_corpus.py).

Run from the repository's root to write them again: ``python tests/corpus/xlsx/make_corpus.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).parent
SHEET = "xl/worksheets/sheet2.xml"  # the form (Behovsmelding); sheet1 is the guide


def template() -> bytes:
    from sekretariat.documents.needs_templates import write_template
    from sekretariat.domain.needs import Limits

    out = HERE / ".template.xlsx"
    write_template(
        out,
        forum="Samarbeidsforum Test",
        region_code="valdres",
        region_name="Valdres",
        year=2028,
        due=dt.date(2027, 12, 1),
        themes=[("inkludering", "Fremme inkludering")],
        limits=Limits.of(None),
    )
    data = out.read_bytes()
    out.unlink()
    return data


def filled(change: Callable[..., None] | None = None) -> bytes:
    """The template filled in as a network would, then ``change(sheet)`` applied."""
    wb = load_workbook(io.BytesIO(template()))
    ws = wb["Behovsmelding"]
    ws["C11"] = "Behovet er stort i barnehagene."
    ws["C12"] = "Vi møtes hver måned."
    ws["C13"] = "Valdres kommune"
    ws["C14"] = "Høgskolen i Innlandet"
    ws["C15"] = "To dager per ansatt."
    for ref, amount in {"C18": 100_000, "C19": 50_000, "C21": 75_000, "C22": 75_000}.items():
        ws[ref] = amount
    for ref, value in zip(
        ("A29", "B29", "C29", "D29", "E29"),
        ("Språkløftet", "begge", 150_000, 2028, 2028),
        strict=True,
    ):
        ws[ref] = value
    ws["C47"] = "x"
    if change is not None:
        change(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def set_cell(ref: str, value: object) -> Callable[..., None]:
    def change(ws: object) -> None:
        ws[ref] = value  # type: ignore[index]

    return change


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def with_part(name: str, edit: Callable[[bytes], bytes]) -> bytes:
    members = parts(filled())
    members[name] = edit(members[name])
    return rezip(members)


def cell_xml(ref: str, inner: str) -> Callable[[bytes], bytes]:
    """Replace cell ``ref`` of the form sheet by ``<c r="ref" ...>inner</c>``."""

    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        start = text.index(f'<c r="{ref}"')
        end = text.index("</c>", start) + 4
        return (text[:start] + f'<c r="{ref}"{inner}</c>' + text[end:]).encode()

    return edit


def bomb_cell() -> bytes:
    """A cell of 400 MB of «a» in the form sheet: about 400 kB packed, 874 MB in openpyxl."""
    members = parts(filled())
    head, tail = members[SHEET].split(b'<c r="C11"', 1)
    tail = tail[tail.index(b"</c>") + 4 :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            if name != SHEET:
                z.writestr(name, body)
        with z.open(SHEET, "w", force_zip64=True) as fh:
            fh.write(head + b'<c r="C11" t="inlineStr"><is><t>')
            block = b"a" * (1 << 20)
            for _ in range(400):
                fh.write(block)
            fh.write(b"</t></is></c>" + tail)
    return out.getvalue()


def lying_sizes() -> bytes:
    """The form sheet's zip directory says 2 kB; it unpacks to 50 MB."""
    members = parts(filled())
    big = cell_xml("C11", ' t="inlineStr"><is><t>' + "b" * (50 << 20) + "</t></is>")(members[SHEET])
    data = bytearray(rezip({**members, SHEET: big}))
    return bytes(_patch_sizes(data, SHEET.encode(), 2048))


def _patch_sizes(data: bytearray, name: bytes, size: int) -> bytearray:
    """Write ``size`` as the unpacked size of ``name`` in its local and central headers."""
    at = data.find(b"PK\x03\x04")  # local headers
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 26)[0]
        if data[at + 30 : at + 30 + name_len] == name:
            struct.pack_into("<I", data, at + 22, size)
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    return data


def encrypted_flag() -> bytes:
    """The form sheet marked as encrypted (zipfile cannot read it without a password)."""
    data = bytearray(filled())
    name = SHEET.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == name:
            flags = struct.unpack_from("<H", data, at + 8)[0]
            struct.pack_into("<H", data, at + 8, flags | 1)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def damaged_part() -> bytes:
    """Bytes in the middle of the packed form sheet flipped: it unpacks wrong (or not)."""
    data = bytearray(filled())
    name = SHEET.encode()
    at = data.find(b"PK\x03\x04")
    while at >= 0:
        name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
        if data[at + 30 : at + 30 + name_len] == name:
            body = at + 30 + name_len + extra_len
            for i in range(body + 200, body + 260):
                data[i] ^= 0x5A
            break
        at = data.find(b"PK\x03\x04", at + 4)
    return bytes(data)


def tiny_cells() -> bytes:
    """The form sheet padded with 1.5 MB of tiny numeric cells beyond the form."""

    def edit(xml: bytes) -> bytes:
        rows = []
        size = 0
        row = 200
        while size < 1.5 * (1 << 20):
            cells = "".join(f'<c r="{col}{row}"><v>1</v></c>' for col in "FGHIJKLMNO")
            rows.append(f'<row r="{row}">{cells}</row>')
            size += len(rows[-1])
            row += 1
        return xml.replace(b"</sheetData>", "".join(rows).encode() + b"</sheetData>")

    return with_part(SHEET, edit)


def many_parts() -> bytes:
    members = parts(filled())
    for i in range(5_000):
        members[f"xl/media/tom{i}.bin"] = b""
    return rezip(members, zipfile.ZIP_STORED)


def laughs() -> bytes:
    """Entities that multiply (the «billion laughs») in the form sheet."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )

    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        head, body = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
        doctype = f"<!DOCTYPE worksheet [{entities}]>"
        body = body.replace("<t>Behovet", "<t>&lol9;Behovet", 1)
        return ((head + "?>" if head else "") + doctype + body).encode()

    return with_part(SHEET, edit)


def truncated_xml() -> bytes:
    return with_part(SHEET, lambda xml: xml[: len(xml) // 2])


def no_form_sheet() -> bytes:
    def change(ws: object) -> None:
        ws.title = "Skjema"  # type: ignore[attr-defined]

    return filled(change)


CORPUS: dict[str, Callable[[], bytes]] = {
    # read in whole: the control that shows the others fail for what they break
    "good": filled,
    # the zip file
    "empty": lambda: b"",
    "not-a-zip": lambda: b"Dette er ikke et regneark.\n" * 100,
    "truncated": lambda: filled()[:3000],
    "damaged-part": damaged_part,
    "encrypted-part": encrypted_flag,
    "many-parts": many_parts,
    # compressed bombs and parts too large
    "bomb-cell": bomb_cell,
    "lying-sizes": lying_sizes,
    "tiny-cells": tiny_cells,
    # the XML inside
    "truncated-xml": truncated_xml,
    "billion-laughs": laughs,
    "no-form-sheet": no_form_sheet,
    "moved-rows": lambda: filled(set_cell("A18", "Noe annet")),
    # formulas
    "formula-without-value": lambda: with_part(SHEET, cell_xml("C18", "><f>1000*2</f>")),
    "formula-theme-mark": lambda: with_part(SHEET, cell_xml("C47", ' t="str"><f>"x"</f>')),
    # numbers beyond the limits
    "huge-amount": lambda: filled(set_cell("C18", 10**15)),
    "huge-float-amount": lambda: with_part(SHEET, cell_xml("C19", "><v>1E+300</v>")),
    "endless-amount": lambda: filled(set_cell("C21", "9" * 5_000)),
    "unicode-digits": lambda: filled(set_cell("C22", "²³")),
    "negative-amount": lambda: filled(set_cell("C29", -5)),
    "fraction-amount": lambda: filled(set_cell("C18", 1000.5)),
    "infinite-amount": lambda: with_part(SHEET, cell_xml("C18", "><v>INF</v>")),
    "year-out-of-range": lambda: filled(set_cell("C7", 99_999)),
    "year-as-date": lambda: filled(set_cell("D29", dt.datetime(2028, 1, 1))),
    "endless-year": lambda: filled(set_cell("E29", "2" * 5_000)),
    # texts
    "line-break-in-title": lambda: filled(set_cell("A29", "Språk\nløftet")),
    "line-separator-in-code": lambda: filled(set_cell("C6", "valdres\u2028x")),
    # XML itself has no place for most control characters; DEL it has
    "control-character": lambda: with_part(
        SHEET, cell_xml("C11", ' t="inlineStr"><is><t>Behov\x7fet</t></is>')
    ),
    "too-long-text": lambda: with_part(
        SHEET, cell_xml("C12", ' t="inlineStr"><is><t>' + "å" * 150_000 + "</t></is>")
    ),
    # what the form says
    "unknown-network": lambda: filled(set_cell("C6", "ukjent")),
    "unknown-theme": lambda: filled(set_cell("B47", "ukjent")),
    "wrong-year": lambda: filled(set_cell("C7", 2031)),
    "no-year": lambda: filled(set_cell("C7", None)),
    "end-before-start": lambda: filled(set_cell("E29", 2027)),
    "no-title": lambda: filled(set_cell("A29", None)),
    "unknown-target": lambda: filled(set_cell("B29", "universitet")),
}


def main() -> None:
    sys.path.insert(0, str(HERE.parents[2]))
    for name, make in CORPUS.items():
        (HERE / f"{name}.xlsx").write_bytes(make())
        print(name)


if __name__ == "__main__":
    main()
