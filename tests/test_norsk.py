"""Norwegian formatting: the words and separators users read on every screen."""

import datetime as dt

import pytest

from sekretariat import formats


def test_long_date_with_weekday() -> None:
    assert formats.long_date(dt.date(2026, 11, 22)) == "søndag 22. november 2026"


def test_long_date_without_weekday() -> None:
    assert formats.long_date(dt.date(2027, 1, 21), weekday=False) == "21. januar 2027"


@pytest.mark.parametrize(
    ("day", "name"),
    [(dt.date(2027, 1, 18 + i), n) for i, n in enumerate(formats.WEEKDAYS)],
)
def test_weekday_names_follow_iso_order(day: dt.date, name: str) -> None:
    assert formats.weekday_name(day) == name


def test_all_month_names() -> None:
    assert [formats.month_name(m) for m in (1, 5, 12)] == ["januar", "mai", "desember"]


def test_short_date_pads_day_and_month() -> None:
    assert formats.short_date(dt.date(2027, 2, 1)) == "01.02.2027"


def test_time_span() -> None:
    assert formats.time_span(dt.time(9, 0), dt.time(15, 30)) == "kl. 09.00–15.30"
    assert formats.time_span(dt.time(9, 5), None) == "kl. 09.05"
    assert formats.time_span(None, dt.time(15, 0)) == ""


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0\u00a0kr"),
        (999, "999\u00a0kr"),
        (1000, "1\u00a0000\u00a0kr"),
        (1_000_003, "1\u00a0000\u00a0003\u00a0kr"),
        (-250_000, "-250\u00a0000\u00a0kr"),
    ],
)
def test_kroner_uses_non_breaking_spaces(amount: int, text: str) -> None:
    assert formats.kroner(amount) == text


def test_count_picks_singular_or_plural() -> None:
    assert formats.count(1, "sak", "saker") == "1 sak"
    assert formats.count(0, "sak", "saker") == "0 saker"
    assert formats.count(12, "sak", "saker") == "12 saker"


@pytest.mark.parametrize(
    ("minutes", "text"), [(45, "45 min"), (60, "1 t"), (120, "2 t"), (330, "5 t 30 min")]
)
def test_duration(minutes: int, text: str) -> None:
    assert formats.duration(minutes) == text


def test_days_until() -> None:
    today = dt.date(2026, 11, 22)
    assert formats.days_until(today, today) == "i dag"
    assert formats.days_until(dt.date(2026, 11, 23), today) == "i morgen"
    assert formats.days_until(dt.date(2026, 11, 21), today) == "i går"
    assert formats.days_until(dt.date(2027, 1, 21), today) == "om 60 dager"
    assert formats.days_until(dt.date(2026, 11, 12), today) == "for 10 dager siden"


def test_norsk_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sekretariat.formats, sekretariat.domain.overview, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
