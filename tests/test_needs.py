"""Needs reports: every check by hand at its boundaries, every state change, versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from sekretariat.domain import needs
from sekretariat.domain.needs import BLOCK, WARNING, Content, Limits, Measure
from sekretariat.errors import RuleViolation, UserError
from sekretariat.storage.database import Database

DUE = dt.date(2027, 2, 1)
#: Innlandet: 35 % / 35 % (plan 4.1) and 40 % to the network (3.8.1); no limit on the
#: coordinator function or release time («en begrenset del», 3.7).
LIMITS = Limits()

#: A report that passes every check, each amount exactly at its limit:
#: network 40 %, kindergarten 35 % of 1 000 000 kr.
GOOD = Content(
    received=DUE,
    needs_assessment="Behov for språkarbeid.",
    partnership_plan="Felles plan med INN.",
    own_contribution="To planleggingsdager.",
    owners=("Vang kommune",),
    partners=("Universitetet i Innlandet",),
    coordinator_amount=100_000,
    release_amount=200_000,
    leftover_amount=0,
    network_amount=400_000,
    uh_amount=600_000,
    kindergarten_amount=350_000,
    school_amount=650_000,
    themes=("inkludering",),
    measures=(
        Measure("Språk", "barnehage", 350_000, 2027, 2027),
        Measure("Lesing", "skole", 650_000, 2027, 2028),
    ),
)


def codes(content: Content, limits: Limits = LIMITS, first: dt.date | None = DUE) -> list[str]:
    return [c.code for c in needs.run_checks(content, limits, DUE, first)]


def only(content: Content, limits: Limits = LIMITS, first: dt.date | None = DUE) -> needs.Check:
    found = needs.run_checks(content, limits, DUE, first)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- checks
def test_a_report_exactly_at_every_limit_passes() -> None:
    assert codes(GOOD) == []


def test_deadline_day_itself_is_in_time_the_day_after_is_late() -> None:
    assert codes(GOOD, first=DUE) == []
    check = only(GOOD, first=DUE + dt.timedelta(days=1))
    assert (check.code, check.severity) == ("FRIST", WARNING)
    assert check.text == "Mottatt 02.02.2027, 1 dag etter fristen 01.02.2027."
    assert (
        only(GOOD, first=dt.date(2027, 2, 11)).text
        == "Mottatt 11.02.2027, 10 dager etter fristen 01.02.2027."
    )


@pytest.mark.parametrize(
    ("missing", "code", "text"),
    [
        ({"needs_assessment": " "}, "BEHOV", "Behovsvurderingen mangler."),
        ({"partnership_plan": ""}, "PLAN", "Planen for arbeidet i partnerskapet mangler."),
        ({"owners": ()}, "EIERE", "Det står ikke hvilke eiere som samarbeider om tiltakene."),
    ],
)
def test_the_content_plan_3_7_requires_is_checked(missing: dict, code: str, text: str) -> None:
    """«Behovsmeldingen skal inneholde en behovsvurdering og en plan for arbeidet i
    partnerskapet …», «Hvilke eiere og UH som samarbeider om tiltakene»: missing, it fails."""
    check = only(replace(GOOD, **missing))
    assert (check.code, check.severity, check.text) == (code, BLOCK, text)


def test_an_empty_report_fails_every_content_check() -> None:
    empty = Content(received=DUE)
    assert codes(empty) == ["BEHOV", "PLAN", "EIERE", "UH", "EGEN", "TOM"]


def test_no_uh_partner_blocks() -> None:
    check = only(replace(GOOD, partners=()))
    assert (check.code, check.severity) == ("UH", BLOCK)
    assert check.text == "Ingen UH- eller fagskolepartner er navngitt."


def test_own_contribution_must_be_described() -> None:
    check = only(replace(GOOD, own_contribution="  "))
    assert (check.code, check.severity, check.text) == (
        "EGEN",
        BLOCK,
        "Eiers egeninnsats er ikke beskrevet.",
    )


def test_kindergarten_exactly_35_percent_passes_one_krone_less_warns() -> None:
    assert codes(replace(GOOD, kindergarten_amount=350_000, school_amount=650_000)) == []
    check = only(
        replace(
            GOOD,
            kindergarten_amount=349_999,
            school_amount=650_001,
            measures=(Measure("Alt", "begge", 1_000_000),),
        )
    )
    assert (check.code, check.severity) == ("BHG", WARNING)
    assert check.text == (
        "Barnehage får 349\u00a0999\u00a0kr (35,0 %); forumets veiledende minimum er 35 %."
    )


def test_school_exactly_35_percent_passes_one_krone_less_warns() -> None:
    passing = replace(GOOD, kindergarten_amount=650_000, school_amount=350_000)
    assert codes(passing) == []
    check = only(replace(passing, kindergarten_amount=650_001, school_amount=349_999))
    assert (check.code, check.severity) == ("SKOLE", WARNING)
    assert "forumets veiledende minimum er 35 %" in check.text


def test_sector_guidelines_come_from_the_scheme() -> None:
    # 35 % kindergarten and 65 % school against other minimums
    assert codes(GOOD, Limits(kindergarten_min_bp=3501)) == ["BHG"]
    assert codes(GOOD, Limits(school_min_bp=6500)) == []
    assert codes(GOOD, Limits(school_min_bp=6501)) == ["SKOLE"]


def test_network_exactly_40_percent_passes_one_krone_more_warns() -> None:
    assert codes(GOOD) == []
    check = only(replace(GOOD, network_amount=400_001, uh_amount=599_999))
    assert (check.code, check.severity) == ("NETT", WARNING)
    assert check.text == (
        "Nettverket ber om 400\u00a0001\u00a0kr (40,0 %) av 1\u00a0000\u00a0000\u00a0kr til seg "
        "selv; tildelingen begrenser nettverksdelen til 40 %."
    )
    # all to UH is allowed (plan 3.8.1)
    assert (
        codes(
            replace(
                GOOD, network_amount=0, uh_amount=1_000_000, coordinator_amount=0, release_amount=0
            )
        )
        == []
    )


def test_the_plans_set_no_limit_on_coordinator_or_release_time() -> None:
    """Plan 3.7: «en begrenset del» – no figure; without a limit of the forum's own, even
    half the request for each is no failed check."""
    assert codes(replace(GOOD, coordinator_amount=500_000, release_amount=500_000)) == []


def test_a_limit_the_forum_sets_is_checked_and_named_as_the_forums() -> None:
    own = Limits(coordinator_max_bp=1000, release_max_bp=2000)
    assert codes(replace(GOOD, coordinator_amount=100_000, release_amount=200_000), own) == []
    check = only(replace(GOOD, coordinator_amount=100_001), own)
    assert (check.code, check.severity) == ("KOORD", BLOCK)
    assert check.text == (
        "Koordinatorfunksjonen er 100\u00a0001\u00a0kr (10,0 %) av 1\u00a0000\u00a0000\u00a0kr; "
        "grensen forumet har satt, er 10 %."
    )
    check = only(replace(GOOD, release_amount=200_001), own)
    assert (check.code, check.severity) == ("FRIKJ", BLOCK)
    assert check.text == (
        "Frikjøpet er 200\u00a0001\u00a0kr (20,0 %) av 1\u00a0000\u00a0000\u00a0kr; grensen "
        "forumet har satt, er 20 %."
    )
    loose = Limits(coordinator_max_bp=1250)
    assert codes(replace(GOOD, coordinator_amount=125_000, release_amount=900_000), loose) == []
    assert only(replace(GOOD, coordinator_amount=125_001), loose).text.endswith("er 12,5 %.")


def test_a_local_plan_is_looked_for_when_the_forum_keeps_them() -> None:
    """Plan 4.1: «Utarbeide en 4-årig lokal kompetanseplan … Planen sendes statsforvalter,
    sammen med beslutningsgrunnlaget innen fristen»."""
    assert codes(GOOD) == []  # not judged
    assert codes(GOOD) == [c.code for c in needs.run_checks(GOOD, LIMITS, DUE, DUE, True)]
    check = needs.run_checks(GOOD, LIMITS, DUE, DUE, False)
    assert [(c.code, c.severity) for c in check] == [("LOKAL", WARNING)]


def test_kindergarten_and_school_must_add_up_to_the_request() -> None:
    check = only(
        replace(GOOD, school_amount=640_000, measures=(Measure("Alt", "begge", 1_000_000),))
    )
    # The figures disagree: shown, never a block (no plan rule is about the arithmetic).
    assert (check.code, check.severity) == ("SUM", WARNING)
    assert check.text == (
        "Barnehage + skole (990\u00a0000\u00a0kr) er ikke lik det omsøkte beløpet "
        "(nettverk + UH = 1\u00a0000\u00a0000\u00a0kr)."
    )


def test_measures_must_add_up_to_the_request() -> None:
    check = only(replace(GOOD, measures=GOOD.measures[:1]))
    assert (check.code, check.severity) == ("TILTAK", WARNING)
    assert check.text == (
        "Tiltakene summerer til 350\u00a0000\u00a0kr, men det omsøkte beløpet er 1\u00a0000\u00a0000\u00a0kr."
    )


def test_nothing_requested_blocks_and_skips_the_share_checks() -> None:
    empty = replace(
        GOOD,
        network_amount=0,
        uh_amount=0,
        kindergarten_amount=0,
        school_amount=0,
        coordinator_amount=0,
        release_amount=0,
        measures=(),
    )
    assert codes(empty) == ["TOM"]


def test_blocks_come_before_warnings_and_codes_mark_blocks() -> None:
    bad = replace(GOOD, partners=(), network_amount=500_000, uh_amount=500_000)
    found = needs.run_checks(bad, LIMITS, DUE, dt.date(2027, 3, 1))
    assert [c.code for c in found] == ["UH", "FRIST", "NETT"]
    assert needs.check_codes(found) == "UH! FRIST NETT"


def test_sample_reports_checks() -> None:
    # Nord-Østerdal: the owners' own contribution is not described (returned for it).
    nord = replace(
        GOOD,
        own_contribution="",
        coordinator_amount=115_000,
        release_amount=240_000,
        network_amount=380_000,
        uh_amount=620_000,
        kindergarten_amount=400_000,
        school_amount=600_000,
        measures=(Measure("a", "barnehage", 400_000), Measure("b", "skole", 600_000)),
    )
    texts = [c.text for c in needs.run_checks(nord, LIMITS, DUE, dt.date(2026, 11, 10))]
    assert texts == ["Eiers egeninnsats er ikke beskrevet."]


# --------------------------------------------------------------------------- input
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 200 000", 1_200_000),
        ("1\u00a0200\u00a0000", 1_200_000),
        ("1.200.000", 1_200_000),
        ("950000 kr", 950_000),
        ("", 0),
        ("  7 ", 7),
        (12, 12),
    ],
)
def test_amounts_as_people_type_them(typed: str | int, amount: int) -> None:
    assert needs.parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,5", "«12,5» er ikke et helt kronebeløp."),
        ("1.5", "«1.5» er ikke et helt kronebeløp."),
        ("mye", "«mye» er ikke et helt kronebeløp."),
        ("100 000200 000", "«100 000200 000» er ikke et helt kronebeløp."),
        ("1 20 000", "«1 20 000» er ikke et helt kronebeløp."),
        ("-5", "Beløpet kan ikke være negativt (-5)."),
    ],
)
def test_bad_amounts_are_refused_in_norwegian(typed: str, message: str) -> None:
    with pytest.raises(UserError) as err:
        needs.parse_amount(typed)
    assert str(err.value) == message


def test_validate_refuses_what_no_report_can_hold() -> None:
    themes = ["inkludering"]
    with pytest.raises(
        UserError, match=r"Tiltaket «Lesing» slutter \(2026\) før det starter \(2027\)\."
    ):
        needs.validate(replace(GOOD, measures=(Measure("Lesing", "skole", 1, 2027, 2026),)), themes)
    with pytest.raises(UserError, match="Ukjent tema «kaffe»"):
        needs.validate(replace(GOOD, themes=("kaffe",)), themes)
    with pytest.raises(UserError, match="Søkt til UH kan ikke være negativt"):
        needs.validate(replace(GOOD, uh_amount=-1), themes)
    with pytest.raises(UserError, match="målgruppen må være"):
        needs.validate(replace(GOOD, measures=(Measure("X", "voksne", 1),)), themes)
    with pytest.raises(UserError, match="Tiltak 1 mangler tittel"):
        needs.validate(replace(GOOD, measures=(Measure(" ", "skole", 1),)), themes)
    tidy = needs.validate(
        replace(GOOD, owners=(" Vang kommune ", ""), themes=("inkludering", "inkludering")), themes
    )
    assert tidy.owners == ("Vang kommune",) and tidy.themes == ("inkludering",)


# --------------------------------------------------------------------------- chart
def test_bars_in_eighths() -> None:
    assert needs.bar(100, 100, 10) == "█" * 10
    assert needs.bar(50, 100, 10) == "█" * 5
    assert needs.bar(1, 100, 10) == "▏"  # never invisible
    assert needs.bar(0, 100, 10) == ""
    assert needs.bar(55, 100, 10) == "█████▌"  # 5.5 cells = 44 eighths


def _inbox(*reports: tuple[str, Content | None]) -> needs.Inbox:
    rows = []
    for code, content in reports:
        report = (
            None
            if content is None
            else needs.Report(
                code, code.title(), 2027, "received", "", (needs.Version(1, content),), DUE, ()
            )
        )
        rows.append(needs.InboxRow(code, code.title(), report))
    themes = (("a", "Tema A"), ("b", "Tema B"), ("c", "Tema C"))
    return needs.Inbox(2027, DUE, dt.date(2026, 11, 22), LIMITS, themes, tuple(rows))


def test_requests_split_equally_among_a_reports_themes() -> None:
    inbox = _inbox(
        ("x", Content(network_amount=100, uh_amount=200, themes=("a", "b"))),  # 150 + 150
        ("y", Content(network_amount=0, uh_amount=100, themes=("c", "a", "b"))),  # 34 / 33 / 33
        ("z", Content(network_amount=10, uh_amount=0)),  # no theme
        ("w", None),
    )
    assert needs.requested_by_theme(inbox) == [
        ("Tema A", 183),
        ("Tema B", 183),
        ("Tema C", 34),
        ("Uten tema", 10),
    ]
    assert sum(v for _, v in needs.requested_by_theme(inbox)) == 410
    assert needs.requested_by_network(inbox) == [("X", 300), ("Y", 100), ("Z", 10), ("W", 0)]
    lines = needs.bar_lines(needs.requested_by_network(inbox), width=30, label_width=4)
    assert lines[0] == "X    300\u00a0kr " + "█" * 18
    assert lines[3] == "W      0\u00a0kr "


def test_split_percentages_add_to_100() -> None:
    assert needs.split_pct(380_000, 620_000).text() == "38/62"
    assert needs.split_pct(1, 2).text() == "33/67"
    assert needs.split_pct(0, 0).text() == "–"


# --------------------------------------------------------------------------- the database
@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def test_inbox_lists_every_network_of_the_sample(db: Database) -> None:
    inbox = needs.load_inbox(db, 2027, dt.date(2026, 11, 22))
    assert len(inbox.rows) == 10 and inbox.received == 6
    states = {r.code: r.state_text for r in inbox.rows}
    assert states["glamdal"] == "Godkjent" and states["nord-osterdal"] == "Returnert"
    assert states["privatskoler"] == "ikke mottatt"
    assert inbox.row("glamdal").report.versions[-1].number == 2
    nord = inbox.row("nord-osterdal").report
    assert [c.code for c in nord.checks] == ["EGEN"]
    after = needs.load_inbox(db, 2027, dt.date(2027, 2, 2))
    assert after.row("privatskoler").state_text == "MANGLER" and after.row("privatskoler").overdue
    assert not needs.load_inbox(db, 2027, DUE).row("privatskoler").overdue


def test_returned_and_adjusted_report_keeps_both_versions(db: Database) -> None:
    first = replace(GOOD, received=dt.date(2027, 1, 20), partners=())
    report = needs.register(db, "privatskoler", 2027, first)
    assert (report.state, [v.number for v in report.versions]) == ("received", [1])
    # The sample forum keeps local plans, and none is recorded for the private schools.
    assert [c.code for c in report.checks] == ["UH", "LOKAL"]
    needs.change_state(db, "privatskoler", 2027, "review")
    with pytest.raises(UserError, match="Skriv hvorfor"):
        needs.change_state(db, "privatskoler", 2027, "returned", "  ")
    assert needs.load_report(db, "privatskoler", 2027).state == "review"
    with pytest.raises(
        RuleViolation,
        match="kan ikke godkjennes før dette er rettet: Ingen UH- eller fagskolepartner",
    ):
        needs.change_state(db, "privatskoler", 2027, "accepted")
    returned = needs.change_state(db, "privatskoler", 2027, "returned", "UH-partner mangler.")
    assert (returned.state, returned.return_reason) == ("returned", "UH-partner mangler.")

    second = replace(
        first, received=dt.date(2027, 2, 10), coordinator_amount=90_000, partners=("INN", "NTNU")
    )
    adjusted = needs.receive_version(db, "privatskoler", 2027, second)
    assert adjusted.state == "adjusted"
    assert [v.number for v in adjusted.versions] == [1, 2]
    assert adjusted.version(1).coordinator_amount == 100_000
    # lateness is judged on the first version (20.01); the missing plan only warns
    assert [c.code for c in adjusted.checks] == ["LOKAL"]
    changes = needs.compare(adjusted.version(1), adjusted.version(2))
    assert [c.label for c in changes if c.changed] == [
        "Mottatt",
        "UH/fagskole-partnere",
        "Koordinatorfunksjon",
    ]
    koord = next(c for c in changes if c.name == "coordinator_amount")
    assert (koord.before, koord.after) == ("100\u00a0000\u00a0kr", "90\u00a0000\u00a0kr")

    accepted = needs.change_state(db, "privatskoler", 2027, "accepted")
    assert accepted.state == "accepted"

    from sekretariat.domain.allocation_runs import load_inputs

    with db.read() as s:
        _, _, networks, _ = load_inputs(s, 2027)
    private = next(n for n in networks if n.code == "privatskoler")
    assert (private.network_req, private.uh_req) == (400_000, 600_000)


def test_review_to_accepted_directly(db: Database) -> None:
    needs.change_state(db, "hamar", 2027, "review")
    assert needs.change_state(db, "hamar", 2027, "accepted").state == "accepted"
    # the allocation may ask an accepted report to be adjusted
    assert (
        needs.change_state(db, "hamar", 2027, "returned", "Må justeres til tildelingen.").state
        == "returned"
    )


@pytest.mark.parametrize(
    ("steps", "target", "message"),
    [
        ([], "accepted", "er «mottatt» og kan ikke settes til «godkjent»"),
        ([], "returned", "er «mottatt» og kan ikke settes til «returnert for justering»"),
        (["review"], "review", "er «under behandling» og kan ikke settes til «under behandling»"),
        ([], "adjusted", "når den nye versjonen tas imot"),
        (
            ["review", "accepted"],
            "review",
            "er «godkjent» og kan ikke settes til «under behandling»",
        ),
    ],
)
def test_illegal_transitions_are_refused(
    db: Database, steps: list[str], target: str, message: str
) -> None:
    for step in steps:
        needs.change_state(db, "hamar", 2027, step)
    before = needs.load_report(db, "hamar", 2027).state
    with pytest.raises(RuleViolation, match=message):
        needs.change_state(db, "hamar", 2027, target, "grunn")
    assert needs.load_report(db, "hamar", 2027).state == before


def test_returned_cannot_be_accepted_and_needs_a_new_version(db: Database) -> None:
    with pytest.raises(
        RuleViolation, match="«returnert for justering» og kan ikke settes til «godkjent»"
    ):
        needs.change_state(db, "nord-osterdal", 2027, "accepted")
    with pytest.raises(RuleViolation, match="ikke returnert for justering"):
        needs.receive_version(db, "hamar", 2027, GOOD)
    with pytest.raises(RuleViolation, match="har allerede en behovsmelding for 2027"):
        needs.register(db, "hamar", 2027, GOOD)
    with pytest.raises(UserError, match="ingen behovsmelding for 2031"):
        needs.change_state(db, "hamar", 2031, "review")


def test_an_adjusted_version_with_a_block_cannot_be_accepted(db: Database) -> None:
    old = needs.load_report(db, "nord-osterdal", 2027).newest
    still = replace(old, received=dt.date(2026, 12, 1), coordinator_amount=110_000)
    report = needs.receive_version(db, "nord-osterdal", 2027, still)
    assert [c.code for c in report.checks] == ["EGEN"]
    with pytest.raises(RuleViolation, match="kan ikke godkjennes"):
        needs.change_state(db, "nord-osterdal", 2027, "accepted")
    assert needs.load_report(db, "nord-osterdal", 2027).state == "adjusted"
    needs.change_state(db, "nord-osterdal", 2027, "review")
    assert (
        needs.change_state(
            db, "nord-osterdal", 2027, "returned", "Fortsatt for høyt."
        ).return_reason
        == "Fortsatt for høyt."
    )


def test_a_new_version_cannot_predate_the_one_before(db: Database) -> None:
    old = needs.load_report(db, "nord-osterdal", 2027).newest
    with pytest.raises(UserError, match=r"før forrige versjon \(10.11.2026\)"):
        needs.receive_version(
            db, "nord-osterdal", 2027, replace(old, received=dt.date(2026, 11, 1))
        )
    assert len(needs.load_report(db, "nord-osterdal", 2027).versions) == 1


def test_correcting_the_newest_version_in_place(db: Database) -> None:
    report = needs.load_report(db, "hamar", 2027)
    fixed = needs.correct(db, "hamar", 2027, replace(report.newest, leftover_amount=0))
    assert fixed.newest.leftover_amount == 0 and len(fixed.versions) == 1
    with pytest.raises(RuleViolation, match="«godkjent» og kan ikke endres"):
        needs.correct(db, "glamdal", 2027, needs.load_report(db, "glamdal", 2027).newest)
    with pytest.raises(UserError, match="Ukjent tema «kaffe»"):
        needs.correct(db, "hamar", 2027, replace(report.newest, themes=("kaffe",)))
    assert needs.load_report(db, "hamar", 2027).newest.themes == report.newest.themes


def test_receive_registers_or_adds_a_version(db: Database) -> None:
    assert needs.receive(db, "sor-osterdal", 2027, GOOD).versions[-1].number == 1
    assert (
        needs.receive(db, "nord-osterdal", 2027, replace(GOOD, received=dt.date(2027, 1, 5))).state
        == "adjusted"
    )
    with pytest.raises(UserError, match="Ukjent nettverk «atlantis»"):
        needs.receive(db, "atlantis", 2027, GOOD)
