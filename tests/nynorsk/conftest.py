"""The app in nynorsk: these tests run in their own pytest process.

The app's language is chosen once, before the screens are imported (their key
descriptions are read when their classes are made), so the nynorsk tests cannot share a
process with the bokmål ones. ``make test`` runs them apart with
``SEKRETARIAT_SPRAK=nn pytest tests/nynorsk``; the main run leaves this folder out
(``tests/conftest.py``).
"""

from __future__ import annotations

import os

from sekretariat.i18n import app_language, set_app_language

set_app_language(os.environ.get("SEKRETARIAT_SPRAK", "nn"))
assert app_language() == "nn", "kjør med SEKRETARIAT_SPRAK=nn (make test gjer det)"
