"""Validating the fact-checker's record of an annotation: claimant, claim date, attribution, verdict,
rating and note, turned into column values (or a BadInputError that says what is wrong)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from factcheck.domain import (
    AnnotationRow,
    Attribution,
    BadInputError,
    ClaimDate,
    Verdict,
    name_key,
    parse_choice,
)

#: The fields :meth:`AnnotationService.update` and ``create(**record)`` accept.
RECORD_FIELDS = frozenset(
    {
        "claimant",
        "claim_date",
        "attribution",
        "verdict",
        "rating_text",
        "rating_value",
        "rating_best",
        "rating_worst",
        "note",
    }
)
#: A note may be long (a megabyte of Markdown is fine); past this it is surely a mistake.
MAX_NOTE_CHARS = 10_000_000
MAX_CLAIMANT_CHARS = 300
MAX_RATING_TEXT_CHARS = 200

_SURROGATES = re.compile("[\ud800-\udfff]")


def check_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise BadInputError(f"Unknown annotation field(s): {', '.join(sorted(unknown))}.")


def clean_claimant(value: str | None) -> str:
    """The claimant's name as it will be stored ('' = no claimant)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInputError("A claimant is given by name.")
    name = " ".join(_SURROGATES.sub("\ufffd", value).split())
    if len(name) > MAX_CLAIMANT_CHARS:
        raise BadInputError(f"A claimant's name can have at most {MAX_CLAIMANT_CHARS} characters.")
    if name and not name_key(name):
        raise BadInputError("A claimant's name needs at least one letter or digit.")
    return name


def clean_claim_date(value: str | ClaimDate | None) -> ClaimDate | None:
    if value is None or isinstance(value, ClaimDate):
        return value
    if not isinstance(value, str):
        raise BadInputError("A claim date is written 2021, 2021-10 or 2021-10-07.")
    if not value.strip():
        return None
    return ClaimDate.parse(value)


def clean_note(value: str | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInputError("A note is Markdown text.")
    if len(value) > MAX_NOTE_CHARS:
        raise BadInputError(
            f"The note is {len(value):,} characters long; a note can have at most {MAX_NOTE_CHARS:,}."
        )
    # Lone surrogates cannot be stored as UTF-8; everything else is kept exactly as typed.
    return _SURROGATES.sub("\ufffd", value)


def _number(value: Any, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise BadInputError(f"The {what} must be a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadInputError(f"The {what} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise BadInputError(f"The {what} must be a finite number.")
    return number


def record_values(fields: Mapping[str, Any], current: AnnotationRow | None = None) -> dict[str, Any]:
    """Column values for the record fields in ``fields`` (claimant excepted: it needs the database).

    The rating is checked as a whole, with ``current``'s values for the parts not given: a value must lie
    between the worst and the best rating when those are set.
    """
    values: dict[str, Any] = {}
    if "claim_date" in fields:
        claim_date = clean_claim_date(fields["claim_date"])
        values["claim_date"] = str(claim_date) if claim_date else None
        values["claim_date_precision"] = str(claim_date.precision) if claim_date else None
    if "attribution" in fields:
        attribution = fields["attribution"]
        values["attribution"] = (
            None
            if attribution is None or (isinstance(attribution, str) and not attribution.strip())
            else str(parse_choice(Attribution, attribution, "kind of attribution"))
        )
    if "verdict" in fields:
        verdict = fields["verdict"]
        values["verdict"] = (
            str(Verdict.UNVERIFIED)
            if verdict is None or (isinstance(verdict, str) and not verdict.strip())
            else str(parse_choice(Verdict, verdict, "verdict"))
        )
    if "rating_text" in fields:
        text = " ".join(_SURROGATES.sub("\ufffd", fields["rating_text"] or "").split())
        if len(text) > MAX_RATING_TEXT_CHARS:
            raise BadInputError(f"A rating can have at most {MAX_RATING_TEXT_CHARS} characters.")
        values["rating_text"] = text
    names = {"rating_value": "rating", "rating_best": "best rating", "rating_worst": "worst rating"}
    for key, what in names.items():
        if key in fields:
            values[key] = _number(fields[key], what)
    if values.keys() & names.keys():
        rating = {key: values.get(key, getattr(current, key, None)) for key in names}
        check_rating(rating["rating_value"], rating["rating_best"], rating["rating_worst"])
    if "note" in fields:
        values["note"] = clean_note(fields["note"])
    return values


def check_rating(value: float | None, best: float | None, worst: float | None) -> None:
    """A scale needs two different ends, and a value on a full scale must lie on it (either direction)."""
    if best is None or worst is None:
        return
    if best == worst:
        raise BadInputError("The best and the worst rating must differ.")
    if value is not None and not min(best, worst) <= value <= max(best, worst):
        raise BadInputError(f"The rating {value:g} lies outside its scale ({worst:g} to {best:g}).")
