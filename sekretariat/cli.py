"""The command line: ``sekretariat [--db PATH] [COMMAND ...]`` (DESIGN.md section 4).

Without a command it opens the terminal app. User mistakes end in one Norwegian sentence
on stderr and a non-zero exit; an unexpected failure is logged to a file, never dumped
as a traceback on the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sekretariat import __version__, formats
from sekretariat.errors import UserError
from sekretariat.i18n import (
    LANGUAGES,
    N_,
    app_language,
    set_app_language,
    texts,
    ui,
    user_language,
)

if TYPE_CHECKING:
    from sekretariat.prefetch import Prefetch
    from sekretariat.storage.database import Database

EXIT_USER = 1
EXIT_USAGE = 2

#: argparse's own messages in the app's language: (English pattern, the text, whose fields
#: are the pattern's named groups).
_ARGPARSE_MESSAGES = (
    (
        r"the following arguments are required: (?P<args>.*)",
        N_("disse argumentene mangler: {args}"),
    ),
    (r"unrecognized arguments: (?P<args>.*)", N_("ukjente argumenter: {args}")),
    (
        r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)",
        N_("ugyldig valg: {value} (velg blant {choices})"),
    ),
    (r"expected one argument", N_("forventet én verdi")),
    (r"invalid \S+ value: (?P<value>.*)", N_("ugyldig verdi: {value}")),
    (
        r"ambiguous option: (?P<option>.*) could match (?P<matches>.*)",
        N_("tvetydig valg: {option} kan bety {matches}"),
    ),
    (r"not allowed with argument (?P<other>.*)", N_("kan ikke brukes sammen med {other}")),
)


def norwegian(message: str) -> str:
    """An argparse message (``argument X: <message>`` or a bare one) in the app's language."""
    head, sep, rest = (
        message.partition(": ") if message.startswith("argument ") else ("", "", message)
    )
    for pattern, text in _ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, rest)
        if found:
            rest = ui(text).format(**found.groupdict())
            break
    return f"{head}{sep}{rest}"


# --------------------------------------------------------------------------- the language
def app_language_for(path: Path | None, *, new: bool = False) -> str:
    """The language the app and the command line speak (issue 19), decided here for both:
    the user's own choice (``SEKRETARIAT_SPRAK`` or the one saved with F9), else the
    language of the forum in the database at ``path``, else bokmål.

    The forum's is read only when the user has made no choice, with one read-only query
    (nothing created or migrated, no SQLAlchemy on the way to the first frame). A new
    database has no forum yet; a missing or unreadable file gives bokmål, and the command
    that opens it says what is wrong.
    """
    try:
        chosen = user_language(default="")  # "": no choice made (nor SEKRETARIAT_SPRAK)
        if chosen:
            return chosen
        if new or path is None or not path.is_file():
            return "nb"
        from sekretariat.domain.languages import forum_language_at

        return forum_language_at(path)
    except (OSError, ValueError, RuntimeError):  # an unreadable choice, a path looping
        return "nb"


class _NoPath(Exception):
    """The first look at the arguments found no usable ``--db``: the real parser says why."""


class _PreParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NoPath(message)


def language_of_run(argv: Sequence[str] | None) -> str:
    """The language of this run, found before the real parser is built (its help texts are
    translated as they are made): the database the command would use is found with a first
    look at ``--db`` and ``--demo`` only, anywhere in the arguments."""
    first = _PreParser(add_help=False, allow_abbrev=False)
    first.add_argument("--db", default=None)
    first.add_argument("--demo", action="store_true")
    try:
        found, _rest = first.parse_known_args(argv)
    except _NoPath:
        found = argparse.Namespace(db=None, demo=False)
    from sekretariat.paths import default_db_path, demo_db_path

    if found.db:
        path = Path(found.db).expanduser()
    else:
        path = demo_db_path() if found.demo else default_db_path()
    return app_language_for(path)


# --------------------------------------------------------------------------- the parser
class _Formatter(argparse.HelpFormatter):
    """Help with a usage line in the app's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, ui("bruk: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse speaking the app's language, ending usage errors with one sentence.

    Every parser has the same two groups, ``argumenter`` and ``valg`` (its own ``-h``
    and ``--db`` among them), and ``add_argument`` puts each argument in its group, so
    argparse's English headings and help line never show.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(add_help=False, formatter_class=_Formatter, **kwargs)
        self.arguments = self.add_argument_group(ui("argumenter"))
        self.options = self.add_argument_group(ui("valg"))
        self.options.add_argument(
            "-h", "--help", action="help", help=ui("vis denne hjelpen og avslutt")
        )
        self.options.add_argument(
            "--db",
            metavar=ui("STI"),
            type=Path,
            default=argparse.SUPPRESS,
            help=ui("databasefil (ellers SEKRETARIAT_DB eller standardplasseringen)"),
        )

    def add_argument(self, *names: Any, **kwargs: Any) -> argparse.Action:
        group = self.options if names and str(names[0]).startswith("-") else self.arguments
        return group.add_argument(*names, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(
            ui("{prog}: feil: {message}.").format(prog=self.prog, message=norwegian(message)) + "\n"
        )
        raise SystemExit(EXIT_USAGE)


def _date(value: str) -> dt.date:
    try:
        return formats.parse_date(value)
    except ValueError as exc:  # the parser's own sentence; argparse adds the full stop
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None


def _year(value: str) -> int:
    # Imported here: the first frame goes through this module and needs no value checks.
    from sekretariat import values

    try:
        return values.year(int(value)) if value.isdigit() else values.year(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            ui("«{value}» er ikke et årstall").format(value=value)
        ) from None


def _add_output_folder(p: argparse.ArgumentParser, help_text: str) -> None:
    """``-o/--output MAPPE``: the folder a command writes its files into."""
    p.add_argument("-o", "--output", metavar=ui("MAPPE"), type=Path, required=True, help=help_text)


def _add_scheme(parser: argparse.ArgumentParser) -> None:
    """``--scheme CODE``: one of the forum's schemes (default: its default scheme)."""
    parser.add_argument(
        "--scheme",
        metavar=ui("KODE"),
        default=None,
        help=ui("ordningen (standard: forumets standardordning)"),
    )


