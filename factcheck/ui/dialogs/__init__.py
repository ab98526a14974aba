"""Dialogs: import confirmation, document properties, versions."""
