"""Find in Project folds compatibility characters: a PDF's "Oﬃcials" is found as "Officials", and every
offset stays exact in the stored text (issue 16)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from factcheck.domain import ImportedDocument
from factcheck.services import Project
from factcheck.text.folding import fold

PDF_TEXT = (
    "The Oﬃcials said the ﬁnal ﬁgures were ﬂawed.\n\n"
    "ＡＢＣ News quoted the ﬁrst report, and E\u0301lodie Dupont disagreed."
)


def test_a_ligature_is_found_as_its_letters_and_the_offsets_hold(project: Project) -> None:
    doc = project.documents.add(ImportedDocument(text=PDF_TEXT, source_format="pdf", title="Report"))
    text = project.documents.text(doc.id)
    assert text == PDF_TEXT  # the stored text keeps its ligatures: it is what the reader shows

    (hit,) = project.search.search("Officials").texts
    assert text[hit.start : hit.end] == "Oﬃcials" and hit.snippet.match == "Oﬃcials"
    (hit,) = project.search.search("final figures").texts
    assert text[hit.start : hit.end] == "ﬁnal ﬁgures"
    (hit,) = project.search.search("ＡＢＣ news").texts  # fullwidth: folded when matching
    assert text[hit.start : hit.end] == "ＡＢＣ News"
    (hit,) = project.search.search("Élodie").texts  # composed in the query, decomposed in the text
    assert text[hit.start : hit.end] == "E\u0301lodie"
    # A match inside a ligature takes in the whole character: offsets never split one.
    (hit,) = project.search.search("ffic").texts
    assert text[hit.start : hit.end] == "Oﬃc"[1:] and hit.start == text.index("ﬃ")


def test_annotations_quoting_a_ligature_are_found(project: Project) -> None:
    doc = project.documents.add(ImportedDocument(text=PDF_TEXT, source_format="pdf"))
    row = project.annotations.create_from_quote(
        doc.id, "ﬁnal ﬁgures were ﬂawed", project.labels.by_name("claim").id, note="Oﬃcial ﬁgures"
    )
    hits = project.search.search("figures were flawed").annotations
    assert [h.annotation.id for h in hits] == [row.id]
    assert hits[0].field == "quote" and hits[0].snippet.match == "ﬁgures were ﬂawed"


@given(
    st.lists(
        st.sampled_from(["a", "b", " ", "ﬁ", "ﬃ", "Ａ", "²", "e\u0301", "é", "’", "ß", "\u0301", "ﬀ", "x"]),
        max_size=30,
    )
)
def test_folded_offsets_map_back_into_the_text(parts) -> None:
    text = "".join(parts)
    folded = fold(text)
    assert folded.text == "".join(
        unicodedata.normalize("NFKC", chunk) for chunk in _chunks(text)
    )  # the same as folding each character with its marks
    for start in range(len(folded.text) + 1):
        for end in range(start, len(folded.text) + 1):
            a, b = folded.span(start, end)
            assert 0 <= a <= b <= len(text)
            # What the stored span folds to contains what was matched.
            assert folded.text[start:end] in fold(text[a:b]).text


def _chunks(text: str) -> list[str]:
    chunks: list[str] = []
    for ch in text:
        if chunks and unicodedata.combining(ch):
            chunks[-1] += ch
        else:
            chunks.append(ch)
    return chunks
