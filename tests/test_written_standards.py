"""Bokmål and nynorsk (issue 19): municipalities' written standards, the forum's language,
the message catalogue, dates in both, and grant letters in the host's standard."""

import ast
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from docx import Document as read_docx
from language_words import foreign_words
from pypdf import PdfReader

from sekretariat import formats
from sekretariat.cli import main
from sekretariat.documents.document import render, to_markdown
from sekretariat.documents.grant_letters import grant_letters, write_letters
from sekretariat.domain.allocation_runs import adopt, decision_items, run_for_year, save_run
from sekretariat.domain.grant_decisions import record_decision
from sekretariat.domain.languages import document_language, forum_language, standard_for
from sekretariat.domain.letter_template import (
    DEFAULT_TEMPLATE_NN,
    check_template,
    letter_template,
    save_letter_template,
)
from sekretariat.errors import ImportRefused
from sekretariat.exchange import export_text, import_text
from sekretariat.i18n import catalogue_paths, read_catalogue, texts, translations
from sekretariat.labels import LABELS
from sekretariat.storage.database import Database

ROOT = Path(__file__).resolve().parent.parent
NBSP = str.maketrans({"\xa0": " "})
MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
HOST = """schema = 1
[forum]
name = "Samarbeidsforum Test"
reports_due = "01.03"
[[region]]
code = "valdres"
name = "Valdres"
host = "Nord-Aurdal"
[[municipality]]
name = "Nord-Aurdal"
standard = "nn"
[[municipality]]
name = "Hamar"
standard = "noytral"
[[municipality]]
name = "Kongsvinger"
standard = "nb"
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "s.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, HOST, "host.toml")
    return db


def decided(db: Database) -> None:
    """mini.toml's 2 000 000 run adopted 21.01.2027 and decided 10.02.2027 (a Wednesday),
    Valdres at 1 000 000 instead of 1 300 000 (tests/test_grant_decisions.py)."""
    result, scheme, _ = run_for_year(db, 2027, 2_000_000)
    key = save_run(db, 2027, result, scheme)
    adopt(db, key, decision_items(db, 2027)[0][0], today=dt.date(2027, 1, 21))
    record_decision(
        db,
        2027,
        None,
        decided_by="Statsforvaltaren i Innlandet",
        decided=dt.date(2027, 2, 10),
        reference="2027/123-4",
        amounts={"valdres": (1_000_000, "Lågare ramme")},
    )


# --------------------------------------------------------------------------- standards
def test_a_municipality_gets_its_own_standard_and_neutral_gets_the_forums(db: Database) -> None:
    assert forum_language(db) == "nb"
    assert standard_for(db, "Nord-Aurdal") == "nn"
    assert standard_for(db, " nord-aurdal ") == "nn"
    assert standard_for(db, "Kongsvinger") == "nb"
    assert standard_for(db, "Hamar") == "nb"  # neutral: the forum's language
    assert standard_for(db, "Oslo") == "nb"  # not registered: the forum's language
    import_text(db, 'schema = 1\n[forum]\nname = "Samarbeidsforum Test"\nlanguage = "nn"\n', "f")
    assert forum_language(db) == "nn"
    assert standard_for(db, "Hamar") == "nn" and standard_for(db, "Kongsvinger") == "nb"
    assert document_language(db, "nb", "Nord-Aurdal") == "nb"  # --lang wins
    assert document_language(db, None, None) == "nn"


def test_standards_round_trip_and_bad_ones_are_refused(db: Database) -> None:
    text = export_text(db)
    assert '[[municipality]]\nname = "Nord-Aurdal"\nstandard = "nn"\n' in text
    assert "language" not in text  # bokmål is the default and not written
    import_text(db, 'schema = 1\n[forum]\nname = "Samarbeidsforum Test"\nlanguage = "nn"\n', "f")
    assert '\nlanguage = "nn"\n' in export_text(db)
    with pytest.raises(ImportRefused, match="«bokmål» er ikke tillatt; bruk «nb», «nn», «noytral»"):
        import_text(db, 'schema = 1\n[[municipality]]\nname = "Vang"\nstandard = "bokmål"\n', "x")
    with pytest.raises(ImportRefused, match="«nynorsk» er ikke tillatt; bruk «nb», «nn»"):
        import_text(db, 'schema = 1\n[forum]\nname = "F"\nlanguage = "nynorsk"\n', "x")
    assert standard_for(db, "Vang") == "nn"  # not stored: the forum's language (nn above)


def test_the_samples_valdres_and_nord_gudbrandsdal_write_nynorsk(sample_db: Path) -> None:
    sample = Database.open(sample_db)
    for name in ("Vang", "Nord-Aurdal", "Lom", "Skjåk", "Sel", "Lesja"):
        assert standard_for(sample, name) == "nn", name
    assert standard_for(sample, "Hamar") == "nb"


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("day", "nb", "nn"),
    [
        (dt.date(2027, 1, 18), "mandag 18. januar 2027", "måndag 18. januar 2027"),
        (dt.date(2027, 1, 19), "tirsdag 19. januar 2027", "tysdag 19. januar 2027"),
        (dt.date(2027, 1, 20), "onsdag 20. januar 2027", "onsdag 20. januar 2027"),
        (dt.date(2027, 1, 21), "torsdag 21. januar 2027", "torsdag 21. januar 2027"),
        (dt.date(2027, 1, 22), "fredag 22. januar 2027", "fredag 22. januar 2027"),
        (dt.date(2027, 1, 23), "lørdag 23. januar 2027", "laurdag 23. januar 2027"),
        (dt.date(2027, 1, 24), "søndag 24. januar 2027", "sundag 24. januar 2027"),
    ],
)
def test_weekdays_in_both_standards(day: dt.date, nb: str, nn: str) -> None:
    assert formats.long_date(day) == nb
    assert formats.long_date(day, lang="nb") == nb
    assert formats.long_date(day, lang="nn") == nn


def test_months_and_years_in_words_in_nynorsk() -> None:
    assert formats.long_date(dt.date(2026, 11, 22), weekday=False, lang="nn") == "22. november 2026"
    assert [formats.month_name(m, "nn") for m in (1, 5, 12)] == ["januar", "mai", "desember"]
    assert formats.years_in_words(1, "nn") == "eitt år"
    assert formats.years_in_words(1) == "ett år"


# --------------------------------------------------------------------------- the catalogue
def _catalogue(lang: str) -> list[Message]:
    """Every message of a language's catalogues; a message in two of them is refused."""
    found: dict[str, Message] = {}
    for path in catalogue_paths(lang):
        for message in read_catalogue(path):
            if message.id:
                assert message.id not in found, f"«{message.id}» står i to kataloger ({lang})"
                found[message.id] = message
    return list(found.values())


