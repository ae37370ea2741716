"""The app's translator, for the modules at the bottom of the house.

``formats``, ``values``, ``errors`` and ``files`` say things a user reads (a date that is
not a date, a full disk), but they sit below the message catalogue: ``i18n`` reads the
``.po`` files with ``files`` and ``paths``, so it cannot be imported here. Instead ``i18n``
hands its translator in when it is imported (``install``), and the bottom modules call
``ui("…")`` as every other module does. Before that (a bottom module used alone, as in a
unit test of ``formats``) a text is its own bokmål message id.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] = str


def install(translate: Callable[[str], str]) -> None:
    """Make ``ui`` speak through ``translate`` (called once, by ``i18n``)."""
    global _translate
    _translate = translate


def ui(text: str) -> str:
    """A text of the app in its language: call it with a literal, ``ui("Datoen mangler.")``
    (the catalogue test finds every such call and fails when a catalogue lacks it)."""
    return _translate(text)


def N_(text: str) -> str:
    """Marks a bokmål text kept as data (a table of words) for the catalogue; it is
    translated where it is shown, with ``ui(text)`` (gettext's ``gettext_noop``)."""
    return text
