"""The packaged sample forum: canonical, and as the Innlandet plan describes it."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import func, select

from sekretariat.domain.seats import seat_table
from sekretariat.exchange import export_text
from sekretariat.new_database import create_from_sample, open_demo
from sekretariat.paths import demo_path_ready, sample_path
from sekretariat.storage import models as m
from sekretariat.storage.database import Database

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return create_from_sample(tmp_path_factory.mktemp("sample") / "sample.db")


def test_sample_round_trip_is_byte_identical(sample: Database) -> None:
    assert export_text(sample) == sample_path().read_text(encoding="utf-8")


def test_sample_is_marked_fictional(sample: Database) -> None:
    text = sample_path().read_text(encoding="utf-8")
    assert "FIKTIVE DATA" in text.splitlines()[1]
    with sample.read() as s:
        assert s.get(m.Forum, 1).fictional is True


def test_the_45_seat_table(sample: Database) -> None:
    with sample.sql() as con:
        table = seat_table(con, TODAY)
    counts = {row.code: row.count for row in table}
    assert sum(counts.values()) == 45
    assert counts["bhg_myndighet"] == 9 and counts["kommunal_skoleeier"] == 9
    assert counts["koordinator"] == 3
    assert [row.voting for row in table if row.code == "koordinator"] == [False]
    filled = sum(row.filled for row in table)
    assert 38 <= filled < 45  # most seats held, a few vacancies


def test_networks_and_equalisation(sample: Database) -> None:
    with sample.read() as s:
        regions = s.exec(select(m.Region)).all()
        fte_years = s.exec(select(m.RegionFte.year).distinct()).all()
    assert sum(r.kind == "regional" for r in regions) == 9
    assert sum(r.kind == "private" for r in regions) == 1
    assert sorted(r.name for r in regions if r.equalization) == [
        "Midt-Gudbrandsdal",
        "Nord-Gudbrandsdal",
        "Nord-Østerdal",
        "Valdres",
    ]
    assert sorted(fte_years) == [2026, 2027]


def test_meetings_prompts_reports(sample: Database) -> None:
    with sample.read() as s:
        meetings = s.exec(select(m.Meeting).order_by(m.Meeting.date)).all()
        prompts = s.exec(select(func.count(m.Prompt.id))).one()
        reports = s.exec(select(m.NeedsReport).where(m.NeedsReport.year == 2027)).all()
    held = [mt for mt in meetings if mt.date.year == 2026]
    planned = [mt for mt in meetings if mt.date.year == 2027]
    assert [mt.date for mt in held] == [
        dt.date(2026, 1, 15),
        dt.date(2026, 3, 5),
        dt.date(2026, 6, 18),
        dt.date(2026, 9, 17),
        dt.date(2026, 11, 12),
    ]
    assert all(mt.status in ("held", "approved") for mt in held)
    assert [mt.date for mt in planned] == [
        dt.date(2027, 1, 21),
        dt.date(2027, 3, 11),
        dt.date(2027, 6, 24),
        dt.date(2027, 9, 23),
        dt.date(2027, 11, 18),
    ]
    assert all(mt.status == "planned" for mt in planned)
    assert prompts >= 12
    assert 3 <= len(reports) < 10


def test_sample_has_sami_letters() -> None:
    text = sample_path().read_text(encoding="utf-8")
    for letter in "áčđŋšŧž":
        assert letter in text.lower()


def test_demo_is_built_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    assert not demo_path_ready(path)
    open_demo(path).dispose()
    assert demo_path_ready(path)
    stamp = path.stat().st_mtime_ns
    open_demo(path).dispose()
    assert path.stat().st_mtime_ns == stamp


def test_demo_never_overwrites_a_real_database(tmp_path: Path) -> None:
    from sekretariat.errors import UserError
    from sekretariat.new_database import create_empty

    real = tmp_path / "ekte.db"
    create_empty(real, "Mitt forum").dispose()
    with pytest.raises(UserError, match="ikke en demodatabase"):
        open_demo(real)
    with Database.open(real).read() as s:
        assert s.get(m.Forum, 1).name == "Mitt forum"
