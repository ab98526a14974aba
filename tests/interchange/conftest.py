"""A small annotated project shared by the export tests: two articles, claims with a full record, links,
a matter, notes that look like formulas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from factcheck.domain import ImportedDocument
from factcheck.services import Project

TEXT_A = (
    'Mayor Smith said the bridge cost =2+2 million, "far too much".\r\n'
    "Critics, however, disagree: the bridge was cheap 😀.\n\n"
    "-The council said nothing."
)
TEXT_B = "A later article repeats it: the bridge cost =2+2 million.\nThe auditor says that is false."


@dataclass
class Sample:
    project: Project
    doc_a: str
    doc_b: str
    claim: str
    counter: str
    dash: str
    repeat: str
    audit: str
    matter: str


@pytest.fixture
def sample(project: Project) -> Sample:
    project.annotator = "@ana"
    a = project.documents.add(
        ImportedDocument(
            text=TEXT_A,
            source_format="txt",
            title="=Bridge costs",
            outlet='Daily, "News"',
            author="-Jo",
            url="https://news.example/bridge?a=1&b=2",
            published_at=datetime(2021, 12, 9, 16, 39, tzinfo=UTC),
        )
    )
    b = project.documents.add(ImportedDocument(text=TEXT_B, source_format="txt", title="Follow-up"))
    labels = {label.name: label.id for label in project.labels.list()}
    claim = project.annotations.create_from_quote(
        a.id,
        "the bridge cost =2+2 million",
        labels["claim"],
        claimant="Mayor Smith",
        claim_date="2021-10",
        attribution="paraphrase",
        verdict="false",
        rating_text="Pants on fire",
        rating_value=1,
        rating_best=5,
        rating_worst=1,
        note='=HYPERLINK("http://evil")\r\n- and a list',
    )
    counter = project.annotations.create_from_quote(
        a.id,
        "the bridge was cheap 😀",
        labels["counterclaim"],
        claimant="Critics",
        verdict="mostly_supported",
    )
    dash = project.annotations.create_from_quote(
        a.id, "-The council said nothing.", labels["claim"], note="@note"
    )
    repeat = project.annotations.create_from_quote(
        b.id, "the bridge cost =2+2 million", labels["claim"], claimant="Mayor Smith", verdict="false"
    )
    audit = project.annotations.create_from_quote(b.id, "that is false", labels["counterclaim"])
    project.links.link(counter.id, claim.id, "disputes")
    project.links.link(repeat.id, claim.id, "repeats")
    project.links.link(audit.id, repeat.id, "disputes")
    matter = project.matters.create("Bridge cost", "Was it =2+2 million?")
    project.matters.add_members(matter.id, [claim.id, counter.id, repeat.id])
    return Sample(project, a.id, b.id, claim.id, counter.id, dash.id, repeat.id, audit.id, matter.id)
