"""The sentences the core hands to a screen (refusals, what a summons lacks, the check-in
conflict's field names and values) follow the app's language (issue 19): nynorsk when it
is chosen, bokmål byte for byte otherwise."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from language_words import foreign_words

from sekretariat.domain import meetings
from sekretariat.domain.agenda import AgendaView, summons_gaps
from sekretariat.domain.meetings import check_transition
from sekretariat.errors import RuleViolation, UserError
from sekretariat.exchange.checkout import FieldConflict, shown
from sekretariat.i18n import app_language, set_app_language
from sekretariat.storage.database import Database

DAY = dt.date(2027, 1, 14)
EMPTY = AgendaView(1, DAY, None, None, "planned", "", "", "", "", "")


@pytest.fixture
def nynorsk() -> Iterator[None]:
    before = app_language()
    set_app_language("nn")
    try:
        yield
    finally:
        set_app_language(before)


def _refusal(old: str, new: str) -> str:
    with pytest.raises(RuleViolation) as found:
        check_transition(old, new, DAY)
    return str(found.value)


def test_status_refusals_in_bokmal() -> None:
    assert (
        _refusal("held", "summoned") == "Møtet 14.01.2027 kan ikke gå fra «avholdt» til «innkalt»."
    )
    assert _refusal("held", "cancelled") == "Møtet 14.01.2027 er avholdt og kan ikke avlyses."


def test_status_refusals_in_nynorsk(nynorsk: None) -> None:
    assert _refusal("held", "summoned") == (
        "Møtet 14.01.2027 kan ikkje gå frå «gjennomført» til «innkalla»."
    )
    assert _refusal("planned", "held") == (
        "Møtet 14.01.2027 kan ikkje setjast til gjennomført før innkallinga er sendt."
    )
    assert _refusal("approved", "held") == (
        "Protokollen for møtet 14.01.2027 er godkjend; statusen kan ikkje endrast."
    )


def test_what_a_summons_lacks_in_both_standards(nynorsk: None) -> None:
    assert summons_gaps(EMPTY) == ["stad eller videolenkje", "møteleiar", "læringsfokus"]
    set_app_language("nb")
    assert summons_gaps(EMPTY) == ["sted eller videolenke", "møteleder", "læringsfokus"]


def test_a_check_in_conflict_in_nynorsk(nynorsk: None) -> None:
    conflict = FieldConflict("attendance:kari", "substitute", "oppmøte for Kari", "", "ola", "")
    assert conflict.field_label == "stadfortredar"
    assert conflict.shown("base") == "(tomt)"
    assert [shown("exists", False), shown("status", ""), shown("status", "present")] == [
        "sletta",
        "ikkje registrert",
        "Til stades",
    ]
    assert FieldConflict("item:1", "what", "", "", "", "").field_label == "kva"


def test_a_meeting_edit_refused_in_nynorsk(sample_db: Path, nynorsk: None) -> None:
    db = Database.open(sample_db)
    try:
        mid = meetings.load_year(db, 2027).meetings[0].id
        with pytest.raises(UserError) as found:
            meetings.update_meeting(db, mid, {"start": dt.time(12), "end": dt.time(11)})
        assert str(found.value) == "Møtet må slutte etter at det byrjar."
        with pytest.raises(UserError) as found:
            meetings.set_attendance(db, mid, "kari", "substitute")
        assert str(found.value) == "Vel kven varaen møter for."
        assert foreign_words(str(found.value), "nn") == set()
    finally:
        db.dispose()
