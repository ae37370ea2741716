"""Templates out and filled templates back in, as a network officer would fill them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sekretariat.documents import needs_templates
from sekretariat.documents.needs_templates import TemplateRefused
from sekretariat.domain import needs
from sekretariat.errors import RuleViolation, UserError
from sekretariat.storage.database import Database

JAN = dt.date(2027, 1, 15)


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def _written(_sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's 2027 templates, written once; tests fill copies of them."""
    out = tmp_path_factory.mktemp("maler")
    database = Database.open(_sample_template)
    try:
        needs_templates.write_templates(database, 2027, out)
    finally:
        database.dispose()
    return out


@pytest.fixture
def folder(_written: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(_written, tmp_path / "maler"))


def fill(path: Path, **changes: object) -> Path:
    """Type into the yellow cells the way an officer would; ``changes`` override cells."""
    wb = load_workbook(path)
    ws = wb["Behovsmelding"]
    ws["C11"] = "Skolene melder behov for kompetanse i vurdering og lesing."
    ws["C12"] = "Fagskolen og INN planlegger samlinger sammen med nettverket."
    ws["C13"] = "Stiftelsen Fjellskolen\nFriskolen i Dalen"
    ws["C14"] = "Universitetet i Innlandet; Fagskolen Innlandet"
    ws["C15"] = "Skolene setter av fem fellestimer i måneden."
    ws["C18"] = "200 000"  # typed as text with spaces
    ws["C19"] = 300000
    ws["C21"] = 175000
    ws["C22"] = "325 000"
    ws["C23"] = 50000
    ws["C24"] = 100000
    ws["C25"] = None  # left empty: 0
    ws["A29"], ws["B29"], ws["C29"], ws["D29"], ws["E29"] = (
        "Vurdering for læring",
        "skole",
        325000,
        2027,
        2028,
    )
    ws["A30"], ws["B30"], ws["C30"], ws["D30"] = "Lek og læring", "Barnehage", "175 000", 2027
    themes = {ws.cell(r, 2).value: r for r in range(47, 60) if ws.cell(r, 2).value}
    ws.cell(themes["inkludering"], 3, "x")
    ws.cell(themes["skk"], 3, "X")
    for ref, value in changes.items():
        ws[ref] = value
    wb.save(path)
    return path


def test_one_template_per_network_prefilled(db: Database, folder: Path) -> None:
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 10 and "behovsmelding-2027-hamar.xlsx" in files
    wb = load_workbook(folder / "behovsmelding-2027-hamar.xlsx")
    assert wb.sheetnames == ["Veiledning", "Behovsmelding"]
    ws = wb["Behovsmelding"]
    assert ws["C4"].value == "Samarbeidsforum Innlandet"
    assert (ws["C5"].value, ws["C6"].value, ws["C7"].value, ws["C8"].value) == (
        "Hamarregionen",
        "hamar",
        2027,
        "01.02.2027",
    )
    assert ws["A18"].value == "Søkt til nettverket"
    assert ws["C18"].fill.start_color.rgb.endswith("FFF2CC")  # input cells are marked
    assert ws["C18"].protection.locked is False and ws["C5"].protection.locked is True
    assert ws.protection.sheet
    kinds = sorted(dv.type for dv in ws.data_validations.dataValidation)
    assert kinds == ["list", "list", "whole", "whole"]
    themes = [ws.cell(r, 2).value for r in range(47, 53)]
    assert themes == ["utenforskap", "inkludering", "tilpasset", "lararutdanning", "samisk", "skk"]
    guide = "\n".join(str(c.value) for c in wb["Veiledning"]["A"] if c.value)
    assert "Fristen er 01.02.2027" in guide
    # The forum's rules as its settings hold them, and no limit the plans do not have.
    rules = guide[guide.index("Forumets retningslinjer") :].splitlines()[1:]
    assert rules == [
        "• Veiledende fordeling: minst 35 % til barnehagebaserte og minst 35 % til "
        "skolebaserte tiltak.",
        "• Nettverket kan få inntil 40 % av tildelingen; resten går til UH-partneren.",
    ]
    assert "høyst" not in guide and "10 %" not in guide and "20 %" not in guide


