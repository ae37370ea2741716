"""The allocation model (DESIGN.md "Allocation", Innlandet plan 3.8.1), generalised.

A pure function from inputs to a result in whole kroner. Every division is done on
integers (FTEs in hundredths, percentages in basis points), so the result is exact and
deterministic: common + Σ allocated + unallocated = budget, to the krone.

``common_bp`` is a cap, as the plan says («Inntil 10 % av tilskuddet … settes av til
felles kompetansetiltak»): the forum sets the amount for a run (``allocate(common=…)``),
by default the whole cap, and what it leaves goes to the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sekretariat.errors import UserError
from sekretariat.formats import kroner, percent
from sekretariat.formats import share as share_of
from sekretariat.i18n import ui

MISSING_REPORT = "missing_report"
MUST_ADJUST = "must_adjust"
NETWORK_CAPPED = "network_capped"


@dataclass(frozen=True)
class Rules:
    """The rules of one scheme; percentages in basis points (1 % = 100)."""

    common_bp: int = 1000
    equalization_bp: int = 200
    network_max_bp: int = 4000
    unit: int = 1
    #: A fixed network share of each allocation (Nordland: 40 %), instead of the split by request.
    network_fixed_bp: int | None = None
    #: Fixed amounts per network code instead of the FTE key (Agder).
    fixed: dict[str, int] = field(default_factory=dict)
    #: Cap every allocation at the reported need (DESIGN step 4); False gives the key as is.
    needs_cap: bool = True
    #: A smaller network share agreed with a network, by code, instead of
    #: ``network_fixed_bp`` (Nordland: «med mindre det avtales økt andel til UH»).
    network_agreed: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("common_bp", "equalization_bp", "network_max_bp"):
            value = getattr(self, name)
            if not 0 <= value <= 10000:
                raise UserError(ui("Regelen {name} må være mellom 0 og 100 %.").format(name=name))
        if self.common_bp + self.equalization_bp > 10000:
            raise UserError(ui("Fellestiltak og utjevning kan ikke til sammen være over 100 %."))
        if self.unit < 1:
            raise UserError(ui("Avrundingsenheten må være minst 1 krone."))
        if self.network_fixed_bp is not None and not 0 <= self.network_fixed_bp <= 10000:
            raise UserError(ui("Fast nettverksandel må være mellom 0 og 100 %."))
        if not self.needs_cap and self.network_fixed_bp is None:
            raise UserError(
                ui(
                    "Uten tak ved meldt behov må ordningen ha en fast nettverksandel "
                    "(ellers finnes det ikke noe grunnlag for fordelingen mellom nettverk og UH)."
                )
            )
        if any(amount < 0 for amount in self.fixed.values()):
            raise UserError(ui("Faste beløp kan ikke være negative."))
        if self.network_agreed and self.network_fixed_bp is None:
            raise UserError(
                ui("En avtalt nettverksandel forutsetter at ordningen har en fast nettverksandel.")
            )
        for code, bp in self.network_agreed.items():
            if self.network_fixed_bp is not None and not 0 <= bp <= self.network_fixed_bp:
                raise UserError(
                    ui(
                        "Avtalt nettverksandel for «{code}» kan bare gi UH en større andel: "
                        "den må være mellom 0 og {most}."
                    ).format(code=code, most=percent(self.network_fixed_bp))
                )

    def network_share(self, code: str) -> int | None:
        """The fixed network share for this network (an agreed one first), in bp."""
        return self.network_agreed.get(code, self.network_fixed_bp)

    def common_cap(self, budget: int) -> int:
        """The most the common measures may have: ``common_bp`` of the budget, in units."""
        return _floor_unit(budget * self.common_bp // 10000, self.unit)


@dataclass(frozen=True)
class NetworkInput:
    """One network as the model sees it; ``network_req``/``uh_req`` None = no report."""

    code: str
    centi_fte: int
    equalization: bool = False
    network_req: int | None = None
    uh_req: int | None = None
    #: The report's kindergarten and school amounts (for the 35/35 guidance, plan 4.1).
    kindergarten_req: int = 0
    school_req: int = 0

    @property
    def has_report(self) -> bool:
        return self.network_req is not None or self.uh_req is not None


@dataclass
class NetworkResult:
    code: str
    centi_fte: int
    key: int = 0
    equalization: int = 0
    requested: int = 0
    allocated: int = 0
    network: int = 0
    uh: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def fte(self) -> float:
        return self.centi_fte / 100


@dataclass
class Result:
    budget: int
    common: int
    equalization_pool: int
    key_pool: int
    unallocated: int
    networks: list[NetworkResult]
    inputs: list[NetworkInput] = field(default_factory=list, compare=False)
    needs_cap: bool = True

    @property
    def allocated(self) -> int:
        return sum(n.allocated for n in self.networks)

    def check(self) -> None:
        """The invariant of step 6; a failure here is a bug, never a user mistake."""
        total = self.common + self.allocated + self.unallocated
        assert total == self.budget, (total, self.budget)
        for n in self.networks:
            assert n.network + n.uh == n.allocated, n
            assert n.allocated >= 0, n
            if self.needs_cap:
                assert n.allocated <= n.requested, n


def largest_remainder(units: int, weights: Sequence[int]) -> list[int]:
    """Split ``units`` whole units in proportion to ``weights`` (Hamilton's method).

    Each gets the floor of its quota; the units left go one each to the largest
    remainders, ties to the earlier entry. All-zero weights split equally.
    """
    if units < 0:
        raise ValueError("units must not be negative")
    if not weights:
        if units:
            raise ValueError("nothing to split between")
        return []
    if all(w == 0 for w in weights):
        weights = [1] * len(weights)
    total = sum(weights)
    shares = [units * w // total for w in weights]
    remainders = [units * w % total for w in weights]
    left = units - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def _floor_unit(amount: int, unit: int) -> int:
    return amount - amount % unit


def allocate(
    budget: int, rules: Rules, networks: Sequence[NetworkInput], *, common: int | None = None
) -> Result:
    """Run DESIGN.md steps 1–6 on ``networks`` (in file order: ties go to the earlier).

    ``common`` is the amount the forum sets for common measures, up to the cap
    (``Rules.common_cap``); None takes the whole cap.
    """
    if budget < 0:
        raise UserError(ui("Budsjettet kan ikke være negativt."))
    if not networks:
        raise UserError(ui("Det finnes ingen nettverk å fordele til."))
    codes = [n.code for n in networks]
    if len(set(codes)) != len(codes):
        raise UserError(ui("Samme nettverk står to ganger i fordelingen."))
    if any(n.centi_fte < 0 for n in networks):
        raise UserError(ui("Årsverk kan ikke være negative."))
    if not rules.fixed and sum(n.centi_fte for n in networks) == 0:
        raise UserError(
            ui("Ingen nettverk har årsverk for året; fordelingsnøkkelen kan ikke beregnes.")
        )
    unknown = sorted(set(rules.fixed) - set(codes))
    if unknown:
        raise UserError(
            ui("Faste beløp er satt for ukjente nettverk: {codes}.").format(
                codes=", ".join(unknown)
            )
        )
    unit = rules.unit

    # 1. Common measures (up to the cap). What is left of the budget below the rounding
    #    unit is not allocated: it stays in «ikke fordelt», never dressed as common measures.
    cap = rules.common_cap(budget)
    chosen = cap if common is None else common
    if chosen < 0:
        raise UserError(ui("Fellestiltakene kan ikke være et negativt beløp."))
    if chosen > cap:
        raise UserError(
            ui(
                "Fellestiltakene kan være inntil {share} av budsjettet ({cap}), ikke {chosen}."
            ).format(share=percent(rules.common_bp), cap=kroner(cap), chosen=kroner(chosen))
        )
    if chosen % unit:
        raise UserError(
            ui("Fellestiltakene må gå opp i hele {unit} (avrundingsenheten).").format(
                unit=kroner(unit)
            )
        )
    common = chosen
    # 2. Equalisation, equal shares in whole units.
    eq_pool = _floor_unit(budget * rules.equalization_bp // 10000, unit)
    eq_idx = [i for i, n in enumerate(networks) if n.equalization]
    if not eq_idx:  # no equalisation networks: the pool goes back into the key
        eq_pool = 0
    eq_shares = largest_remainder(eq_pool // unit, [1] * len(eq_idx))
    results = [NetworkResult(n.code, n.centi_fte) for n in networks]
    for i, share in zip(eq_idx, eq_shares, strict=True):
        results[i].equalization = share * unit
    # 3. The key: the rest by FTE share, or the scheme's fixed amounts.
    key_pool = budget - common - eq_pool
    if rules.fixed:
        weights = [_floor_unit(rules.fixed.get(n.code, 0), unit) for n in networks]
        if sum(weights) > key_pool:
            raise UserError(
                ui(
                    "De faste beløpene ({fixed} kr) er større enn det som er igjen til "
                    "fordeling etter fellestiltak og utjevning ({pool} kr)."
                ).format(fixed=sum(weights), pool=key_pool)
            )
        for r, amount in zip(results, weights, strict=True):
            r.key = amount
    else:
        weights = [n.centi_fte for n in networks]
        keys = largest_remainder(key_pool // unit, weights)
        for r, k in zip(results, keys, strict=True):
            r.key = k * unit

    # 4. Needs cap: nobody gets more than they asked for; the rest goes round again.
    for r, n in zip(results, networks, strict=True):
        r.requested = _floor_unit((n.network_req or 0) + (n.uh_req or 0), unit)
        if not n.has_report:
            # Without a needs cap the missing report changes no amount, but the forum
            # still sees that the network has not reported.
            r.flags.append(MISSING_REPORT)
            r.requested = 0
        if not rules.needs_cap:
            r.allocated = r.key + r.equalization
            continue
        r.allocated = min(r.requested, r.key + r.equalization)
    left = key_pool + eq_pool - sum(r.allocated for r in results)
    while left > 0 and rules.needs_cap:
        short = [i for i, r in enumerate(results) if r.allocated < r.requested]
        if not short:
            break
        shares = largest_remainder(left // unit, [weights[i] for i in short])
        given = 0
        for i, share in zip(short, shares, strict=True):
            r = results[i]
            give = min(share * unit, r.requested - r.allocated)
            r.allocated += give
            given += give
        left -= given
        if given == 0:  # cannot happen with whole units, but never loop forever
            break
    for r in results:
        if rules.needs_cap and r.requested > r.allocated and MISSING_REPORT not in r.flags:
            r.flags.append(MUST_ADJUST)

    # 5. Split between the network and its UH partner, then cap the network part.
    for r, n in zip(results, networks, strict=True):
        net_req, uh_req = n.network_req or 0, n.uh_req or 0
        if n.has_report and net_req * 10000 > rules.network_max_bp * (net_req + uh_req):
            r.flags.append(NETWORK_CAPPED)
        r.network, r.uh = split(r.allocated, net_req, uh_req, rules, r.code)

    result = Result(
        budget, common, eq_pool, key_pool, left, results, list(networks), rules.needs_cap
    )
    result.check()
    return result


def split(
    allocated: int, network_req: int, uh_req: int, rules: Rules, code: str = ""
) -> tuple[int, int]:
    """Step 5 for one network: proportional split in whole units, then the network cap;
    or the scheme's fixed share (an agreed one for ``code`` first)."""
    if allocated <= 0:
        return 0, 0
    unit = rules.unit
    fixed = rules.network_share(code)
    if fixed is not None:
        network = _floor_unit(allocated * fixed // 10000, unit)
        return network, allocated - network
    whole = _floor_unit(allocated, unit)
    net_units, _ = _split_two(whole // unit, network_req, uh_req)
    cap = _floor_unit(allocated * rules.network_max_bp // 10000, unit)
    network = min(net_units * unit, cap)
    return network, allocated - network


def _split_two(units: int, network_weight: int, uh_weight: int) -> tuple[int, int]:
    """Largest remainder between two parts; an exact tie goes to the network part."""
    shares = largest_remainder(units, [network_weight, uh_weight])
    return shares[0], shares[1]


@dataclass(frozen=True)
class SectorShare:
    """A network's allocation split between kindergarten and school as its report splits
    its request (the plan's guidance is on what is spent, not only on what is asked)."""

    code: str
    allocated: int
    kindergarten: int
    school: int


def allocated_by_sector(result: Result) -> list[SectorShare]:
    """Each network with an allocation and a kindergarten/school split in its report:
    the allocation divided in proportion to that split (largest remainder in whole kroner,
    an exact tie to kindergarten)."""
    return sector_shares(result.inputs, {r.code: r.allocated for r in result.networks})


def sector_shares(inputs: Sequence[NetworkInput], allocated: dict[str, int]) -> list[SectorShare]:
    """``allocated_by_sector`` for amounts allocated by code (a stored run, adjusted or
    not), split as the reports in ``inputs`` split their requests."""
    out = []
    for n in inputs:
        amount = allocated.get(n.code, 0)
        if amount <= 0 or n.kindergarten_req + n.school_req <= 0:
            continue
        kg, school = largest_remainder(amount, [n.kindergarten_req, n.school_req])
        out.append(SectorShare(n.code, amount, kg, school))
    return out


def sector_warnings(
    shares: Sequence[SectorShare],
    kindergarten_min_bp: int,
    school_min_bp: int,
    names: dict[str, str] | None = None,
) -> list[str]:
    """The guidance «minimum 35 % i barnehagebaserte og 35 % skolebaserte tiltak» (plan
    4.1) on what is allocated: each network below it, then all networks together."""
    names = names or {}
    out = []

    def judge(who: str, kg: int, school: int) -> None:
        total = kg + school
        if total <= 0:
            return
        if kg * 10000 < kindergarten_min_bp * total:
            out.append(
                ui(
                    "{who}: barnehage får {amount} ({share}) av det som er tildelt; "
                    "veiledende minimum er {least}."
                ).format(
                    who=who,
                    amount=kroner(kg),
                    share=share_of(kg, total),
                    least=percent(kindergarten_min_bp),
                )
            )
        if school * 10000 < school_min_bp * total:
            out.append(
                ui(
                    "{who}: skole får {amount} ({share}) av det som er tildelt; "
                    "veiledende minimum er {least}."
                ).format(
                    who=who,
                    amount=kroner(school),
                    share=share_of(school, total),
                    least=percent(school_min_bp),
                )
            )

    for line in shares:
        judge(names.get(line.code, line.code), line.kindergarten, line.school)
    judge(
        ui("Alle nettverk samlet"),
        sum(s.kindergarten for s in shares),
        sum(s.school for s in shares),
    )
    return out


def result_json(year: int, result: Result) -> dict:
    """The ``sekretariat allocate --json`` document (DESIGN.md section 4)."""
    return {
        "year": year,
        "budget": result.budget,
        "common": result.common,
        "unallocated": result.unallocated,
        "regions": [
            {
                "code": r.code,
                "fte": r.fte,
                "key": r.key,
                "equalization": r.equalization,
                "requested": r.requested,
                "allocated": r.allocated,
                "network": r.network,
                "uh": r.uh,
                "flags": list(r.flags),
            }
            for r in result.networks
        ],
    }
