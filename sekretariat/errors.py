"""Errors that reach users. Their message is one clear Norwegian sentence.

What the system says when a file cannot be read or written (``strerror``) and what SQLite
says about a database file are English; ``os_reason`` and ``database_reason`` put them in
Norwegian, here and nowhere else, for every message that names such a failure.
"""

from __future__ import annotations

import errno


def shown(text: str) -> str:
    """What someone typed or a file held, as a message quotes it: on one line (every run of
    white space, line breaks too, one space) and not endless (a long text is cut)."""
    text = " ".join(str(text).split())
    return text if len(text) <= 40 else f"{text[:30]}…"


class UserError(Exception):
    """A mistake the user can fix; shown as-is, never with a traceback."""


class DatabaseRefused(UserError):
    """The database file cannot be used (not a database, newer version, foreign file)."""


class ImportRefused(UserError):
    """An exchange file was refused as a whole; nothing was imported."""


class RuleViolation(UserError):
    """A domain rule (quota, eligibility, overlap, deadline) would be broken."""


_ERRNO_NB = {
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten din er brukt opp",
    errno.EFBIG: "filen blir for stor for filsystemet",
    errno.EACCES: "du har ikke tilgang",
    errno.EPERM: "det er ikke tillatt",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENOENT: "filen eller mappen finnes ikke",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EISDIR: "det er en mappe",
    errno.EEXIST: "den finnes fra før",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ELOOP: "stien har for mange symbolske lenker",
    errno.EIO: "lese- eller skrivefeil på disken",
    errno.ENXIO: "enheten finnes ikke",
    errno.ENODEV: "enheten finnes ikke",
    errno.EMFILE: "programmet har for mange filer åpne",
    errno.ENFILE: "systemet har for mange filer åpne",
    errno.ENOMEM: "det er ikke nok minne",
    errno.EBUSY: "filen er i bruk",
    errno.ETXTBSY: "filen er i bruk",
    errno.EAGAIN: "filen er midlertidig utilgjengelig",
    errno.EINTR: "det ble avbrutt",
    errno.ESTALE: "nettverksstasjonen har mistet filen",
    errno.ETIMEDOUT: "nettverksstasjonen svarer ikke",
    errno.EXDEV: "den ligger på en annen disk",
    errno.ENOTEMPTY: "mappen er ikke tom",
    errno.EINVAL: "navnet eller stien er ugyldig",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Norwegian: ``"disken er full"``."""
    if exc.errno in _ERRNO_NB:
        return _ERRNO_NB[exc.errno]
    name = errno.errorcode.get(exc.errno, "") if isinstance(exc.errno, int) else ""
    return f"systemfeil {name or exc.errno}" if name or exc.errno else "ukjent systemfeil"


#: SQLite's primary result codes (``sqlite_errorname`` up to the first ``_`` after
#: ``SQLITE_``) that say something about the file or the machine, not about the program.
_SQLITE_NB = {
    "SQLITE_CORRUPT": "databasefilen er skadet",
    "SQLITE_NOTADB": "filen er ikke en database",
    "SQLITE_FULL": "disken er full",
    "SQLITE_IOERR": "lese- eller skrivefeil på disken",
    "SQLITE_READONLY": "databasen er skrivebeskyttet",
    "SQLITE_CANTOPEN": "databasefilen kan ikke åpnes",
    "SQLITE_PERM": "du har ikke tilgang til databasefilen",
    "SQLITE_AUTH": "du har ikke tilgang til databasefilen",
    "SQLITE_BUSY": "databasen er opptatt hos en annen bruker",
    "SQLITE_LOCKED": "databasen er opptatt hos en annen bruker",
    "SQLITE_NOMEM": "det er ikke nok minne",
    "SQLITE_PROTOCOL": "databasen er opptatt hos en annen bruker",
    "SQLITE_NOLFS": "filsystemet kan ikke holde så store filer",
}


def database_reason(exc: BaseException) -> str | None:
    """Why SQLite refused, in Norwegian, when the reason is the file or the machine (a
    damaged file, a full disk); None for anything else, which is a fault in the program.

    Takes SQLite's own error or one that wraps it (SQLAlchemy keeps it as ``orig``).
    """
    for error in (exc, getattr(exc, "orig", None), exc.__cause__):
        name = getattr(error, "sqlite_errorname", None)
        if isinstance(name, str):
            primary = "_".join(name.split("_")[:2])
            return _SQLITE_NB.get(primary)
    return None
