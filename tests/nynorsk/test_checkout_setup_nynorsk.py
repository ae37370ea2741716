"""Check-out, check-in and the forum's set-up in a nynorsk app (issue 19): their refusals
and notices are whole nynorsk sentences, with no word that belongs to bokmål only."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from language_words import foreign_words

from sekretariat.domain import forum_setup as fs
from sekretariat.domain import meetings, minutes
from sekretariat.domain.checkout import checkout_of, here
from sekretariat.errors import UserError
from sekretariat.exchange import import_file
from sekretariat.exchange.checkout import (
    CheckinConflicts,
    check_in,
    check_out,
    checkin_file,
    conflict_lines,
)
from sekretariat.formats import moment
from sekretariat.new_database import create_empty
from sekretariat.storage.database import Database

DAY = dt.date(2027, 1, 21)
ALLOCATION = "Tildeling 2027"


def _nynorsk(text: str) -> str:
    assert foreign_words(text, "nn") == set(), text
    return text


def _refusal(call: Callable[..., object], *args: object) -> str:
    with pytest.raises(UserError) as refused:
        call(*args)
    return _nynorsk(str(refused.value))


class Pair:
    """The server (the sample forum) and a laptop made from its checkout file."""

    def __init__(self, tmp_path: Path, sample_db: Path) -> None:
        self.dir = tmp_path
        self.server = Database.open(sample_db)
        self.out_file = tmp_path / "ut.toml"
        check_out(self.server, DAY, self.out_file)
        self.laptop = Database.open(tmp_path / "berbar.db", create=True)
        import_file(self.laptop, self.out_file)

    def meeting(self, db: Database) -> int:
        return minutes.minute_meeting(db, DAY, DAY)

    def item(self, db: Database) -> int:
        view = minutes.load_minutes(db, self.meeting(db))
        return next(i.id for i in view.items if i.title == ALLOCATION)

    def bring_back(self, name: str) -> Path:
        path = self.dir / name
        checkin_file(self.laptop, path)
        return path


@pytest.fixture
def pair(tmp_path: Path, sample_db: Path) -> Pair:
    return Pair(tmp_path, sample_db)


def test_a_checkout_file_says_in_nynorsk_how_to_open_it_and_a_second_checkout_is_refused(
    pair: Pair,
) -> None:
    user, host = here()
    out = checkout_of(pair.server, pair.meeting(pair.server))
    assert out is not None
    head = pair.out_file.read_text(encoding="utf-8").splitlines()[:2]
    assert head == [
        f"# Sekretariat – møtet 21.01.2027 sjekka ut til {user} på {host} {moment(out.at)}.",
        "# Opne fila med «sekretariat --db berbar.db import FIL»; sjå docs/exchange.md.",
    ]
    assert _refusal(check_out, pair.server, DAY, pair.dir / "igjen.toml") == (
        f"Møtet 21.01.2027 er allereie sjekka ut til {user.lower()} på {host.lower()} "
        f"{moment(out.at)}."
    )


def test_check_in_notices_and_a_stale_file_in_nynorsk(pair: Pair) -> None:
    minutes.save_item(pair.laptop, pair.item(pair.laptop), {"notes": "Éin gong."})
    back = pair.bring_back("inn.toml")
    assert _nynorsk(check_in(pair.server, back).text) == (
        "Møtet 21.01.2027 er sjekka inn: 1 rad endra."
    )
    assert _nynorsk(check_in(pair.server, back).text) == (
        "Møtet 21.01.2027 er allereie sjekka inn med denne fila; ingenting er endra."
    )
    # a later file of the same checkout, written after the check-in
    minutes.save_item(pair.laptop, pair.item(pair.laptop), {"notes": "To gonger."})
    stale = pair.bring_back("seinare.toml")
    con = sqlite3.connect(pair.server.path)
    try:
        ended_by, ended_at = con.execute(
            "SELECT ended_by, ended_at FROM checkout WHERE side = 'server'"
        ).fetchone()
    finally:
        con.close()
    assert _refusal(check_in, pair.server, stale) == (
        f"Møtet 21.01.2027 vart sjekka inn av {ended_by} "
        f"{moment(dt.datetime.fromisoformat(ended_at))}; seinare.toml har andre endringar og "
        "er ikkje sjekka inn. Sjekk ut møtet på nytt for å ta det med igjen."
    )
    view = minutes.load_minutes(pair.server, pair.meeting(pair.server))
    assert [i.notes for i in view.items if i.title == ALLOCATION] == ["Éin gong."]


def test_a_conflict_and_a_file_that_is_no_check_in_file_in_nynorsk(pair: Pair) -> None:
    meetings.update_meeting(pair.server, pair.meeting(pair.server), {"end": dt.time(14, 0)})
    meetings.update_meeting(pair.laptop, pair.meeting(pair.laptop), {"end": dt.time(15, 30)})
    back = pair.bring_back("inn.toml")
    with pytest.raises(CheckinConflicts) as found:
        check_in(pair.server, back)
    assert _nynorsk(str(found.value)) == (
        "1 felt er endra både på serveren og på den berbare sidan møtet 21.01.2027 vart "
        "sjekka ut; ingenting er sjekka inn. Vel for kvart felt kva verdi som skal gjelde."
    )
    key = f"meeting:{pair.meeting(pair.server)}"
    assert conflict_lines(found.value.conflicts) == [
        f"møtet 21.01.2027 – slutt ({key}, end):",
        "  på serveren: 14.00",
        "  på berbar:   15.30",
        "  ved utsjekk: 15.00",
    ]
    bad = pair.dir / "feil.toml"
    bad.write_text("namn = 1\n", encoding="utf-8")
    assert _refusal(check_in, pair.server, bad) == (
        "feil.toml: manglar «schema = 1» øvst. Ingenting er sjekka inn."
    )
    assert _refusal(check_in, pair.server, pair.out_file) == (
        "ut.toml: dette er utsjekkfila, ikkje fila som skal tilbake; skriv ho på den berbare "
        "med «sekretariat --db berbar.db checkin-file -o FIL». Ingenting er sjekka inn."
    )


def test_the_forum_setup_refuses_a_bad_role_list_and_other_values_in_nynorsk(
    sample_db: Path,
) -> None:
    db = Database.open(sample_db)
    seat = {"name": "Nytt sete", "count": "2", "roles": "eigar, styre"}
    assert _refusal(fs.save_seat, db, None, seat) == (
        "Krev rolle: «styre» er ikkje ei rolle; skriv eigar, myndigheit eller la feltet stå "
        "tomt. Ingenting vart lagra."
    )
    # the roles' names are taken in either standard, and shown in the app's
    assert fs.parse_roles("Eigar; myndighet") == ["owner", "authority"]
    assert fs.roles_text(["owner", "authority"]) == "eigar, myndigheit"
    assert _refusal(fs.save_seat, db, None, {**seat, "count": "tre"}) == (
        "Tal: «tre» er ikkje eit heilt tal."
    )
    network = {"name": "Nytt nettverk", "equalization": "kanskje"}
    assert _refusal(fs.save_network, db, None, network) == (
        "Utjamning: svar ja eller nei. Ingenting vart lagra."
    )
    networks = len(fs.read_setup(db).networks)
    assert _refusal(fs.paste_ftes, db, "2027", "12,5") == (
        f"Du limte inn 1 tal, men forumet har {networks} nettverk; eitt tal per nettverk i "
        "rekkjefølgja i lista. Ingenting vart lagra."
    )
    assert _nynorsk(fs.PROFILES["nordland"].source) == (
        "40 % til nettverket og 60 % til UH, utan tak ved meldt behov, heile tusen"
    )


def test_a_new_forum_without_a_name_is_refused_in_nynorsk(tmp_path: Path) -> None:
    assert _refusal(create_empty, tmp_path / "ny.db", "  ") == "Forumet må ha eit namn."
