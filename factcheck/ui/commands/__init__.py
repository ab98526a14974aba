"""Undoable edits: each QUndoCommand calls a service through the workspace; undo restores the same ids."""
