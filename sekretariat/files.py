"""Writing files: the one atomic writer and the one CSV dialect every export uses.

A file is written to a new temporary file in the target's own folder (created with
``O_EXCL``, so nothing planted there is reused or followed), flushed to disk and renamed
over the target: a failed or interrupted export never leaves half a file, and a reader
sees the old file or the new one. On a shared server the folder may hold files planted
by others, so a target that is a symbolic link is refused rather than followed. Files
with personal data get the mode the caller passes (the database's own: 600, or 660 in
shared mode), whatever the umask.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sekretariat.errors import UserError, os_reason
from sekretariat.translator import ui

#: The mode of a file nobody but its owner may read.
PRIVATE = 0o600

#: Cells a spreadsheet would read as a formula when they start a text cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def check_target(path: Path | str) -> Path:
    """The path to write, or a Norwegian refusal: a folder, a missing folder, a link."""
    target = Path(path).expanduser()
    if target.is_symlink():
        raise UserError(
            ui("{path} er en symbolsk lenke; velg et annet filnavn.").format(path=target)
        )
    if target.is_dir():
        raise UserError(ui("{path} er en mappe; oppgi et filnavn.").format(path=target))
    if not target.parent.is_dir():
        raise UserError(ui("Mappen {folder} finnes ikke.").format(folder=target.parent))
    if not os.access(target.parent, os.W_OK):
        raise UserError(ui("Kan ikke skrive i mappen {folder}.").format(folder=target.parent))
    return target


def _refusal(target: Path, exc: OSError) -> UserError:
    if isinstance(exc, PermissionError):
        return UserError(ui("Har ikke lov til å skrive {path}.").format(path=target))
    return UserError(
        ui("Kan ikke skrive {path}: {reason}.").format(path=target, reason=os_reason(exc))
    )


@contextmanager
def replacing(path: Path | str, *, mode: int = PRIVATE) -> Iterator[Path]:
    """A new empty file beside ``path`` to fill; renamed over ``path`` when the block ends.

    For writers that need a file name (SQLite's backup). If the block raises, the
    temporary file is removed and ``path`` is left as it was.
    """
    target = check_target(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _refusal(target, exc) from None
    tmp = Path(name)
    try:
        os.fchmod(fd, mode)
        os.close(fd)
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        raise _refusal(target, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_file(path: Path | str, *, mode: int = PRIVATE) -> Iterator[BinaryIO]:
    """A binary file object to fill; written to ``path`` atomically when the block ends.

    What is written is held in memory until then (the files are spreadsheets of some
    kilobytes). A library that writes through it and fails half way (openpyxl's zip
    writer on a full disk) thus never meets a closed file when its leftovers are
    collected, which would print a traceback from a destructor.
    """
    target = check_target(path)
    buffer = io.BytesIO()
    try:
        yield buffer
    except OSError as exc:
        raise _refusal(target, exc) from None
    write_atomic(target, buffer.getvalue(), mode=mode)


def write_atomic(path: Path | str, data: bytes, *, mode: int = PRIVATE) -> Path:
    """Write ``data`` to ``path`` atomically; the path written.

    On any failure (a full disk) the temporary file is removed and ``path`` is as it was.
    """
    target = check_target(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _refusal(target, exc) from None
    tmp = Path(name)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        raise _refusal(target, exc) from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def read_bytes(path: Path | str, *, limit: int, kind: str) -> bytes:
    """A whole file's bytes, or a Norwegian refusal: missing, a folder, not a plain file,
    larger than ``limit`` (``kind`` names what it should have been), or unreadable.

    Only a plain file is read: a device or a named pipe may never end (``/dev/zero``) or
    never start, and a size in the file system is no promise, so at most ``limit`` + 1
    bytes are read whatever it says.
    """
    source = Path(path).expanduser()
    try:
        # Non-blocking: opening a named pipe nobody writes to must not hang.
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise UserError(ui("Filen {path} finnes ikke.").format(path=source)) from None
    except OSError as exc:
        raise UserError(
            ui("Kan ikke lese {path}: {reason}.").format(path=source, reason=os_reason(exc))
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UserError(ui("{path} er en mappe, ikke en fil.").format(path=source))
        if not stat.S_ISREG(info.st_mode):
            raise UserError(ui("{path} er ikke en vanlig fil.").format(path=source))
        too_large = UserError(
            ui("{path} er for stor til å være {kind} (høyst {most} MB).").format(
                path=source, kind=kind, most=limit // 1024 // 1024
            )
        )
        if info.st_size > limit:
            raise too_large
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise UserError(
            ui("Kan ikke lese {path}: {reason}.").format(path=source, reason=os_reason(exc))
        ) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise too_large
    return data


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a crash right after must not undo it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def mode_of(path: Path) -> int:
    """A file's read and write bits for its owner and group (600, or 660 when shared).

    Bits for others are never passed on: a copy of personal data is at most as widely
    readable as a shared database is meant to be, even if the file itself is wider.
    """
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o660 | PRIVATE
    except OSError:
        return PRIVATE


# -- CSV ----------------------------------------------------------------------------------


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made plain text.

    Numbers are left alone; text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a leading apostrophe, as spreadsheets themselves write it.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as the CSV a Norwegian spreadsheet expects: semicolons, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def write_csv(path: Path | str, rows: Iterable[Sequence[object]], *, mode: int = PRIVATE) -> Path:
    """Write rows as CSV with a byte-order mark (spreadsheets then read UTF-8), atomically."""
    return write_atomic(path, csv_text(rows).encode("utf-8-sig"), mode=mode)
