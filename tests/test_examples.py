"""Other counties' models as data: examples/nordland.toml and examples/agder.toml."""

from pathlib import Path

import pytest

from sekretariat.domain.allocation_runs import run_for_year
from sekretariat.exchange import export_text, import_file, import_text
from sekretariat.storage.database import Database

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(params=["nordland", "agder"])
def example(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    db = Database.open(tmp_path / f"{request.param}.db", create=True)
    import_file(db, EXAMPLES / f"{request.param}.toml")
    return db


def test_examples_round_trip(example: Database, tmp_path: Path) -> None:
    again = Database.open(tmp_path / "igjen.db", create=True)
    import_text(again, export_text(example), "x.toml")
    assert export_text(again) == export_text(example)


def test_nordland_same_key_every_year_and_40_60(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "n.db", create=True)
    import_file(db, EXAMPLES / "nordland.toml")
    r2021, _, _ = run_for_year(db, 2021, 12_000_000)
    r2023, _, _ = run_for_year(db, 2023, 12_000_000)
    assert [n.allocated for n in r2021.networks] == [n.allocated for n in r2023.networks]
    assert (r2021.common, r2021.unallocated) == (0, 0)
    # FTE 2020 sum to 5 026; Salten 1 480 → 12 000 units × 1 480 / 5 026 = 3 533.6, and its
    # remainder is among the largest → 3 534 000. 40 % = 1 413 600 → 1 413 000 in thousands.
    salten = r2021.networks[0]
    assert (salten.key, salten.allocated, salten.network, salten.uh) == (
        3_534_000,
        3_534_000,
        1_413_000,
        2_121_000,
    )
    for n in r2021.networks:
        assert n.network * 10 <= n.allocated * 4


def test_agder_three_schemes_with_fixed_amounts(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "a.db", create=True)
    import_file(db, EXAMPLES / "agder.toml")
    regional, scheme, names = run_for_year(db, 2020, 10_698_000, "regional")
    assert scheme.name == "Regional ordning (REKOMP)"
    by = {n.code: n for n in regional.networks}
    # Kristiansand: fixed 4 209 000; 40 % = 1 683 600 → 1 683 000 in whole thousands.
    assert (by["kristiansand"].allocated, by["kristiansand"].network, by["kristiansand"].uh) == (
        4_209_000,
        1_683_000,
        2_526_000,
    )
    assert by["lindesnes"].allocated == 0
    # 10 698 000 − (4 209 000 + 946 000 + 2 174 000 + 160 000) = 3 209 000 not allocated.
    assert regional.unallocated == 3_209_000
    dekom, _, _ = run_for_year(db, 2020, 12_999_000)  # the default scheme
    assert dekom.unallocated == 12_999_000 - 12_551_000
    loft, _, _ = run_for_year(db, 2020, 1_423_000, "kompetanseloftet")
    assert [(n.code, n.allocated) for n in loft.networks if n.allocated] == [
        ("lindesnes", 1_423_000)
    ]
    assert loft.unallocated == 0
