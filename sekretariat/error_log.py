"""The error log: where unexpected errors are written in full, with their traceback.

The screen or the command line shows one Norwegian sentence; the details a maintainer
needs go to this file in the user log directory.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from platformdirs import user_log_path


def error_log_path() -> Path:
    """Where unexpected errors are written in full (the app and the CLI alike)."""
    return user_log_path("sekretariat") / "feil.log"


def log_failure(error: BaseException) -> Path | None:
    """Append an unexpected error with its traceback to the error log.

    Returns the log's path (None when even the log cannot be written).
    """
    try:
        path = error_log_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The user's own log folder; a link planted in its place is not followed.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} pid {os.getpid()}\n")
            fh.write("".join(traceback.format_exception(error)))
        return path
    except OSError:
        return None
