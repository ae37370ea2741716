"""The agenda: standing items, reordering, case numbers per year, balance and principles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sekretariat import formats
from sekretariat.domain import agenda, meetings
from sekretariat.domain.agenda import Balance, ItemView, PromptView
from sekretariat.errors import UserError
from sekretariat.exchange import import_text
from sekretariat.storage.database import Database

FORUM = """
schema = 1
[forum]
name = "Samarbeidsforum Test"

[[prompt]]
key = "runde"
title = "Én erfaring"
principle = "Rom for refleksjon og erfaringsdeling"
question = "Fortell om én ting som virket."
method = "Runde rundt bordet"
minutes = 15

[[prompt]]
key = "exit"
title = "Exit-lapp"
principle = "vurdere og forbedre  praksis"
minutes = 5
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "a.db", create=True)
    import_text(database, FORUM, "forum.toml")
    yield database
    database.dispose()


def titles(db: Database, mid: int) -> list[str]:
    return [i.title for i in agenda.load_agenda(db, mid).items]


def labels(db: Database, mid: int) -> list[str]:
    view = agenda.load_agenda(db, mid)
    return [formats.case_label(i.number, view.date.year) for i in view.items]


def test_items_go_between_the_standing_items_and_move_by_keys(db: Database) -> None:
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    a = agenda.add_item(db, mid, {"title": "Tildeling 2027", "kind": "orientation", "minutes": 30})
    b = agenda.add_item(db, mid, {"title": "Læringsøkt", "kind": "learning", "minutes": 40})
    assert titles(db, mid) == [
        "Godkjenning av innkalling og saksliste",
        "Godkjenning av protokoll fra forrige møte",
        "Tildeling 2027",
        "Læringsøkt",
        "Eventuelt",
    ]
    assert agenda.move_item(db, b, -1) is True
    assert titles(db, mid)[2:4] == ["Læringsøkt", "Tildeling 2027"]
    assert agenda.move_item(db, b, -1) is False  # cannot pass the standing items
    assert agenda.move_item(db, a, +1) is False  # nor 'Eventuelt'
    aob = agenda.load_agenda(db, mid).items[-1]
    with pytest.raises(UserError, match="fast sak"):
        agenda.move_item(db, aob.id, -1)
    agenda.update_item(
        db, a, {"title": "Tildeling 2027 ", "documents": "Brev.pdf\n\n https://x.no/y \n"}
    )
    item = next(i for i in agenda.load_agenda(db, mid).items if i.id == a)
    assert (item.title, item.documents) == ("Tildeling 2027", ("Brev.pdf", "https://x.no/y"))
    assert agenda.remove_item(db, a) == "Tildeling 2027"
    assert len(titles(db, mid)) == 4
    with pytest.raises(UserError, match="tittel"):
        agenda.add_item(db, mid, {"title": "  "})
    with pytest.raises(UserError, match="minutter"):
        agenda.update_item(db, b, {"minutes": -5})


def test_case_numbers_per_year_fixed_at_summons(db: Database) -> None:
    jan = meetings.add_meeting(db, dt.date(2027, 1, 21))
    mar = meetings.add_meeting(db, dt.date(2027, 3, 11))
    nov = meetings.add_meeting(db, dt.date(2026, 11, 12))
    agenda.add_item(db, jan, {"title": "Tildeling 2027"})
    agenda.add_item(db, mar, {"title": "Behovsmeldinger"})
    # Before the summons nothing has a number.
    assert set(labels(db, jan)) == {""}
    # 2026's numbers do not affect 2027's.
    meetings.set_status(db, nov, "summoned", dt.date(2026, 11, 2))
    assert labels(db, nov) == ["Sak 01/26", "Sak 02/26", "Sak 03/26"]
    # March is summoned before January is: numbers follow the order of summoning.
    assert meetings.set_status(db, jan, "summoned", dt.date(2027, 1, 7)) == 4
    assert labels(db, jan) == ["Sak 01/27", "Sak 02/27", "Sak 03/27", "Sak 04/27"]
    meetings.set_status(db, mar, "summoned", dt.date(2027, 3, 1))
    assert labels(db, mar) == ["Sak 05/27", "Sak 06/27", "Sak 07/27", "Sak 08/27"]
    # Reordering and removing after the summons never renumber; a late item takes the
    # next free number of the year.
    items = agenda.load_agenda(db, jan).items
    late = agenda.add_item(db, jan, {"title": "Sen sak"})
    agenda.move_item(db, late, -1)
    assert labels(db, jan) == ["Sak 01/27", "Sak 02/27", "Sak 09/27", "Sak 03/27", "Sak 04/27"]
    agenda.remove_item(db, items[2].id)
    assert labels(db, jan) == ["Sak 01/27", "Sak 02/27", "Sak 09/27", "Sak 04/27"]
    # The year's highest number removed is spent too: the next late item gets 10, not 9.
    agenda.remove_item(db, late)
    again = agenda.add_item(db, jan, {"title": "Enda en sen sak"})
    agenda.move_item(db, again, -1)
    assert labels(db, jan) == ["Sak 01/27", "Sak 02/27", "Sak 10/27", "Sak 04/27"]


