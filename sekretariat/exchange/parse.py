"""From an exchange file's text to its checked rows, within limits a person's file never nears.

The text is parsed with ``tomli`` here, in this process: the parser the standard
library's ``tomllib`` was made from, with the same results, but published compiled, so
a 25 MB file parses in 5 s instead of 17. A text that is too large, has a line too long
or nests too deep is refused with one Norwegian sentence before (or instead of) anything
slower, so no file can make an import hang.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import tomli

from sekretariat.errors import ImportRefused
from sekretariat.exchange.check import check_document
from sekretariat.exchange.locate import Locator
from sekretariat.exchange.spec import MAX_DEPTH
from sekretariat.files import read_bytes
from sekretariat.i18n import N_, ui
from sekretariat.limits import MAX_TEXT

MAX_FILE_BYTES = 50 * 1024 * 1024
#: The longest line: the longest text a key may hold, every character escaped (``\"``).
MAX_LINE = 2 * MAX_TEXT + 1_000

#: tomli's messages (all of them, as its source has them) in Norwegian: (English pattern,
#: Norwegian with ``{found}`` for what the pattern's group names, shown readably), the
#: Norwegian translated where shown.
_TOML_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), norwegian)
    for pattern, norwegian in (
        (r"Invalid statement", N_("ugyldig linje")),
        (r"Expected newline or end of document after a statement", N_("ventet linjeskift")),
        (r"Expected '=' after a key in a key/value pair", N_("ventet «=» etter nøkkelen")),
        (r"Expected '\]' at the end of a table declaration", N_("ventet «]» etter tabellnavnet")),
        (
            r"Expected '\]\]' at the end of an array declaration",
            N_("ventet «]]» etter tabellnavnet"),
        ),
        (r"Expected (.+)", N_("ventet {found} før filen slutter")),
        (r"Found invalid character (.+)", N_("ulovlig tegn {found}")),
        (r"Illegal character (.+)", N_("ulovlig tegn {found}")),
        (r"Cannot declare (.+) twice", N_("tabellen {found} står to ganger")),
        (r"Cannot overwrite a value", N_("nøkkelen står to ganger")),
        (r"Cannot mutate immutable namespace (.+)", N_("{found} er allerede gitt en verdi")),
        (r"Cannot redefine namespace (.+)", N_("tabellen {found} er allerede definert")),
        (
            r"Invalid initial character for a key part",
            N_("ugyldig tegn i starten av en nøkkel"),
        ),
        (r"Unclosed array", N_("listen er ikke lukket")),
        (r"Duplicate inline table key (.+)", N_("nøkkelen {found} står to ganger i tabellen")),
        (r"Unclosed inline table", N_("tabellen {{ … }} er ikke lukket")),
        (r"Unescaped '\\' in a string", N_("en «\\» i en tekst er ikke en gyldig escape")),
        (r"Invalid hex value", N_("ugyldig tegnkode (\\u eller \\U) i en tekst")),
        (
            r"Escaped character is not a Unicode scalar value",
            N_("tegnkoden (\\u eller \\U) i en tekst er ikke et tegn"),
        ),
        (r"Unterminated string", N_("teksten er ikke avsluttet")),
        (r"Invalid date or datetime", N_("ugyldig dato eller tidspunkt")),
        (r"Invalid value", N_("ugyldig verdi")),
    )
)
#: A whole number longer than Python converts (4 300 digits); tomli lets that error out.
_ENDLESS_NUMBER = re.compile(r"[0-9_]{4300}")


def _shown(found: str) -> str:
    """What tomli quotes in a message (a character's or a key's ``repr``), readably."""
    try:
        value = ast.literal_eval(found)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return found
    if isinstance(value, str) and len(value) == 1 and not value.isprintable():
        return f"U+{ord(value):04X}"
    if isinstance(value, tuple):
        value = ".".join(str(part) for part in value)
    return f"«{value}»"


def toml_reason(message: str) -> str:
    """One of tomli's messages (``TOMLDecodeError.msg``) in Norwegian."""
    for pattern, norwegian in _TOML_REASONS:
        found = pattern.fullmatch(message)
        if found:
            groups = found.groups()  # one at most
            return ui(norwegian).format(found=_shown(groups[0]) if groups else "")
    return ui("ugyldig TOML")


def read_file(path: Path) -> str:
    """Read an exchange file as UTF-8 text, with a Norwegian message for every failure."""
    path = Path(path).expanduser()
    data = read_bytes(path, limit=MAX_FILE_BYTES, kind=ui("en utvekslingsfil"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            ui("{file}: filen er ikke UTF-8 (byte {byte}). Ingenting ble importert.").format(
                file=path, byte=exc.start
            )
        ) from None


def _check_size(text: str, source: str) -> None:
    if len(text) > MAX_FILE_BYTES:
        raise ImportRefused(
            ui(
                "{source}: filen er for stor til å være en utvekslingsfil. Ingenting ble importert."
            ).format(source=source)
        )
    lines = text.split("\n")
    if max(map(len, lines)) > MAX_LINE:
        number = next(i for i, line in enumerate(lines, start=1) if len(line) > MAX_LINE)
        raise ImportRefused(
            ui(
                "{source}: linje {line} er for lang ({length} tegn; høyst {most}). "
                "Ingenting ble importert."
            ).format(source=source, line=number, length=len(lines[number - 1]), most=MAX_LINE)
        )


def load(text: str, source: str) -> dict[str, Any]:
    """``tomli.loads(text)``, its errors as one Norwegian sentence naming line and column."""
    _check_size(text, source)
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise ImportRefused(
            ui(
                "{source}, linje {line}, kolonne {column}: ugyldig TOML ({reason}). "
                "Ingenting ble importert."
            ).format(source=source, line=exc.lineno, column=exc.colno, reason=toml_reason(exc.msg))
        ) from None
    except ValueError:  # not TOML's own: a number with more digits than Python reads
        found = _ENDLESS_NUMBER.search(text)
        if found is None:
            raise ImportRefused(
                ui("{source}: et tall har for mange sifre. Ingenting ble importert.").format(
                    source=source
                )
            ) from None
        raise ImportRefused(
            ui(
                "{source}, linje {line}: et tall har for mange sifre. Ingenting ble importert."
            ).format(source=source, line=text.count("\n", 0, found.start()) + 1)
        ) from None
    except RecursionError:
        raise ImportRefused(
            ui(
                "{source}: lister eller tabeller er nestet for dypt inni hverandre "
                "(høyst {most} nivåer). Ingenting ble importert."
            ).format(source=source, most=MAX_DEPTH)
        ) from None


def parse(text: str, source: str) -> tuple[dict[str, Any], Locator]:
    """Parse and check a whole file; raise ``ImportRefused`` naming every problem found."""
    raw = load(text, source)
    locator = Locator(text)
    return check_document(raw, source, locator), locator