def _used_messages() -> dict[str, str]:
    """Every ``_("…")``, ``N_("…")`` and ``ui("…")`` in the code and every label of ``labels.LABELS``,
    with where it is; a ``_`` called with anything but one literal is refused (the
    catalogue could not know it)."""
    found: dict[str, str] = {text: "labels.LABELS" for text in LABELS.values()}
    for package in ("sekretariat", "tui", "screens", "widgets"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_", "ui")
                ):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    assert len(node.args) == 1 and not node.keywords, where
                    arg = node.args[0]
                    literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    if node.func.id == "ui" and not literal:
                        continue  # ui(text) of a text marked N_ where it is kept
                    assert literal, where
                    found.setdefault(arg.value, where)
    return found


_FIELD = re.compile(r"\{[^{}]*\}")


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_message_has_a_text_with_the_same_placeholders(lang: str) -> None:
    messages = _catalogue(lang)
    assert messages
    for message in messages:
        text = message.string if isinstance(message.string, str) else ""
        assert text.strip(), f"{lang}: «{message.id}» har ingen tekst (linje {message.lineno})"
        assert not message.fuzzy, f"{lang}: «{message.id}» er merket fuzzy"
        assert sorted(_FIELD.findall(text)) == sorted(_FIELD.findall(message.id)), message.id


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_catalogue_holds_exactly_the_messages_the_code_uses(lang: str) -> None:
    used = _used_messages()
    known = {m.id for m in _catalogue(lang)}
    missing = {m: w for m, w in used.items() if m not in known}
    assert missing == {}, f"mangler i {lang}-katalogen"
    assert sorted(known - set(used)) == [], f"ubrukte meldinger i {lang}-katalogen"


