"""The needs and annual reports' checks, control points and refusals in the app's
language (issue 19): the core makes these sentences, the screens show them as they come."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from sekretariat.domain import annual_reports as ar
from sekretariat.domain import needs
from sekretariat.errors import UserError
from sekretariat.i18n import app_language, set_app_language
from tests.language_words import foreign_words

DUE = dt.date(2026, 2, 1)


@pytest.fixture
def nynorsk() -> Iterator[None]:
    before = app_language()
    set_app_language("nn")
    try:
        yield
    finally:
        set_app_language(before)


def _needs_checks() -> dict[str, str]:
    content = needs.Content(
        kindergarten_amount=100_000,
        school_amount=900_000,
        network_amount=600_000,
        uh_amount=100_000,
    )
    checks = needs.run_checks(content, needs.Limits(), DUE, dt.date(2026, 2, 4), False)
    return {c.code: c.text for c in checks}


def test_needs_checks_in_bokmal() -> None:
    texts = _needs_checks()
    assert texts["BEHOV"] == "Behovsvurderingen mangler."
    assert texts["FRIST"] == "Mottatt 04.02.2026, 3 dager etter fristen 01.02.2026."
    assert texts["LOKAL"] == (
        "Ingen lokal kompetanseplan for året er registrert for nettverket "
        "(planen skal sendes sammen med behovsmeldingen)."
    )


def test_needs_checks_in_nynorsk(nynorsk: None) -> None:
    texts = _needs_checks()
    assert texts["BEHOV"] == "Behovsvurderinga manglar."
    assert texts["EIERE"] == "Det står ikkje kva eigarar som samarbeider om tiltaka."
    assert texts["FRIST"] == "Motteken 04.02.2026, 3 dagar etter fristen 01.02.2026."
    assert texts["NETT"].replace("\xa0", " ") == (
        "Nettverket ber om 600 000 kr (85,7 %) av 700 000 kr til seg sjølv; "
        "tildelinga avgrensar nettverksdelen til 40 %."
    )
    for text in texts.values():
        assert foreign_words(text, "nn") == set(), text


def test_a_needs_refusal_in_nynorsk(nynorsk: None) -> None:
    with pytest.raises(UserError) as caught:
        needs.validate(needs.Content(uh_amount=-1), [])
    assert str(caught.value) == "Søkt til UH kan ikkje vere negativt."


def test_annual_checks_and_default_points_in_nynorsk(nynorsk: None) -> None:
    checks = ar.run_checks(ar.Content(granted_amount=100), DUE, DUE, None)
    assert [c.text for c in checks if c.code in ("TILTAK", "MÅL")] == [
        "Rapporten viser ingen gjennomførte tiltak.",
        "Vurderinga av måloppnåing manglar.",
    ]
    forum = SimpleNamespace(report_checks=[])
    points = ar._points(forum, [])
    assert points[0].text == "Rapporten er motteken innan fristen"
    assert points[0].result_text() == "ikkje kontrollert"
    own = SimpleNamespace(report_checks=[{"code": "x", "kind": "formalia", "text": "Eiga ord"}])
    assert ar._points(own, [])[0].text == "Eiga ord"  # the forum's own words stay
