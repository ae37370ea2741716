"""The public overview (plan 3.1 g): one static page with captions and header cells, no
script, nothing personal but names and roles, everything escaped; and its CSV files."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_year_summary import add_report, forum_2027

from sekretariat.cli import main
from sekretariat.documents.public_overview import build_overview, csv_tables, write_public
from sekretariat.exchange import import_text
from sekretariat.storage.database import Database

TODAY = dt.date(2028, 3, 10)
# A network named with markup, and a local plan whose link is not a web address.
HOSTILE = """schema = 1
[forum]
name = "Samarbeidsforum Test"
[[region]]
code = "valdres"
name = "Valdres <script>alert(1)</script>"
host = "Nord-Aurdal & Vang"
[[local_plan]]
region = "valdres"
start_year = 2026
end_year = 2029
link = "javascript:alert(1)"
"""


class Page(HTMLParser):
    """What the checks need: tags in order, attributes, and the text of captions."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.captions: list[str] = []
        self._in_caption = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_caption = tag == "caption"
        if self._in_caption:
            self.captions.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_caption:
            self.captions[-1] += data


def page_of(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = forum_2027(tmp_path)
    add_report(db, "valdres")
    import_text(db, HOSTILE, "hostile.toml")
    return db


def test_the_page_structure(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    paths = write_public(db, out, TODAY, 2027)
    assert [p.name for p in paths] == [
        "index.html",
        "nettverk.csv",
        "tiltak.csv",
        "representanter.csv",
    ]
    page = page_of(out / "index.html")
    tags = [t for t, _ in page.tags]
    assert page.tags[0] == ("html", {"lang": "nb"})
    assert "script" not in tags
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags)
    assert page.captions == [
        "Nettverk, planer, tildeling og rapportering 2027",
        "Tiltak i behovsmeldinger og årsrapporter 2027",
        "Representanter i samarbeidsforumet 31.12.2027",
    ]
    assert tags.count("table") == tags.count("caption") == 3
    # Every header cell says what it heads.
    assert {a.get("scope") for t, a in page.tags if t == "th"} == {"col", "row"}
    # The link that is not a web address is text, not a link.
    assert not any(t == "a" and "javascript" in (a.get("href") or "") for t, a in page.tags)
    text = "".join(page.text)
    assert "Valdres <script>alert(1)</script>" in text  # shown as text, escaped
    assert "Nord-Aurdal & Vang" in text
    assert "kari@example.org" not in (out / "index.html").read_text(encoding="utf-8")
    assert "Kari Nordmann" in text


def test_the_figures_and_the_csv(db: Database) -> None:
    overview = build_overview(db, TODAY, 2027)
    [year] = overview.years
    [scheme] = year.schemes
    assert (scheme.code, scheme.grant_source) == ("kollektiv", "vedtak")
    valdres, hadeland = scheme.networks
    assert (valdres.requested, valdres.granted, valdres.used) == (1_300_000, 1_000_000, 950_000)
    assert (valdres.plan, valdres.needs, valdres.annual) == (
        "2026–2029",
        "Mottatt",
        "Under behandling",
    )
    assert (hadeland.plan, hadeland.needs, hadeland.annual) == ("", "Ikke mottatt", "Ikke mottatt")
    tables = csv_tables(overview)
    assert tables["nettverk.csv"][1] == (
        2027,
        "Kollektiv kompetanseutvikling",
        "Valdres <script>alert(1)</script>",
        "Nord-Aurdal & Vang",
        "2026–2029",
        "Mottatt",
        1_300_000,
        1_000_000,
        "Under behandling",
        "01.03.2028",
        950_000,
    )
    # One measure from the needs report (mini.toml: Språkløft, 300 000) and three reported.
    assert [row[3:5] for row in tables["tiltak.csv"][1:]] == [
        ("Behovsmelding", "Språkløft"),
        ("Årsrapport", "Språkløft"),
        ("Årsrapport", "Lesing"),
        ("Årsrapport", "Sámi giella, čállin ŋ"),
    ]
    assert tables["representanter.csv"][0] == (
        "År",
        "Dato",
        "Navn",
        "Sete",
        "Nettverk",
        "Rolle",
        "Verv",
    )


def test_the_command(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    db.dispose()
    assert main(["--db", str(tmp_path / "y.db"), "public", "-o", str(out), "--year", "2027"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == str(out / "index.html")
    assert main(["--db", str(tmp_path / "y.db"), "public", "-o", str(tmp_path / "nope")]) == 1
    assert "Mappen" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium er ikke installert")
def test_the_page_renders_in_a_browser(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    write_public(db, out, TODAY, 2027)
    done = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            (out / "index.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "<caption>Nettverk, planer, tildeling og rapportering 2027</caption>" in done.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in done.stdout


def test_several_schemes_each_under_its_name(tmp_path: Path) -> None:
    """Agder 2020: three schemes in one forum, each with its own tables under its name."""
    from sekretariat.documents.public_overview import to_html

    db = Database.open(tmp_path / "a.db", create=True)
    example = Path(__file__).parent.parent / "examples" / "agder.toml"
    import_text(db, example.read_text(encoding="utf-8"), "agder.toml")
    overview = build_overview(db, TODAY, 2020)
    names = [sc.name for sc in overview.years[0].schemes]
    assert len(names) == 3
    page = Page()
    page.feed(to_html(overview))
    tables = [c for c in page.captions if c.startswith("Nettverk, planer")]
    assert tables == [f"Nettverk, planer, tildeling og rapportering 2020 – {n}" for n in names]
    assert [t for t, _ in page.tags].count("h3") == 4  # three schemes and the representatives


def test_the_page_in_nynorsk(sample_db: Path, tmp_path: Path) -> None:
    """Issue 19: the forum publishes the page in its language; --lang nn writes nynorsk
    (the html element says so, for screen readers' pronunciation)."""
    from language_words import foreign_words

    assert main(["--db", str(sample_db), "public", "-o", str(tmp_path), "--lang", "nn"]) == 0
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nn">' in page
    assert "Representantar i samarbeidsforumet" in page
    header = (tmp_path / "nettverk.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Årsrapport motteken" in header
    # The page's own words; the networks' titles and plans stay as they were written.
    own = {"ikke", "være", "hvordan", "fra", "hva", "mye", "ble", "noe", "noen"}
    text = re.sub(r"<[^>]+>", " ", page)
    assert foreign_words(text, "nn") - own == set()