def test_the_nb_catalogue_is_bokmal_and_nn_translates() -> None:
    assert texts("nb")("Tilskudd") == "Tilskudd"
    assert texts("nn")("Tilskudd") == "Tilskot"
    assert texts("nn")("ikke i katalogen") == "ikke i katalogen"  # gettext's fallback


def test_a_catalogue_skips_fuzzy_and_untranslated_and_is_read_once(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Uviss"\nmsgstr "Uvis"\n\n'
        'msgid "Tom"\nmsgstr ""\n\n'
        'msgid "Lang"\nmsgstr ""\n"Lang "\n"tekst"\n',
        encoding="utf-8",
    )
    messages = {m.id: m for m in read_catalogue(po) if m.id}
    assert messages["Uviss"].fuzzy and messages["Lang"].string == "Lang tekst"
    assert translations("nn") is translations("nn")
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nfoo "b"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="broken.po"):
        read_catalogue(broken)


# --------------------------------------------------------------------------- grant letters
def test_the_nynorsk_default_template_is_a_valid_template(db: Database) -> None:
    assert check_template(DEFAULT_TEMPLATE_NN) == DEFAULT_TEMPLATE_NN
    assert letter_template(db, "nn") == DEFAULT_TEMPLATE_NN
    saved = save_letter_template(db, "# Brev til {vertskommune}\n\n{tabell}\n", "nn")
    assert letter_template(db, "nn") == saved and letter_template(db) != saved


def test_a_letter_to_a_nynorsk_host_is_in_nynorsk(db: Database) -> None:
    decided(db)
    [letter], _ = grant_letters(db, 2027)
    assert letter.lang == "nn"
    text = to_markdown(letter.document).translate(NBSP)
    assert text.startswith("# Tilskotsbrev 2027 – Nord-Aurdal\n")
    assert (
        "Statsforvaltaren i Innlandet har 10. februar 2027 gjort vedtak om tilskot for 2027" in text
    )
    assert "| Nettverk | Tilskot | Til nettverket | Til UH |" in text
    assert (
        "- Valdres: vedteke 1 000 000 kr, innstillinga var 1 300 000 kr. "
        "Grunngiving: Lågare ramme" in text
    )
    [letter], _ = grant_letters(db, 2027, lang="nb")
    assert to_markdown(letter.document).startswith("# Tilskuddsbrev 2027 – Nord-Aurdal\n")


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_letters_read_back_hold_no_word_of_the_other_standard(
    db: Database, tmp_path: Path, lang: str
) -> None:
    decided(db)
    [docx_path], _ = write_letters(db, 2027, tmp_path, "docx", lang=lang)
    [pdf_path], _ = write_letters(db, 2027, tmp_path, "pdf", lang=lang)
    doc = read_docx(str(docx_path))
    docx_text = " ".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )
    pdf_text = " ".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    title = "Tilskotsbrev" if lang == "nn" else "Tilskuddsbrev"
    for text in (docx_text, pdf_text):
        assert title in text
        # The decision-maker is data («Statsforvaltaren …»), not the letter's own words.
        assert foreign_words(text, lang) == set(), lang


def test_cli_letters_take_lang(db: Database, tmp_path: Path) -> None:
    decided(db)
    path = str(db.path)
    assert main(["--db", path, "letters", "2027", "-o", str(tmp_path), "--format", "md"]) == 0
    text = (tmp_path / "tilskotsbrev-2027-nord-aurdal.md").read_text(encoding="utf-8")
    assert text.startswith("# Tilskotsbrev 2027")
    args = ["--db", path, "letters", "2027", "-o", str(tmp_path), "--format", "md", "--lang", "nb"]
    assert main(args) == 0
    text = (tmp_path / "tilskuddsbrev-2027-nord-aurdal.md").read_text(encoding="utf-8")
    assert text.startswith("# Tilskuddsbrev 2027")


