"""The grant decision's surroundings in the exchange format: the item that adopted a run,
the forum's grant-letter template, and the rules an imported decision is held to."""

import datetime as dt
from pathlib import Path

import pytest
import tomli_w

from sekretariat.domain.allocation_runs import (
    adopt,
    decision_items,
    load_run,
    run_for_year,
    save_run,
)
from sekretariat.domain.grant_decisions import load_decision, record_decision
from sekretariat.domain.letter_template import (
    DEFAULT_TEMPLATE,
    letter_template,
    save_letter_template,
)
from sekretariat.errors import ImportRefused
from sekretariat.exchange import export_text, import_text
from sekretariat.storage.database import Database

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
# mini.toml: one meeting (21.01.2027) whose only item is the decision item «Tildeling 2027»;
# with a budget of 2 000 000 Valdres gets its whole request, 1 300 000 (400 000 + 900 000).
DECISION = """schema = 1
[[grant_decision]]
year = 2027
scheme = "kollektiv"
decided_by = "Statsforvalteren i Innlandet"
decided = {decided}
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "g.db", create=True)
    import_text(db, MINI, "mini.toml")
    return db


def advise(db: Database) -> str:
    result, scheme, _ = run_for_year(db, 2027, 2_000_000)
    key = save_run(db, 2027, result, scheme)
    adopt(db, key, decision_items(db, 2027)[0][0], today=dt.date(2027, 1, 21))
    return key


def test_the_adopting_item_and_the_template_round_trip(db: Database, tmp_path: Path) -> None:
    key = advise(db)
    save_letter_template(db, "# Brev {år} til {vertskommune}\n\n{tabell}\n")
    text = export_text(db)
    assert f'key = "{key}"\nyear = 2027\nscheme = "kollektiv"\nbudget = 2000000\n' in text
    assert 'status = "adopted"\nmeeting = 2027-01-21\nitem = 1\ncreated = ' in text
    assert 'grant_letter_template = "# Brev {år} til {vertskommune}\\n\\n{tabell}\\n"\n' in text
    other = Database.open(tmp_path / "other.db", create=True)
    import_text(other, text, "x.toml")
    assert export_text(other) == text
    assert letter_template(other) == "# Brev {år} til {vertskommune}\n\n{tabell}\n"
    record_decision(other, 2027, None, decided_by="SF", decided=dt.date(2027, 2, 1), reference="1")
    decision = load_decision(other, 2027)
    assert decision is not None and decision.advice == "Tildeling 2027 (21.01.2027)"
    # The default text again: the stored template goes, and the file says nothing of it.
    save_letter_template(db, DEFAULT_TEMPLATE)
    assert "grant_letter_template" not in export_text(db)
    forum = {"name": "Samarbeidsforum Test", "grant_letter_template": DEFAULT_TEMPLATE}
    import_text(other, tomli_w.dumps({"schema": 1, "forum": forum}), "d.toml")
    assert letter_template(other) == DEFAULT_TEMPLATE
    assert "grant_letter_template" not in export_text(other)


def test_a_template_with_an_unknown_placeholder_is_refused(db: Database) -> None:
    bad = 'schema = 1\n[forum]\nname = "Nytt navn"\ngrant_letter_template = "# Til {kommune}"\n'
    with pytest.raises(
        ImportRefused,
        match=r"Malen for tilskuddsbrev i \[forum\] kan ikke "
        r"importeres: Malen bruker den ukjente plassholderen «\{kommune\}»",
    ):
        import_text(db, bad, "bad.toml")
    assert "Nytt navn" not in export_text(db)  # nothing imported


@pytest.mark.parametrize(
    ("meeting", "item", "why"),
    [
        ("2027-01-22", 1, "viser til møtet 22.01.2027, som ikke finnes"),
        ("2027-01-21", 3, "viser til sak nummer 3 på sakslisten 21.01.2027, som har 2"),
        ("2027-01-21", 2, "viser til «Orientering» 21.01.2027, som ikke er en egen vedtakssak"),
    ],
)
def test_a_run_naming_an_item_that_cannot_adopt_it_is_refused(
    db: Database, meeting: str, item: int, why: str
) -> None:
    key = advise(db)
    text = export_text(db)
    # A second item, an orientation, after «Tildeling 2027».
    text = text.replace(
        "[[meeting.attendance]]",
        '[[meeting.item]]\ntitle = "Orientering"\nkind = "orientation"\n\n[[meeting.attendance]]',
        1,
    )
    bad = text.replace("meeting = 2027-01-21\nitem = 1\n", f"meeting = {meeting}\nitem = {item}\n")
    assert bad != text
    before = export_text(db)
    with pytest.raises(ImportRefused, match=f"Tildelingskjøringen «{key}» {why}. Ingenting"):
        import_text(db, bad, "bad.toml")
    assert export_text(db) == before


def test_a_run_naming_only_the_meeting_is_refused(db: Database) -> None:
    key = advise(db)
    bad = f'schema = 1\n[[allocation_run]]\nkey = "{key}"\nyear = 2027\nbudget = 2000000\n'
    bad += "created = 2027-01-10\nmeeting = 2027-01-21\n"
    with pytest.raises(ImportRefused, match="må ha både «meeting» .* og «item»"):
        import_text(db, bad, "bad.toml")


def _refused(db: Database, text: str, why: str) -> None:
    before = export_text(db)
    with pytest.raises(
        ImportRefused,
        match=r"Vedtaket om tilskudd for 2027 \(«kollektiv»\) kan ikke importeres: " + why,
    ):
        import_text(db, text, "vedtak.toml")
    assert export_text(db) == before


def test_an_imported_decision_is_held_to_the_rules_of_a_recorded_one(db: Database) -> None:
    _refused(
        db,
        DECISION.format(decided="2027-02-10"),
        "forumet har ikke vedtatt noen tildeling for 2027 i «kollektiv»",
    )
    key = advise(db)
    _refused(
        db,
        DECISION.format(decided="2027-01-20"),
        "Vedtaksdatoen 20.01.2027 er før møtet 21.01.2027 der forumet ga sin innstilling.",
    )
    change = '[[grant_decision.change]]\nregion = "valdres"\nreason = "Lavere ramme"\n'
    ok = DECISION.format(decided="2027-02-10") + change
    _refused(db, ok + "allocated = 1300000\n", r"endringen for Valdres er lik innstillingen")
    # 1 000 000 by the run's rules: 307 692 to the network, 692 308 to UH.
    _refused(
        db,
        ok + "allocated = 1000000\nnetwork = 400000\nuh = 600000\n",
        "Valdres er delt 400\xa0000\xa0kr til nettverket og 600\xa0000\xa0kr til UH, men "
        "innstillingens regler gir 307\xa0692\xa0kr og 692\xa0308\xa0kr. Ingenting",
    )
    # Without its split, the change gets the run's.
    import_text(db, ok + "allocated = 1000000\n", "vedtak.toml")
    decision = load_decision(db, 2027)
    assert decision is not None and decision.run_key == key
    [line] = decision.changes
    assert (line.allocated, line.network, line.uh, line.reason) == (
        1_000_000,
        307_692,
        692_308,
        "Lavere ramme",
    )


def test_a_replaced_agenda_keeps_the_run_on_its_item(db: Database) -> None:
    """A file giving the meeting's agenda again (without the run) gives its items new rows;
    the run stays on its item when the file has it at the same place under the same title,
    and the file is refused when it does not."""
    key = advise(db)
    agenda = (
        "schema = 1\n[[meeting]]\ndate = 2027-01-21\n"
        '[[meeting.item]]\ntitle = "{title}"\nkind = "decision"\nnotes = "Ny merknad."\n'
        '[[meeting.item]]\ntitle = "Eventuelt"\nkind = "orientation"\n'
    )
    import_text(db, agenda.format(title="Tildeling 2027"), "saksliste.toml")
    run = load_run(db, key)
    assert run.adopted_item == "Tildeling 2027 (21.01.2027)"
    before = export_text(db)
    assert 'notes = "Ny merknad."' in before
    with pytest.raises(
        ImportRefused,
        match=r"Sakslisten 21.01.2027 i filen har ikke lenger «Tildeling 2027» som sak nummer "
        rf"1, og tildelingskjøringen «{key}» hører til den saken\.",
    ):
        import_text(db, agenda.format(title="Fordeling 2027"), "saksliste.toml")
    assert export_text(db) == before
