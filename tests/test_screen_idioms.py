"""The screens talk to workers one way and frame their dialogs one way (STYLE.md)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import screens
import widgets
from widgets.dialog import FramedDialog

ROOT = Path(__file__).resolve().parent.parent


def _modules() -> list[object]:
    found = []
    for package in (screens, widgets):
        for info in pkgutil.iter_modules(package.__path__):
            found.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    return found


def test_every_dialog_is_a_framed_dialog() -> None:
    from textual.screen import ModalScreen

    dialogs = [
        obj
        for module in _modules()
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, ModalScreen) and obj.__module__ == module.__name__  # type: ignore[attr-defined]
    ]
    assert len(dialogs) > 20
    assert [d.__name__ for d in dialogs if not issubclass(d, FramedDialog)] == []


def test_workers_hand_back_with_messages_only() -> None:
    """No callback from a worker thread: a worker ends by posting a message."""
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("screens", "widgets")
        for path in sorted((ROOT / folder).glob("*.py"))
        if "call_from_thread" in path.read_text() or "run_worker(" in path.read_text()
    ]
    assert offenders == []


def test_only_the_base_draws_a_dialog_frame() -> None:
    """The frame (a round border) is drawn once, in widgets/dialog.py."""
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("screens", "widgets")
        for path in sorted((ROOT / folder).glob("*.py"))
        if "border: round $primary" in path.read_text() and path.name != "dialog.py"
    ]
    assert offenders == []