def test_assign_numbers_by_hand() -> None:
    items = [
        ItemView(id=1, position=3, title="c"),
        ItemView(id=2, position=1, title="aob", standing="aob"),
        ItemView(id=3, position=2, title="b", number=7),
        ItemView(id=4, position=9, title="summons", standing="summons"),
    ]
    assert agenda.assign_numbers(items, 11) == {4: 12, 1: 13, 2: 14}
    assert formats.case_label(5, 2027) == "Sak 05/27"
    assert formats.case_label(12, 2100) == "Sak 12/00"
    assert formats.case_label(None, 2027) == ""


def test_running_clock() -> None:
    assert agenda.running_clock(dt.time(9, 0), [5, 5, 50, 10]) == [
        (dt.time(9, 0), dt.time(9, 5)),
        (dt.time(9, 5), dt.time(9, 10)),
        (dt.time(9, 10), dt.time(10, 0)),
        (dt.time(10, 0), dt.time(10, 10)),
    ]
    assert agenda.running_clock(None, [5]) is None


def item(kind: str, minutes: int, prompt: PromptView | None = None, **kw: object) -> ItemView:
    return ItemView(
        id=minutes, position=0, title=kind, kind=kind, minutes=minutes, prompt=prompt, **kw
    )  # type: ignore[arg-type]


PROMPT = PromptView(1, "runde", "Én erfaring", principle="Rom for refleksjon og erfaringsdeling")


def test_balance_and_warnings_by_hand() -> None:
    # 60 orientation of 100 minutes: more than half, and nothing invites reflection.
    b = agenda.balance([item("orientation", 60), item("decision", 40)])
    assert b.minutes == {"orientation": 60, "discussion": 0, "decision": 40, "learning": 0}
    assert b.total == 100
    assert b.warnings() == [
        "Orientering tar mer enn halve tiden (60 av 100 min).",
        "Ingen sak inviterer til refleksjon (ingen læringsøkt, drøfting eller refleksjonsspørsmål).",
    ]
    # Exactly half is not more than half; a prompt on any item invites reflection.
    b = agenda.balance([item("orientation", 50), item("decision", 50, PROMPT)])
    assert b.warnings() == []
    # A discussion item of 0 minutes still invites reflection; orientation 30 of 45.
    b = agenda.balance([item("orientation", 30), item("discussion", 0), item("decision", 15)])
    assert b.warnings() == ["Orientering tar mer enn halve tiden (30 av 45 min)."]
    assert agenda.balance([]).warnings() == [
        "Ingen sak inviterer til refleksjon (ingen læringsøkt, drøfting eller refleksjonsspørsmål)."
    ]


def test_balance_bar_cells_by_hand() -> None:
    b = Balance({"orientation": 40, "discussion": 0, "decision": 35, "learning": 40}, False)
    # 60 cells: 40*60/115 = 20.87, 35*60/115 = 18.26, 20.87 → floors 20+18+20 = 58;
    # the two cells left go to the largest remainders (orientation and learning, .87 each).
    assert b.segments(60) == [("orientation", 21), ("decision", 18), ("learning", 21)]
    # A kind with minutes always shows: 1 minute of 1000 still gets one cell.
    b = Balance({"orientation": 999, "discussion": 0, "decision": 0, "learning": 1}, False)
    assert b.segments(10) == [("orientation", 9), ("learning", 1)]
    assert Balance({"orientation": 0}, False).segments(10) == []