def _add_lang(parser: argparse.ArgumentParser, default: str) -> None:
    """``--lang nb|nn``: the written standard of the documents a command writes (issue 19);
    ``default`` (marked ``N_``) says what is written without it."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=ui("målform: nb (bokmål) eller nn (nynorsk) ({default})").format(default=ui(default)),
    )


def _kroner(value: str) -> int:
    try:
        return formats.parse_kroner(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None


def _limit(value: str) -> int:
    from sekretariat import values

    try:
        return values.nonneg(int(value))
    except ValueError:
        raise argparse.ArgumentTypeError(
            ui("«{value}» er ikke et antall (0 eller mer)").format(value=value)
        ) from None


def _entity(value: str) -> str:
    """A kind of row in the change log, by its name in the log or in Norwegian (bokmål or
    nynorsk)."""
    from sekretariat.storage.audit_log import ENTITIES_NB

    wanted = value.casefold()
    for entity, norwegian in ENTITIES_NB.items():
        if wanted == entity or wanted in {texts(lang)(norwegian) for lang in LANGUAGES}:
            return entity
    known = ", ".join(sorted({ui(name) for name in ENTITIES_NB.values()}))
    raise argparse.ArgumentTypeError(
        ui("ukjent type «{value}» (velg blant {known})").format(value=value, known=known)
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sekretariat",
        description=ui("Sekretariat for samarbeidsforum for kollektiv kompetanseutvikling."),
        epilog=ui("Uten kommando åpnes terminalprogrammet."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"sekretariat {__version__}",
        help=ui("vis versjonen og avslutt"),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=ui("åpne programmet på en demodatabase med fiktive data"),
    )
    sub = parser.add_subparsers(
        dest="command", metavar=ui("KOMMANDO"), title=ui("kommandoer"), parser_class=_Parser
    )

    p = sub.add_parser(
        "import",
        help=ui("importer en utvekslingsfil (TOML)"),
        description=ui(
            "Importer en utvekslingsfil. Rader slås sammen på faste nøkler; en feil i filen stopper hele importen."
        ),
    )
    p.add_argument("file", metavar=ui("FIL"), type=Path)
    p.add_argument(
        "--overwrite",
        action="store_true",
        help=ui(
            "skriv filens verdier over rader som er endret i databasen siden filen ble eksportert (loggføres)"
        ),
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help=ui("eksporter alt til en utvekslingsfil (TOML)"),
        description=ui("Eksporter hele databasen til en utvekslingsfil."),
    )
    p.add_argument(
        "file", metavar=ui("FIL"), type=Path, help=ui("filen som skrives, eller - for standard ut")
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help=ui("uten [exported] (databasens identitet og radversjoner): den kanoniske formen"),
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "seats",
        help=ui("setetabellen på en dato"),
        description=ui("Vis hvem som har hvilke seter på en dato."),
    )
    p.add_argument(
        "--date", metavar=ui("DATO"), type=_date, default=None, help=ui("datoen (standard: i dag)")
    )
    p.add_argument("--json", action="store_true", help=ui("skriv JSON"))
    p.set_defaults(func=cmd_seats)

    p = sub.add_parser(
        "allocate",
        help=ui("beregn tildelingen for et år"),
        description=ui("Beregn fordelingen av årets tilskudd etter forumets tildelingsmodell."),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year)
    p.add_argument(
        "--budget",
        metavar=ui("KR"),
        type=_kroner,
        default=None,
        help=ui("budsjettet i hele kroner (standard: ordningens budsjett for året)"),
    )
    p.add_argument(
        "--common",
        metavar=ui("KR"),
        type=_kroner,
        default=None,
        help=ui("beløpet til fellestiltak, inntil ordningens tak (standard: hele taket)"),
    )
    _add_scheme(p)
    p.add_argument("--json", action="store_true", help=ui("skriv resultatet som JSON"))
    p.add_argument(
        "--csv", metavar=ui("FIL"), type=Path, default=None, help=ui("skriv resultatet som CSV")
    )
    p.add_argument("--save", action="store_true", help=ui("lagre kjøringen som forslag"))
    p.set_defaults(func=cmd_allocate)

    p = sub.add_parser(
        "calendar",
        help=ui("årets møter, én per linje"),
        description=ui("Vis årets møter (lagrede møter, ellers datoene årshjulet gir)."),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year)
    p.add_argument(
        "--ics",
        metavar=ui("FIL"),
        type=Path,
        default=None,
        help=ui("skriv møtene som kalenderfil (.ics)"),
    )
    _add_lang(p, N_("kalenderfilens tekst; standard: forumets språk"))
    p.set_defaults(func=cmd_calendar)

    p = sub.add_parser(
        "templates",
        help=ui("lag maler for behovsmeldinger, én per nettverk"),
        description=ui(
            "Lag én utfyllbar XLSX-mal for behovsmelding per nettverk, med forum, nettverk, år og frist fylt ut."
        ),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year)
    p.add_argument(
        "dir",
        metavar=ui("MAPPE"),
        type=Path,
        help=ui("mappen malene skrives til (lages om den mangler)"),
    )
    _add_scheme(p)
    _add_lang(p, N_("standard: vertskommunens målform, ved nøytral forumets språk"))
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser(
        "receive",
        help=ui("les inn en utfylt behovsmelding (XLSX)"),
        description=ui(
            "Les en utfylt mal inn i innboksen: en ny behovsmelding, eller en ny versjon av en som er returnert for justering. En feil i filen stopper hele innlesingen."
        ),
    )
    p.add_argument("file", metavar=ui("FIL"), type=Path)
    p.add_argument(
        "--date",
        metavar=ui("DATO"),
        type=_date,
        default=None,
        help=ui("datoen den ble mottatt (standard: i dag)"),
    )
    p.set_defaults(func=cmd_receive)

    # -- annual reports (årsrapporter, plan 7): templates out, filled ones in ------------
    p = sub.add_parser(
        "reports",
        help=ui("lag maler for årsrapporter, én per nettverk"),
        description=ui(
            "Lag én utfyllbar XLSX-mal for årsrapport per nettverk for tilskuddsåret, "
            "med nettverk, år, tildelt beløp, restmidler og tiltakene fra behovsmeldingen fylt ut."
        ),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year, help=ui("tilskuddsåret rapporten gjelder"))
    _add_output_folder(p, ui("mappen malene skrives til (lages om den mangler)"))
    _add_scheme(p)
    _add_lang(p, N_("standard: vertskommunens målform, ved nøytral forumets språk"))
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser(
        "reports-receive",
        help=ui("les inn en utfylt årsrapport (XLSX)"),
        description=ui(
            "Les en utfylt årsrapportmal inn: en ny årsrapport, eller en ny versjon av "
            "en som er returnert for justering. En feil i filen stopper hele innlesingen."
        ),
    )
    p.add_argument("file", metavar=ui("FIL"), type=Path)
    p.add_argument(
        "--date",
        metavar=ui("DATO"),
        type=_date,
        default=None,
        help=ui("datoen den ble mottatt (standard: i dag)"),
    )
    p.set_defaults(func=cmd_reports_receive)

    p = sub.add_parser(
        "audit",
        help=ui("endringsloggen"),
        description=ui("Vis eller eksporter endringsloggen (nyeste først)."),
    )
    p.add_argument(
        "--entity",
        metavar=ui("TYPE"),
        type=_entity,
        default=None,
        help=ui("bare denne typen (f.eks. person, mandat, møte)"),
    )
    p.add_argument(
        "--key",
        metavar=ui("NØKKEL"),
        default=None,
        help=ui("bare denne raden (f.eks. en personnøkkel)"),
    )
    p.add_argument(
        "--limit",
        metavar=ui("N"),
        type=_limit,
        default=50,
        help=ui("hvor mange (standard 50; 0 = alle)"),
    )
    p.add_argument(
        "--csv", metavar=ui("FIL"), type=Path, default=None, help=ui("skriv loggen som CSV")
    )
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser(
        "minute",
        help=ui("skriv protokoll i møtet (terminalprogrammet)"),
        description=ui(
            "Åpne terminalprogrammet rett i protokollføringen for møtet (standard: dagens, ellers det neste)."
        ),
    )
    p.add_argument(
        "date", metavar=ui("DATO"), type=_date, nargs="?", default=None, help=ui("møtedatoen")
    )
    # No ``demo`` default here: a subcommand's default would overwrite ``--demo`` given
    # before it (``sekretariat --demo minute``).
    p.set_defaults(func=cmd_minute)

    p = sub.add_parser(
        "minutes",
        help=ui("protokollen fra et møte"),
        description=ui(
            "Skriv protokollen fra møtet på datoen (Markdown til standard ut om ikke annet er valgt)."
        ),
    )
    p.add_argument("date", metavar=ui("DATO"), type=_date)
    p.add_argument(
        "--format",
        choices=MINUTES_FORMATS,
        default=None,
        help=ui("formatet (standard: filens endelse, ellers md)"),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar=ui("FIL"),
        type=Path,
        default=None,
        help=ui("filen som skrives, - for standard ut (standard: standard ut for md og html)"),
    )
    _add_lang(p, N_("standard: forumets språk"))
    p.set_defaults(func=cmd_minutes)

    p = sub.add_parser(
        "letters",
        help=ui("skriv tilskuddsbrevene for et år, ett per vertskommune"),
        description=ui(
            "Skriv ett tilskuddsbrev per vertskommune fra det registrerte vedtaket om "
            "tilskudd for året, med forumets mal for brevet."
        ),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year)
    _add_output_folder(p, ui("mappen brevene skrives til (den må finnes)"))
    _add_scheme(p)
    p.add_argument(
        "--format",
        choices=("docx", "pdf", "md"),
        default="docx",
        help=ui("formatet (standard docx)"),
    )
    _add_lang(p, N_("standard: vertskommunens målform, ved nøytral forumets språk"))
    p.set_defaults(func=cmd_letters)

    p = sub.add_parser(
        "emails",
        help=ui("skriv e-posttekster til nettverkene eller vertskommunene"),
        description=ui(
            "Skriv én e-posttekst per mottaker (emne og tekst, klar til å lime inn): "
            "«behovsmelding» og «arsrapport» til hvert nettverk med malen, «tilskuddsbrev» til "
            "hver vertskommune med brevet. Hver tekst er i mottakerens målform."
        ),
    )
    p.add_argument(
        "kind",
        metavar=ui("TYPE"),
        choices=("behovsmelding", "tilskuddsbrev", "tilskotsbrev", "arsrapport"),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year)
    _add_output_folder(p, ui("mappen tekstene skrives til (lages om den mangler)"))
    _add_scheme(p)
    _add_lang(p, N_("standard: mottakerens målform, ved nøytral forumets språk"))
    p.set_defaults(func=cmd_emails)

    p = sub.add_parser(
        "backup",
        help=ui("lag en konsistent kopi av databasen"),
        description=ui("Lag en konsistent sikkerhetskopi av en database som kan være i bruk."),
    )
    p.add_argument("file", metavar=ui("FIL"), type=Path)
    p.set_defaults(func=cmd_backup)
    _checkout_parsers(sub)
    _summary_parsers(sub)
    return parser


def _checkout_parsers(sub: Any) -> None:
    """Taking a meeting to a laptop and bringing it back (docs/exchange.md, README)."""
    p = sub.add_parser(
        "checkout",
        help=ui("sjekk ut et møte til en bærbar (protokollføring uten nett)"),
        description=ui(
            "Sjekk ut møtet på datoen: skriv en fil med det protokollføringen trenger, "
            "og gjør protokollen skrivebeskyttet her til møtet er sjekket inn igjen. "
            "Med --cancel avbrytes en utsjekk (en mistet bærbar); filen kan da ikke sjekkes inn."
        ),
    )
    p.add_argument("date", metavar=ui("DATO"), type=_date, help=ui("møtedatoen"))
    p.add_argument(
        "-o",
        "--output",
        metavar=ui("FIL"),
        type=Path,
        default=None,
        help=ui("filen som skrives (standard: utsjekk-ÅÅÅÅ-MM-DD.toml)"),
    )
    p.add_argument("--cancel", action="store_true", help=ui("avbryt utsjekken av møtet"))
    p.set_defaults(func=cmd_checkout)

    p = sub.add_parser(
        "checkin-file",
        help=ui("skriv filen som tar protokollen tilbake (på den bærbare)"),
        description=ui(
            "Skriv det som er endret i den utsjekkede kopien siden utsjekken, "
            "til en fil som sjekkes inn på serveren med «sekretariat checkin FIL»."
        ),
    )
    p.add_argument(
        "date",
        metavar=ui("DATO"),
        type=_date,
        nargs="?",
        default=None,
        help=ui("møtedatoen (trengs bare når kopien har flere møter)"),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar=ui("FIL"),
        type=Path,
        default=None,
        help=ui("filen som skrives (standard: innsjekk-ÅÅÅÅ-MM-DD.toml)"),
    )
    p.set_defaults(func=cmd_checkin_file)

    p = sub.add_parser(
        "checkin",
        help=ui("sjekk inn protokollen fra en bærbar"),
        description=ui(
            "Ta inn det som ble endret på den bærbare, i én transaksjon. Felt som er "
            "endret begge steder, er konflikter: da tas ingenting inn før du har valgt side for "
            "hvert felt med --resolve."
        ),
    )
    p.add_argument("file", metavar=ui("FIL"), type=Path, help=ui("filen skrevet med checkin-file"))
    p.add_argument(
        "--resolve",
        metavar=ui("VALG"),
        type=Path,
        default=None,
        help=ui('TOML med ["rad"] felt = "server" eller "laptop" for hver konflikt'),
    )
    p.set_defaults(func=cmd_checkin)


def _summary_parsers(sub: Any) -> None:
    """The year summary, the public overview and the Udir export (issue 18, plan 3.1 g, h
    and 7); their commands are below the parsers, in this block."""
    p = sub.add_parser(
        "summary",
        help=ui("sammenstilling av årsrapportene for et år"),
        description=ui(
            "Skriv sammenstillingen av nettverkenes årsrapporter for året (tall, "
            "tiltak etter tema, måloppnåelse, avvik). Formatet følger filens endelse."
        ),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year)
    p.add_argument(
        "-o",
        "--output",
        metavar=ui("FIL"),
        type=Path,
        required=True,
        help=ui("filen som skrives (.pdf, .docx, .html eller .md)"),
    )
    _add_scheme(p)
    _add_lang(p, N_("standard: forumets språk"))
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser(
        "public",
        help=ui("skriv den åpne oversikten (HTML og CSV) over tiltak, planer og rapportering"),
        description=ui(
            "Skriv en statisk nettside (index.html) og CSV-filer med nettverkene, "
            "planene, tiltakene, tildelingene, rapportene og representantenes navn og roller."
        ),
    )
    _add_output_folder(p, ui("mappen filene skrives til (den må finnes)"))
    p.add_argument(
        "--year",
        metavar=ui("ÅR"),
        type=_year,
        default=None,
        help=ui("bare dette året (standard: alle)"),
    )
    _add_lang(p, N_("standard: forumets språk"))
    p.set_defaults(func=cmd_public)

    p = sub.add_parser(
        "udir",
        help=ui("tallene per nettverk for året til statens oppfølging (CSV eller XLSX)"),
        description=ui(
            "Skriv søkt, tildelt, brukt og restmidler per nettverk for året, med "
            "tiltak og årsrapportens status (docs/exports.md). Formatet følger filens endelse."
        ),
    )
    p.add_argument("year", metavar=ui("ÅR"), type=_year)
    p.add_argument(
        "-o",
        "--output",
        metavar=ui("FIL"),
        type=Path,
        required=True,
        help=ui("filen (.csv eller .xlsx)"),
    )
    _add_scheme(p)
    _add_lang(p, N_("standard: forumets språk"))
    p.set_defaults(func=cmd_udir)


def cmd_summary(args: argparse.Namespace) -> int:
    from sekretariat.documents.year_summary import write_summary

    fmt = _output_format(None, args.output, MINUTES_FORMATS, "")
    if not fmt:
        raise UserError(
            ui(
                "Filen {file} må slutte på .pdf, .docx, .html eller .md (formatet følger endelsen)."
            ).format(file=args.output)
        )
    db = _open_existing(args)
    print(write_summary(db, args.year, fmt, args.output, args.scheme, args.lang))
    return 0


def cmd_udir(args: argparse.Namespace) -> int:
    from sekretariat.documents.udir_export import UDIR_FORMATS, write_udir

    fmt = _output_format(None, args.output, UDIR_FORMATS, "")
    if not fmt:
        raise UserError(
            ui("Filen {file} må slutte på .csv eller .xlsx (formatet følger endelsen).").format(
                file=args.output
            )
        )
    db = _open_existing(args)
    print(write_udir(db, args.year, fmt, args.output, args.scheme, lang=args.lang))
    return 0


def cmd_public(args: argparse.Namespace) -> int:
    from sekretariat.documents.public_overview import write_public

    db = _open_existing(args)
    for path in write_public(db, args.output, dt.date.today(), args.year, args.lang):
        print(path)
    return 0


def _db_path(args: argparse.Namespace) -> Path:
    from sekretariat.paths import default_db_path

    path = getattr(args, "db", None)
    return Path(path).expanduser() if path else default_db_path()


def _open_existing(args: argparse.Namespace) -> Database:
    from sekretariat.storage.database import Database

    return Database.open(_db_path(args), create=False)


def cmd_import(args: argparse.Namespace) -> int:
    from sekretariat.exchange import import_text, read_file
    from sekretariat.storage.database import Database

    path = _db_path(args)
    text = read_file(args.file)
    new = not path.exists() and not path.is_symlink()
    db = None
    try:
        db = Database.open(path, create=True)
        summary = import_text(db, text, Path(args.file).name, overwrite=args.overwrite)
    except BaseException:
        if new:  # made by this import: a refused or failed one leaves no database behind
            from sekretariat.new_database import discard

            if db is not None:
                db.dispose()
            discard(path)
        raise
    print(ui("Importert fra {file}: {summary}.").format(file=args.file, summary=summary.text()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sekretariat.exchange import export_file, export_text

    db = _open_existing(args)
    if str(args.file) == "-":
        sys.stdout.write(export_text(db, stamped=not args.plain))
        return 0
    export_file(db, args.file, stamped=not args.plain)
    print(ui("Eksportert til {file}.").format(file=args.file), file=sys.stderr)
    return 0


def cmd_seats(args: argparse.Namespace) -> int:
    from sekretariat.domain.seats import ENDING_SOON_DAYS, ending_soon, seat_table, seats_json
    from sekretariat.formats import count, short_date

    on = args.date or dt.date.today()
    db = _open_existing(args)
    with db.sql() as con:
        table = seat_table(con, on)
    if args.json:
        print(json.dumps(seats_json(table, on), ensure_ascii=False, indent=2))
        return 0
    print(ui("Setetabell {date}").format(date=short_date(on)))
    for row in table:
        status = f"{row.filled}/{row.count}" + (
            f", {count(row.vacant, ui('ledig'), ui('ledige'))}" if row.vacant else ""
        )
        name = ui("{seat} (observatør)").format(seat=row.name) if not row.voting else row.name
        print(f"\n{name}: {status}")
        for h in row.holders:
            region = f" – {h.region_name}" if h.region_name else ""
            holder = ui("{person} (til {end})").format(
                person=f"{h.name}{region}", end=short_date(h.end)
            )
            print(f"  {holder}")
    soon = ending_soon(table, on)
    if soon:
        print("\n" + ui("Perioder som slutter innen {days} dager:").format(days=ENDING_SOON_DAYS))
        for e in soon:
            print(f"  {e['person']} ({e['seat']}) {short_date(e['end'])}")
    return 0


def cmd_allocate(args: argparse.Namespace) -> int:
    from sekretariat.documents.allocation_tables import result_rows
    from sekretariat.domain.allocation import allocated_by_sector, result_json, sector_warnings
    from sekretariat.domain.allocation_runs import (
        grant_problems,
        list_runs,
        run_for_year,
        save_run,
    )
    from sekretariat.files import write_csv
    from sekretariat.formats import kroner
    from sekretariat.i18n import ui_label

    db = _open_existing(args)
    result, scheme, names = run_for_year(
        db, args.year, args.budget, args.scheme, common=args.common
    )
    if args.csv:
        write_csv(args.csv, result_rows(result, names), mode=db.file_mode())
    saved = save_run(db, args.year, result, scheme) if args.save else None
    if args.json:
        print(json.dumps(result_json(args.year, result), ensure_ascii=False, indent=2))
    else:
        print(
            ui("Tildeling {year} ({scheme}), budsjett {budget}").format(
                year=args.year, scheme=scheme.name or scheme.code, budget=kroner(result.budget)
            )
        )
        network, allocated, uh = ui("Nettverk"), ui("Tildelt"), ui("UH")
        print(f"{network:<22}{allocated:>14}{network:>13}{uh:>13}  {ui('Merknader')}")
        for r in result.networks:
            flags = ", ".join(ui_label(f) for f in r.flags)
            print(
                f"{names.get(r.code, r.code)[:21]:<22}{kroner(r.allocated):>14}{kroner(r.network):>13}{kroner(r.uh):>13}  {flags}"
            )
        print(f"{ui('Fellestiltak'):<22}{kroner(result.common):>14}")
        print(f"{ui('Ikke fordelt'):<22}{kroner(result.unallocated):>14}")
        print(f"{ui('Sum'):<22}{kroner(result.budget):>14}")
        shares = allocated_by_sector(result)
        for line in sector_warnings(
            shares, scheme.kindergarten_min_bp, scheme.school_min_bp, names
        ):
            print(ui("Merk: {warning}").format(warning=line))
        for line in grant_problems(db, args.year):
            print(ui("Merk: {warning}").format(warning=line))
    if saved:
        print(ui("Lagret som forslag {key}.").format(key=saved), file=sys.stderr)
        adopted = [r for r in list_runs(db, args.year) if r.frozen and r.scheme_code == scheme.code]
        for run in adopted:
            if run.adopted_item:
                note = ui(
                    "Merk: tildelingen for {year} er allerede vedtatt ({run} i {item}); "
                    "forslaget {saved} kan ikke vedtas."
                )
            else:
                note = ui(
                    "Merk: tildelingen for {year} er allerede vedtatt ({run}); "
                    "forslaget {saved} kan ikke vedtas."
                )
            print(
                note.format(year=args.year, run=run.key, item=run.adopted_item, saved=saved),
                file=sys.stderr,
            )
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from sekretariat.domain.calendar_list import year_meetings
    from sekretariat.formats import clock, long_date

    db = _open_existing(args)
    for m in year_meetings(db, args.year):
        times = (
            " " + ui("kl. {start}–{end}").format(start=clock(m.start), end=clock(m.end))
            if m.start and m.end
            else ""
        )
        place = f", {m.place}" if m.place else ""
        status = f" ({m.status_label})" if m.status_label else ""
        print(f"{long_date(m.date, lang=app_language())}{times}{place}{status}")
    if args.ics:
        from sekretariat.documents.calendar_files import export_ics
        from sekretariat.formats import count

        path, written = export_ics(db, args.ics, year=args.year, lang=args.lang)
        meetings = count(written, ui("møte"), ui("møter"))
        print(
            ui("Kalenderfil med {count} skrevet til {path}.").format(count=meetings, path=path),
            file=sys.stderr,
        )
    return 0


#: The kinds of e-mail text under their nynorsk names (the bokmål ones are the kinds).
EMAIL_KIND_ALIASES = {"tilskotsbrev": "tilskuddsbrev"}


def cmd_emails(args: argparse.Namespace) -> int:
    from sekretariat.documents.email_texts import write_emails

    db = _open_existing(args)
    kind = EMAIL_KIND_ALIASES.get(args.kind, args.kind)
    for path in write_emails(db, kind, args.year, args.output, args.lang, args.scheme):
        print(path)
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from sekretariat.documents.needs_templates import write_templates

    db = _open_existing(args)
    for path in write_templates(db, args.year, args.dir, args.scheme, args.lang):
        print(path)
    return 0


def cmd_receive(args: argparse.Namespace) -> int:
    from sekretariat.documents.needs_templates import receive_file
    from sekretariat.formats import short_date

    db = _open_existing(args)
    report = receive_file(db, args.file, args.date or dt.date.today())
    version = report.versions[-1]
    received = version.content.received or dt.date.today()
    print(
        ui("Behovsmelding {year} fra {network} mottatt {date} (versjon {number}).").format(
            year=report.year,
            network=report.region_name,
            date=short_date(received),
            number=version.number,
        )
    )
    _print_checks(report.checks)
    return 0


def _print_checks(checks: Iterable[Any]) -> None:
    """The checks of a received needs report or annual report, one per line."""
    for check in checks:
        kind = ui("stopper godkjenning") if check.blocks else ui("advarsel")
        print(f"  {check.code} ({kind}): {check.text}")


# -- annual reports ----------------------------------------------------------------------
def cmd_reports(args: argparse.Namespace) -> int:
    from sekretariat.documents.annual_report_templates import write_templates

    db = _open_existing(args)
    for path in write_templates(db, args.year, args.output, args.scheme, args.lang):
        print(path)
    return 0


def cmd_reports_receive(args: argparse.Namespace) -> int:
    from sekretariat.documents.annual_report_templates import receive_file
    from sekretariat.formats import short_date

    db = _open_existing(args)
    received = args.date or dt.date.today()
    report = receive_file(db, args.file, received)
    version = report.versions[-1]
    print(
        ui("Årsrapport {year} fra {network} mottatt {date} (versjon {number}).").format(
            year=report.year,
            network=report.region_name,
            date=short_date(received),
            number=version.number,
        )
    )
    _print_checks(report.checks)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from sekretariat.files import write_csv
    from sekretariat.storage.audit_log import csv_rows, entries

    db = _open_existing(args)
    limit = args.limit if args.limit > 0 else -1
    items = entries(db, entity=args.entity, entity_id=args.key, limit=limit)
    if args.csv:
        write_csv(args.csv, csv_rows(items), mode=db.file_mode())
        from sekretariat.formats import count

        lines = count(len(items), ui("linje"), ui("linjer"))
        print(ui("Skrev {lines} til {path}.").format(lines=lines, path=args.csv), file=sys.stderr)
        return 0
    for e in items:
        print(f"{e.local_time}  {e.user:<10} {e.what}: {e.summary(120)}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from sekretariat.storage.backup import backup_to

    db = _open_existing(args)
    target = backup_to(db, args.file)
    print(ui("Sikkerhetskopi skrevet til {path}.").format(path=target), file=sys.stderr)
    return 0


def cmd_checkout(args: argparse.Namespace) -> int:
    from sekretariat.domain.checkout import cancel_checkout
    from sekretariat.exchange.checkout import check_out, default_filename
    from sekretariat.formats import short_date

    db = _open_existing(args)
    if args.cancel:
        cancelled = cancel_checkout(db, args.date)
        print(
            ui(
                "Utsjekken av møtet {date} er avbrutt ({line}); protokollen kan skrives her "
                "igjen, og filen som ble sjekket ut, kan ikke sjekkes inn."
            ).format(date=short_date(args.date), line=cancelled.line.lower())
        )
        return 0
    done = check_out(db, args.date, args.output or Path(default_filename(args.date)))
    print(
        ui(
            "Møtet {date} er sjekket ut til {path}. Åpne filen på den bærbare med "
            "«sekretariat --db bærbar.db import {name}»."
        ).format(date=short_date(done.date), path=done.path, name=done.path.name)
    )
    return 0


def cmd_checkin_file(args: argparse.Namespace) -> int:
    from sekretariat.exchange.checkout import checkin_file, default_checkin_filename

    db = _open_existing(args)
    target = args.output
    if target is None:
        from sekretariat.exchange.checkout import laptop_meeting

        target = Path(default_checkin_filename(laptop_meeting(db, args.date)))
    path, rows = checkin_file(db, target, args.date)
    from sekretariat.formats import count

    what = count(rows, ui("endret rad"), ui("endrede rader"))
    print(
        ui(
            "Skrev {file} ({rows}). Sjekk den inn på serveren med «sekretariat checkin {name}»."
        ).format(file=path, rows=what, name=path.name)
    )
    return 0


def cmd_checkin(args: argparse.Namespace) -> int:
    from sekretariat.exchange.checkout import (
        CheckinConflicts,
        check_in,
        conflict_lines,
        read_resolutions,
        resolution_template,
    )

    db = _open_existing(args)
    chosen = read_resolutions(args.resolve) if args.resolve else None
    try:
        result = check_in(db, args.file, chosen)
    except CheckinConflicts as exc:
        print(f"sekretariat: {exc}", file=sys.stderr)
        for line in conflict_lines(exc.conflicts):
            print(line, file=sys.stderr)
        print(
            "\n"
            + ui(
                "Velg «server» eller «laptop» for hvert felt i en fil som den under (den står "
                "på standard ut: «sekretariat checkin {file} > valg.toml»), og kjør "
                "«sekretariat checkin {file} --resolve valg.toml»."
            ).format(file=args.file),
            file=sys.stderr,
        )
        sys.stdout.write(resolution_template(exc.conflicts))
        return EXIT_USER
    print(result.text)
    return 0


MINUTES_FORMATS = ("md", "html", "docx", "pdf")


def _minutes_format(chosen: str | None, output: Path | None) -> str:
    """The format asked for, else the one the file's ending names, else Markdown; a file
    whose ending names another format is refused (Markdown in «protokoll.docx» was
    written without a word before)."""
    return _output_format(chosen, output, MINUTES_FORMATS, "md")


def _output_format(
    chosen: str | None, output: Path | None, formats: Sequence[str], default: str
) -> str:
    """The format asked for, else the one of ``formats`` the file's ending names, else
    ``default``; a clash between the two is refused."""
    ending = output.suffix.lower().lstrip(".") if output is not None and str(output) != "-" else ""
    named = ending if ending in formats else None
    if chosen is not None and named is not None and chosen != named:
        raise UserError(
            ui(
                "Filen {file} har endelsen .{ending}, men formatet er {chosen}; velg ett av dem."
            ).format(file=output, ending=named, chosen=chosen)
        )
    return chosen or named or default


def cmd_minutes(args: argparse.Namespace) -> int:
    from sekretariat.documents.decision_minutes import (
        default_filename,
        export_protocol,
        meeting_on,
        protocol_document,
    )
    from sekretariat.documents.document import render

    args.format = _minutes_format(args.format, args.output)
    db = _open_existing(args)
    meeting_id = meeting_on(db, args.date)
    to_stdout = str(args.output) == "-" if args.output is not None else None
    if to_stdout or (to_stdout is None and args.format in ("md", "html")):
        # ``-o -`` is standard out, as for ``export -``; DOCX and PDF as their bytes.
        data = render(protocol_document(db, meeting_id, args.lang), args.format)
        if args.format in ("md", "html"):
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        return 0
    target = export_protocol(
        db,
        meeting_id,
        args.format,
        args.output or Path(default_filename(args.date, args.format)),
        args.lang,
    )
    print(ui("Protokollen er skrevet til {path}.").format(path=target), file=sys.stderr)
    return 0


def cmd_letters(args: argparse.Namespace) -> int:
    from sekretariat.documents.grant_letters import write_letters

    db = _open_existing(args)
    paths, left_out = write_letters(db, args.year, args.output, args.format, args.scheme, args.lang)
    for path in paths:
        print(path)
    for sentence in left_out:
        print(sentence, file=sys.stderr)
    return 0


def cmd_minute(args: argparse.Namespace) -> int:
    if not args.demo and not _db_path(args).exists():
        _open_existing(args)  # the same one-sentence refusal as the other commands
    return run_tui(args, start="minutes", meeting_date=args.date)


@dataclass(frozen=True)
class AppRequest:
    """What the terminal app is asked to open: the command line prepares it, ``tui`` runs it.

    The core never imports the app; ``tui.main`` hands ``main`` the function that starts it.
    """

    path: Path
    demo: bool
    first_run: bool
    start: str
    meeting_date: dt.date | None
    prefetch: Prefetch | None


AppRunner = Callable[[AppRequest], int]


def run_tui(
    args: argparse.Namespace, *, start: str = "overview", meeting_date: dt.date | None = None
) -> int:
    run_app: AppRunner | None = getattr(args, "run_app", None)
    if run_app is None:
        raise UserError(
            ui("Terminalprogrammet er ikke tilgjengelig her; bruk en kommando (se --help).")
        )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(
            ui("Terminalprogrammet må kjøres i en terminal; bruk en kommando (se --help).")
        )
    if args.demo:
        from sekretariat.paths import demo_db_path, demo_path_ready

        path = Path(args.db).expanduser() if getattr(args, "db", None) else demo_db_path()
        if not demo_path_ready(path):
            from sekretariat.new_database import open_demo

            print(ui("Bygger demodatabasen fra eksempelforumet …"), file=sys.stderr)
            open_demo(path).dispose()
        first_run = False
    else:
        path = _db_path(args)
        first_run = not path.exists() or path.stat().st_size == 0
    prefetch = None
    if not first_run:
        # Opens the database and reads the overview while Textual imports (prefetch.py).
        from sekretariat.prefetch import Prefetch

        prefetch = Prefetch(path, dt.date.today(), overview=start == "overview").start()
    return run_app(AppRequest(path, args.demo, first_run, start, meeting_date, prefetch))


def _environment_failure(exc: Exception, args: argparse.Namespace) -> str | None:
    """One sentence for a failure of the machine or the database file, not of the program:
    a full disk, a damaged database, a file that cannot be read or written."""
    from sekretariat.errors import database_reason, os_reason

    reason = database_reason(exc)
    if reason is not None:
        return ui("Databasen {path}: {reason}. Ingenting ble endret.").format(
            path=_db_path(args), reason=reason
        )
    if isinstance(exc, OSError):
        if exc.filename:
            return ui("Kan ikke bruke {file}: {reason}.").format(
                file=exc.filename, reason=os_reason(exc)
            )
        return ui("Maskinen sier nei: {reason}.").format(reason=os_reason(exc))
    return None


def main(argv: Sequence[str] | None = None, *, run_app: AppRunner | None = None) -> int:
    """Run one command; without a command, start the terminal app with ``run_app``.

    The language is chosen first: the help texts are translated as the parser is built."""
    set_app_language(language_of_run(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    args.run_app = run_app
    func = getattr(args, "func", None)
    try:
        return func(args) if func else run_tui(args)
    except UserError as exc:
        print(f"sekretariat: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        said = _environment_failure(exc, args)
        if said:
            print(f"sekretariat: {said}", file=sys.stderr)
            return EXIT_USER
        # A bug, not a user mistake: keep the details in a log.
        from sekretariat.error_log import log_failure

        log = log_failure(exc)
        said = ui("uventet feil ({kind}).").format(kind=type(exc).__name__)
        if log:
            said += " " + ui("Detaljer er lagret i {file}.").format(file=log)
        print(f"sekretariat: {said}", file=sys.stderr)
        return 70
