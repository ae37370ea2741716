"""From an exchange file's text to its checked rows, within limits a person's file never nears.

The text is parsed with ``tomli`` here, in this process: the parser the standard
library's ``tomllib`` was made from, with the same results, but published compiled, so
a 25 MB file parses in 5 s instead of 17. A text that is too large, has a line too long
or nests too deep is refused with one Norwegian sentence before (or instead of) anything
slower, so no file can make an import hang.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomli

from sekretariat.errors import ImportRefused, UserError
from sekretariat.exchange.check import check_document
from sekretariat.exchange.locate import Locator
from sekretariat.exchange.spec import MAX_DEPTH
from sekretariat.values import MAX_TEXT

MAX_FILE_BYTES = 50 * 1024 * 1024
#: The longest line: the longest text a key may hold, every character escaped (``\"``).
MAX_LINE = 2 * MAX_TEXT + 1_000

_TOML_REASONS = {
    "Invalid value": "ugyldig verdi",
    "Expected '=' after a key in a key/value pair": "forventet «=» etter nøkkelen",
    "Cannot overwrite a value": "nøkkelen står to ganger",
    "Cannot declare": "tabellen er deklarert to ganger",
    "Unclosed array": "listen er ikke lukket",
    "Unterminated string": "teksten er ikke avsluttet",
    "Invalid statement": "ugyldig linje",
    "Illegal character": "ulovlig tegn",
    "Invalid date or datetime": "ugyldig dato",
}
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_AT_END = re.compile(r" *\(at line \d+, column \d+\)$|\(at end of document\)$")


def read_file(path: Path) -> str:
    """Read an exchange file as UTF-8 text, with a Norwegian message for every failure."""
    path = Path(path).expanduser()
    if not path.exists():
        raise UserError(f"Filen {path} finnes ikke.")
    if path.is_dir():
        raise UserError(f"{path} er en mappe, ikke en fil.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"{path} er for stor til å være en utvekslingsfil.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Kan ikke lese {path}: {exc.strerror}.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path}: filen er ikke UTF-8 (byte {exc.start}). Ingenting ble importert."
        ) from None


def _refuse(source: str, what: str) -> ImportRefused:
    return ImportRefused(f"{source}: {what}. Ingenting ble importert.")


def _check_size(text: str, source: str) -> None:
    if len(text) > MAX_FILE_BYTES:
        raise _refuse(source, "filen er for stor til å være en utvekslingsfil")
    lines = text.split("\n")
    if max(map(len, lines)) > MAX_LINE:
        number = next(i for i, line in enumerate(lines, start=1) if len(line) > MAX_LINE)
        raise _refuse(
            source,
            f"linje {number} er for lang ({len(lines[number - 1])} tegn; høyst {MAX_LINE})",
        )


def load(text: str, source: str) -> dict[str, Any]:
    """``tomli.loads(text)``, its errors as one Norwegian sentence naming line and column."""
    _check_size(text, source)
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = str(exc)
        at = _AT.search(message)
        reason = _AT_END.sub("", message).strip()
        reason = _TOML_REASONS.get(reason, reason)
        where = f"{source}, linje {at[1]}, kolonne {at[2]}" if at else source
        raise _refuse(where, f"ugyldig TOML ({reason})") from None
    except RecursionError:
        raise _refuse(
            source,
            f"lister eller tabeller er nestet for dypt inni hverandre (høyst {MAX_DEPTH} nivåer)",
        ) from None


def parse(text: str, source: str) -> tuple[dict[str, Any], Locator]:
    """Parse and check a whole file; raise ``ImportRefused`` naming every problem found."""
    raw = load(text, source)
    locator = Locator(text)
    return check_document(raw, source, locator), locator
