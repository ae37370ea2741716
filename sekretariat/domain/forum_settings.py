"""Editing the forum's settings and allocation rules from text fields.

Each field is read from what a person typed, checked by the same rules the exchange
format uses (``sekretariat.values``), and only a form without errors is written, in one
audited transaction. Errors come back per field, in Norwegian.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from sekretariat import formats, limits, values
from sekretariat.domain.allocation import Rules
from sekretariat.domain.allocation_runs import schemes
from sekretariat.errors import UserError, shown
from sekretariat.i18n import N_, check_language, ui
from sekretariat.storage.models import Forum, Region, Scheme
from sekretariat.storage.row_versions import ensure_fresh

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


class FieldErrors(UserError):
    """A form with one or more bad fields; ``errors`` maps field key → message."""

    def __init__(self, errors: dict[str, str], labels: dict[str, str]) -> None:
        self.errors = errors
        self.labels = labels
        super().__init__(self.said())

    def said(self, translate: Callable[[str], str] = lambda text: text) -> str:
        """The sentence naming the first bad field, in bokmål or through the app's
        ``translate`` (the labels are catalogue ids)."""
        first = next(iter(self.errors))
        field = translate(self.labels[first])
        error = self.errors[first].rstrip(".")
        if len(self.errors) > 1:
            return translate(
                N_("{field}: {error} ({more} feil til). Ingenting ble lagret.")
            ).format(field=field, error=error, more=len(self.errors) - 1)
        return translate(N_("{field}: {error}. Ingenting ble lagret.")).format(
            field=field, error=error
        )


@dataclass(frozen=True)
class FormField:
    """One field of a form; ``label`` and ``help`` are bokmål catalogue ids (``N_``), shown
    through the app's translator."""

    key: str
    label: str
    parse: Callable[[str], Any]
    show: Callable[[Any], str]
    help: str = ""


def _text(value: str) -> str:
    return values.text(value.strip())


def _required(value: str) -> str:
    return values.nonempty(value.strip())


def _line(value: str) -> str:
    return values.line(value.strip())


def _required_line(value: str) -> str:
    return values.nonempty_line(value.strip())


def _int(check: Callable[[Any], int]) -> Callable[[str], int]:
    def parse(value: str) -> int:
        cleaned = value.strip().replace(" ", "").replace("\u00a0", "")
        if not re.fullmatch(rf"-?[0-9]{{1,{limits.MAX_DIGITS}}}", cleaned):
            raise ValueError(ui("«{value}» er ikke et helt tall").format(value=shown(value)))
        return check(int(cleaned))

    return parse


def _optional_int(check: Callable[[Any], int]) -> Callable[[str], int | None]:
    inner = _int(check)
    return lambda value: inner(value) if value.strip() else None


def _percent(value: str) -> int:
    return values.percent(formats.parse_percent(value))


def _optional_percent(value: str) -> int | None:
    return _percent(value) if value.strip() else None


def _weeks(value: str) -> list[int]:
    parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    if not all(p.isascii() and p.isdigit() and len(p) <= 2 for p in parts):
        raise ValueError(ui("skriv ukenumrene med komma mellom, f.eks. 3, 10, 25, 38, 46"))
    return values.weeks([int(p) for p in parts])


def _language(value: str) -> str:
    """The forum's document language: «nb» or «nn» as typed (spaces and case aside)."""
    return check_language(value.strip().lower())


def _time(value: str) -> dt.time:
    return formats.parse_time(value)


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in ("ja", "j", "yes", "true", "1"):
        return True
    if v in ("nei", "n", "no", "false", "0"):
        return False
    raise ValueError(ui("svar ja eller nei"))


def _fixed(value: str) -> dict[str, int]:
    """``lister = 1 230 000; setesdal = 160 000`` → amounts per region code."""
    out: dict[str, int] = {}
    for part in [p for p in re.split(r"[;\n]+", value) if p.strip()]:
        if "=" not in part:
            raise ValueError(ui("«{part}»: skriv nettverk = beløp").format(part=shown(part)))
        code, amount = (x.strip() for x in part.split("=", 1))
        out[values.stable_key(code)] = values.kroner(formats.parse_kroner(amount))
    return out


def _pct_text(bp: int | None) -> str:
    return "" if bp is None else formats.percent_number(bp)


def _optional_text(value: int | None) -> str:
    return "" if value is None else str(value)


