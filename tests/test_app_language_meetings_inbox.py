"""The meetings and inbox screens in the app's language (issue 19): the screens' own copies
of core words say the same as the core in bokmål, and the columns make room for nynorsk."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from screens.inbox import STATE_WIDTH
from screens.meetings import STATUS_WIDTH
from sekretariat.domain import needs
from sekretariat.domain.checkout import CheckoutInfo

ROOT = Path(__file__).resolve().parent.parent


def test_the_screens_bokmal_words_are_the_cores() -> None:
    assert needs.FIELD_LABELS["owners"] == "Eiere"
    out = CheckoutInfo(
        "t", "server", 1, dt.date(2027, 1, 21), "kari", "kari-laptop",
        dt.datetime(2027, 1, 20, 10, 12), "out", None, "",
    )  # fmt: skip
    assert out.line == "Sjekket ut til kari på kari-laptop 20.01.2027 kl. 10.12"
    # «Utsjekket» (9) and «Behandles v2» after a space (13): the widths the tables had.
    assert (STATUS_WIDTH, STATE_WIDTH) == (9, 13)


def test_in_nynorsk_the_columns_fit_the_longer_words() -> None:
    # The language is chosen before the screens are imported: a fresh interpreter.
    script = (
        "from sekretariat.i18n import set_app_language\n"
        "set_app_language('nn')\n"
        "from screens import inbox, meetings\n"
        "from sekretariat.domain import needs\n"
        "from sekretariat.i18n import ui\n"
        "print(meetings.STATUS_WIDTH, inbox.STATE_WIDTH,"
        " ui(needs.FIELD_LABELS['owners']), meetings.STATUS_ACTIONS['held'], sep='|')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    # «Gjennomført» is 11; a space, «Behandlast» and « v9» is 14.
    assert done.stdout.strip().split("|") == [
        "11",
        "14",
        "Eigarar",
        "Møtet er gjennomført",
    ]
