"""Other counties' models as data: examples/nordland.toml and examples/agder.toml."""

from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.domain.allocation_runs import grant_problems, run_for_year
from sekretariat.errors import ImportRefused, UserError
from sekretariat.exchange import export_text, import_file, import_text
from sekretariat.storage import models as m
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


def test_nordland_key_period_ends_in_2023(tmp_path: Path) -> None:
    """«Midlene fordeles på samme måte i perioden 2020-2023»: not in 2024."""
    db = Database.open(tmp_path / "n.db", create=True)
    import_file(db, EXAMPLES / "nordland.toml")
    with pytest.raises(UserError) as caught:
        run_for_year(db, 2024, 12_000_000)
    assert str(caught.value) == (
        "Fordelingsnøkkelen fra årsverkene i 2020 gjelder 2020–2023; for 2024 må forumet "
        "fastsette en ny nøkkel."
    )
    with pytest.raises(UserError, match="gjelder 2020–2023"):
        run_for_year(db, 2019, 12_000_000)


def test_nordland_a_network_agreed_a_larger_uh_share(tmp_path: Path) -> None:
    """«… med mindre det avtales økt andel til UH»: Nord-Salten (the example's own, fictional
    agreement) gets 30 % to the network. FTE 150 of 5 026: 12 000 × 150 / 5 026 = 358.1
    thousands → 358 000; 30 % = 107 400 → 107 000 in whole thousands, 251 000 to UH."""
    db = Database.open(tmp_path / "n.db", create=True)
    import_file(db, EXAMPLES / "nordland.toml")
    result, _, _ = run_for_year(db, 2021, 12_000_000)
    nord = next(n for n in result.networks if n.code == "nord-salten")
    assert (nord.allocated, nord.network, nord.uh) == (358_000, 107_000, 251_000)


def test_agder_three_schemes_in_one_grant(tmp_path: Path) -> None:
    """The slides: «Tildelte midler til Agder: kr 25 120 000 / Regional ordning kr 10 698 000
    / Desentralisert ordning kr 12 999 000 / Kompetanseløftet kr 1 423 000»."""
    db = Database.open(tmp_path / "a.db", create=True)
    import_file(db, EXAMPLES / "agder.toml")
    assert grant_problems(db, 2020) == []  # 10 698 000 + 12 999 000 + 1 423 000
    # The budget comes from the scheme; the amounts per recipient are the slides'.
    regional, scheme, names = run_for_year(db, 2020, None, "regional")
    assert (scheme.name, regional.budget) == ("Regional ordning (REKOMP)", 10_698_000)
    assert [(n.code, n.allocated) for n in regional.networks] == [
        ("ostre-agder", 2_174_000),
        ("kristiansand", 4_209_000),
        ("lister", 946_000),
        ("setesdal", 160_000),
    ]
    # The slides give no network/UH split: each amount goes whole to the recipient.
    kristiansand = regional.networks[1]
    assert (kristiansand.network, kristiansand.uh) == (4_209_000, 0)
    # 10 698 000 − (4 209 000 + 946 000 + 2 174 000 + 160 000) = 3 209 000 not explained.
    assert regional.unallocated == 3_209_000
    dekom, _, _ = run_for_year(db, 2020, None)  # the default scheme
    assert len(dekom.networks) == 8
    assert dekom.unallocated == 12_999_000 - 12_551_000
    fylke = next(n for n in dekom.networks if n.code == "fylkeskommunen")
    assert fylke.allocated == 3_500_000


def test_agder_kompetanseloftet_has_its_two_pilots_and_no_split(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "a.db", create=True)
    import_file(db, EXAMPLES / "agder.toml")
    with db.read() as s:
        loft = s.exec(select(m.Scheme).where(m.Scheme.code == "kompetanseloftet")).one()
        kinds = {r.code: r.kind for r in s.exec(select(m.Region)).all()}
    assert loft.regions == ["lindesnes", "flekkefjord"] and loft.fixed_amounts == {}
    assert kinds["fylkeskommunen"] == "other"  # not a private-school network
    with pytest.raises(UserError, match="Årsverk for 2020 mangler for Lindesnes, Flekkefjord"):
        run_for_year(db, 2020, None, "kompetanseloftet")


def test_the_schemes_budgets_are_checked_against_the_grant(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "a.db", create=True)
    import_file(db, EXAMPLES / "agder.toml")
    with pytest.raises(ImportRefused) as caught:
        import_text(
            db,
            'schema = 1\n[[scheme]]\ncode = "regional"\nname = "R"\nbudgets = { 2020 = 10698001 }\n',
            "mer.toml",
        )
    assert str(caught.value) == (
        "mer.toml: filen: ordningenes budsjetter for 2020 er til sammen 25\u00a0120\u00a0001\u00a0kr, "
        "mer enn forumets tildeling 25\u00a0120\u00a0000\u00a0kr. Ingenting ble importert."
    )
    import_text(
        db,
        'schema = 1\n[[scheme]]\ncode = "regional"\nname = "R"\nbudgets = { 2020 = 10000000 }\n',
        "mindre.toml",
    )
    assert grant_problems(db, 2020) == [
        "Ordningenes budsjetter for 2020 er til sammen 24\u00a0422\u00a0000\u00a0kr; "
        "698\u00a0000\u00a0kr av forumets tildeling på 25\u00a0120\u00a0000\u00a0kr er ikke lagt "
        "til noen ordning."
    ]
