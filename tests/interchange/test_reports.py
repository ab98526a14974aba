"""The chronology report of a matter: titled by the matter, each entry with its article's outlet and URL
written out, and a link the sanitiser disarmed shown as plain text rather than a dead blue link."""

from __future__ import annotations

import re

from factcheck.reports.chronology import html_report, render_html
from factcheck.services.search import make_filters


def test_a_matter_report_names_the_matter_outlet_and_url(sample) -> None:
    project = sample.project
    project.annotations.update(
        sample.claim,
        note="See [click me](javascript:alert(1)) and [the audit](https://audit.example/report).",
    )
    filters = make_filters(matter_id=sample.matter)
    markdown = project.timeline.chronology(filters)
    assert markdown.startswith("# Chronology: Bridge cost\n")
    assert (
        '- **Article:** =Bridge costs — Daily, "News", published 9 December 2021 — '
        "[https://news.example/bridge?a=1&amp;b=2](https://news.example/bridge?a=1&b=2)" in markdown
    )
    data = project.timeline.entries(filters, full_text=True)
    for html in (html_report(data), render_html(markdown)):
        assert "<title>Chronology: Bridge cost</title>" in html
        assert ">https://news.example/bridge?a=1&amp;b=2</a>" in html  # the URL is visible, in print too
        assert "click me" in html and not re.search(r"<a\b(?![^>]*href=)[^>]*>click me", html)
        assert 'href="https://audit.example/report"' in html and "javascript" not in html.lower()
