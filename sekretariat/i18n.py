"""Bokmål and nynorsk: the written standards and the message catalogue.

A state body writes to a municipality in the written standard the municipality has adopted
(språklova § 10), so every text a document sends out exists in both. The texts live in
standard gettext catalogues, ``sekretariat/locale/{nb,nn}/LC_MESSAGES/sekretariat.po``,
which a translator edits with any PO editor (Poedit, Lokalize, a text editor) without
reading code. The message ids are the bokmål texts.

The documents' texts are in ``sekretariat.po``, the app's screens in ``app.po``. The ``.po``
files are the only source: Babel reads and compiles them to the ``.mo`` form in memory when
first used, handed to the standard library's ``gettext``, so a fresh ``pip install -e .``
needs no build step and no compiled file can go stale.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.files import write_atomic
from sekretariat.labels import label
from sekretariat.paths import user_cache_file, user_config_file
from sekretariat.translator import N_ as N_  # the bottom layer's: one home, used from here
from sekretariat.translator import install
from sekretariat.translator import ui as ui

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

#: The languages a document or the app can be written in.
LANGUAGES = ("nb", "nn")
#: A municipality's adopted written standard: bokmål, nynorsk or neutral (no choice made:
#: the forum's language is used).
WRITTEN_STANDARDS = ("nb", "nn", "noytral")
#: What a user calls them (the same words in both standards).
STANDARD_NAMES = {"nb": "bokmål", "nn": "nynorsk", "noytral": "nøytral"}
#: The catalogue's gettext domain and where its ``.po`` files are.
DOMAIN = "sekretariat"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: Overrides the user's saved app language (for a session or a test).
LANG_ENV = "SEKRETARIAT_SPRAK"

Translator = Callable[[str], str]


def check_language(lang: str) -> str:
    """``"nb"`` or ``"nn"``, or a Norwegian refusal (a ``ValueError`` the callers turn into
    their own kind of error)."""
    if lang not in LANGUAGES:
        if len(lang) <= 20 and lang.isprintable():
            raise ValueError(
                ui("«{lang}» er ikke et språk; bruk «nb» (bokmål) eller «nn» (nynorsk)").format(
                    lang=lang
                )
            )
        raise ValueError(ui("Det er ikke et språk; bruk «nb» (bokmål) eller «nn» (nynorsk)"))
    return lang


# --------------------------------------------------------------------------- the catalogues
def catalogue_paths(lang: str) -> list[Path]:
    """Every catalogue of a language: the documents' (``sekretariat.po``) and the app's
    screens (``app.po``), in a stable order."""
    return sorted((LOCALE_DIR / check_language(lang) / "LC_MESSAGES").glob("*.po"))


def read_catalogue(path: Path) -> Catalog:
    """A ``.po`` file as Babel reads it (a Norwegian ``ValueError`` naming the file when it
    cannot be read)."""
    from babel.messages.pofile import PoFileError, read_po  # only when a catalogue changed

    try:
        with path.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except (OSError, PoFileError, UnicodeDecodeError) as exc:
        raise ValueError(
            ui("Katalogen {name} kan ikke leses: {problem}").format(name=path.name, problem=exc)
        ) from exc


def compiled(path: Path) -> bytes:
    """The ``.mo`` form of a ``.po`` file. Compiled by Babel the first time this user's runs
    meet this exact text and kept in the user's cache under the text's digest, so a start
    in nynorsk reads a small binary file instead of parsing every catalogue, and an edited
    ``.po`` is compiled afresh (no compiled file can go stale)."""
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:20]
    cached = user_cache_file(f"katalog/{path.parent.parent.name}-{path.stem}-{digest}.mo")
    try:
        return cached.read_bytes()
    except OSError:
        pass
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, read_catalogue(path))
    data = out.getvalue()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, data)
    except OSError:
        pass  # a read-only home: compile again next time
    return data


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogues of a language, read once per process. Fuzzy and untranslated
    messages are left out when compiled, so gettext falls back to the bokmål id."""
    found: gettext.NullTranslations = gettext.NullTranslations()
    for path in reversed(catalogue_paths(lang)):
        layer = gettext.GNUTranslations(io.BytesIO(compiled(path)))
        layer.add_fallback(found)
        found = layer
    return found


def texts(lang: str) -> Translator:
    """The translator a document uses: ``_ = texts(lang)`` and then ``_("bokmål text")``.

    Call it with a literal: the catalogue test finds every ``_("…")`` in the code and
    fails when the catalogues lack it.
    """
    return translations(lang).gettext


def label_text(value: str | None, lang: str = "nb") -> str:
    """The label of an enumeration value (``labels.LABELS``) in a language: every label is
    in the catalogue (the catalogue test checks it)."""
    found = label(value)
    return texts(lang)(found) if found else found


# --------------------------------------------------------------------------- the app's language
def user_language(default: str = "nb") -> str:
    """The language this user has chosen for the app (``SEKRETARIAT_SPRAK`` first, then the
    user's saved choice), or ``default`` (the forum's language) when none is made."""
    env = os.environ.get(LANG_ENV, "").strip()
    if env in LANGUAGES:
        return env
    path = user_config_file("sprak")
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return default
    return saved if saved in LANGUAGES else default


def save_user_language(lang: str) -> Path:
    """Remember this user's app language (a per-user file, not the shared database)."""
    path = user_config_file("sprak")
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, f"{check_language(lang)}\n".encode())


# --------------------------------------------------------------------------- the app's texts
#: The language the app's screens are in, set once at start-up (``set_app_language``)
#: before the screens are imported: their key descriptions are read when a class is made.
_app_language = "nb"


def set_app_language(lang: str) -> None:
    """Choose the app's language for this process (before the screens are imported)."""
    global _app_language
    _app_language = check_language(lang)


def app_language() -> str:
    return _app_language


def _app_text(text: str) -> str:
    """A text of the app in its language: what ``ui`` (``sekretariat.translator``) says
    once this module is imported. Screens import ``ui`` from here as ``_`` and call it
    with a literal, ``_("Lagre")`` or ``_("Sak {case}").format(case=…)``: the catalogue
    test finds every such call and fails when a catalogue lacks it."""
    return translations(_app_language).gettext(text)


install(_app_text)


def ui_label(value: str | None) -> str:
    """The label of an enumeration value in the app's language."""
    return label_text(value, _app_language)
