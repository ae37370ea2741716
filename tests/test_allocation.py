"""The allocation model: DESIGN.md's worked example and hand-worked cases, to the krone."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sekretariat.domain.allocation import (
    MISSING_REPORT,
    MUST_ADJUST,
    NETWORK_CAPPED,
    NetworkInput,
    Rules,
    allocate,
    largest_remainder,
    result_json,
)
from sekretariat.errors import UserError

INNLANDET = Rules(common_bp=1000, equalization_bp=200, network_max_bp=4000, unit=1)


def test_worked_example_from_the_design() -> None:
    networks = [
        NetworkInput("nord", 10000, equalization=True, network_req=100_000, uh_req=150_000),
        NetworkInput("sor", 20000, network_req=350_000, uh_req=350_000),
        NetworkInput("vest", 5050),
    ]
    r = allocate(1_000_003, INNLANDET, networks)
    assert (r.common, r.equalization_pool, r.key_pool, r.unallocated) == (
        100_000,
        20_000,
        880_003,
        0,
    )
    nord, sor, vest = r.networks
    assert [n.key for n in r.networks] == [251_071, 502_141, 126_791]
    assert [n.equalization for n in r.networks] == [20_000, 0, 0]
    assert (nord.requested, nord.allocated, nord.network, nord.uh, nord.flags) == (
        250_000,
        250_000,
        100_000,
        150_000,
        [],
    )
    assert (sor.requested, sor.allocated, sor.network, sor.uh) == (
        700_000,
        650_003,
        260_001,
        390_002,
    )
    assert sor.flags == [MUST_ADJUST, NETWORK_CAPPED]
    assert (vest.requested, vest.allocated, vest.network, vest.uh, vest.flags) == (
        0,
        0,
        0,
        0,
        [MISSING_REPORT],
    )
    assert r.common + r.allocated + r.unallocated == 1_000_003


def test_json_contract() -> None:
    r = allocate(
        1_000_003,
        INNLANDET,
        [NetworkInput("nord", 10000, True, 100_000, 150_000), NetworkInput("vest", 5050)],
    )
    doc = result_json(2027, r)
    assert set(doc) == {"year", "budget", "common", "unallocated", "regions"}
    assert set(doc["regions"][0]) == {
        "code",
        "fte",
        "key",
        "equalization",
        "requested",
        "allocated",
        "network",
        "uh",
        "flags",
    }
    assert doc["regions"][1]["fte"] == 50.5


def test_rounding_unit_1000_and_odd_budget() -> None:
    # B = 1 234 567, unit 1 000. Common: 10 % = 123 456.7 → 123 000. Equalisation: 2 % =
    # 24 691.34 → 24 000, split a (eq) / b (eq) 12 000 each. Key pool = 1 234 567 −
    # 123 000 − 24 000 = 1 087 567: 1 087 units; FTE 1 : 1 : 1 → quotas 362.33 each → 362
    # each, 1 unit left: the tie goes to the earliest (a). B mod 1 000 = 567 is below the
    # unit and stays unallocated (not in the common measures).
    rules = Rules(1000, 200, 4000, 1000)
    nets = [
        NetworkInput("a", 100, True, 1_000_000, 1_000_000),
        NetworkInput("b", 100, True, 1_000_000, 1_000_000),
        NetworkInput("c", 100, False, 1_000_000, 1_000_000),
    ]
    r = allocate(1_234_567, rules, nets)
    assert r.common == 123_000
    assert [n.equalization for n in r.networks] == [12_000, 12_000, 0]
    assert [n.key for n in r.networks] == [363_000, 362_000, 362_000]
    assert [n.allocated for n in r.networks] == [375_000, 374_000, 362_000]
    # Split half/half in units: 375 units → 188/187 (tie to the network), cap 40 % of
    # 375 000 = 150 000 → network 150 000, UH 225 000.
    assert [(n.network, n.uh) for n in r.networks] == [
        (150_000, 225_000),
        (149_000, 225_000),
        (144_000, 218_000),
    ]
    assert r.unallocated == 567
    assert all(n.flags == [MUST_ADJUST, NETWORK_CAPPED] for n in r.networks)


def test_requests_are_counted_in_whole_units() -> None:
    # A request of 250 999 with unit 1 000 counts as 250 000.
    r = allocate(
        1_000_000, Rules(0, 0, 4000, 1000), [NetworkInput("a", 100, False, 100_999, 150_000)]
    )
    assert r.networks[0].requested == 250_000
    assert r.networks[0].allocated == 250_000
    assert r.unallocated == 750_000


def test_surplus_when_every_request_is_met() -> None:
    # Budget 1 000 000, no common/equalisation; both ask 100 000: 800 000 stays unallocated.
    nets = [
        NetworkInput("a", 300, False, 40_000, 60_000),
        NetworkInput("b", 100, False, 40_000, 60_000),
    ]
    r = allocate(1_000_000, Rules(0, 0, 4000, 1), nets)
    assert [n.allocated for n in r.networks] == [100_000, 100_000]
    assert r.unallocated == 800_000
    assert all(n.flags == [] for n in r.networks)


def test_shortage_redistributes_by_key_among_the_short() -> None:
    # Key pool 1 000 by FTE 1:1:2 → 250 / 250 / 500. a asks 100 → 100, 150 left over.
    # b asks 1 000 and c asks 1 000: the 150 goes 1:2 → b 50, c 100 → b 300, c 600.
    nets = [
        NetworkInput("a", 100, False, 40, 60),
        NetworkInput("b", 100, False, 400, 600),
        NetworkInput("c", 200, False, 400, 600),
    ]
    r = allocate(1_000, Rules(0, 0, 10000, 1), nets)
    assert [n.allocated for n in r.networks] == [100, 300, 600]
    assert [n.flags for n in r.networks] == [[], [MUST_ADJUST], [MUST_ADJUST]]
    assert r.unallocated == 0


def test_redistribution_caps_and_goes_round_again() -> None:
    # Key 1:1:1 of 900 → 300 each. a asks 100 → 200 left. Round 1 by key 1:1 → b 100, c 100;
    # b asks 350 so takes 50, 50 comes back. Round 2 → c takes 50 → c 450 (asked 1 000).
    nets = [
        NetworkInput("a", 100, False, 100, 0),
        NetworkInput("b", 100, False, 0, 350),
        NetworkInput("c", 100, False, 0, 1_000),
    ]
    r = allocate(900, Rules(0, 0, 10000, 1), nets)
    assert [n.allocated for n in r.networks] == [100, 350, 450]
    assert r.unallocated == 0


def test_all_to_uh_is_allowed_and_network_cap_holds() -> None:
    nets = [NetworkInput("a", 100, False, 0, 500_000), NetworkInput("b", 100, False, 500_000, 0)]
    r = allocate(1_000_000, Rules(0, 0, 4000, 1), nets)
    a, b = r.networks
    assert (a.network, a.uh, a.flags) == (0, 500_000, [])
    # b asks everything for itself: capped at 40 %, flagged.
    assert (b.network, b.uh, b.flags) == (200_000, 300_000, [NETWORK_CAPPED])


def test_no_equalisation_networks_means_no_pool() -> None:
    r = allocate(1_000, INNLANDET, [NetworkInput("a", 100, False, 10_000, 10_000)])
    assert r.equalization_pool == 0 and r.key_pool == 900


@pytest.mark.parametrize(
    ("budget", "networks", "message"),
    [
        (-1, [NetworkInput("a", 1)], "negativt"),
        (100, [], "ingen nettverk"),
        (100, [NetworkInput("a", 0)], "Ingen nettverk har årsverk"),
        (100, [NetworkInput("a", 1), NetworkInput("a", 1)], "to ganger"),
    ],
)
def test_bad_inputs_are_refused(budget: int, networks: list[NetworkInput], message: str) -> None:
    with pytest.raises(UserError, match=message):
        allocate(budget, INNLANDET, networks)


def test_bad_rules_are_refused() -> None:
    with pytest.raises(UserError, match="over 100"):
        Rules(common_bp=9000, equalization_bp=2000)
    with pytest.raises(UserError, match="Avrundingsenheten"):
        Rules(unit=0)


def test_largest_remainder_by_hand() -> None:
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert largest_remainder(880_003, [10000, 20000, 5050]) == [251_071, 502_141, 126_791]
    assert largest_remainder(5, [0, 0]) == [3, 2]
    assert largest_remainder(0, [3, 4]) == [0, 0]


# --------------------------------------------------------------------------- properties
nets_strategy = st.lists(
    st.tuples(
        st.integers(0, 500_000),  # centi-FTE
        st.booleans(),
        st.one_of(st.none(), st.tuples(st.integers(0, 5_000_000), st.integers(0, 5_000_000))),
    ),
    min_size=1,
    max_size=12,
).filter(lambda xs: sum(x[0] for x in xs) > 0)
rules_strategy = st.builds(
    Rules,
    common_bp=st.integers(0, 2000),
    equalization_bp=st.integers(0, 500),
    network_max_bp=st.integers(0, 10000),
    unit=st.sampled_from([1, 10, 100, 1000]),
)


def build(raw: list) -> list[NetworkInput]:
    return [
        NetworkInput(f"n{i}", fte, eq, req[0] if req else None, req[1] if req else None)
        for i, (fte, eq, req) in enumerate(raw)
    ]


@settings(max_examples=300, deadline=None)
@given(budget=st.integers(0, 200_000_000), rules=rules_strategy, raw=nets_strategy)
def test_sums_exact_caps_held_nobody_above_request(budget: int, rules: Rules, raw: list) -> None:
    nets = build(raw)
    r = allocate(budget, rules, nets)
    assert r.common + sum(n.allocated for n in r.networks) + r.unallocated == budget
    for n, inp in zip(r.networks, nets, strict=True):
        assert 0 <= n.allocated <= n.requested
        assert n.network + n.uh == n.allocated
        assert n.network * 10000 <= rules.network_max_bp * n.allocated
        assert n.network % rules.unit == 0 and n.uh % rules.unit == 0
        assert (MISSING_REPORT in n.flags) == (not inp.has_report)
    # Money is left unallocated only when every request is met, but for the budget's rest
    # below the rounding unit, which is never allocated.
    if r.unallocated > budget % rules.unit:
        assert all(n.allocated == n.requested for n in r.networks)
    assert allocate(budget, rules, nets) == r  # deterministic


@settings(max_examples=300, deadline=None)
@given(
    budget=st.integers(0, 200_000_000),
    rules=rules_strategy,
    raw=nets_strategy,
    extra=st.integers(1, 100_000),
    which=st.integers(0, 11),
)
def test_more_fte_never_means_a_smaller_key(
    budget: int, rules: Rules, raw: list, extra: int, which: int
) -> None:
    nets = build(raw)
    i = which % len(nets)
    before = allocate(budget, rules, nets).networks[i].key
    nets[i] = replace(nets[i], centi_fte=nets[i].centi_fte + extra)
    assert allocate(budget, rules, nets).networks[i].key >= before


def test_nordland_fixed_split_40_60() -> None:
    # No reserves; key 1 : 3 of 1 000 000 → 250 000 / 750 000. a asks 750 000 and gets its
    # key 250 000; b asks 200 000 and gets it; the 550 000 left goes to a (the only one
    # short), capped at its request: a = 750 000, 50 000 unallocated. Split 40/60 fixed.
    rules = Rules(
        common_bp=0, equalization_bp=0, network_max_bp=4000, unit=1, network_fixed_bp=4000
    )
    nets = [
        NetworkInput("a", 100, False, 300_000, 450_000),
        NetworkInput("b", 300, False, 100_000, 100_000),
    ]
    r = allocate(1_000_000, rules, nets)
    assert [(n.allocated, n.network, n.uh) for n in r.networks] == [
        (750_000, 300_000, 450_000),
        (200_000, 80_000, 120_000),
    ]
    assert r.unallocated == 50_000
    assert [n.flags for n in r.networks] == [[], [NETWORK_CAPPED]]  # b asked 50 % for itself


def test_agder_fixed_amounts_without_cap() -> None:
    rules = Rules(
        common_bp=0,
        equalization_bp=0,
        network_max_bp=4000,
        unit=1000,
        network_fixed_bp=4000,
        fixed={"ost": 2_467_000, "kris": 3_000_000},
        needs_cap=False,
    )
    r = allocate(6_000_000, rules, [NetworkInput("ost", 0), NetworkInput("kris", 0)])
    # Neither has a needs report: without a needs cap that changes no amount, but the flag
    # says so.
    assert [(n.key, n.allocated, n.network, n.uh, n.flags) for n in r.networks] == [
        (2_467_000, 2_467_000, 986_000, 1_481_000, [MISSING_REPORT]),  # 40 % = 986 800 → 986 000
        (3_000_000, 3_000_000, 1_200_000, 1_800_000, [MISSING_REPORT]),
    ]
    assert r.unallocated == 533_000


def test_fixed_amounts_with_cap_redistribute_by_the_fixed_key() -> None:
    # Fixed 600 / 400 of a 1 000 pool. a asks 300 → 300; 300 left goes to b (short) → b 700.
    rules = Rules(0, 0, 10000, 1, fixed={"a": 600, "b": 400})
    r = allocate(
        1_000, rules, [NetworkInput("a", 1, False, 300, 0), NetworkInput("b", 1, False, 0, 900)]
    )
    assert [n.allocated for n in r.networks] == [300, 700]
    assert r.networks[1].flags == [MUST_ADJUST]


def test_fixed_amounts_larger_than_the_pool_are_refused() -> None:
    with pytest.raises(UserError, match="faste beløpene"):
        allocate(1_000, Rules(0, 0, 4000, 1, fixed={"a": 1_001}), [NetworkInput("a", 1)])
    with pytest.raises(UserError, match="ukjente nettverk: x"):
        allocate(1_000, Rules(0, 0, 4000, 1, fixed={"x": 1}), [NetworkInput("a", 1)])
    with pytest.raises(UserError, match="fast nettverksandel"):
        Rules(needs_cap=False)


# --------------------------------------------------------------------------- the plan's caps
#: DESIGN.md's worked example, the reports' kindergarten/school split added.
WORKED = [
    NetworkInput("nord", 10000, True, 100_000, 150_000, 100_000, 150_000),
    NetworkInput("sor", 20000, False, 350_000, 350_000, 200_000, 500_000),
    NetworkInput("vest", 5050),
]


def test_common_measures_are_up_to_the_cap_and_the_cap_by_default() -> None:
    """Plan 3.8.1: «Inntil 10 % av tilskuddet … settes av til felles kompetansetiltak»."""
    assert allocate(1_000_003, INNLANDET, WORKED).common == 100_000  # the whole cap
    r = allocate(1_000_003, INNLANDET, WORKED, common=50_000)
    # Key pool 1 000 003 − 50 000 − 20 000 = 930 003 by FTE 10 000 / 20 000 / 5 050 of
    # 35 050: quotas 265 336.09 / 530 672.18 / 133 994.73, floors 930 002, the krone left
    # to the largest fraction (vest).
    assert (r.common, r.key_pool) == (50_000, 930_003)
    assert [n.key for n in r.networks] == [265_336, 530_672, 133_995]
    nord, sor, vest = r.networks
    # nord asks 250 000 (< 285 336); sor gets 530 672 first, then the 169 331 left over
    # up to its 700 000 request; 3 kroner remain unallocated.
    assert (nord.allocated, sor.allocated, vest.allocated, r.unallocated) == (
        250_000,
        700_000,
        0,
        3,
    )
    # sor: 350 000 / 350 000 capped at 40 % of 700 000 = 280 000.
    assert (sor.network, sor.uh, sor.flags) == (280_000, 420_000, [NETWORK_CAPPED])
    assert r.common + r.allocated + r.unallocated == 1_000_003
    assert allocate(1_000_003, INNLANDET, WORKED, common=0).common == 0


def test_common_measures_above_the_cap_or_off_the_unit_are_refused() -> None:
    with pytest.raises(UserError) as caught:
        allocate(1_000_003, INNLANDET, WORKED, common=100_001)
    assert str(caught.value) == (
        "Fellestiltakene kan være inntil 10 % av budsjettet (100\u00a0000\u00a0kr), ikke "
        "100\u00a0001\u00a0kr."
    )
    with pytest.raises(UserError, match="negativt"):
        allocate(1_000_003, INNLANDET, WORKED, common=-1)
    thousands = replace(INNLANDET, unit=1000)
    with pytest.raises(UserError, match="hele 1\u00a0000\u00a0kr"):
        allocate(1_000_003, thousands, WORKED, common=50_500)
    # The budget's rest below the unit is not allocated, and not common measures.
    odd = allocate(1_000_003, thousands, WORKED, common=50_000)
    assert (odd.common, odd.unallocated % 1000) == (50_000, 3)


def test_an_agreed_network_gives_uh_a_larger_share() -> None:
    """Nordland: «40% til nettverkene og 60% til UH, med mindre det avtales økt andel til
    UH»: two networks of equal FTEs share 1 000 000; b has agreed 30 % to the network."""
    rules = Rules(
        common_bp=0,
        equalization_bp=0,
        network_fixed_bp=4000,
        needs_cap=False,
        network_agreed={"b": 3000},
    )
    r = allocate(1_000_000, rules, [NetworkInput("a", 100), NetworkInput("b", 100)])
    assert [(n.allocated, n.network, n.uh) for n in r.networks] == [
        (500_000, 200_000, 300_000),
        (500_000, 150_000, 350_000),
    ]
    with pytest.raises(UserError, match="kan bare gi UH en større andel"):
        replace(rules, network_agreed={"b": 4001})
    with pytest.raises(UserError, match="forutsetter at ordningen har en fast nettverksandel"):
        Rules(network_agreed={"b": 3000})


def test_the_35_35_guidance_is_checked_on_what_is_allocated() -> None:
    """Plan 4.1: «veiledende fordeling med minimum 35 % i barnehagebaserte og 35 %
    skolebaserte tiltak», on the worked example's allocation."""
    from sekretariat.domain.allocation import allocated_by_sector, sector_warnings

    shares = allocated_by_sector(allocate(1_000_003, INNLANDET, WORKED))
    # nord gets what it asked: 100 000 / 150 000. sor gets 650 003 of 700 000, split 2:5
    # as its report: 185 715.14 / 464 287.86, the krone left to the larger fraction.
    assert [(s.code, s.kindergarten, s.school) for s in shares] == [
        ("nord", 100_000, 150_000),
        ("sor", 185_715, 464_288),
    ]
    assert sector_warnings(shares, 3500, 3500, {"nord": "Nord", "sor": "Sør"}) == [
        "Sør: barnehage får 185\u00a0715\u00a0kr (28,6 %) av det som er tildelt; veiledende "
        "minimum er 35 %.",
        "Alle nettverk samlet: barnehage får 285\u00a0715\u00a0kr (31,7 %) av det som er "
        "tildelt; veiledende minimum er 35 %.",
    ]
    assert sector_warnings(shares, 0, 0) == []
