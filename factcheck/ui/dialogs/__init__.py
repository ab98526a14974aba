"""Every dialog of the app (the window's, the labels' and the timeline's)."""
