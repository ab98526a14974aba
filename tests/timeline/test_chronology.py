"""The chronology report: order, text and links in Markdown; a self-contained, sanitised HTML page."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.reports.chronology import (
    html_report,
    markdown_report,
    md_text,
    note_html,
    plain_dead_links,
    render_html,
)
from factcheck.reports.page import CONTENT_SECURITY_POLICY
from factcheck.services.project import Project
from factcheck.services.search import make_filters
from factcheck.text.markdown_safe import render_markdown
from tests.timeline.sample import COMMENT_URL, MATTER, REBUTTAL, SampleMatter

HOSTILE_NOTE = """Checked against the crew's statements.

<script>alert('note')</script>
![tracker](https://evil.example/pixel.png)
<img src="file:///etc/passwd">
<img src="https://evil.example/img.png" onerror="alert(1)">
[click me](javascript:alert(1))
<a href="javascript:alert(2)">also me</a>
<iframe src="https://evil.example/frame"></iframe>
<style>body { background: url(https://evil.example/bg.png) }</style>
<link rel="stylesheet" href="https://evil.example/x.css">
[a fine source](https://www.example.org/source)
"""


def _report(project: Project, sample: SampleMatter) -> str:
    return project.timeline.chronology(make_filters(matter_id=sample.matter_id))


def _items(markdown: str) -> list[str]:
    return re.findall(r"^### (.+)$", markdown, re.MULTILINE)


def test_the_report_lists_the_matter_in_date_order(project: Project, sample: SampleMatter) -> None:
    markdown = _report(project, sample)
    assert markdown.startswith(f"# Chronology: {MATTER}\n")
    assert _items(markdown) == [
        "1. October 2021 — Claim",
        "2. October 2021 — Claim",
        "3. 9 December 2021 — Counterclaim",
        "4. 9 December 2021 — Counterclaim",
    ]
    assert re.findall(r"^## (.+)$", markdown, re.MULTILINE) == ["October 2021", "December 2021"]
    assert (
        "4 annotations from 2 articles: 2 claims, 2 counterclaims. Dated October 2021 – 9 December 2021."
        in markdown
    )
    quotes = re.findall(r"^> (.+)$", markdown, re.MULTILINE)
    assert quotes == ["unsafe", "chaotic", REBUTTAL, "This letter is PR spin"]


def test_each_counterclaim_says_what_it_disputes(project: Project, sample: SampleMatter) -> None:
    markdown = _report(project, sample)
    letter = markdown.split("### 3.")[1].split("### 4.")[0]
    assert "- **Claimant:** the cast and crew of Rust" in letter
    assert "- **Attribution:** Direct quote" in letter
    assert "- **Verdict:** Unverified" in letter
    assert (
        "- **Disputes:**\n    - No. 1 — October 2021, crew members who quit: “unsafe”\n"
        "    - No. 2 — October 2021, crew members who quit: “chaotic”" in letter
    )
    assert (
        "- **Disputed by:**\n    - No. 4 — 9 December 2021, an Instagram commenter: “This letter is PR spin”"
        in letter
    )
    assert "- **Note:**\n\n    The letter was shared by Alec Baldwin on Instagram." in letter
    assert (
        "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew — published 9 December 2021"
        in letter
    )
    comment = markdown.split("### 4.")[1]
    assert (
        f"Comment on Alec Baldwin’s post of the crew’s letter — Instagram, published 10 December 2021 — "
        f"[{md_text(COMMENT_URL)}]({COMMENT_URL})" in comment
    )
    assert (
        f"- **Disputes:**\n    - No. 3 — 9 December 2021, the cast and crew of Rust: “{REBUTTAL}”" in comment
    )
    unsafe = markdown.split("### 1.")[1].split("### 2.")[0]
    assert "- **Disputed by:**\n    - No. 3 — 9 December 2021, the cast and crew of Rust" in unsafe


def test_a_disputed_claim_outside_the_report_is_still_described(
    project: Project, sample: SampleMatter
) -> None:
    markdown = project.timeline.chronology(make_filters(matter_id=sample.matter_id, date_from="2021-12"))
    assert _items(markdown) == ["1. 9 December 2021 — Counterclaim", "2. 9 December 2021 — Counterclaim"]
    assert (
        "    - Not in this report — October 2021, crew members who quit: “unsafe” — Alec Baldwin Shares"
        in markdown
    )


def test_undated_entries_come_last(project: Project, sample: SampleMatter) -> None:
    from factcheck.domain import ImportedDocument

    doc = project.documents.add(
        ImportedDocument(text="An undated post: the set was fine.", source_format="txt")
    )
    claim = project.labels.by_name("claim").id
    project.annotations.create_from_quote(doc.id, "the set was fine", claim, matter_ids=[sample.matter_id])
    markdown = _report(project, sample)
    assert _items(markdown)[-1] == "5. Undated — Claim"
    assert re.findall(r"^## (.+)$", markdown, re.MULTILINE)[-1] == "Undated"
    assert "1 annotation without a date at the end." in markdown


def test_a_matter_with_one_claim(project: Project, sample: SampleMatter) -> None:
    matter = project.matters.create("Only the allegation")
    project.matters.add_member(matter.id, sample.unsafe)
    markdown = project.timeline.chronology(make_filters(matter_id=matter.id))
    assert _items(markdown) == ["1. October 2021 — Claim"]
    assert "1 annotation from 1 article: 1 claim, 0 counterclaims. Dated October 2021." in markdown
    assert "Not in this report — 9 December 2021, the cast and crew of Rust" in markdown


def test_quotes_and_names_are_text_not_markup(project: Project, sample: SampleMatter) -> None:
    from factcheck.domain import ImportedDocument

    text = "He wrote *not bold* and <b>not html</b> and [not a link](http://x.example) & more."
    doc = project.documents.add(ImportedDocument(text=text, source_format="txt", title="A [tricky] *title*"))
    claim = project.labels.by_name("claim").id
    project.annotations.create(
        doc.id,
        0,
        len(text),
        claim,
        claimant="_Under_ <i>score</i>",
        claim_date="2021-11",
        matter_ids=[sample.matter_id],
    )
    markdown = _report(project, sample)
    page = render_html(markdown)
    fast = html_report(project.timeline.entries(make_filters(matter_id=sample.matter_id), full_text=True))
    for html in (page, fast):
        assert "<b>not html</b>" not in html and "<i>score</i>" not in html
        assert "<em>" not in html.split("A [tricky]")[0][-300:]
        visible = unescape(re.sub(r"<[^>]+>", "", html))
        assert text in visible
        assert "_Under_ <i>score</i>" in visible
        assert "A [tricky] *title*" in visible


def test_the_html_page_is_self_contained_and_sanitised(project: Project, sample: SampleMatter) -> None:
    project.annotations.update(sample.unsafe, note=HOSTILE_NOTE)
    markdown = _report(project, sample)
    data = project.timeline.entries(make_filters(matter_id=sample.matter_id), full_text=True)
    for html in (render_html(markdown), html_report(data, generated=date(2024, 1, 2))):
        assert html.startswith("<!DOCTYPE html>") and "<style>" in html
        assert CONTENT_SECURITY_POLICY in html
        lowered = html.lower()
        for forbidden in (
            "<script",
            "<img",
            "<iframe",
            "<link",
            "javascript:",
            "file://",
            "evil.example",
            "onerror",
            "src=",
        ):
            assert forbidden not in lowered, forbidden
        # What is harmless survives: the note's text, its web link, the article's link.
        assert "Checked against the crew's statements." in unescape(html)
        assert 'href="https://www.example.org/source"' in html
        assert f'href="{COMMENT_URL}"' in html
        assert "alert(" not in html


def test_both_html_paths_say_the_same(project: Project, sample: SampleMatter) -> None:
    data = project.timeline.entries(make_filters(matter_id=sample.matter_id), full_text=True)
    today = date(2024, 5, 6)

    def text(html: str) -> str:
        body = html.split("<main>")[1]
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())

    assert text(html_report(data, generated=today)) == text(
        render_html(markdown_report(data, generated=today))
    )


def test_a_long_report_is_rendered_whole(project: Project, sample: SampleMatter) -> None:
    """render_html cuts the Markdown into pieces below the sanitiser's limit instead of losing the end."""
    markdown = _report(project, sample)
    body = markdown.split("## October 2021")[1]
    long = markdown + "\n".join(f"## Part {k}\n{body}" for k in range(160))
    assert len(long) > 300_000
    html = render_html(long)
    assert "Part 159" in html and "preview shows the first" not in html


_PLAIN = st.lists(
    st.sampled_from(list("ab cdXYZ019.,;:!?'\"’“”—%/()$\n") + ["  \n", "\n\n"]), max_size=80
).map("".join)
_ANY = st.lists(
    st.sampled_from(list("ab *_`#>-+1.[]()!<&:|=\n ") + ["  \n", "\n\n", "    "]), max_size=60
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_PLAIN, _ANY))
def test_the_fast_note_path_renders_exactly_what_markdown_would(note: str) -> None:
    if note.strip():
        assert note_html(note) == plain_dead_links(render_markdown(note))
