"""Saved allocation runs: adjustments with reasons, adoption, freezing, comparison, XLSX."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sekretariat.documents.allocation_tables import run_xlsx, stored_rows
from sekretariat.domain.allocation_runs import (
    adjust,
    adopt,
    compare,
    decision_items,
    delete_run,
    link,
    list_runs,
    load_run,
    run_for_year,
    save_run,
)
from sekretariat.errors import UserError
from sekretariat.exchange import export_text, import_text
from sekretariat.files import csv_text
from sekretariat.storage.database import Database

#: The day of the meeting the runs are adopted in (mini.toml and the sample: 21.01.2027).
MEETING = dt.date(2027, 1, 21)
MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
# mini.toml: one network, Valdres (FTE 618 in 2027, equalisation), asking 400 000 + 900 000;
# rules 10 % common, 2.5 % equalisation, 40 % cap. With a budget of 2 000 000: common
# 200 000, equalisation 50 000, key 1 750 000 → Valdres gets its whole request, 1 300 000
# (network 400 000, UH 900 000), and 500 000 is left unallocated.


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "r.db", create=True)
    import_text(db, MINI, "mini.toml")
    return db


def saved(db: Database, budget: int = 2_000_000) -> str:
    result, scheme, _ = run_for_year(db, 2027, budget)
    return save_run(db, 2027, result, scheme)


def test_saved_run_reads_back_exactly(db: Database) -> None:
    run = load_run(db, saved(db))
    assert (run.key, run.status, run.budget, run.common, run.unallocated) == (
        "2027-1",
        "proposal",
        2_000_000,
        200_000,
        500_000,
    )
    line = run.lines[0]
    assert (line.code, line.allocated, line.network, line.uh, line.flags) == (
        "valdres",
        1_300_000,
        400_000,
        900_000,
        [],
    )
    assert run.rules["requests"] == {"valdres": [400_000, 900_000]}


def test_adjustment_needs_a_reason_and_moves_money_from_unallocated(db: Database) -> None:
    key = saved(db)
    with pytest.raises(UserError, match="begrunnelse"):
        adjust(db, key, "valdres", 1_000_000, "  ")
    run = adjust(db, key, "valdres", 1_000_000, "Nettverket har restmidler fra 2026")
    line = run.lines[0]
    # 1 000 000 split 4:9 → 307 692.3 → 307 692 (under the 40 % cap of 400 000).
    assert (line.allocated, line.network, line.uh) == (1_000_000, 307_692, 692_308)
    assert (line.adjustment, line.adjustment_reason) == (
        -300_000,
        "Nettverket har restmidler fra 2026",
    )
    assert line.flags == ["must_adjust"]
    assert run.unallocated == 800_000
    assert run.common + run.allocated + run.unallocated == run.budget


def test_adjustment_cannot_break_the_budget(db: Database) -> None:
    key = saved(db, budget=1_000_000)  # Valdres gets 900 000, nothing left over
    with pytest.raises(UserError, match="går ikke opp i budsjettet"):
        adjust(db, key, "valdres", 900_001, "Mer")
    assert load_run(db, key).lines[0].allocated == 900_000


def test_adopted_run_is_frozen(db: Database) -> None:
    key = saved(db)
    items = decision_items(db, 2027)
    assert [label for _, label in items] == ["Tildeling 2027 (21.01.2027)"]
    run = adopt(db, key, items[0][0], today=MEETING)
    assert run.status == "adopted" and run.adopted_item == "Tildeling 2027 (21.01.2027)"
    with pytest.raises(UserError, match="vedtatt og kan ikke endres"):
        adjust(db, key, "valdres", 1, "x")
    with pytest.raises(UserError, match="vedtatt og kan ikke slettes"):
        delete_run(db, key)
    second = saved(db)
    with pytest.raises(UserError, match="allerede vedtatt"):
        adopt(db, second, items[0][0], today=MEETING)


def test_compare_and_lists(db: Database) -> None:
    a = load_run(db, saved(db, 2_000_000))
    b = load_run(db, saved(db, 1_000_000))
    diff = compare(a, b, {"valdres": "Valdres"})
    assert [(d.name, d.before, d.after, d.change) for d in diff] == [
        ("Valdres", 1_300_000, 900_000, -400_000)
    ]
    assert [r.key for r in list_runs(db, 2027)] == ["2027-1", "2027-2"]
    delete_run(db, "2027-2")
    assert [r.key for r in list_runs(db)] == ["2027-1"]


def test_run_survives_export_and_import(db: Database, tmp_path: Path) -> None:
    key = saved(db)
    adjust(db, key, "valdres", 1_000_000, "Restmidler")
    again = Database.open(tmp_path / "igjen.db", create=True)
    import_text(again, export_text(db), "x.toml")
    assert export_text(again) == export_text(db)
    assert load_run(again, key).lines[0].adjustment_reason == "Restmidler"


def test_xlsx_and_csv(db: Database, tmp_path: Path) -> None:
    run = load_run(db, saved(db))
    path = run_xlsx(run, tmp_path / "t.xlsx", "Samarbeidsforum Test")
    ws = load_workbook(path).active
    assert ws["A1"].value == "Samarbeidsforum Test – tildeling 2027"
    assert [c.value for c in ws[4]][:8] == [
        "Nettverk",
        "Årsverk",
        "Nøkkel",
        "Utjevning",
        "Søkt",
        "Tildelt",
        "Nettverksdel",
        "UH-del",
    ]
    assert [c.value for c in ws[5]][:8] == [
        "Valdres",
        618.0,
        1_750_000,
        50_000,
        1_300_000,
        1_300_000,
        400_000,
        900_000,
    ]
    assert ws["F6"].value == "=SUM(F5:F5)"
    assert [ws["A9"].value, ws["F9"].value] == ["Budsjett", 2_000_000]
    with pytest.raises(UserError, match="mappe"):
        run_xlsx(run, tmp_path)
    assert csv_text(stored_rows(run)).splitlines()[-1] == ";Sum;;;;;2000000;;;"


def test_adjustment_cannot_exceed_the_request(db: Database) -> None:
    key = saved(db)
    with pytest.raises(UserError, match="søkt om 1\u00a0300\u00a0000\u00a0kr"):
        adjust(db, key, "valdres", 1_300_001, "Mer enn søkt")


def test_linked_run_is_a_table_in_summons_and_minutes(tmp_path: Path) -> None:
    import io

    from docx import Document as Docx

    from sekretariat.documents.decision_minutes import protocol_document
    from sekretariat.documents.document import render
    from sekretariat.documents.summons import summons_document
    from sekretariat.domain.agenda import load_agenda
    from sekretariat.domain.allocation_runs import link
    from sekretariat.new_database import create_from_sample

    db = create_from_sample(tmp_path / "s.db")
    result, scheme, _ = run_for_year(db, 2027, 40_000_000)
    key = save_run(db, 2027, result, scheme)
    with db.sql() as con:
        meeting_id = con.execute("SELECT id FROM meeting WHERE date = '2027-01-21'").fetchone()[0]
    item = next(
        i for i in load_agenda(db, meeting_id).items if i.kind == "decision" and not i.standing
    )
    link(db, key, item.id)
    _, doc = summons_document(db, meeting_id)
    md = render(doc, "md").decode()
    assert "**Forslag til tildeling 2027 (kjøring 2027-1), i kroner:**" in md
    assert (
        "| Glåmdal | 1\u00a0800\u00a0000 | 1\u00a0800\u00a0000 | 680\u00a0000 | 1\u00a0120\u00a0000 |  |"
        in md
    )
    assert "| Sum (budsjett) |  | 40\u00a0000\u00a0000 |  |  |  |" in md
    docx = Docx(io.BytesIO(render(doc, "docx")))
    assert docx.tables[0].cell(1, 0).text == "Glåmdal"
    assert '<td style="text-align:right">1\u00a0800\u00a0000</td>' in render(doc, "html").decode()
    assert render(doc, "pdf").startswith(b"%PDF")
    adopt(db, key, item.id, today=MEETING)
    minutes = render(protocol_document(db, meeting_id), "md").decode()
    assert "**Vedtatt tildeling 2027 (kjøring 2027-1), i kroner:**" in minutes
    with pytest.raises(UserError, match="vedtatt og kan ikke flyttes"):
        link(db, key, item.id)


def test_runs_read_with_sqlite_as_the_orm_reads_them(sample_db: Path) -> None:
    """``list_runs``, ``newest_run``, ``previous_adopted`` and ``run_summaries`` read the
    runs with sqlite3; ``load_run`` reads one through the ORM. They must agree exactly."""
    from sekretariat.domain.allocation_runs import newest_run, previous_adopted, run_summaries

    db = Database.open(sample_db)
    # The sample's own run: 2026, adopted in Sak 10/26 on 05.03.2026.
    assert newest_run(db, 2027, "kollektiv") is None
    assert [r.key for r in list_runs(db)] == ["2026-1"]
    for year, budget in (
        (2027, 10_000_000),
        (2027, 12_000_000),
        (2026, 9_000_000),
        (2027, 11_000_000),
    ):
        result, scheme, _ = run_for_year(db, year, budget)
        save_run(db, year, result, scheme)
    adjust(db, "2027-3", "glamdal", 1_500_000, "Restmidler")
    # Not into Sak 10/26 of 05.03.2026: those minutes are approved (tests/test_frozen_minutes.py).
    from sekretariat.domain.agenda import add_item

    item = add_item(db, 6, {"title": "Fordeling av tilskudd 2026", "kind": "decision"})
    link(db, "2026-2", item)
    runs = list_runs(db)
    assert [(r.key, r.status, r.budget) for r in runs] == [
        ("2027-1", "proposal", 10_000_000),
        ("2027-2", "proposal", 12_000_000),
        ("2027-3", "proposal", 11_000_000),
        ("2026-1", "adopted", 41_286_000),
        ("2026-2", "proposal", 9_000_000),
    ]
    assert runs == [load_run(db, r.key) for r in runs]
    assert [len(r.lines) for r in runs] == [10, 10, 10, 10, 10]
    line = runs[2].lines[0]
    assert (line.code, line.name, line.centi_fte, line.key, line.requested) == (
        "glamdal",
        "Glåmdal",
        150_930,
        1_178_789,
        1_800_000,
    )
    assert (line.allocated, line.adjustment, line.adjustment_reason, line.flags) == (
        1_500_000,
        -32_595,
        "Restmidler",
        ["must_adjust"],
    )
    assert runs[2].rules["requests"]["valdres"] == [420_000, 480_000]
    assert runs[3].adopted_item == "Sak 10/26 Fordeling av tilskudd 2026 (05.03.2026)"
    assert runs[4].adopted_item == "Fordeling av tilskudd 2026 (21.01.2027)"
    # 9 000 000 leaves Glåmdal far below its request of 4 450 000.
    assert runs[4].lines[0].flags == ["must_adjust"]
    assert list_runs(db, 2026) == runs[3:] and list_runs(db, 2025) == []

    # The allocation area shows the newest run of the year and scheme.
    assert newest_run(db, 2027, "kollektiv") == runs[2]
    assert newest_run(db, 2026, "kollektiv") == runs[4]
    assert newest_run(db, 2027, "annen") is None and newest_run(db, 2027, None) is None
    assert newest_run(db, 2028, "kollektiv") is None

    assert previous_adopted(db, 2027, "kollektiv") == runs[3]
    assert previous_adopted(db, 2028, "kollektiv") is None
    assert previous_adopted(db, 2027, "annen") is None

    today = dt.date.today()
    assert [
        (s.key, s.year, s.scheme_code, s.budget, s.status, s.created) for s in run_summaries(db)
    ] == [
        ("2027-1", 2027, "kollektiv", 10_000_000, "proposal", today),
        ("2027-2", 2027, "kollektiv", 12_000_000, "proposal", today),
        ("2027-3", 2027, "kollektiv", 11_000_000, "proposal", today),
        ("2026-1", 2026, "kollektiv", 41_286_000, "adopted", dt.date(2026, 2, 19)),
        ("2026-2", 2026, "kollektiv", 9_000_000, "proposal", today),
    ]
    # Each line has its own list of flags, though equal lists are parsed once.
    first, second = [
        line for line in list_runs(db, 2027)[0].lines if line.flags == ["must_adjust"]
    ][:2]
    first.flags.append("x")
    assert second.flags == ["must_adjust"]


def test_sector_guidance_on_what_a_stored_run_allocates(sample_db: Path) -> None:
    """Plan 4.1's 35/35 on what is allocated, adjustments included: Lillehammerregionen
    asks 430 000 for kindergarten and 970 000 for school; adjusted to 1 000 000, its
    kindergarten part is 1 000 000 × 430/1 400 = 307 142,86 → 307 143 (the larger
    remainder), 30,7 %, under 35 %. Nothing for a run whose scheme is gone."""
    from sekretariat.domain.allocation_runs import run_warnings

    db = Database.open(sample_db)
    result, scheme, _ = run_for_year(db, 2027, 10_000_000)
    key = save_run(db, 2027, result, scheme)
    run = adjust(db, key, "lillehammer", 1_000_000, "Restmidler fra 2026")
    assert run_warnings(db, run) == [
        "Lillehammerregionen: barnehage får 307\u00a0143\u00a0kr (30,7 %) av det som er "
        "tildelt; veiledende minimum er 35 %."
    ]
    gone = load_run(db, key)
    gone.scheme_code = "finnes-ikke"
    assert run_warnings(db, gone) == []
    db.dispose()


def test_a_run_is_adopted_only_by_a_meeting_that_has_been_held(sample_db: Path) -> None:
    """The forum adopts in a meeting: before it, the run is put before the item (``link``);
    a standing item or an item of approved minutes is never offered (issue 15)."""
    from sekretariat.domain.agenda import add_item
    from sekretariat.domain.allocation_runs import link

    db = Database.open(sample_db)
    result, scheme, _ = run_for_year(db, 2027, 40_000_000)
    key = save_run(db, 2027, result, scheme)
    # The sample: 12.11.2026 held with only standing decision items; 21.01.2027 planned
    # with Sak «Valg av leder …» (35); earlier 2026 meetings approved.
    assert decision_items(db, 2027, held_by=dt.date(2026, 12, 2)) == []
    assert [i for i, _ in decision_items(db, 2027)] == [35]
    november = add_item(db, 5, {"title": "Fordeling av tilskudd 2027", "kind": "decision"})
    assert [i for i, _ in decision_items(db, 2027, held_by=dt.date(2026, 12, 2))] == [november]
    assert [i for i, _ in decision_items(db, 2027)] == [35, november]

    with pytest.raises(UserError, match=r"Møtet 21\.01\.2027 er ikke holdt ennå"):
        adopt(db, key, 35, today=dt.date(2026, 12, 2))
    with pytest.raises(UserError, match="fast sak"):
        adopt(db, key, 27, today=dt.date(2026, 12, 2))  # approval of earlier minutes
    with pytest.raises(UserError, match="fast sak"):
        link(db, key, 32)  # approval of the summons of 21.01.2027
    assert load_run(db, key).status == "proposal" and load_run(db, key).adopted_item == ""

    assert "Valg av leder" in link(db, key, 35).adopted_item
    run = adopt(db, key, november, today=dt.date(2026, 12, 2))
    assert run.status == "adopted" and "Fordeling av tilskudd 2027" in run.adopted_item


def test_a_year_without_ftes_says_where_to_enter_them(db: Database) -> None:
    """mini.toml has Valdres's FTEs for 2027 only: 2030 has none (issue 15)."""
    with pytest.raises(UserError) as refused:
        run_for_year(db, 2030, 1_000_000)
    assert str(refused.value) == (
        "Årsverk for 2030 mangler for Valdres. Lim dem inn under Innstillinger (9), "
        "Oppsett av forumet (F5), p – eller importer dem med utvekslingsfilen."
    )
