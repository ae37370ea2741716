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
    assert formats.days_until(today, today, "nn") == "i dag"
    assert formats.days_until(dt.date(2026, 11, 23), today, "nn") == "i morgon"
    assert formats.days_until(dt.date(2027, 1, 21), today, "nn") == "om 60 dagar"
    assert formats.days_until(dt.date(2026, 11, 12), today, "nn") == "for 10 dagar sidan"


def test_norsk_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sekretariat.formats, sekretariat.domain.overview, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the one home of each format: written and read back ------------------------------


def test_compact_forms_of_dates_and_times() -> None:
    assert formats.compact_date(dt.date(2027, 2, 1)) == "01.02.27"
    assert formats.day_month(dt.date(2027, 2, 1)) == "01.02."
    assert formats.clock(dt.time(9, 5, 7), seconds=True) == "09.05.07"
    assert formats.moment(dt.datetime(2026, 11, 22, 10, 42)) == "22.11.2026 kl. 10.42"
    assert formats.moment(dt.datetime(2026, 11, 22, 10, 42), compact=True) == "22.11.26 10.42"


def test_case_numbers_count_from_one_each_year() -> None:
    assert formats.case_label(1, 2027) == "Sak 01/27"
    assert formats.case_label(12, 2100) == "Sak 12/00"
    assert formats.case_number(7, 2026) == "07/26"
    # Not numbered yet (the summons gives numbers from 1): no label, whether None or 0.
    assert formats.case_label(None, 2027) == ""
    assert formats.case_label(0, 2027) == ""
    assert formats.case_number(0, 2027) == ""


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("22.11.2026", dt.date(2026, 11, 22)),
        ("1.2.2027", dt.date(2027, 2, 1)),
        ("01.02.2027", dt.date(2027, 2, 1)),
        ("1.2.27", dt.date(2027, 2, 1)),
        ("21.1.27", dt.date(2027, 1, 21)),
        ("2027-02-01", dt.date(2027, 2, 1)),
        ("2027-2-1", dt.date(2027, 2, 1)),
        ("  22.11.2026 ", dt.date(2026, 11, 22)),
    ],
)
def test_a_date_typed_any_of_the_accepted_ways(typed: str, day: dt.date) -> None:
    assert formats.parse_date(typed) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("i morgen", "«i morgen» er ikke en dato; skriv DD.MM.ÅÅÅÅ, for eksempel 22.11.2026."),
        (
            "31.02.2027",
            "«31.02.2027» er ikke en dato som finnes; skriv DD.MM.ÅÅÅÅ, for eksempel 22.11.2026.",
        ),
        ("22/11/2026", "«22/11/2026» er ikke en dato; skriv DD.MM.ÅÅÅÅ, for eksempel 22.11.2026."),
        ("", "Datoen mangler; skriv DD.MM.ÅÅÅÅ, for eksempel 22.11.2026."),
    ],
)
def test_a_date_that_is_not_one_is_refused_in_norwegian(typed: str, message: str) -> None:
    from sekretariat.errors import UserError

    with pytest.raises(UserError) as err:
        formats.parse_date(typed)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("09.00", dt.time(9, 0)),
        ("9:30", dt.time(9, 30)),
        ("0930", dt.time(9, 30)),
        ("23.59", dt.time(23, 59)),
    ],
)
def test_times_of_day(typed: str, time: dt.time) -> None:
    assert formats.parse_time(typed) == time


@pytest.mark.parametrize("typed", ["24.00", "9.60", "ni", "9", ""])
def test_not_a_time_of_day(typed: str) -> None:
    with pytest.raises(ValueError, match="er ikke et klokkeslett"):
        formats.parse_time(typed)


def test_minutes_within_their_range() -> None:
    assert formats.parse_minutes(" 45 ") == 45
    assert formats.parse_minutes("600") == 600
    with pytest.raises(ValueError, match=r"helt antall minutter \(0–600\)"):
        formats.parse_minutes("601")
    with pytest.raises(ValueError, match=r"\(1–240\)"):
        formats.parse_minutes("0", least=1, most=240)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 200 000", 1_200_000),
        ("1\u00a0200\u00a0000", 1_200_000),
        ("1.200.000", 1_200_000),
        ("1_200_000", 1_200_000),
        ("950000 kr", 950_000),
        ("950 000,-", 950_000),
        (formats.kroner(1_000_003), 1_000_003),
    ],
)
def test_kroner_as_people_type_them(typed: str, amount: int) -> None:
    assert formats.parse_kroner(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,5", "«12,5» er ikke et helt kronebeløp."),
        ("12.00", "«12.00» er ikke et helt kronebeløp."),
        ("1 20 000", "«1 20 000» er ikke et helt kronebeløp."),
        ("-5", "Budsjettet kan ikke være negativt (-5)."),
        ("", "Budsjettet mangler."),
    ],
)
def test_not_kroner(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        formats.parse_kroner(typed, "Budsjettet")
    assert str(err.value) == message


def test_percentages_written_and_read() -> None:
    assert formats.percent(3500) == "35 %"
    assert formats.percent(1250) == "12,5 %"
    assert formats.percent(1205) == "12,05 %"
    assert formats.percent_number(250) == "2,5"
    assert formats.share(115, 1000) == "11,5 %"
    assert formats.share(1, 3) == "33,3 %"
    assert formats.share(5, 0) == "–"
    assert formats.decimal(612.44) == "612,4"
    assert formats.parse_percent("35") == 35
    assert formats.parse_percent("12,5") == 12.5
    assert formats.parse_percent(" 12.5 % ") == 12.5
    with pytest.raises(ValueError, match="«ti» er ikke et prosenttall"):
        formats.parse_percent("ti")
