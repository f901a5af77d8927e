"""Unsaved work: the one contract every editor keeps (proposal draft, knowledge item, retrospective
form, review comment), the one question asked before leaving it, and autosave as the person types.

An editor that can hold unsaved text implements :class:`UnsavedWork`. Whoever is about to replace
or close it (another row picked in a list, Esc, the window closing, quitting) calls
:func:`confirm_leave` first and proceeds only when it says so; when the person chooses *Save*, the
leaving is resumed by ``then`` once the save has succeeded (a failed save shows its error and stays).

:class:`Autosaver` writes a draft to the laptop's safekeeping folder a moment after the last
keystroke, so a crash loses at most that moment; the draft is discarded when the editor saves or
the person discards the change, and offered back at the next start if neither happened.

Putting a draft back: when an editor loads what it edits, it looks for a draft the last session
left (``connection.kept_copy(ctx, kind, target, origin="autosave")``), puts it in its fields and
calls :meth:`Autosaver.adopt`, so saving or discarding it removes the file. The start-up offer
opens proposal and knowledge item drafts itself; review comment and retrospective drafts are
listed there and left for their pane to put back when that proposal is opened.

The main window finds every editor to ask about on quit with :func:`open_unsaved_work` (any
widget implementing the protocol, by ``isinstance``), so a new editor needs no registration.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from workbench.core.safekeeping import KeptEdit
from workbench.gui.context import AppContext
from workbench.gui.qt import QApplication, QCoreApplication, QMessageBox, QObject, QTimer, QWidget

log = logging.getLogger(__name__)

AUTOSAVE_AFTER_MS = 800


@runtime_checkable
class UnsavedWork(Protocol):
    def has_unsaved_changes(self) -> bool:
        """True when the editor holds text or choices that are not saved."""
        ...

    def unsaved_description(self) -> str:
        """What would be lost, in the UI language: 'the draft of P-2026-0003'."""
        ...

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        """Start saving; call ``then(True)`` once saved (or, with the team server away, kept on
        this laptop to be saved when it is back: leaving loses nothing), ``then(False)`` if it
        failed (the editor has shown why and still holds the text)."""
        ...

    def discard_unsaved(self) -> None:
        """Forget the changes (and their autosaved draft); the editor shows what is saved."""
        ...


def ask_save_discard_cancel(parent: QWidget | None, description: str) -> str:
    """'save', 'discard' or 'cancel' (Esc and closing the box are cancel)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    # literal strings in translate() itself: pyside6-lupdate finds them only there
    box.setWindowTitle(QCoreApplication.translate("UnsavedWork", "Unsaved changes"))
    box.setText(QCoreApplication.translate("UnsavedWork", "Save your changes to {what}?").format(what=description))
    box.setInformativeText(QCoreApplication.translate("UnsavedWork", "If you don't save, your changes will be lost."))
    save = box.addButton(QMessageBox.StandardButton.Save)
    discard = box.addButton(QMessageBox.StandardButton.Discard)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"


def confirm_leave(parent: QWidget | None, editor: UnsavedWork, then: Callable[[], None]) -> bool:
    """Ask before leaving ``editor``. True: nothing unsaved (or discarded), go on now. False: do not
    go on now; ``then`` is called later if the person chose Save and the save succeeded."""
    if not editor.has_unsaved_changes():
        return True
    answer = ask_save_discard_cancel(parent, editor.unsaved_description())
    if answer == "discard":
        editor.discard_unsaved()
        return True
    if answer == "save":
        editor.save_unsaved(lambda ok: then() if ok else None)
    return False


def open_unsaved_work(window: QWidget) -> list[UnsavedWork]:
    """Every editor holding unsaved changes that closing ``window`` would lose: its descendants
    (screens, panes, dialogs parented to it) and editor windows without a parent, each once."""
    found: list[UnsavedWork] = []
    seen: set[int] = set()
    candidates = [*window.findChildren(QWidget),
                  *(w for w in QApplication.topLevelWidgets() if w.parent() is None and w.isVisible())]
    for widget in candidates:
        if id(widget) in seen or widget is window or not isinstance(widget, UnsavedWork):
            continue
        seen.add(id(widget))
        if widget.has_unsaved_changes():
            found.append(widget)
    return found


def confirm_leave_all(parent: QWidget | None, editors: list[UnsavedWork], then: Callable[[], None],
                      reveal: Callable[[UnsavedWork], None] | None = None,
                      settled: set[int] | None = None) -> bool:
    """:func:`confirm_leave` for each editor in turn (``reveal`` shows it to the person first).
    True: go on now. False: cancelled, or a save is under way and ``then`` is called once it
    succeeded (``then`` should ask again: the editors saved or discarded by then are clean).
    ``settled`` (kept by the caller across those rounds) collects the editors whose save said
    done, so one that still holds something (kept on this laptop for later) is not asked twice."""
    for editor in editors:
        if (settled is not None and id(editor) in settled) or not editor.has_unsaved_changes():
            continue
        if reveal is not None:
            reveal(editor)

        def saved(done: UnsavedWork = editor) -> None:
            if settled is not None:
                settled.add(id(done))
            then()

        if not confirm_leave(parent, editor, saved):
            return False
    return True


class Autosaver(QObject):
    """Keeps an editor's draft on the laptop a moment after the last change. ``snapshot(user,
    database)`` returns the draft as a KeptEdit (it is stored as an autosave), or None when there is
    nothing unsaved. Call :meth:`changed` on every edit, :meth:`clear` after a save or a discard."""

    def __init__(self, ctx: AppContext, snapshot: Callable[[str, str], KeptEdit | None],
                 parent: QObject | None = None, delay_ms: int = AUTOSAVE_AFTER_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._snapshot = snapshot
        self._last: KeptEdit | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    def changed(self) -> None:
        self._timer.start()

    def adopt(self, edit: KeptEdit) -> None:
        """The editor put this draft (left by an earlier session) back: it is this editor's
        draft now, replaced as the person types and discarded on save or discard."""
        self._last = edit.as_autosave()

    def flush(self) -> None:
        """Write the draft now (also called before the window closes)."""
        self._timer.stop()
        ws, user = self.ctx.ws, self.ctx.user
        if ws is None or user is None:
            return
        edit = self._snapshot(user.name, ws.server)
        box = ws.safekeeping
        try:
            if edit is None:
                if self._last is not None:
                    box.discard(self._last)
                self._last = None
                return
            edit = edit.as_autosave()
            if self._last is not None and self._last.key != edit.key:
                box.discard(self._last)
            box.keep(edit)
            self._last = edit
        except OSError:
            log.exception("could not autosave %s to %s", edit.key if edit else "-", box.folder)

    def clear(self) -> None:
        """The editor saved or discarded: forget its draft."""
        self._timer.stop()
        if self._last is not None and self.ctx.ws is not None:
            try:
                self.ctx.ws.safekeeping.discard(self._last)
            except OSError:
                log.exception("could not discard the autosaved draft %s", self._last.key)
        self._last = None