def test_a_filled_template_becomes_a_report(db: Database, folder: Path) -> None:
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx")
    report = needs_templates.receive_file(db, path, JAN)
    assert (report.region_code, report.state, len(report.versions)) == (
        "privatskoler",
        "received",
        1,
    )
    c = report.newest
    assert c.received == JAN
    assert c.owners == ("Stiftelsen Fjellskolen", "Friskolen i Dalen")
    assert c.partners == ("Universitetet i Innlandet", "Fagskolen Innlandet")
    assert (c.network_amount, c.uh_amount, c.kindergarten_amount, c.school_amount) == (
        200_000,
        300_000,
        175_000,
        325_000,
    )
    assert (c.coordinator_amount, c.release_amount, c.leftover_amount) == (50_000, 100_000, 0)
    assert c.themes == ("inkludering", "skk")
    assert c.measures == (
        needs.Measure("Vurdering for læring", "skole", 325_000, 2027, 2028),
        needs.Measure("Lek og læring", "barnehage", 175_000, 2027, None),
    )
    # 40 % network, 35 % kindergarten: at the limits. The private schools have no local
    # plan recorded in the sample (the other networks have theirs for 2026–2029).
    assert [c.code for c in report.checks] == ["LOKAL"]
    assert needs.load_report(db, "privatskoler", 2027).newest == c


def test_a_returned_report_gets_a_new_version_from_the_file(db: Database, folder: Path) -> None:
    path = fill(folder / "behovsmelding-2027-nord-osterdal.xlsx")
    report = needs_templates.receive_file(db, path, JAN, expected_year=2027)
    assert report.state == "adjusted"
    assert [v.number for v in report.versions] == [1, 2]
    assert report.version(1).coordinator_amount == 115_000
    assert report.newest.coordinator_amount == 50_000


def test_the_checks_run_on_what_came_in(db: Database, folder: Path) -> None:
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx", C14=None, C23=80000)
    report = needs_templates.receive_file(db, path, dt.date(2027, 2, 3))
    # 80 000 of 500 000 to the coordinator function (16 %): no limit in the plans, none set.
    assert [c.code for c in report.checks] == ["UH", "FRIST", "LOKAL"]


def _nothing_stored(db: Database) -> None:
    inbox = needs.load_inbox(db, 2027, JAN)
    assert inbox.row("privatskoler").report is None
    assert len(inbox.row("nord-osterdal").report.versions) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"C19": "12,5"}, "Behovsmelding!C19: «12,5» er ikke et helt kronebeløp"),
        ({"C19": 12.5}, "Behovsmelding!C19: «12,5» er ikke et helt kronebeløp"),
        ({"C18": "mange penger"}, "Behovsmelding!C18: «mange penger» er ikke et helt kronebeløp"),
        ({"C21": -5}, "Behovsmelding!C21: Til barnehage kan ikke være negativt (-5)"),
        ({"C6": None}, "Behovsmelding!C6: nettverkskoden mangler"),
        ({"C7": "neste år"}, "Behovsmelding!C7: «neste år» er ikke et årstall"),
        ({"B29": "voksne"}, "Behovsmelding!B29: «voksne» er ikke barnehage, skole eller begge"),
        ({"E29": 2026}, "Behovsmelding!E29: sluttåret 2026 er før startåret 2027"),
        ({"A18": "Penger"}, "Behovsmelding!A18: ventet «Søkt til nettverket», fant «Penger»"),
    ],
)
def test_a_broken_template_is_refused_whole(
    db: Database, folder: Path, changes: dict[str, object], message: str
) -> None:
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx", **changes)
    with pytest.raises(TemplateRefused) as err:
        needs_templates.receive_file(db, path, JAN)
    assert str(err.value).startswith("behovsmelding-2027-privatskoler.xlsx er ikke lest inn: ")
    assert message in str(err.value)
    _nothing_stored(db)


def test_every_broken_cell_is_named_at_once(db: Database, folder: Path) -> None:
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx", C18="1,5", C19="x", D30="snart")
    with pytest.raises(TemplateRefused) as err:
        needs_templates.read_template(path)
    assert str(err.value) == (
        "behovsmelding-2027-privatskoler.xlsx er ikke lest inn: "
        "Behovsmelding!C18: «1,5» er ikke et helt kronebeløp; "
        "Behovsmelding!C19: «x» er ikke et helt kronebeløp; "
        "Behovsmelding!D30: «snart» er ikke et årstall."
    )


