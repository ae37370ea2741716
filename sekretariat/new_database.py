"""Creating a database: empty, from the packaged sample, from a file, or the demo."""

from __future__ import annotations

from pathlib import Path

from sekretariat.errors import UserError
from sekretariat.exchange import import_text, read_file
from sekretariat.i18n import ui
from sekretariat.paths import demo_db_path, sample_digest, sample_path
from sekretariat.storage.database import Database
from sekretariat.storage.models import Forum, Setting


def _fresh(path: Path) -> None:
    path = Path(path).expanduser()
    if path.exists() and path.stat().st_size > 0:
        raise UserError(ui("{path} finnes allerede; velg et annet filnavn.").format(path=path))


def discard(path: Path) -> None:
    """Remove a database made just now that could not be filled, and SQLite's files
    beside it: a failed first import leaves no half-made database behind."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def create_empty(path: Path, forum_name: str) -> Database:
    """A new database with only the forum's name and the Innlandet working-group places.

    No scheme: rules the forum has not chosen would need data it lacks (a recipient of
    common measures, networks with equalisation); Oppsett av forumet offers the
    Innlandet, Nordland and Agder rules as starting points."""
    name = forum_name.strip()
    if not name:
        raise UserError(ui("Forumet må ha et navn."))
    if len(name) > 200:
        raise UserError(ui("Navnet er for langt (høyst {most} tegn).").format(most=200))
    _fresh(path)
    db = Database.open(path, create=True)

    with db.write() as s:
        s.add(
            Forum(
                id=1,
                name=name,
                working_group={"barnehage": 1, "skole": 1, "uh": 2, "statsforvalteren": 3},
            )
        )
    return db


def create_from_file(path: Path, toml: Path) -> Database:
    """A new database holding what an exchange file holds; nothing is left on failure."""

    _fresh(path)
    text = read_file(Path(toml))
    db = Database.open(path, create=True)
    try:
        import_text(db, text, Path(toml).name)
    except BaseException:
        db.dispose()
        discard(Path(path))
        raise
    return db


def create_from_sample(path: Path) -> Database:
    """A new database with the fictional Innlandet sample forum."""
    return create_from_file(path, sample_path())


def open_demo(path: Path | None = None) -> Database:
    """The demo database, rebuilt from the sample when it is missing or the sample changed."""

    path = Path(path) if path else demo_db_path()
    digest = sample_digest()
    if path.exists():
        # Only a stale demo database is ever replaced; anything else is left alone.
        db = Database.open(path)
        with db.read() as s:
            row = s.get(Setting, "demo_sample")
        db.dispose()
        if row is None:
            raise UserError(
                ui("{path} er ikke en demodatabase; den blir ikke overskrevet.").format(path=path)
            )
        if row.value == digest:
            return Database.open(path)
        discard(path)
    db = create_from_sample(path)
    with db.write() as s:
        s.add(Setting(key="demo_sample", value=digest))
    return db