def _optional_day_month(value: str) -> tuple[int, int] | None:
    return values.day_month(value) if value.strip() else None


def _day_month_text(dm: tuple[int, int] | None) -> str:
    return "" if dm is None else f"{dm[0]:02d}.{dm[1]:02d}"


def _codes(value: str) -> list[str]:
    """``hamar, gjovik`` → region codes (empty: every network)."""
    return [values.stable_key(p) for p in re.split(r"[,;\s]+", value.strip()) if p]


def _per_year(value: str) -> dict[str, int]:
    """``2020 = 10 698 000; 2021 = …`` → kroner per year."""
    out: dict[str, int] = {}
    for part in [p for p in re.split(r"[;\n]+", value) if p.strip()]:
        if "=" not in part:
            raise ValueError(ui("«{part}»: skriv år = beløp").format(part=shown(part)))
        year, amount = (x.strip() for x in part.split("=", 1))
        if not (year.isascii() and year.isdigit()):
            raise ValueError(ui("«{year}» er ikke et årstall").format(year=shown(year)))
        out[str(values.year(int(year)))] = values.kroner(formats.parse_kroner(amount))
    return dict(sorted(out.items()))


def _per_year_text(d: dict[str, int]) -> str:
    return "; ".join(f"{k} = {formats.thousands(v)}" for k, v in d.items())


def _agreed(value: str) -> dict[str, int]:
    """``salten = 30`` → a network share per region code, in basis points."""
    out: dict[str, int] = {}
    for part in [p for p in re.split(r"[;\n]+", value) if p.strip()]:
        if "=" not in part:
            raise ValueError(ui("«{part}»: skriv nettverk = prosent").format(part=shown(part)))
        code, pct = (x.strip() for x in part.split("=", 1))
        out[values.stable_key(code)] = _percent(pct)
    return out


FORUM_FIELDS: tuple[FormField, ...] = (
    FormField("name", N_("Forumets navn"), _required_line, str),
    FormField("county", N_("Fylke"), _line, str),
    FormField("secretariat", N_("Sekretariat"), _line, str),
    FormField(
        "language",
        N_("Dokumentspråk (nb = bokmål, nn = nynorsk)"),
        _language,
        str,
        N_("innkallinger, protokoller og brev til kommuner uten eget valg"),
    ),
    FormField(
        "meeting_weekday", N_("Møtedag (1 = mandag … 7 = søndag)"), _int(values.weekday), str
    ),
    FormField(
        "meeting_weeks",
        N_("Møteuker"),
        _weeks,
        lambda v: ", ".join(str(w) for w in v),
        N_("ISO-uker med komma mellom"),
    ),
    FormField("meeting_start", N_("Møtestart"), _time, formats.clock),
    FormField("meeting_end", N_("Møteslutt"), _time, formats.clock),
    FormField("term_years", N_("Representantenes periode (år)"), _int(values.years), str),
    FormField("leader_term_years", N_("Lederens periode (år)"), _int(values.years), str),
    FormField(
        "leader_first_year",
        N_("Lederens første periode fra år"),
        _optional_int(values.year),
        _optional_text,
        N_("tomt: ingen egen første periode"),
    ),
    FormField(
        "leader_first_term_years",
        N_("Første periode (år)"),
        _optional_int(values.positive),
        _optional_text,
        N_("f.eks. 1 (Innlandet 2026)"),
    ),
    FormField(
        "needs_due",
        N_("Frist for behovsmeldinger (DD.MM)"),
        values.day_month,
        lambda dm: f"{dm[0]:02d}.{dm[1]:02d}",
    ),
    FormField("templates_month", N_("Maler sendes ut i måned (1–12)"), _int(values.month), str),
    FormField(
        "reports_due",
        N_("Frist for årsrapport (DD.MM)"),
        _optional_day_month,
        _day_month_text,
        N_("tomt: ingen fast frist"),
    ),
    FormField(
        "uh_feedback_week",
        N_("UHs årlige tilbakemelding (uke)"),
        _optional_int(values.week),
        _optional_text,
        N_("møteuken; tomt: ikke lagt inn"),
    ),
    FormField(
        "conference_month",
        N_("Årlig konferanse (måned)"),
        _optional_int(values.month),
        _optional_text,
        N_("tomt: ikke lagt inn"),
    ),
    FormField(
        "gathering_month",
        N_("Felles samling (måned)"),
        _optional_int(values.month),
        _optional_text,
        N_("tomt: ikke lagt inn"),
    ),
    FormField(
        "grants",
        N_("Tildeling i alt per år"),
        _per_year,
        _per_year_text,
        N_("år = beløp; …"),
    ),
)