def test_wrong_year_is_refused(db: Database, folder: Path) -> None:
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx", C7=2025)
    with pytest.raises(
        TemplateRefused,
        match=r"Behovsmelding!C7: malen gjelder 2025, men behovsmeldinger mottatt 15.01.2027 gjelder 2027 eller 2028",
    ):
        needs_templates.receive_file(db, path, JAN)
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx", C7=2028)
    with pytest.raises(TemplateRefused, match=r"Behovsmelding!C7: malen gjelder 2028, ikke 2027"):
        needs_templates.receive_file(db, path, JAN, expected_year=2027)
    _nothing_stored(db)


def test_unknown_network_and_theme_are_refused(db: Database, folder: Path) -> None:
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx", C6="atlantis")
    with pytest.raises(TemplateRefused, match="Behovsmelding!C6: ukjent nettverk «atlantis»"):
        needs_templates.receive_file(db, path, JAN)
    path = fill(folder / "behovsmelding-2027-privatskoler.xlsx", C6="privatskoler", B47="kaffe")
    wb = load_workbook(path)
    wb["Behovsmelding"]["C47"] = "x"
    wb.save(path)
    with pytest.raises(TemplateRefused, match="Behovsmelding!B47: ukjent tema «kaffe»"):
        needs_templates.receive_file(db, path, JAN)
    _nothing_stored(db)


def test_not_an_xlsx_file_at_all(db: Database, tmp_path: Path) -> None:
    fake = tmp_path / "behovsmelding.xlsx"
    fake.write_text("Dette er et Word-dokument, egentlig.")
    with pytest.raises(TemplateRefused, match="behovsmelding.xlsx er ikke en XLSX-fil"):
        needs_templates.receive_file(db, fake, JAN)
    with pytest.raises(UserError, match="finnes ikke"):
        needs_templates.receive_file(db, tmp_path / "borte.xlsx", JAN)
    _nothing_stored(db)


def test_a_workbook_without_the_form_sheet(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = tmp_path / "budsjett.xlsx"
    Workbook().save(other)
    with pytest.raises(TemplateRefused, match="budsjett.xlsx mangler arket «Behovsmelding»"):
        needs_templates.receive_file(db, other, JAN)


def test_a_report_not_returned_cannot_take_a_file(db: Database, folder: Path) -> None:
    path = fill(folder / "behovsmelding-2027-hamar.xlsx")
    with pytest.raises(RuleViolation, match="ikke returnert for justering"):
        needs_templates.receive_file(db, path, JAN)
    assert len(needs.load_report(db, "hamar", 2027).versions) == 1


def test_templates_need_a_folder_not_a_file(db: Database, tmp_path: Path) -> None:
    file = tmp_path / "fil"
    file.write_text("")
    with pytest.raises(UserError, match="er en fil, ikke en mappe"):
        needs_templates.write_templates(db, 2027, file)


def test_the_forums_rules_for_the_owners_are_only_those_it_has() -> None:
    from sekretariat.documents.needs_templates import forum_rules
    from sekretariat.domain.needs import Limits

    # Innlandet's defaults (plan 4.1 and 3.8.1)
    assert forum_rules(Limits()) == [
        "Veiledende fordeling: minst 35 % til barnehagebaserte og minst 35 % til "
        "skolebaserte tiltak.",
        "Nettverket kan få inntil 40 % av tildelingen; resten går til UH-partneren.",
    ]
    # Nordland: no sector minimum, a fixed 40/60 split; a limit the forum set itself
    nordland = Limits(
        kindergarten_min_bp=0, school_min_bp=0, network_fixed_bp=4000, coordinator_max_bp=1250
    )
    assert forum_rules(nordland) == [
        "Hver tildeling deles med 40 % til nettverket og resten til UH-partneren.",
        "Koordinatorfunksjonen kan være høyst 12,5 % av sum søkt (grense forumet har satt).",
    ]
    # one minimum only
    assert forum_rules(Limits(kindergarten_min_bp=0))[0] == (
        "Veiledende fordeling: minst 35 % til skolebaserte tiltak."
    )