# --------------------------------------------------------------------------- summons, minutes
def _docx_text(data: bytes) -> str:
    doc = read_docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _minuted(db: Database) -> int:
    """mini.toml's meeting of 21.01.2027 with its adopted run, a conflict (data in neither
    standard's own words) and the minutes approved in the meeting of 11.03.2027."""
    from sekretariat.documents.decision_minutes import meeting_on
    from sekretariat.domain import meetings
    from sekretariat.domain import minutes as m

    decided(db)
    mid = meeting_on(db, dt.date(2027, 1, 21))
    [item] = m.load_minutes(db, mid).items
    m.add_conflict(
        db, item.id, "kari-nordmann", "Kari Nordmann", ground="Vang kommune", decided_by="Forumet"
    )
    meetings.set_status(db, mid, "summoned", dt.date(2027, 1, 7))
    meetings.set_status(db, mid, "held", dt.date(2027, 1, 21))
    m.approve_minutes(db, mid, dt.date(2027, 3, 11), "email", today=dt.date(2027, 3, 11))
    return mid


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_summons_and_minutes_read_back_in_one_standard(db: Database, lang: str) -> None:
    from sekretariat.documents.decision_minutes import protocol_document
    from sekretariat.documents.summons import summons_document

    mid = _minuted(db)
    _, summons = summons_document(db, mid, lang)
    minutes = protocol_document(db, mid, lang)
    for doc in (summons, minutes):
        for text in (_docx_text(render(doc, "docx")), _pdf_text(render(doc, "pdf"))):
            assert foreign_words(text, lang) == set(), (doc.title, lang)
    said = " ".join(to_markdown(summons).translate(NBSP).split())
    kept = " ".join(to_markdown(minutes).translate(NBSP).split())
    if lang == "nn":
        assert "## Sakliste" in said and "Lærande møte" in said
        assert (
            "Møta skal ha eit klart læringsfokus, ikkje berre vere informasjonsformidling" in said
        )
        assert "Vedteken tildeling 2027 (køyring 2027-1), i kroner:" in said
        assert kept.startswith("# Protokoll frå møte 1/2027 i Samarbeidsforum Test")
        assert "Kari Nordmann vart erklært inhabil og gjekk frå under handsaminga av saka." in kept
        assert "Protokollen vart godkjend 11.03.2027 per e-post." in kept
        assert "Ikkje fastsett." in kept
    else:
        assert "## Saksliste" in said and "Lærende møte" in said
        assert "Vedtatt tildeling 2027 (kjøring 2027-1), i kroner:" in said
        assert kept.startswith("# Protokoll fra møte 1/2027 i Samarbeidsforum Test")
        assert "Protokollen ble godkjent 11.03.2027 per e-post." in kept


def test_the_forums_language_decides_summons_and_minutes(db: Database) -> None:
    from sekretariat.documents.decision_minutes import protocol_document

    mid = _minuted(db)
    assert protocol_document(db, mid).title.startswith("Protokoll fra møte")
    import_text(db, 'schema = 1\n[forum]\nname = "Samarbeidsforum Test"\nlanguage = "nn"\n', "f")
    assert protocol_document(db, mid).title.startswith("Protokoll frå møte")
    assert protocol_document(db, mid, "nb").title.startswith("Protokoll fra møte")


def test_cli_minutes_take_lang(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    _minuted(db)
    assert main(["--db", str(db.path), "minutes", "21.01.2027", "--lang", "nn"]) == 0
    assert capsys.readouterr().out.startswith("# Protokoll frå møte 1/2027")
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(db.path), "minutes", "21.01.2027", "--lang", "se"])
    assert stopped.value.code == 2 and "--lang" in capsys.readouterr().err


# --------------------------------------------------------------------------- calendar
def test_calendar_invitations_in_nynorsk_read_back_with_vobject(
    db: Database, tmp_path: Path
) -> None:
    import vobject

    import_text(
        db,
        'schema = 1\n[[meeting]]\ndate = 2027-01-21\nlearning_focus = "Lesing"\n'
        'video_link = "https://example.org/m"\n',
        "m",
    )
    path = tmp_path / "m.ics"
    assert main(["--db", str(db.path), "calendar", "2027", "--ics", str(path), "--lang", "nn"]) == 0
    [event] = vobject.readOne(path.read_text(encoding="utf-8")).vevent_list
    assert event.summary.value == "Møte i Samarbeidsforum Test"
    assert event.description.value == (
        "Læringsfokus: Lesing\n\nSakliste:\n- Tildeling 2027\n\nVideo: https://example.org/m"
    )
    assert foreign_words(event.description.value, "nn") == set()
    calendar_files_nb = tmp_path / "nb.ics"
    assert main(["--db", str(db.path), "calendar", "2027", "--ics", str(calendar_files_nb)]) == 0
    [event] = vobject.readOne(calendar_files_nb.read_text(encoding="utf-8")).vevent_list
    assert "\n\nSaksliste:\n- Tildeling 2027\n" in event.description.value


