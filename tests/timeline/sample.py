"""The sample matter the timeline tests (and the look-at-it script) are built on.

On the bundled article: the allegations that the set was "unsafe" and "chaotic" (claims, October 2021,
by the crew members who quit); the cast and crew's letter calling them false (a counterclaim, 9 December
2021, disputing both); on a second document, a reader's Instagram comment disputing the letter the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from factcheck.domain import ImportedDocument
from factcheck.services.project import Project
from factcheck.services.setup import add_sample

MATTER = "Was the Rust set unsafe?"
REBUTTAL = "The descriptions of ‘Rust’ as a chaotic, dangerous, and exploitative workplace are false"
COMMENT_TEXT = "This letter is PR spin; the set was unsafe."
COMMENT_QUOTE = "This letter is PR spin"
COMMENT_URL = "https://www.instagram.com/p/CXR0Ust1aBc/"


@dataclass(frozen=True)
class SampleMatter:
    matter_id: str
    article_id: str
    comment_doc_id: str
    unsafe: str
    chaotic: str
    letter: str
    comment: str


def build_sample_matter(project: Project) -> SampleMatter:
    article = add_sample(project)
    comment_doc = project.documents.add(
        ImportedDocument(
            text=COMMENT_TEXT,
            source_format="txt",
            title="Comment on Alec Baldwin’s post of the crew’s letter",
            outlet="Instagram",
            url=COMMENT_URL,
            published_at=datetime(2021, 12, 10, 3, 12, tzinfo=UTC),
        )
    )
    claim = project.labels.by_name("claim").id
    counterclaim = project.labels.by_name("counterclaim").id
    matter = project.matters.create(MATTER, "Allegations about safety on the set of “Rust”, and the replies.")
    annotate = project.annotations.create_from_quote
    allegation = {
        "claimant": "crew members who quit",
        "claim_date": "2021-10",
        "attribution": "paraphrase",
        "matter_ids": [matter.id],
    }
    unsafe = annotate(article, "unsafe", claim, **allegation)
    chaotic = annotate(article, "chaotic", claim, **allegation)
    letter = annotate(
        article,
        REBUTTAL,
        counterclaim,
        claimant="the cast and crew of Rust",
        claim_date="2021-12-09",
        attribution="direct_quote",
        note="The letter was shared by Alec Baldwin on Instagram.",
        matter_ids=[matter.id],
    )
    comment = annotate(
        comment_doc.id,
        COMMENT_QUOTE,
        counterclaim,
        claimant="an Instagram commenter",
        claim_date="2021-12-09",
        attribution="direct_quote",
        matter_ids=[matter.id],
    )
    project.links.link(letter.id, unsafe.id, "disputes")
    project.links.link(letter.id, chaotic.id, "disputes")
    project.links.link(comment.id, letter.id, "disputes")
    return SampleMatter(matter.id, article, comment_doc.id, unsafe.id, chaotic.id, letter.id, comment.id)
