"""The exchange format: checking, merging, all-or-nothing and canonical round trips."""

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from sekretariat.errors import ImportRefused, UserError
from sekretariat.exchange import (
    Locator,
    dumps,
    export_file,
    export_text,
    import_file,
    import_text,
    spec,
)
from sekretariat.exchange.parse import parse
from sekretariat.storage import models as m
from sekretariat.storage.database import Database

DATA = Path(__file__).parent / "data"
MINI = (DATA / "mini.toml").read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database.open(tmp_path / "x.db", create=True)


def counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {
            t.__tablename__: len(s.exec(select(t)).all())
            for t in (
                m.Forum,
                m.Region,
                m.Person,
                m.Term,
                m.Meeting,
                m.AgendaItem,
                m.NeedsReport,
                m.NeedsReportVersion,
            )
        }


def test_import_stores_values_exactly(db: Database) -> None:
    import_text(db, MINI, "mini.toml")
    with db.read() as s:
        forum = s.get(m.Forum, 1)
        scheme = s.exec(select(m.Scheme)).one()
        fte = {f.year: f.centi_fte for f in s.exec(select(m.RegionFte)).all()}
        term = s.exec(select(m.Term)).one()
        versions = s.exec(select(m.NeedsReportVersion).order_by(m.NeedsReportVersion.number)).all()
    assert forum.name == "Samarbeidsforum Test"
    assert forum.meeting_weeks == [3, 10, 25, 38, 46]
    assert (scheme.common_bp, scheme.equalization_bp, scheme.network_max_bp) == (1000, 250, 4000)
    assert fte == {2026: 61240, 2027: 61800}
    # No end given: to the day before the January meeting of 2028 (week 3, 20.01.2028).
    assert (term.start, term.end) == (dt.date(2026, 1, 15), dt.date(2028, 1, 19))
    assert [(v.number, v.network_amount, v.received) for v in versions] == [
        (1, 500000, dt.date(2027, 1, 10)),
        (2, 400000, dt.date(2027, 1, 30)),
    ]
    assert versions[1].measures == [{"title": "Språkløft", "target": "barnehage", "amount": 300000}]


def test_round_trip_is_byte_identical(db: Database, tmp_path: Path) -> None:
    import_text(db, MINI, "mini.toml")
    first = export_text(db)
    again = Database.open(tmp_path / "y.db", create=True)
    import_text(again, first, "eksport.toml")
    assert export_text(again) == first


GUESTS = MINI.replace(
    """  [[meeting.attendance]]
  person = "kari-nordmann"
  status = "present"
""",
    """  [[meeting.attendance]]
  person = "kari-nordmann"
  status = "present"
  [[meeting.attendance]]
  guest = "Per Gjest"
  organisation = "NTNU"
  status = "guest"
  [[meeting.attendance]]
  guest = "Ola Besøk"
  status = "guest"
""",
)


def test_guests_not_in_the_register_round_trip(db: Database, tmp_path: Path) -> None:
    assert GUESTS != MINI
    import_text(db, GUESTS, "gjester.toml")
    with db.read() as s:
        rows = s.exec(select(m.Attendance).order_by(m.Attendance.position)).all()
        people = len(s.exec(select(m.Person)).all())
    assert [(a.person_id is None, a.guest_name, a.guest_org, a.status) for a in rows] == [
        (False, "", "", "present"),
        (True, "Per Gjest", "NTNU", "guest"),
        (True, "Ola Besøk", "", "guest"),
    ]
    assert people == 1  # the guests are not put in the register
    first = export_text(db)
    assert (
        '[[meeting.attendance]]\nguest = "Per Gjest"\norganisation = "NTNU"\nstatus = "guest"\n\n'
        '[[meeting.attendance]]\nguest = "Ola Besøk"\nstatus = "guest"\n'
    ) in first.replace("  ", "")
    again = Database.open(tmp_path / "y.db", create=True)
    import_text(again, first, "eksport.toml")
    assert export_text(again) == first
    summary = import_text(db, first, "eksport.toml")
    assert summary.added == {} and summary.updated == {}


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        (
            'status = "guest"',
            "oppmøtet skal ha enten «person» eller «guest» (en gjest utenfor registeret)",
        ),
        (
            'person = "kari-nordmann"\nguest = "Per"\nstatus = "guest"',
            "oppmøtet skal ha enten «person» eller «guest» (en gjest utenfor registeret)",
        ),
        (
            'guest = "Per"\nstatus = "substitute"\nfor = "kari-nordmann"',
            "en gjest kan ikke møte «for» noen",
        ),
        (
            'person = "kari-nordmann"\norganisation = "NTNU"\nstatus = "present"',
            "«organisation» gjelder bare en gjest («guest»)",
        ),
    ],
)
def test_an_attendance_entry_is_a_person_or_a_guest(db: Database, entry: str, said: str) -> None:
    text = MINI.replace(
        'person = "kari-nordmann"\n  status = "present"\n', entry.replace("\n", "\n  ") + "\n"
    )
    assert text != MINI
    with pytest.raises(ImportRefused) as refused:
        import_text(db, text, "feil.toml")
    assert said in str(refused.value)
    assert counts(db)["meeting"] == 0


