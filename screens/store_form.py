"""A form whose change the core makes: the dialog stays open with the core's refusal.

``FormDialog`` checks what it can and answers the values; a change that only the core can
judge (a rule, what else is stored) is made here instead, in a worker, when the form is
saved. The dialog closes, answering the values, only when the change is stored; a
``UserError`` (or a ``ValueError`` from reading a field) is shown under the fields and
what was typed is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.message import Message
from textual.worker import get_current_worker

from screens.host import HostAccess
from sekretariat.errors import UserError
from sekretariat.i18n import ui as _
from widgets.dialog import FormDialog, FormSpec


class StoreFormDialog(HostAccess, FormDialog):
    """``store`` gets the values as ``values()`` reads them and makes the change."""

    class Stored(Message):
        pass

    class Refused(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, spec: FormSpec, store: Callable[[dict[str, str]], object]) -> None:
        super().__init__(spec)
        self.store = store

    def action_save(self) -> None:
        values = self.values()
        error = self.spec.validate(values) if self.spec.validate else None
        if error:
            self.show_error(error)
            return
        self.show_note(_("Lagrer …"))
        self._store(values)

    @work(
        thread=True,
        exclusive=True,
        group="store-form",
        exit_on_error=False,
        description=_("lagre skjemaet"),
    )
    def _store(self, values: dict[str, str]) -> None:
        try:
            self.store(values)
        except (UserError, ValueError) as exc:
            self.post_message(self.Refused(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Stored())

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.show_error(message.text)

    @on(Stored)
    def _stored(self) -> None:
        self.dismiss(self.values())