#: Fields stored as two columns (day and month).
_DAY_MONTH = {
    "needs_due": ("needs_due_day", "needs_due_month"),
    "reports_due": ("reports_due_day", "reports_due_month"),
}

SCHEME_FIELDS: tuple[FormField, ...] = (
    FormField("name", N_("Ordningens navn"), _required_line, str),
    FormField("common_bp", N_("Fellestiltak (%)"), _percent, _pct_text),
    FormField("common_recipient", N_("Fellestiltak går til"), _text, str),
    FormField("equalization_bp", N_("Utjevning (%)"), _percent, _pct_text),
    FormField("network_max_bp", N_("Nettverkets andel høyst (%)"), _percent, _pct_text),
    FormField(
        "network_fixed_bp",
        N_("Fast nettverksandel (%)"),
        _optional_percent,
        _pct_text,
        N_("tomt: etter søknaden, med taket over"),
    ),
    FormField("unit", N_("Avrundingsenhet (kr)"), _int(values.unit), str),
    FormField(
        "network_agreed",
        N_("Avtalt nettverksandel"),
        _agreed,
        lambda d: "; ".join(f"{k} = {formats.percent_number(v)}" for k, v in d.items()),
        N_("nettverk = prosent; mindre enn den faste"),
    ),
    FormField(
        "fte_year",
        N_("Årsverk fra år"),
        _optional_int(values.year),
        lambda v: "" if v is None else str(v),
        N_("tomt: tildelingsåret"),
    ),
    FormField(
        "fte_year_end",
        N_("Nøkkelen gjelder til år"),
        _optional_int(values.year),
        _optional_text,
        N_("tomt: uten sluttår"),
    ),
    FormField(
        "regions",
        N_("Nettverk som er med"),
        _codes,
        lambda v: ", ".join(v),
        N_("koder med komma; tomt: alle"),
    ),
    FormField("budgets", N_("Budsjett per år"), _per_year, _per_year_text, N_("år = beløp; …")),
    FormField(
        "needs_cap", N_("Tak ved meldt behov (ja/nei)"), _bool, lambda v: "ja" if v else "nei"
    ),
    FormField(
        "fixed_amounts",
        N_("Faste beløp per nettverk"),
        _fixed,
        lambda d: "; ".join(f"{k} = {formats.thousands(v)}" for k, v in d.items()),
        N_("nettverk = beløp; …"),
    ),
    FormField("kindergarten_min_bp", N_("Barnehage minst (%)"), _percent, _pct_text),
    FormField("school_min_bp", N_("Skole minst (%)"), _percent, _pct_text),
    FormField(
        "coordinator_max_bp",
        N_("Koordinator høyst (%)"),
        _optional_percent,
        _pct_text,
        N_("forumets egen grense; tomt: ingen"),
    ),
    FormField(
        "release_max_bp",
        N_("Frikjøp høyst (%)"),
        _optional_percent,
        _pct_text,
        N_("forumets egen grense; tomt: ingen"),
    ),
)