def test_reimport_changes_nothing(db: Database) -> None:
    import_text(db, MINI, "mini.toml")
    before = export_text(db)
    summary = import_text(db, before, "eksport.toml")
    assert summary.added == {} and summary.updated == {}
    assert export_text(db) == before


def test_merge_updates_on_stable_keys(db: Database) -> None:
    import_text(db, MINI, "mini.toml")
    change = """schema = 1
[[person]]
key = "kari-nordmann"
name = "Kari Nordmann"
email = "kari.nordmann@example.org"

[[person]]
key = "ola-nordmann"
name = "Ola Nordmann"
"""
    summary = import_text(db, change, "endring.toml")
    assert summary.added == {"person": 1}
    assert summary.updated == {"person": 1}
    with db.read() as s:
        people = {p.key: p for p in s.exec(select(m.Person)).all()}
    assert people["kari-nordmann"].email == "kari.nordmann@example.org"
    assert people["kari-nordmann"].organisation == "Vang kommune"  # keys not in the file stay
    assert "ola-nordmann" in people


def test_meeting_without_items_keeps_its_agenda(db: Database) -> None:
    import_text(db, MINI, "mini.toml")
    import_text(
        db, 'schema = 1\n[[meeting]]\ndate = 2027-01-21\nplace = "Lillehammer"\n', "flytt.toml"
    )
    with db.read() as s:
        meeting = s.exec(select(m.Meeting)).one()
        items = s.exec(select(m.AgendaItem)).all()
    assert meeting.place == "Lillehammer"
    assert [i.title for i in items] == ["Tildeling 2027"]


BAD = [
    ("schema = 2\n", "nyere versjon"),
    ("[forum]\nname = 'x'\n", "mangler «schema = 1»"),
    ("schema = 1\n[forum\n", "linje 2"),
    ("schema = 1\n[forum]\nname = ''\n", "«name» kan ikke være tom"),
    ("schema = 1\n[forum]\nname = 'x'\nmeeting_weekday = 8\n", "ukedag"),
    ("schema = 1\n[forum]\nname = 'x'\nplace = 'Hamar'\n", "ukjent nøkkel «place»"),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[region]]\ncode = 'Valdres Region'\nname = 'V'\n",
        "ikke en gyldig nøkkel",
    ),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[region]]\ncode = 'v'\nname = 'V'\nfte = { '2026' = 1.234 }\n",
        "to desimaler",
    ),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[person]]\nkey = 'a'\nname = 'A'\n[[term]]\nperson = 'a'\nseat = 'ukjent'\nstart = 2026-01-15\n",
        "ukjent sete «ukjent»",
    ),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[person]]\nkey = 'a'\nname = 'A'\n[[person]]\nkey = 'a'\nname = 'B'\n",
        "står to ganger",
    ),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[meeting]]\ndate = 2027-01-21T09:00:00\n",
        "skal være en dato",
    ),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[needs_report]]\nregion = 'v'\nyear = 2027\nnetwork_amount = 10.5\n",
        "hele kroner",
    ),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[meeting]]\ndate = 2027-01-21\n[[meeting.item]]\ntitle = 'Sak'\nkind = 'vedtak'\n",
        "«vedtak» er ikke tillatt",
    ),
    ("schema = 1\n", r"mangler \[forum\]"),
    (
        "schema = 1\n[forum]\nname = 'x'\n[[region]]\ncode = 'v'\nname = 'V'\n"
        "[[allocation_run]]\nkey = '2027-1'\nyear = 2027\nscheme = 'kollektiv'\nbudget = 100\ncreated = 2027-01-05\n"
        "[[allocation_run.result]]\nregion = 'v'\nallocated = 60\n"
        "[[allocation_run.result]]\nregion = 'v'\nallocated = 40\n",
        "nettverket «v» står to ganger i resultatet",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_files_are_refused_whole(db: Database, text: str, message: str) -> None:
    with pytest.raises(ImportRefused, match=message) as err:
        import_text(db, text, "feil.toml")
    assert str(err.value).startswith("feil.toml")
    assert "Ingenting ble importert" in str(err.value)
    assert counts(db) == dict.fromkeys(counts(db), 0)


def test_error_names_file_line_and_key(db: Database) -> None:
    bad = MINI.replace('seat = "bhg_myndighet"\nregion', 'seat = "bhg"\nregion')
    with pytest.raises(ImportRefused) as err:
        import_text(db, bad, "mini.toml")
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if t.strip() == "[[term]]")
    assert f"mini.toml, linje {line}" in str(err.value)
    assert "person «kari-nordmann»" in str(err.value)
    assert "ukjent sete «bhg»" in str(err.value)


