"""Errors that reach users. Their message is one clear Norwegian sentence.

What the system says when a file cannot be read or written (``strerror``) and what SQLite
says about a database file are English; ``os_reason`` and ``database_reason`` put them in
Norwegian, here and nowhere else, for every message that names such a failure.
"""

from __future__ import annotations

import errno

from sekretariat.translator import N_, ui


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
    errno.ENOSPC: N_("disken er full"),
    errno.EDQUOT: N_("diskkvoten din er brukt opp"),
    errno.EFBIG: N_("filen blir for stor for filsystemet"),
    errno.EACCES: N_("du har ikke tilgang"),
    errno.EPERM: N_("det er ikke tillatt"),
    errno.EROFS: N_("filsystemet er skrivebeskyttet"),
    errno.ENOENT: N_("filen eller mappen finnes ikke"),
    errno.ENOTDIR: N_("en del av stien er ikke en mappe"),
    errno.EISDIR: N_("det er en mappe"),
    errno.EEXIST: N_("den finnes fra før"),
    errno.ENAMETOOLONG: N_("navnet er for langt"),
    errno.ELOOP: N_("stien har for mange symbolske lenker"),
    errno.EIO: N_("lese- eller skrivefeil på disken"),
    errno.ENXIO: N_("enheten finnes ikke"),
    errno.ENODEV: N_("enheten finnes ikke"),
    errno.EMFILE: N_("programmet har for mange filer åpne"),
    errno.ENFILE: N_("systemet har for mange filer åpne"),
    errno.ENOMEM: N_("det er ikke nok minne"),
    errno.EBUSY: N_("filen er i bruk"),
    errno.ETXTBSY: N_("filen er i bruk"),
    errno.EAGAIN: N_("filen er midlertidig utilgjengelig"),
    errno.EINTR: N_("det ble avbrutt"),
    errno.ESTALE: N_("nettverksstasjonen har mistet filen"),
    errno.ETIMEDOUT: N_("nettverksstasjonen svarer ikke"),
    errno.EXDEV: N_("den ligger på en annen disk"),
    errno.ENOTEMPTY: N_("mappen er ikke tom"),
    errno.EINVAL: N_("navnet eller stien er ugyldig"),
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Norwegian: ``"disken er full"``."""
    if exc.errno in _ERRNO_NB:
        return ui(_ERRNO_NB[exc.errno])
    name = errno.errorcode.get(exc.errno, "") if isinstance(exc.errno, int) else ""
    if name or exc.errno:
        return ui("systemfeil {code}").format(code=name or exc.errno)
    return ui("ukjent systemfeil")


#: SQLite's primary result codes (``sqlite_errorname`` up to the first ``_`` after
#: ``SQLITE_``) that say something about the file or the machine, not about the program.
_SQLITE_NB = {
    "SQLITE_CORRUPT": N_("databasefilen er skadet"),
    "SQLITE_NOTADB": N_("filen er ikke en database"),
    "SQLITE_FULL": N_("disken er full"),
    "SQLITE_IOERR": N_("lese- eller skrivefeil på disken"),
    "SQLITE_READONLY": N_("databasen er skrivebeskyttet"),
    "SQLITE_CANTOPEN": N_("databasefilen kan ikke åpnes"),
    "SQLITE_PERM": N_("du har ikke tilgang til databasefilen"),
    "SQLITE_AUTH": N_("du har ikke tilgang til databasefilen"),
    "SQLITE_BUSY": N_("databasen er opptatt hos en annen bruker"),
    "SQLITE_LOCKED": N_("databasen er opptatt hos en annen bruker"),
    "SQLITE_NOMEM": N_("det er ikke nok minne"),
    "SQLITE_PROTOCOL": N_("databasen er opptatt hos en annen bruker"),
    "SQLITE_NOLFS": N_("filsystemet kan ikke holde så store filer"),
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
            reason = _SQLITE_NB.get(primary)
            return ui(reason) if reason else None
    return None
