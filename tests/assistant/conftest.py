"""Articles for the assistant's tests: real text, real model (it ships in a package and loads offline)."""

from __future__ import annotations

import pytest

from factcheck.domain import ImportedDocument

REPORT = (
    "City budget under scrutiny\n\n"
    "By a staff reporter\n\n"
    "The mayor said on Tuesday that unemployment in the city fell to 3.2 percent last year, the lowest in "
    'two decades. Critics were not convinced. "We spent $40 million on new bus lanes and ridership doubled," '
    "the transport chief told reporters. Thank you all for coming. The council will meet again next week. "
    "Crime rates rose by 12 percent since 2019, according to police figures.\n"
)
ECHO = (
    "Another view\n\n"
    "Unemployment in the city dropped to 3.2 percent last year, the lowest level in twenty years, the mayor "
    "claimed. Residents enjoyed the sunshine on Sunday afternoon.\n"
)


@pytest.fixture
def report(project):
    return project.documents.add(ImportedDocument(text=REPORT, source_format="txt", source_name="report.txt"))


@pytest.fixture
def echo(project):
    return project.documents.add(ImportedDocument(text=ECHO, source_format="txt", source_name="echo.txt"))