def test_a_late_error_leaves_nothing_half_imported(db: Database) -> None:
    bad = MINI + '\n[[needs_report]]\nregion = "finnes-ikke"\nyear = 2027\n'
    with pytest.raises(ImportRefused, match="ukjent nettverk «finnes-ikke»"):
        import_text(db, bad, "mini.toml")
    assert counts(db) == dict.fromkeys(counts(db), 0)


def test_many_errors_are_counted(db: Database) -> None:
    text = "schema = 1\n[forum]\nname = 'x'\n" + "".join(
        f"[[person]]\nkey = 'P{i}'\nname = 'x'\n" for i in range(5)
    )
    with pytest.raises(ImportRefused, match=r"\(4 feil til; ingenting ble importert\.\)"):
        import_text(db, text, "mange.toml")


def test_locator_finds_nested_entries() -> None:
    text = "schema = 1\n[[meeting]]\ndate = 2027-01-21\n[[meeting.item]]\ntitle = 'a'\n[[meeting.item]]\ntitle = 'b'\n[[meeting]]\ndate = 2027-03-11\n[[meeting.item]]\ntitle = 'c'\n"
    loc = Locator(text)
    assert loc.line(("meeting", 0)) == 2
    assert loc.line(("meeting", 0, "item", 1)) == 6
    assert loc.line(("meeting", 1, "item", 0)) == 10
    assert loc.line(("meeting", 1, "item", 0, "action", 3)) == 10


def test_file_errors_are_norwegian(tmp_path: Path, db: Database) -> None:
    with pytest.raises(UserError, match="finnes ikke"):
        import_file(db, tmp_path / "mangler.toml")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes("schema = 1\n[forum]\nname = 'Tromsø'\n".encode("latin-1"))
    with pytest.raises(ImportRefused, match="ikke UTF-8"):
        import_file(db, latin1)


def test_export_file_is_atomic_and_refuses_directories(tmp_path: Path, db: Database) -> None:
    import_text(db, MINI, "mini.toml")
    with pytest.raises(UserError, match="mappe"):
        export_file(db, tmp_path)
    target = export_file(db, tmp_path / "ut.toml")
    assert target.read_text(encoding="utf-8") == export_text(db)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_hostile_text_survives_round_trip(db: Database, tmp_path: Path) -> None:
    hostile = 'Kari "<b>" \\ \u202e \t ÆØÅ čđŋšŧžá'
    text = MINI.replace('name = "Kari Nordmann"', r'name = "Kari \"<b>\" \\ \u202e \t ÆØÅ čđŋšŧžá"')
    import_text(db, text, "fiendtlig.toml")
    with db.read() as s:
        assert s.exec(select(m.Person.name)).one() == hostile
    again = Database.open(tmp_path / "z.db", create=True)
    import_text(again, export_text(db), "x.toml")
    assert export_text(again) == export_text(db)


def test_parse_rejects_unknown_top_level() -> None:
    with pytest.raises(ImportRefused, match="ukjent tabell eller nøkkel «people»"):
        parse("schema = 1\n[[people]]\nkey = 'a'\n", "x.toml")


def test_merge_gives_a_meetings_items_again_and_adds_a_meeting(db: Database) -> None:
    """Issue 14: the first new row of the file was an item (of the stored meeting), so items
    were written before meetings and the new meeting's item named a meeting not yet there."""
    first = 'schema = 1\n[forum]\nname = "F"\n[[meeting]]\ndate = 2027-01-21\n[[meeting.item]]\ntitle = "X"\n'
    again = (
        "schema = 1\n"
        '[[meeting]]\ndate = 2027-01-21\n[[meeting.item]]\ntitle = "X"\n'
        '[[meeting]]\ndate = 2027-06-17\n[[meeting.item]]\ntitle = "A"\n'
    )
    import_text(db, first, "a1.toml")
    summary = import_text(db, again, "a3.toml")
    assert summary.added == {"meeting": 1} and summary.updated == {}
    with db.read() as s:
        items = s.exec(
            select(m.Meeting.date, m.AgendaItem.title)
            .join(m.AgendaItem)
            .order_by(m.Meeting.date, m.AgendaItem.position)
        ).all()
    assert [(d, t) for d, t in items] == [(dt.date(2027, 1, 21), "X"), (dt.date(2027, 6, 17), "A")]