def test_principle_checklist() -> None:
    exit_prompt = PromptView(2, "exit", "Exit-lapp", principle="Vurdere og forbedre  praksis")
    items = [
        item("orientation", 20, number=3),
        item("learning", 40, PROMPT, number=4),
        item("discussion", 30, exit_prompt, number=5),
    ]
    checks = agenda.principle_checklist(
        items, year=2027, learning_focus="Vi skal lære.", facilitator="Biret Máhtte Gaup"
    )
    covered = {c.name: c.covered_by for c in checks}
    assert len(checks) == 8
    assert covered == {
        "Klart læringsfokus": ("læringsfokus for møtet",),
        "Rom for refleksjon og erfaringsdeling": (
            "læringsøkt: Sak 04/27",
            "«Én erfaring» (Sak 04/27)",
        ),
        "Alle deltakere er aktive": (),
        "Møteledelse på omgang": ("fasilitator: Biret Máhtte Gaup",),
        "Struktur som fremmer dialog": ("drøfting: Sak 05/27",),
        "Lærende organisasjon": (),
        "Lov å spørre og undre seg": (),
        "Vurdere og forbedre praksis": ("«Exit-lapp» (Sak 05/27)",),
    }
    bare = agenda.principle_checklist([item("orientation", 10)], year=2027)
    assert not any(c.covered for c in bare)


def test_rotating_facilitation_and_every_principle_can_be_covered() -> None:
    """Plan 8.4: «Møteledelse kan gå på omgang» is covered only by a facilitator other
    than the previous meeting's; a prompt naming «Lærende organisasjon» covers it (every
    principle can be covered)."""
    same = agenda.principle_checklist(
        [item("orientation", 10)],
        year=2027,
        facilitator="Biret Máhtte Gaup",
        previous_facilitator="biret máhtte gaup",  # the same person, however it is typed
    )
    rotating = next(c for c in same if c.name == "Møteledelse på omgang")
    assert (rotating.covered_by, rotating.note) == (
        (),
        "Biret Máhtte Gaup var fasilitator også i forrige møte",
    )
    other = agenda.principle_checklist(
        [item("orientation", 10)],
        year=2027,
        facilitator="Biret Máhtte Gaup",
        previous_facilitator="Per Ivar Rønning",
    )
    assert next(c for c in other if c.name == "Møteledelse på omgang").covered_by == (
        "fasilitator: Biret Máhtte Gaup",
    )
    names = [name for name, _ in agenda.PRINCIPLES]
    prompts = [
        item("discussion", 5, PromptView(i, f"p{i}", f"Spørsmål {i}", principle=name), number=i)
        for i, name in enumerate(names, start=1)
    ]
    every = agenda.principle_checklist(prompts, year=2027)
    assert all(c.covered for c in every)
    # the sixth principle of 8.4, covered by the sixth prompt under Sak 06/27
    assert next(c for c in every if c.name == "Lærende organisasjon").covered_by == (
        "«Spørsmål 6» (Sak 06/27)",
    )


def test_prompt_library_and_attaching(db: Database) -> None:
    library = agenda.list_prompts(db)
    assert [p.key for p in library] == ["runde", "exit"]
    new = agenda.save_prompt(
        db,
        None,
        {"title": "Hva hjalp oss i dag?", "principle": "Møteledelse på omgang", "minutes": 10},
    )
    again = agenda.save_prompt(db, None, {"title": "Hva hjalp oss i dag?", "minutes": 5})
    keys = [p.key for p in agenda.list_prompts(db)]
    assert keys == ["runde", "exit", "hva-hjalp-oss-i-dag", "hva-hjalp-oss-i-dag-2"]
    agenda.save_prompt(db, again, {"question": "Hva  gjorde\nfasilitatoren?"})
    assert agenda.list_prompts(db)[3].question == "Hva gjorde fasilitatoren?"
    with pytest.raises(UserError, match="minutter"):
        agenda.save_prompt(db, new, {"minutes": 0})
    assert agenda.prompt_key("Čoarvi og Åse: æøå!", set()) == "coarvi-og-ase-aeoa"

    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    iid = agenda.add_item(db, mid, {"title": "Læringsøkt", "kind": "learning", "minutes": 30})
    agenda.attach_prompt(db, iid, new)
    got = next(i for i in agenda.load_agenda(db, mid).items if i.id == iid)
    assert got.prompt is not None and got.prompt.title == "Hva hjalp oss i dag?"
    agenda.attach_prompt(db, iid, None)
    assert next(i for i in agenda.load_agenda(db, mid).items if i.id == iid).prompt is None


