"""What a value of each kind may be: the checks shared by the exchange format, the
settings form, the XLSX reader and the app, within the one set of ``limits``.

A check takes a value as read (from TOML, or parsed from what a person typed) and returns
it in its stored form, or raises ``ValueError`` with a Norwegian explanation that the
caller puts after the field's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sekretariat import limits
from sekretariat.errors import shown
from sekretariat.translator import N_, ui

Check = Callable[[Any], Any]


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return ui("sann/usann")
    if isinstance(value, int):
        return ui("heltall")
    if isinstance(value, float):
        return ui("desimaltall")
    if isinstance(value, str):
        return ui("tekst")
    if isinstance(value, dt.datetime):
        return ui("tidspunkt")
    if isinstance(value, dt.date):
        return ui("dato")
    if isinstance(value, dt.time):
        return ui("klokkeslett")
    if isinstance(value, list):
        return ui("liste")
    if isinstance(value, dict):
        return ui("tabell")
    return type(value).__name__


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: Any) -> str:
    """Any text but control characters (tab and line breaks are fine), and not endless."""
    if not isinstance(value, str):
        raise ValueError(ui("skal være tekst, fant {kind}").format(kind=_type_name(value)))
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(
            ui("inneholder et kontrolltegn (U+{code}) som ikke kan lagres").format(
                code=f"{ord(bad.group()):04X}"
            )
        )
    if len(value) > limits.MAX_TEXT:
        raise ValueError(
            ui("er for lang ({length} tegn; høyst {most})").format(
                length=len(value), most=limits.MAX_TEXT
            )
        )
    return value


def nonempty(value: Any) -> str:
    value = text(value)
    if not value.strip():
        raise ValueError(ui("kan ikke være tom"))
    return value


_LINE_BREAK = re.compile(f"[{limits.LINE_BREAKS}]")


def line(value: Any) -> str:
    """Text shown on one line (a name, an e-mail address, a place, a title): no line
    breaks, which would break a calendar file or a list long after the text was stored."""
    value = text(value)
    if _LINE_BREAK.search(value):
        raise ValueError(ui("skal stå på én linje (uten linjeskift)"))
    return value


def nonempty_line(value: Any) -> str:
    return nonempty(line(value))


_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def stable_key(value: Any) -> str:
    value = text(value)
    if not _KEY_RE.fullmatch(value):
        raise ValueError(
            ui("«{value}» er ikke en gyldig nøkkel (små bokstaver a–z, sifre, - og _)").format(
                value=shown(value)
            )
        )
    return value


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(ui("skal være et heltall, fant {kind}").format(kind=_type_name(value)))
    if abs(value) > limits.MAX_INTEGER:
        raise ValueError(ui("er et for stort tall"))
    return value


def nonneg(value: Any) -> int:
    value = integer(value)
    if value < 0:
        raise ValueError(ui("kan ikke være negativ"))
    return value


def kroner(value: Any) -> int:
    if isinstance(value, float):
        raise ValueError(ui("beløp skal være hele kroner (heltall)"))
    value = integer(value)
    if value < 0:
        raise ValueError(ui("beløp kan ikke være negativt"))
    if value > limits.MAX_KRONER:
        raise ValueError(ui("beløpet er urimelig stort"))
    return value


def signed_kroner(value: Any) -> int:
    """An adjustment in whole kroner, up or down, no larger than an amount may be."""
    if isinstance(value, float):
        raise ValueError(ui("beløp skal være hele kroner (heltall)"))
    value = integer(value)
    if abs(value) > limits.MAX_KRONER:
        raise ValueError(ui("beløpet er urimelig stort"))
    return value


def positive(value: Any) -> int:
    """A count of at least 1 (a case number), at most ``MAX_COUNT``."""
    value = count(value)
    if value < 1:
        raise ValueError(ui("skal være minst 1"))
    return value


def count(value: Any) -> int:
    """How many (seats, places in the working group): 0 to ``MAX_COUNT``."""
    value = nonneg(value)
    if value > limits.MAX_COUNT:
        raise ValueError(
            ui("er et urimelig stort antall (høyst {most})").format(most=limits.MAX_COUNT)
        )
    return value


def minutes(value: Any) -> int:
    """A planned time in whole minutes, 0 to ``MAX_MINUTES``."""
    value = nonneg(value)
    if value > limits.MAX_MINUTES:
        raise ValueError(ui("er for mange minutter (høyst {most})").format(most=limits.MAX_MINUTES))
    return value


def years(value: Any) -> int:
    """A number of years (a term's length), 1 to ``MAX_YEARS``."""
    value = integer(value)
    if not 1 <= value <= limits.MAX_YEARS:
        raise ValueError(ui("skal være 1–{most} år").format(most=limits.MAX_YEARS))
    return value


def unit(value: Any) -> int:
    """A rounding unit in whole kroner: at least 1."""
    value = kroner(value)
    if value < 1:
        raise ValueError(ui("skal være minst 1 krone"))
    return value


def year(value: Any) -> int:
    value = integer(value)
    if not limits.FIRST_YEAR <= value <= limits.LAST_YEAR:
        raise ValueError(
            ui("{value} er ikke et rimelig årstall ({first}–{last})").format(
                value=value, first=limits.FIRST_YEAR, last=limits.LAST_YEAR
            )
        )
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(
            ui("skal være true eller false, fant {kind}").format(kind=_type_name(value))
        )
    return value


def date(value: Any) -> dt.date:
    if type(value) is not dt.date:
        raise ValueError(
            ui("skal være en dato (ÅÅÅÅ-MM-DD), fant {kind}").format(kind=_type_name(value))
        )
    if not limits.FIRST_YEAR <= value.year <= limits.LAST_YEAR:
        raise ValueError(
            ui("{value} er ikke en rimelig dato ({first}–{last})").format(
                value=value.isoformat(), first=limits.FIRST_YEAR, last=limits.LAST_YEAR
            )
        )
    return value


def time(value: Any) -> dt.time:
    if type(value) is not dt.time:
        raise ValueError(
            ui("skal være et klokkeslett (TT:MM:SS), fant {kind}").format(kind=_type_name(value))
        )
    if value.tzinfo is not None:
        raise ValueError(ui("klokkeslett skal være uten tidssone"))
    return value


def _hundredths(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(ui("skal være et tall, fant {kind}").format(kind=_type_name(value)))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(ui("skal være et endelig tall"))
    scaled = round(value * 100)
    if abs(value * 100 - scaled) > 1e-6:
        raise ValueError(ui("{what} kan ha høyst to desimaler").format(what=ui(what)))
    if scaled < 0:
        raise ValueError(ui("{what} kan ikke være negativ").format(what=ui(what)))
    if scaled > limits.MAX_INTEGER:
        raise ValueError(ui("er et for stort tall"))
    return scaled


def percent(value: Any) -> int:
    """A percentage, stored in basis points."""
    bp = _hundredths(value, N_("prosent"))
    if bp > 10000:
        raise ValueError(ui("prosent kan ikke være over 100"))
    return bp


def fte_table(value: Any) -> dict[int, int]:
    """``{"2026" = 612.4}`` → ``{2026: 61240}`` (hundredths of an FTE)."""
    if not isinstance(value, dict):
        raise ValueError(
            ui("skal være en tabell av år = årsverk, fant {kind}").format(kind=_type_name(value))
        )
    out: dict[int, int] = {}
    for k, v in value.items():
        if not re.fullmatch(r"\d{4}", str(k)):
            raise ValueError(ui("«{key}» er ikke et årstall").format(key=k))
        try:
            out[year(int(k))] = _hundredths(v, N_("årsverk"))
        except ValueError as exc:
            raise ValueError(ui("år {key}: {problem}").format(key=k, problem=exc)) from None
    return out


def slots(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ValueError(
            ui("skal være en tabell av gruppe = antall, fant {kind}").format(kind=_type_name(value))
        )
    out: dict[str, int] = {}
    for k, v in value.items():
        try:
            out[stable_key(k)] = count(v)
        except ValueError as exc:
            raise ValueError(ui("«{key}»: {problem}").format(key=k, problem=exc)) from None
    return out


def amounts_table(value: Any) -> dict[str, int]:
    """``{ valdres = 400000 }``: whole kroner per region code."""
    if not isinstance(value, dict):
        raise ValueError(
            ui("skal være en tabell av nettverk = beløp, fant {kind}").format(
                kind=_type_name(value)
            )
        )
    out: dict[str, int] = {}
    for k, v in value.items():
        try:
            out[stable_key(k)] = kroner(v)
        except ValueError as exc:
            raise ValueError(ui("«{key}»: {problem}").format(key=k, problem=exc)) from None
    return out


def year_amounts(value: Any) -> dict[str, int]:
    """``{ 2020 = 25120000 }``: whole kroner per year (the keys kept as text, as JSON has them)."""
    if not isinstance(value, dict):
        raise ValueError(
            ui("skal være en tabell av år = beløp, fant {kind}").format(kind=_type_name(value))
        )
    out: dict[str, int] = {}
    for k, v in value.items():
        if not re.fullmatch(r"\d{4}", str(k)):
            raise ValueError(ui("«{key}» er ikke et årstall").format(key=k))
        try:
            out[str(year(int(k)))] = kroner(v)
        except ValueError as exc:
            raise ValueError(ui("år {key}: {problem}").format(key=k, problem=exc)) from None
    return dict(sorted(out.items()))


def percent_table(value: Any) -> dict[str, int]:
    """``{ salten = 30 }``: a percentage per region code, stored in basis points."""
    if not isinstance(value, dict):
        raise ValueError(
            ui("skal være en tabell av nettverk = prosent, fant {kind}").format(
                kind=_type_name(value)
            )
        )
    out: dict[str, int] = {}
    for k, v in value.items():
        try:
            out[stable_key(k)] = percent(v)
        except ValueError as exc:
            raise ValueError(ui("«{key}»: {problem}").format(key=k, problem=exc)) from None
    return out


def week(value: Any) -> int:
    value = integer(value)
    if not 1 <= value <= 53:
        raise ValueError(ui("uke {week} finnes ikke (1–53)").format(week=value))
    return value


def day_month(value: Any) -> tuple[int, int]:
    value = text(value)
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})", value.strip())
    if not match:
        raise ValueError(
            ui("«{value}» er ikke en dag og måned på formen DD.MM").format(value=shown(value))
        )
    day, month = int(match[1]), int(match[2])
    try:
        dt.date(2024, month, day)  # a leap year: 29.02 is allowed
    except ValueError:
        raise ValueError(
            ui("«{value}» er ikke en gyldig dag og måned").format(value=shown(value))
        ) from None
    return day, month


def month(value: Any) -> int:
    value = integer(value)
    if not 1 <= value <= 12:
        raise ValueError(ui("måned skal være 1–12"))
    return value


def weekday(value: Any) -> int:
    value = integer(value)
    if not 1 <= value <= 7:
        raise ValueError(ui("ukedag skal være 1 (mandag) til 7 (søndag)"))
    return value


def weeks(value: Any) -> list[int]:
    if not isinstance(value, list) or not value:
        raise ValueError(ui("skal være en ikke-tom liste av ukenumre"))
    out = []
    for w in value:
        w = integer(w)
        if not 1 <= w <= 53:
            raise ValueError(ui("uke {week} finnes ikke (1–53)").format(week=w))
        out.append(w)
    if len(set(out)) != len(out):
        raise ValueError(ui("samme uke står flere ganger"))
    return sorted(out)


def text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(
            ui("skal være en liste av tekster, fant {kind}").format(kind=_type_name(value))
        )
    return [text(v) for v in value]


def key_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(
            ui("skal være en liste av nøkler, fant {kind}").format(kind=_type_name(value))
        )
    return [stable_key(v) for v in value]


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str:
        value = text(value)
        if value not in choices:
            allowed = ", ".join(f"«{c}»" for c in choices)
            raise ValueError(
                ui("«{value}» er ikke tillatt; bruk {allowed}").format(
                    value=shown(value), allowed=allowed
                )
            )
        return value

    return check


def list_of(*choices: str) -> Check:
    single = one_of(*choices)

    def check(value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValueError(ui("skal være en liste, fant {kind}").format(kind=_type_name(value)))
        out = [single(v) for v in value]
        if len(set(out)) != len(out):
            raise ValueError(ui("samme verdi står flere ganger"))
        return out

    return check


def table(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueError(ui("skal være en tabell, fant {kind}").format(kind=_type_name(value)))
    return value


def fte(value: Any) -> int:
    """FTEs (årsverk) with at most two decimals, stored in hundredths."""
    return _hundredths(value, N_("årsverk"))


# --------------------------------------------------------------------------- annual reports
def text_table(value: Any) -> dict[str, str]:
    """``{ a = "…", b = "…" }``: a text per key (an annual report's criteria, its
    evaluation under the forum's headings)."""
    if not isinstance(value, dict):
        raise ValueError(
            ui("skal være en tabell av nøkkel = tekst, fant {kind}").format(kind=_type_name(value))
        )
    out: dict[str, str] = {}
    for k, v in value.items():
        try:
            out[stable_key(k)] = text(v)
        except ValueError as exc:
            raise ValueError(ui("«{key}»: {problem}").format(key=k, problem=exc)) from None
    return out


def keyed_lines(*kinds: str) -> Check:
    """A list of ``{ code = "…", text = "…" }`` (and ``kind``, one of ``kinds``, when
    given): the forum's control points or evaluation headings, codes unique."""
    kind_of = one_of(*kinds) if kinds else None

    def check(value: Any) -> list[dict[str, str]]:
        if not isinstance(value, list):
            raise ValueError(
                ui("skal være en liste av tabeller, fant {kind}").format(kind=_type_name(value))
            )
        out = []
        for n, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise ValueError(
                    ui("punkt {number} skal være en tabell, fant {kind}").format(
                        number=n, kind=_type_name(item)
                    )
                )
            allowed = {"code", "text", *(("kind",) if kinds else ())}
            unknown = sorted(set(item) - allowed)
            if unknown:
                raise ValueError(
                    ui("punkt {number}: ukjent nøkkel «{key}»").format(
                        number=n, key=shown(str(unknown[0]))
                    )
                )
            try:
                row = {
                    "code": stable_key(item.get("code")),
                    "text": nonempty_line(item.get("text")),
                }
                if kind_of is not None:
                    row = {"code": row["code"], "kind": kind_of(item.get("kind", kinds[0])), **row}
            except ValueError as exc:
                raise ValueError(
                    ui("punkt {number}: {problem}").format(number=n, problem=exc)
                ) from None
            out.append(row)
        codes = [row["code"] for row in out]
        if len(set(codes)) != len(codes):
            raise ValueError(ui("samme kode står flere ganger"))
        return out

    return check