def test_locator_reads_the_text_as_toml_does() -> None:
    """Headers only where a statement starts: not in multi-line strings, comments or
    arrays running over several lines; quoted and spaced header keys are keys."""
    text = (
        "schema = 1\n"
        "[[person]]\n"
        'key = "a"\n'
        'note = """\n'
        "[[person]]\n"
        '"""\n'
        "roles = [\n"
        "  [1],\n"
        "]\n"
        "[[ person ]]  # [[person]]\n"
        "key = 'b'\n"
        '[ "person" . x ]\n'
        "[[meeting]]\n"
        "[[meeting.item]]\n"
        "[[meeting]]\n"
        "[[meeting.item]]\n"
    )
    loc = Locator(text)
    assert loc.line(("person", 0)) == 2
    assert loc.line(("person", 1)) == 10
    assert loc.line(("person", 2)) is None
    assert loc.line(("person", 1, "x")) == 12
    assert loc.line(("meeting", 1, "item", 0)) == 16
    assert loc.line(("meeting", 1, "item", 1)) == 15  # no such item: its meeting


def test_locator_is_linear_on_hostile_lines() -> None:
    spaces = " " * 200_000
    text = f"a = [\n[{spaces}1{spaces}],\n]\n[[{spaces}person{spaces}]]\n{spaces}\n[[person]]\n"
    start = time.perf_counter()
    loc = Locator(text)
    assert (loc.line(("person", 0)), loc.line(("person", 1))) == (4, 6)
    assert time.perf_counter() - start < 1


def test_free_tables_nest_twenty_levels_at_most() -> None:
    def nested(levels: int) -> dict:
        value: Any = 1
        for _ in range(levels - 1):
            value = [value]
        return {"a": value}

    assert spec.shallow_table(nested(spec.MAX_DEPTH)) == nested(spec.MAX_DEPTH)
    with pytest.raises(ValueError, match="nestet for dypt"):
        spec.shallow_table(nested(spec.MAX_DEPTH + 1))


def test_messages_quote_what_a_file_says_on_one_line() -> None:
    key = "x\u2028" + "y" * 1000
    with pytest.raises(ImportRefused) as refused:
        parse(f'schema = 1\n[forum]\nname = "F"\n[[person]]\nkey = "{key}"\nname = "A"\n', "f.toml")
    message = str(refused.value)
    assert message.startswith("f.toml, linje 4: [[person]] nr. 1 (nøkkel «x\\u2028yyy")
    assert len(message.splitlines()) == 1 and len(message) < 800


TRICKY = st.text(alphabet="ab[]{}#\"'\\ \t=.\u2028\u0085", max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dictionaries(st.sampled_from(["k", "note", "a b", "[[x]]"]), TRICKY, max_size=3),
            st.lists(TRICKY, max_size=3),
            st.lists(st.dictionaries(st.sampled_from(["t", "#"]), TRICKY, max_size=2), max_size=3),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_locator_finds_every_header_of_an_export(
    rows: list[tuple[dict[str, str], list[str], list[dict[str, str]]]],
) -> None:
    """Whatever the strings hold (brackets, quotes, comments, line separators), in values,
    keys and multi-line arrays, each entry is found on its own header line."""
    doc = {
        "a": [
            {**values, "list": listed, **({"b": nested} if nested else {})}
            for values, listed, nested in rows
        ]
    }
    text = dumps(doc)
    expected: dict[tuple, int] = {}
    entry, nested_index = -1, 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line == "[[a]]":
            entry, nested_index = entry + 1, 0
            expected[("a", entry)] = number
        elif line == "[[a.b]]":
            expected[("a", entry, "b", nested_index)] = number
            nested_index += 1
    assert len(expected) == len(rows) + sum(len(nested) for _, _, nested in rows)
    loc = Locator(text)
    assert {path: loc.line(path) for path in expected} == expected


def test_the_import_summary_agrees_with_every_noun() -> None:
    from sekretariat.exchange.importer import ImportSummary

    summary = ImportSummary()
    assert summary.text() == "ingen endringer"
    summary.count("forum", added=True)
    summary.count("meeting", added=False)
    summary.count("meeting", added=False)
    assert summary.text() == "forum: 1 lagt til, 0 oppdatert; møter: 0 lagt til, 2 oppdatert"
