"""Page numbers a PDF's pages carry go with the ad lines, under the same option, counted (issue 16)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from factcheck.importers import import_bytes
from factcheck.importers.boilerplate import strip_page_numbers

MakePdf = Callable[..., bytes]


def numbered_pdf(make_pdf: MakePdf, sample_text: str, label: Callable[[int], str]) -> bytes:
    """The sample article on pages of ~30 lines, each ending with a blank line and its number."""
    pages: list[list[str]] = [[]]
    for paragraph in sample_text.split("\n\n"):
        lines = textwrap.wrap(paragraph, 80) + [""]
        if len(pages[-1]) + len(lines) > 30:
            pages.append([])
        pages[-1] += lines
    return make_pdf([[*lines, "", label(n)] for n, lines in enumerate(pages, start=1)])


def test_page_numbers_are_removed_and_counted(make_pdf: MakePdf, sample_text: str) -> None:
    data = numbered_pdf(make_pdf, sample_text, str)
    doc = import_bytes(data, "rust.pdf")
    pages = doc.notes[0]
    assert pages.startswith("Removed ") and pages.endswith(" page numbers")
    count = int(pages.split()[1])
    assert count >= 2
    assert not any(p.strip().isdigit() for p in doc.text.split("\n\n"))
    kept = import_bytes(data, "rust.pdf", remove_boilerplate=False)
    assert [p for p in kept.text.split("\n\n") if p.strip().isdigit()] == [
        str(n) for n in range(1, count + 1)
    ]


def test_labelled_page_numbers_go_even_on_one_page(make_pdf: MakePdf) -> None:
    data = make_pdf([["The mayor said the bridge was safe.", "", "Page 1 of 1"]])
    doc = import_bytes(data, "one.pdf")
    assert doc.text == "The mayor said the bridge was safe." and doc.notes == ("Removed 1 page number",)


def test_a_number_out_of_step_with_the_pages_stays() -> None:
    pages = ["The budget was set in\n\n2021", "A second page of the story.\n\n7"]
    assert strip_page_numbers(pages) == (pages, 0)
    numbered = ["Intro.\n\n12", "Middle.\n\n13", "End.\n\n14"]
    assert strip_page_numbers(numbered) == (["Intro.", "Middle.", "End."], 3)
    headed = ["- 2 -\n\nText.", "Page 3\n\nMore text."]
    assert strip_page_numbers(headed) == (["Text.", "More text."], 2)
