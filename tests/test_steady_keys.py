"""Editing keys keep their place among typed characters when keys arrive together (a
lagging SSH link catching up, a program typing): Textual runs a field's own bindings only
after the key has bubbled up, so «abc⌫d» came out «abc» (issue 15, minutes over SSH)."""

from __future__ import annotations

import re
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input, TextArea

from widgets.steady_keys import SteadyInput, SteadyTextArea, own_actions

BURST = ["a", "b", "c", "backspace", "d", "left", "left", "x", "ctrl+u", "y", "end", "!"]
# a b c → «abc»; ⌫ → «ab»; d → «abd»; ←← → after «a»; x → «axbd»; Ctrl+U deletes to the
# start → «bd»; y → «ybd»; End, ! → «ybd!».
TYPED = "ybd!"


class Fields(App[None]):
    def compose(self) -> ComposeResult:
        yield SteadyTextArea(id="area")
        yield SteadyInput(id="line")
        yield TextArea(id="plain-area")
        yield Input(id="plain-line")


def _burst(app: App[None]) -> None:
    for key in BURST:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_a_burst_of_keys_edits_as_typed_one_by_one() -> None:
    app = Fields()
    async with app.run_test(size=(80, 24)) as pilot:
        for selector in ("#area", "#line", "#plain-area", "#plain-line"):
            app.query_one(selector).focus()
            await pilot.pause()
            _burst(app)
            await pilot.pause()
        assert app.query_one("#area", TextArea).text == TYPED
        assert app.query_one("#line", Input).value == TYPED
        # Textual's own fields, for contrast: the keys behind a binding overtake it.
        assert app.query_one("#plain-area", TextArea).text != TYPED
        assert app.query_one("#plain-line", Input).value != TYPED


def test_the_fields_own_bindings_are_read_from_their_classes() -> None:
    assert own_actions(SteadyInput)["backspace"] == "delete_left"
    assert own_actions(SteadyInput)["ctrl+u"] == "delete_left_all"
    assert own_actions(SteadyTextArea)["ctrl+u"] == "delete_to_start_of_line"
    assert "a" not in own_actions(SteadyInput)  # letters are typed, not bound


def test_every_text_field_of_the_app_is_steady() -> None:
    root = Path(__file__).parent.parent
    plain = re.compile(r"(?<![A-Za-z_.])(Input|TextArea)\(")
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("screens", "widgets", "tui")
        for path in sorted((root / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if plain.search(line) and "class " not in line
    ]
    assert found == []