def _parse(fields: tuple[FormField, ...], values: dict[str, str]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields:
        if f.key not in values:
            continue
        try:
            parsed[f.key] = f.parse(values[f.key])
        except ValueError as exc:
            errors[f.key] = str(exc)
    if errors:
        raise FieldErrors(errors, {f.key: f.label for f in fields})
    return parsed


def forum_form(db: Database) -> dict[str, str]:
    with db.read() as s:
        forum = s.get(Forum, 1)
        if forum is None:
            raise UserError(ui("Databasen har ikke noe forum ennå."))
        current = {f.key: getattr(forum, f.key, None) for f in FORUM_FIELDS}
        for key, (day, month) in _DAY_MONTH.items():
            pair = (getattr(forum, day), getattr(forum, month))
            current[key] = None if pair[0] is None else pair
    return {f.key: f.show(current[f.key]) for f in FORUM_FIELDS}


def form_version(db: Database, target: str) -> int:
    """The row version a form shows ("forum" or "scheme:<code>"), for ``seen_version``."""
    code = None if target == "forum" else target.split(":", 1)[1]
    with db.sql() as con:
        row = (
            con.execute("SELECT version FROM forum WHERE id = 1").fetchone()
            if code is None
            else con.execute("SELECT version FROM scheme WHERE code = ?", (code,)).fetchone()
        )
    if row is None and code is None:
        raise UserError(ui("Databasen har ikke noe forum ennå."))
    if row is None:
        raise UserError(ui("Fant ikke ordningen «{code}».").format(code=code))
    return row[0]


def save_forum(db: Database, values: dict[str, str], *, seen_version: int | None = None) -> int:
    """Check every field, then write the forum in one transaction (or nothing).

    ``seen_version`` is the version the form was filled from: if someone else saved
    since, nothing is written (``StaleEdit``). Returns the new version.
    """

    parsed = _parse(FORUM_FIELDS, values)
    if (
        "meeting_start" in parsed
        and "meeting_end" in parsed
        and parsed["meeting_end"] <= parsed["meeting_start"]
    ):
        raise FieldErrors(
            {"meeting_end": "møtet må slutte etter at det begynner"},
            {f.key: f.label for f in FORUM_FIELDS},
        )
    with db.write() as s:
        forum = s.get(Forum, 1)
        if forum is None:
            raise UserError(ui("Databasen har ikke noe forum ennå."))
        ensure_fresh(s, forum, seen_version)
        for key, value in parsed.items():
            if key in _DAY_MONTH:
                day, month = _DAY_MONTH[key]
                pair = value if value is not None else (None, None)
                if (getattr(forum, day), getattr(forum, month)) != pair:
                    setattr(forum, day, pair[0])
                    setattr(forum, month, pair[1])
            elif getattr(forum, key) != value:
                setattr(forum, key, value)
        s.flush()
        return forum.version


def scheme_list(db: Database) -> list[tuple[str, str]]:
    return schemes(db)


def scheme_form(db: Database, code: str) -> dict[str, str]:
    with db.read() as s:
        scheme = s.exec(select(Scheme).where(Scheme.code == code)).first()
        if scheme is None:
            raise UserError(ui("Fant ikke ordningen «{code}».").format(code=code))
        return {f.key: f.show(getattr(scheme, f.key)) for f in SCHEME_FIELDS}


def save_scheme(
    db: Database, code: str, values: dict[str, str], *, seen_version: int | None = None
) -> int:
    """Check the fields and the rules as a whole (as the model will), then write.

    Refused (``StaleEdit``) when the scheme changed since ``seen_version``; returns the
    new version.
    """

    parsed = _parse(SCHEME_FIELDS, values)
    labels = {f.key: f.label for f in SCHEME_FIELDS}
    with db.write() as s:
        scheme = s.exec(select(Scheme).where(Scheme.code == code)).first()
        if scheme is None:
            raise UserError(ui("Fant ikke ordningen «{code}».").format(code=code))
        ensure_fresh(s, scheme, seen_version)
        merged = {f.key: getattr(scheme, f.key) for f in SCHEME_FIELDS} | parsed
        known = set(s.exec(select(Region.code)).all())
        for key in ("fixed_amounts", "regions", "network_agreed"):
            unknown = sorted(set(merged[key]) - known)
            if unknown:
                raise FieldErrors(
                    {key: ui("ukjent nettverk {codes}").format(codes=", ".join(unknown))}, labels
                )
        if merged["fte_year_end"] is not None and (
            merged["fte_year"] is None or merged["fte_year_end"] < merged["fte_year"]
        ):
            raise FieldErrors(
                {"fte_year_end": ui("sluttåret krever et startår («Årsverk fra år») før seg")},
                labels,
            )
        try:
            Rules(
                common_bp=merged["common_bp"],
                equalization_bp=merged["equalization_bp"],
                network_max_bp=merged["network_max_bp"],
                unit=merged["unit"],
                network_fixed_bp=merged["network_fixed_bp"],
                fixed=merged["fixed_amounts"],
                needs_cap=merged["needs_cap"],
                network_agreed=merged["network_agreed"],
            )
        except UserError as exc:
            raise UserError(ui("{problem} Ingenting ble lagret.").format(problem=exc)) from None
        for key, value in parsed.items():
            if getattr(scheme, key) != value:
                setattr(scheme, key, value)
        s.flush()
        return scheme.version
