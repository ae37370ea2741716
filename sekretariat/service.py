"""Small reads the user interface needs that no other core module offers yet.

Screens never build SQL; when a screen needs something the core lacks, it goes here
first, and moves to the module that owns the subject once that module exists.
No Textual import here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .db import Database

#: What the header says when the forum row is missing (an empty, half-set-up database).
UNNAMED_FORUM = "Samarbeidsforum (uten navn)"


def forum_name(db: Database) -> str:
    """The forum's name for the window header, read once when the database opens."""
    from .models import Forum

    with db.read() as session:
        forum = session.get(Forum, 1)
        return forum.name if forum is not None and forum.name else UNNAMED_FORUM