# --------------------------------------------------------------------------- needs templates
def test_needs_templates_follow_the_hosts_standard_and_read_back(
    sample_db: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from sekretariat.documents.needs_templates import read_template, write_templates

    sample = Database.open(sample_db)
    write_templates(sample, 2027, tmp_path)
    valdres = tmp_path / "behovsmelding-2027-valdres.xlsx"
    wb = load_workbook(valdres)
    assert wb.sheetnames == ["Rettleiing", "Behovsmelding"]
    ws = wb["Behovsmelding"]
    assert (ws["A6"].value, ws["A13"].value, ws["A25"].value) == (
        "Nettverkskode (ikkje endre)",
        "Eigarar som samarbeider (éin per linje)",
        "Restmidlar frå tidlegare år",
    )
    guide = "\n".join(str(c.value) for c in wb["Rettleiing"]["A"] if c.value)
    assert "• Nettverket kan få inntil 40 % av tildelinga; resten går til UH-partnaren." in guide
    fixed = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for text in (guide, fixed):
        assert foreign_words(text, "nn") == set()
    hamar = load_workbook(tmp_path / "behovsmelding-2027-hamar.xlsx")
    assert hamar.sheetnames == ["Veiledning", "Behovsmelding"]
    nb_text = "\n".join(str(c.value) for c in hamar["Veiledning"]["A"] if c.value)
    assert foreign_words(nb_text, "nb") == set()
    # A nynorsk template filled in is read as a bokmål one is.
    ws["C11"] = "Behov for lesing"
    ws["C18"], ws["C19"] = 400_000, 600_000
    wb.save(valdres)
    filled = read_template(valdres)
    assert (filled.region_code, filled.year) == ("valdres", 2027)
    assert filled.content.needs_assessment == "Behov for lesing"
    assert (filled.content.network_amount, filled.content.uh_amount) == (400_000, 600_000)
    write_templates(sample, 2027, tmp_path / "nb", lang="nb")
    assert load_workbook(tmp_path / "nb" / "behovsmelding-2027-valdres.xlsx").sheetnames[0] == (
        "Veiledning"
    )


# --------------------------------------------------------------------------- the user's language
def test_the_app_language_is_per_user_and_defaults_to_the_forums(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sekretariat.i18n import LANG_ENV, save_user_language, user_language

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(LANG_ENV, raising=False)
    assert user_language("nn") == "nn" and user_language() == "nb"
    saved = save_user_language("nn")
    assert saved == tmp_path / "sekretariat" / "sprak" and user_language("nb") == "nn"
    monkeypatch.setenv(LANG_ENV, "nb")
    assert user_language("nn") == "nb"
    with pytest.raises(ValueError, match="«se» er ikke et språk"):
        save_user_language("se")


def test_a_new_meeting_in_a_nynorsk_forum_gets_nynorsk_standing_items(db: Database) -> None:
    from sekretariat.domain import meetings
    from sekretariat.domain.agenda import load_agenda

    import_text(db, 'schema = 1\n[forum]\nname = "Samarbeidsforum Test"\nlanguage = "nn"\n', "f")
    mid = meetings.add_meeting(db, dt.date(2027, 3, 11))
    items = load_agenda(db, mid).items
    assert [(i.title, i.proposal) for i in items] == [
        ("Godkjenning av innkalling og sakliste", "Innkalling og sakliste blir godkjende."),
        (
            "Godkjenning av protokoll frå førre møte",
            "Protokollen frå møtet 21.01.2027 blir godkjend.",
        ),
        ("Eventuelt", ""),
    ]
