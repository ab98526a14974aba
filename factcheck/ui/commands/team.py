"""Undoable team edits: blind mode on or off, opening or closing adjudication (undone through the team
service's ``restore``), and a reviewer's adjudication decisions (undone and redone through the adjudication
service's ``undo``/``redo``, which bring back the same ids)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable

from factcheck.domain import Decision, FactcheckError, TeamSettings, UnitView
from factcheck.ui.commands.base import Change, ServiceCommand


class TeamSettingsCommand(ServiceCommand):
    """Change the project's team settings; undo puts them back as they were."""

    def __init__(self, workspace, text: str, **changes: bool) -> None:
        super().__init__(workspace, text)
        self.changes = changes  # blind=…, adjudication_open=…
        self.before: TeamSettings | None = None
        self.after: TeamSettings | None = None

    def _do(self) -> Change:
        team = self.project.team_settings
        if self.after is None:
            self.after = dataclasses.replace(team.settings(), **self.changes)
            self.before = team.restore(self.after)
        else:
            team.restore(self.after)
        return Change(None, reload=True, team_changed=True, message=f"{self.text()}.")

    def _undo(self) -> Change:
        assert self.before is not None
        self.project.team_settings.restore(self.before)
        return Change(None, reload=True, team_changed=True, message=f"Undone: {self.text()}.")


#: The services name the command line's way to do something; the window names its own control.
_IN_THE_WINDOW = {"(factcheck adjudicate open)": "(Team ▸ Project Settings ▸ Open Adjudication)"}


def in_window_words(message: str) -> str:
    """A service's message with the command line's directions replaced by the window's."""
    for cli, window in _IN_THE_WINDOW.items():
        message = message.replace(cli, window)
    return message


def set_blind(workspace, on: bool) -> TeamSettingsCommand:
    return TeamSettingsCommand(workspace, "Turn blind mode on" if on else "Turn blind mode off", blind=on)


def set_adjudication(workspace, open_: bool) -> TeamSettingsCommand:
    return TeamSettingsCommand(
        workspace, "Open adjudication" if open_ else "Close adjudication", adjudication_open=open_
    )


class DecisionCommand(ServiceCommand):
    """One adjudication decision on a unit (accept, merge, own, reject). Undo removes it and its
    adjudicated annotation; redo puts back the very same decision (same ids, same reviewer and time)."""

    def __init__(self, workspace, unit: UnitView, text: str, decide: Callable[[object], Decision]) -> None:
        super().__init__(workspace, text)
        self.unit = unit
        self._decide = decide
        self.decision: Decision | None = None

    def _do(self) -> Change:
        adjudication = self.project.adjudication
        try:
            if self.decision is None:
                self.decision = self._decide(adjudication)
            else:
                self.decision = adjudication.redo(self.decision)
        except FactcheckError as exc:
            raise type(exc)(in_window_words(str(exc))) from exc
        row = self.decision.row
        return Change(
            self.unit.document_id,
            reload=True,
            team_changed=True,
            focus_id=row.result_id,
            message=f"{self.text()} (decided by {row.decided_by}).",
        )

    def _undo(self) -> Change:
        assert self.decision is not None
        self.project.adjudication.undo(self.decision)
        return Change(
            self.unit.document_id, reload=True, team_changed=True, message=f"Undone: {self.text()}."
        )


class AcceptAgreedCommand(ServiceCommand):
    """Accept every undecided unit all annotators marked the same way (one decision each); undo takes them
    all back, redo puts the same decisions back."""

    def __init__(self, workspace, document_id: str | None = None) -> None:
        super().__init__(workspace, "Accept the agreed units")
        self.document_id = document_id
        self.decisions: list[Decision] | None = None

    def _do(self) -> Change:
        adjudication = self.project.adjudication
        if self.decisions is None:
            units = adjudication.open_units(document_id=self.document_id, include_agreed=True)
            made: list[Decision] = []
            try:
                for unit in units:
                    if not unit.disagreements:
                        made.append(adjudication.accept(unit, unit.spans[0].annotator))
            except FactcheckError:
                for decision in reversed(made):  # all or nothing, as far as the server lets us
                    with contextlib.suppress(FactcheckError):
                        adjudication.undo(decision)
                raise
            self.decisions = made
        else:
            self.decisions = [adjudication.redo(decision) for decision in self.decisions]
        count = len(self.decisions)
        return Change(
            self.document_id,
            reload=True,
            team_changed=True,
            message=f"Accepted {count} agreed unit{'s' if count != 1 else ''}.",
        )

    def _undo(self) -> Change:
        for decision in reversed(self.decisions or []):
            self.project.adjudication.undo(decision)
        return Change(
            self.document_id, reload=True, team_changed=True, message="Undone: accept the agreed units."
        )
