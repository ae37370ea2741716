"""The texts the minutes, the agenda and the roll call build while the app runs follow the
app's language (issue 19): nynorsk when it is chosen, bokmål otherwise."""

from collections.abc import Iterator

import pytest
from language_words import foreign_words

from screens.agenda import checklist_text
from screens.minutes_dialogs import roll_call_line
from sekretariat.domain.agenda import principle_checklist
from sekretariat.domain.meetings import GUEST_KEY, AttendanceRow
from sekretariat.i18n import app_language, set_app_language


@pytest.fixture
def nynorsk() -> Iterator[None]:
    before = app_language()
    set_app_language("nn")
    try:
        yield
    finally:
        set_app_language(before)


def _row(status: str = "", key: str = "kari", note: str = "") -> AttendanceRow:
    return AttendanceRow(key, "Kari Nordmann", "Skoleeier", "s1", "", "", True, status, note=note)


def test_the_roll_call_in_bokmal() -> None:
    assert roll_call_line(_row()) == "[ ] Kari Nordmann – ikke registrert"
    assert roll_call_line(_row("present")) == "[x] Kari Nordmann – Til stede"
    assert roll_call_line(_row("guest", f"{GUEST_KEY}7", "Udir")) == (
        "[x] Kari Nordmann (Udir) – gjest utenfra"
    )


def test_the_roll_call_in_nynorsk(nynorsk: None) -> None:
    assert roll_call_line(_row()) == "[ ] Kari Nordmann – ikkje registrert"
    assert roll_call_line(_row("present")) == "[x] Kari Nordmann – Til stades"
    assert roll_call_line(_row("absent_notice")) == "[ ] Kari Nordmann – Forfall"
    assert roll_call_line(_row("guest", f"{GUEST_KEY}7", "Udir")) == (
        "[x] Kari Nordmann (Udir) – gjest utanfrå"
    )


def test_the_principles_of_an_empty_agenda_in_nynorsk(nynorsk: None) -> None:
    checks = principle_checklist([], year=2027, lang=app_language())
    lines = checklist_text(checks).split("\n")
    assert lines[0] == "Saklista dekkjer 0 av 8 prinsipp for lærande møte (Roald):"
    assert lines[2:4] == [
        "[$text-warning]✘[/] [b]Klart læringsfokus[/]",
        "   [$foreground-muted]Møta skal ha eit klart læringsfokus, ikkje berre vere "
        "informasjonsformidling eller administrativ koordinering. "
        "Knyt eit spørsmål til ei sak (p).[/]",
    ]
    assert foreign_words("\n".join(lines), "nn") == set()


def test_the_principles_in_bokmal() -> None:
    lines = checklist_text(principle_checklist([], year=2027)).split("\n")
    assert lines[0] == "Sakslisten dekker 0 av 8 prinsipper for lærende møter (Roald):"
    assert lines[3].endswith("koordinering. Knytt et spørsmål til en sak (p).[/]")
