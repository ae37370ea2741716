"""Bokmål and nynorsk: the written standards and the message catalogue.

A state body writes to a municipality in the written standard the municipality has adopted
(språklova § 10), so every text a document sends out exists in both. The texts live in
standard gettext catalogues, ``sekretariat/locale/{nb,nn}/LC_MESSAGES/sekretariat.po``,
which a translator edits with any PO editor (Poedit, Lokalize, a text editor) without
reading code. The message ids are the bokmål texts.

The ``.po`` files are the only source: they are compiled to the ``.mo`` form in memory
when first used and handed to the standard library's ``gettext.GNUTranslations``, so a
fresh ``pip install -e .`` needs no build step and no compiled file can go stale.
"""

from __future__ import annotations

import ast
import gettext
import io
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sekretariat.files import write_atomic
from sekretariat.labels import label
from sekretariat.paths import user_config_file

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


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def check_language(lang: str) -> str:
    """``"nb"`` or ``"nn"``, or a Norwegian refusal (a ``ValueError`` the callers turn into
    their own kind of error)."""
    if lang not in LANGUAGES:
        raise ValueError(f"«{lang}» er ikke et språk; bruk «nb» (bokmål) eller «nn» (nynorsk)")
    return lang


# --------------------------------------------------------------------------- reading .po
@dataclass
class Entry:
    """One message of a catalogue: its id, its plural id, its translations and flags."""

    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    line: int = 0


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise ValueError(f"{where}: en tekst i katalogen skal stå i anførselstegn")
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError(f"{where}: ikke en tekst")
    return value


def read_po(path: Path) -> list[Entry]:
    """The entries of a ``.po`` file (the header, msgid "", included), in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which field continuation lines extend
    fuzzy = False

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}, linje {number}"
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{where}: en fortsettelseslinje uten felt foran")
            name, index = target
            value = _unquote(line, where)
            if name == "msgid":
                current.msgid += value
            elif name == "msgid_plural":
                current.msgid_plural += value
            elif name == "msgctxt":
                current.msgctxt = (current.msgctxt or "") + value
            else:
                current.msgstr[index] += value
            continue
        if keyword == "msgctxt" or (keyword == "msgid" and (current is None or current.msgstr)):
            finish()
            current = Entry("", fuzzy=fuzzy, line=number)
            fuzzy = False
        if current is None:
            raise ValueError(f"{where}: «{keyword}» før en msgid")
        if keyword == "msgctxt":
            current.msgctxt = _unquote(rest, where)
            target = ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid = _unquote(rest, where)
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural = _unquote(rest, where)
            target = ("msgid_plural", 0)
        elif keyword == "msgstr":
            current.msgstr[0] = _unquote(rest, where)
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            current.msgstr[index] = _unquote(rest, where)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{where}: ukjent nøkkelord «{keyword}»")
    finish()
    return entries


def compile_mo(entries: list[Entry]) -> bytes:
    """The GNU ``.mo`` form of the entries (what ``msgfmt`` writes), fuzzy and untranslated
    messages left out so that gettext falls back to the id, as msgfmt does."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        strings = [entry.msgstr[i] for i in sorted(entry.msgstr)]
        if entry.msgid and (entry.fuzzy or not all(strings)):
            continue
        key = entry.msgid if not entry.msgid_plural else f"{entry.msgid}\0{entry.msgid_plural}"
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        messages[key.encode()] = "\0".join(strings).encode()
    keys = sorted(messages)
    ids = b""
    strs = b""
    offsets = []
    for raw in keys:
        offsets.append((len(ids), len(raw), len(strs), len(messages[raw])))
        ids += raw + b"\0"
        strs += messages[raw] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    key_table = []
    value_table = []
    for id_at, id_len, str_at, str_len in offsets:
        key_table += [id_len, start + id_at]
        value_table += [str_len, start + len(ids) + str_at]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    tables = struct.pack(f"{len(key_table)}i", *key_table)
    tables += struct.pack(f"{len(value_table)}i", *value_table)
    return header + tables + ids + strs


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.GNUTranslations:
    """The catalogue of a language, read once per process."""
    entries = read_po(catalogue_path(check_language(lang)))
    return gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))


def texts(lang: str) -> Translator:
    """The translator a document uses: ``_ = texts(lang)`` and then ``_("bokmål text")``.

    Call it with a literal: the catalogue test finds every ``_("…")`` in the code and
    fails when the catalogues lack it.
    """
    return translations(lang).gettext


def N_(text: str) -> str:
    """Marks a bokmål text kept as data (a principle of the plan) for the catalogue; it is
    translated where it is shown, with ``texts(lang)(text)`` (gettext's ``gettext_noop``)."""
    return text


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
    except OSError:
        return default
    return saved if saved in LANGUAGES else default


def save_user_language(lang: str) -> Path:
    """Remember this user's app language (a per-user file, not the shared database)."""
    path = user_config_file("sprak")
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, f"{check_language(lang)}\n".encode())
