"""A choice among many (hundreds of people) that searches from the first key typed.

Textual's ``Select`` searches only while its list is open: typed on the closed field, a
name's letters do nothing, and a new user (who was told «skriv for å søke») takes the
field for broken. Here a letter typed on the closed field opens the list and is the
first letter of the search; the letters after it go on searching as the list's own.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

from textual import events
from textual.widgets import OptionList, Select

ValueT = TypeVar("ValueT", bound=Hashable)


class SearchSelect(Select[ValueT]):
    """A ``Select`` whose search starts on the closed field."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """A letter is the search's, not a key of the dialog around it."""
        return character is not None and character.isprintable() and character != " "

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not character.isprintable() or character == " ":
            return
        event.stop()
        event.prevent_default()
        overlay = self.query_one(OptionList)
        if not self.expanded:
            self.action_show_overlay()
            # Focus the list now (not when the app gets to it), so the list takes the key
            # below as the first of its search and not as a key typed before it was focused.
            self.screen.set_focus(overlay, scroll_visible=False)
        # Letters typed fast (a burst the terminal delivers at once) may all reach this
        # field before the list has focus: each goes on to the list, in order.
        overlay.post_message(events.Key(event.key, character))
