"""The decision on the grants, the grant letters and their template, by keys at 80x24."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from docx import Document as read_docx
from textual.pilot import Pilot
from textual.widgets import Static

from sekretariat.domain.agenda import add_item
from sekretariat.domain.allocation_runs import adopt, run_for_year, save_run
from sekretariat.domain.grant_decisions import load_decision
from sekretariat.domain.letter_template import DEFAULT_TEMPLATE, letter_template
from sekretariat.exchange import import_text
from sekretariat.storage.database import Database
from tui.app import SekretariatApp

TODAY = dt.date(2026, 12, 2)
Settle = Callable[[Pilot], Awaitable[None]]


def advised(path: Path) -> None:
    """The sample forum with the 2027 run (40 000 000) adopted in the meeting of
    12.11.2026, and annual reports due 1 March."""
    db = Database.open(path)
    import_text(
        db,
        'schema = 1\n[forum]\nname = "Samarbeidsforum Innlandet"\nreports_due = "01.03"\n',
        "f.toml",
    )
    item = add_item(db, 5, {"title": "Fordeling av tilskudd 2027", "kind": "decision"})
    result, scheme, _ = run_for_year(db, 2027, 40_000_000)
    adopt(db, save_run(db, 2027, result, scheme), item, today=TODAY)


def error_line(app: SekretariatApp) -> str:
    return str(app.screen.query_one(".dialog-error", Static).render())


async def test_decide_write_letters_and_edit_the_template(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    advised(sample_db)
    out = tmp_path / "brev"
    out.mkdir()
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)

        # d: the decision, Glåmdal (the first network) decided at 1 700 000.
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*"Statsforvalteren i Innlandet")
        await pilot.press("tab", "tab", "tab", "home", "ctrl+k", *"1 700 000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Glåmdal" in error_line(app) and "må ha en begrunnelse" in error_line(app)
        assert load_decision(Database.open(sample_db), 2027) is None
        await pilot.press("tab", *"Restmidler fra 2026", "ctrl+s")
        await settle(pilot)
        decision = load_decision(Database.open(sample_db), 2027)
        assert decision is not None and decision.decided == TODAY
        assert [(c.code, c.allocated, c.network, c.uh, c.reason) for c in decision.changes] == [
            # 680 000 : 1 120 000 of 1 700 000 is 642 222.2 : 1 057 777.8
            ("glamdal", 1_700_000, 642_222, 1_057_778, "Restmidler fra 2026")
        ]
        assert any("er registrert" in str(n.message) for n in notices(app))

        # w: the letters, one per host municipality, to a folder that exists.
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("home", "ctrl+k", *str(tmp_path / "mangler"), "ctrl+s")
        await pilot.pause()
        assert "finnes ikke" in error_line(app)
        await pilot.press("home", "ctrl+k", *str(out), "ctrl+s")
        await settle(pilot)
        # The private-school network has no host; the three networks without a report
        # get 0 kr, so their hosts (Nord-Fron, Sel, Elverum) get no letter.
        assert len(list(out.glob("*.docx"))) == 6
        letter = read_docx(str(out / "tilskuddsbrev-2027-kongsvinger.docx"))
        cells = [c.text.replace("\xa0", " ") for c in letter.tables[0].rows[1].cells]
        assert cells == ["Glåmdal", "1 700 000 kr", "642 222 kr", "1 057 778 kr"]
        assert any(
            "Skrev 6 tilskuddsbrev" in str(n.message)
            and "Ikke tildelt noe, så uten tilskuddsbrev: Midt-Gudbrandsdal" in str(n.message)
            for n in notices(app)
        )

        # m: which template (bokmål first, as the app), then the template; an unknown
        # placeholder is refused and nothing is stored.
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("end", *" {kommune}", "ctrl+s")
        await settle(pilot)
        assert "ukjente plassholderen «{kommune}»" in error_line(app)
        assert letter_template(Database.open(sample_db)) == DEFAULT_TEMPLATE
        await pilot.press(*["backspace"] * len("kommune}"), *"vertskommune}", "ctrl+s")
        await settle(pilot)
        stored = letter_template(Database.open(sample_db))
        assert stored.startswith("# Tilskuddsbrev {år} – {vertskommune} {vertskommune}\n")
        # The nynorsk template is the second choice, stored apart from the bokmål one.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("end", *" {vertskommune}", "ctrl+s")
        await settle(pilot)
    db = Database.open(sample_db)
    assert letter_template(db, "nn").startswith(
        "# Tilskotsbrev {år} – {vertskommune} {vertskommune}\n"
    )
    assert letter_template(db).startswith("# Tilskuddsbrev {år} – {vertskommune} {vertskommune}\n")
