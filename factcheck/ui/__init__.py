"""Everything Qt: the main window, the reading pane, models, commands and dialogs."""
