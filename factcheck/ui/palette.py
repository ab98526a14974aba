"""The one palette: label colours (Okabe & Ito, safe for colour-blind readers) with their names, the
colours of claims, counterclaims and other labels, and the few colours the interface signals with."""

from __future__ import annotations

from factcheck.domain import OKABE_ITO

COLOR_NAMES = dict(
    zip(
        OKABE_ITO,
        ("orange", "sky blue", "bluish green", "reddish purple", "yellow", "blue", "vermillion"),
        strict=True,
    )
)

CLAIM = "#0072B2"
COUNTERCLAIM = "#D55E00"
OTHER = "#6E7781"
#: The arrow of a "disputes" link.
DISPUTES = "#A33A12"

#: Text of a problem the researcher must fix (a bad date, a taken name).
ERROR = "#B00020"
#: Text of a caution (the article is already in the project).
WARNING = "#8A5A00"
#: Secondary text: a default standing in for a value, an orphaned annotation.
DIM = "#6B6B6B"
#: The dotted frame around a place a new version proposed, until the researcher decides.
REVIEW = "#CC0000"


def color_name(color: str) -> str:
    """'vermillion' for '#D55E00'; other colours by their hex code."""
    return COLOR_NAMES.get(color.upper(), color.upper())