def test_approved_or_cancelled_agenda_is_refused(db: Database) -> None:
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    iid = agenda.add_item(db, mid, {"title": "Sak"})
    meetings.set_status(db, mid, "cancelled", dt.date(2026, 11, 22))
    with pytest.raises(UserError, match="avlyst"):
        agenda.update_item(db, iid, {"title": "Ny"})
    meetings.set_status(db, mid, "planned", dt.date(2027, 1, 1))
    for status in ("summoned", "held"):
        meetings.set_status(db, mid, status, dt.date(2027, 1, 21))
    with pytest.raises(UserError, match="avholdt; saker kan ikke fjernes"):
        agenda.remove_item(db, iid)
    meetings.set_status(db, mid, "approved", dt.date(2027, 3, 11))
    with pytest.raises(UserError, match="godkjent og kan ikke endres"):
        agenda.add_item(db, mid, {"title": "For sent"})


def test_standing_items_added_to_an_imported_meeting(db: Database) -> None:
    import_text(
        db,
        'schema = 1\n[forum]\nname = "Samarbeidsforum Test"\n[[meeting]]\ndate = 2026-11-12\n[[meeting]]\ndate = 2027-03-11\n[[meeting.item]]\ntitle = "Tema"\n',
        "m.toml",
    )
    mid = meetings.load_year(db, 2027).meetings[0].id
    assert titles(db, mid) == ["Tema"]
    assert agenda.add_standing_items(db, mid) == 3
    assert titles(db, mid) == [
        "Godkjenning av innkalling og saksliste",
        "Godkjenning av protokoll fra forrige møte",
        "Tema",
        "Eventuelt",
    ]
    assert (
        agenda.load_agenda(db, mid).items[1].proposal
        == "Protokollen fra møtet 12.11.2026 godkjennes."
    )
    assert agenda.add_standing_items(db, mid) == 0


def test_postponed_items_are_offered_for_the_next_agenda(sample_db: Path) -> None:
    """12.11.2026 postpones Sak 28/26 and Sak 29/26; the next meeting (21.01.2027) already
    has the leader election on its agenda, so only Sak 28/26 is brought, once."""
    from sekretariat.domain.minutes import save_item

    db = Database.open(sample_db)
    assert agenda.postponed_items(db, 6) == []
    save_item(db, 28, {"outcome": "postponed"})
    save_item(db, 29, {"outcome": "postponed"})
    offered = agenda.postponed_items(db, 6)
    assert offered == [
        agenda.PostponedItem(28, 28, "Behovsmeldinger 2027 – status", dt.date(2026, 11, 12))
    ]
    assert offered[0].name == "Sak 28/26 Behovsmeldinger 2027 – status (12.11.2026)"
    assert agenda.add_postponed_items(db, 6) == 1
    view = agenda.load_agenda(db, 6)
    assert [i.title for i in view.items] == [
        "Godkjenning av innkalling og saksliste",
        "Godkjenning av protokoll fra forrige møte",
        "Tildeling 2027",
        "Valg av leder for 2027–2028 og supplering av arbeidsgruppa",
        "Læringsøkt: UH i lytteposisjon",
        "Behovsmeldinger 2027 – status",
        "Eventuelt",
    ]
    new = view.items[5]
    assert (new.number, new.kind, new.minutes, new.presenter) == (
        None,
        "orientation",
        20,
        "Hanne Kristiansen Dahl",
    )
    assert new.background.startswith("Malen for behovsmelding 2027 ble sendt")
    assert agenda.postponed_items(db, 6) == [] and agenda.add_postponed_items(db, 6) == 0
    # The meeting after a planned one gets nothing yet.
    assert agenda.postponed_items(db, 7) == []
    db.dispose()
