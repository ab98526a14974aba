"""Plain-text import: the sample article, encodings, and every kind of file that must be refused."""

from __future__ import annotations

import codecs
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError
from factcheck.importers import import_bytes, import_path
from factcheck.text.normalise import canonical_text

SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"
PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
)


def test_sample_article_metadata_and_ads(fixtures: Path) -> None:
    doc = import_path(fixtures / "rust-crew-letter.txt")
    assert doc.title == SAMPLE_TITLE
    assert doc.author == "Kristin Myers"
    assert doc.published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert doc.published_at.isoformat() == "2021-12-09T16:39:00-08:00"  # the instant, as published (PST)
    assert "advertisement" not in doc.text.lower()
    assert doc.notes == ("Removed 6 advertisement lines",)
    assert doc.source_format == "txt"
    assert doc.source_name == "rust-crew-letter.txt"
    assert doc.original == (fixtures / "rust-crew-letter.txt").read_bytes()
    assert doc.text == canonical_text(doc.text)
    # The article keeps its caption, headline, breadcrumb, byline and every paragraph.
    assert doc.text.startswith("An emotional Alec Baldwin talks\n\n" + SAMPLE_TITLE)
    assert "By Kristin Myers on December 9, 2021 at 4:39 PM PST" in doc.text
    assert doc.text.endswith("deal with it appropriately.”")
    assert "\n\n\n" not in doc.text


def test_ad_lines_kept_when_clean_up_is_off(fixtures: Path) -> None:
    doc = import_path(fixtures / "rust-crew-letter.txt", remove_boilerplate=False)
    assert doc.text.count("Article continues below advertisement") == 6
    assert doc.notes == ()
    assert doc.title == SAMPLE_TITLE


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_unicode_encodings_with_and_without_bom(sample_text: str, encoding: str, bom: bytes) -> None:
    data = bom + sample_text.encode(encoding)
    doc = import_bytes(data, "article.txt")
    assert doc.title == SAMPLE_TITLE
    assert doc.text.startswith("An emotional Alec Baldwin talks")
    assert "\ufeff" not in doc.text
    assert doc.original == data


def test_windows_1252_curly_quotes_without_mojibake(sample_text: str) -> None:
    data = sample_text.encode("cp1252")
    assert b"\x91Over The Top\x92" in data
    doc = import_bytes(data, "legacy.txt")
    assert doc.title == SAMPLE_TITLE
    assert "‘Over The Top’" in doc.text
    assert "“Rust”" in doc.text
    assert doc.notes[0] == "Read as Windows-1252 text"


@pytest.mark.parametrize(
    "text",
    [
        "It’s sad",
        "Café crème — “quoted” naïve résumé",
        "Le président a déclaré « non » à l’élection.",
        "Straße über Größe",
    ],
)
def test_short_legacy_texts_are_not_misread(text: str) -> None:
    # charset-normalizer alone guesses cp1250 or big5 for texts this short.
    assert import_bytes(text.encode("cp1252"), "short.txt").text == text


def test_latin1_file(fixtures: Path) -> None:
    doc = import_path(fixtures / "latin1-note.txt")
    assert "Größe" in doc.text
    assert "café" in doc.text


def test_other_legacy_encodings_fall_back_to_detection() -> None:
    text = "Привет, мир! Это тестовая статья о выборах в городе, и она написана по-русски."
    assert import_bytes(text.encode("cp1251"), "ru.txt").text == text


def test_bomless_utf16_is_recognised(sample_text: str) -> None:
    doc = import_bytes(sample_text.encode("utf-16-le"), "windows.txt")
    assert doc.title == SAMPLE_TITLE


def test_upper_case_extension_and_str_path(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "ARTICLE.TXT"
    path.write_text(sample_text, encoding="utf-8")
    assert import_path(str(path)).title == SAMPLE_TITLE


def test_text_starting_like_a_signature_is_still_text() -> None:
    assert import_bytes(b"ID3 tags explained: what your music player reads.", "id3.txt").text.startswith(
        "ID3"
    )


def test_text_without_a_byline_still_imports() -> None:
    doc = import_bytes(b"Just some notes.\nA second line of notes.", "notes.txt")
    assert doc.text == "Just some notes.\nA second line of notes."
    assert doc.author == ""
    assert doc.published_at is None


# --- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode(), codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_and_blank_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(BadInputError, match="empty"):
        import_path(path)


def test_png_renamed_to_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(PNG_HEADER + os.urandom(200))
    with pytest.raises(BadInputError, match="not a text file: it looks like a PNG image"):
        import_path(path)


def test_random_binary_is_refused() -> None:
    data = bytes(range(256)) * 20
    with pytest.raises(BadInputError, match="not a text file"):
        import_bytes(data, "blob.txt")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + b"caf" + b"\xe9 au lait \xff\xfe",  # marked UTF-8, is not
        codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xd8",  # a lone surrogate
    ],
)
def test_undecodable_text_is_refused(data: bytes) -> None:
    with pytest.raises(BadInputError, match="not valid UTF"):
        import_bytes(data, "broken.txt")


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no real disk use

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was opened before its size was checked")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    # It read "(50 MB; the limit is 50 MB)" (issue 12.9).
    with pytest.raises(BadInputError, match=r"too large to import \(just over 50 MB; the limit is 50 MB\)"):
        import_path(path)


def test_oversized_bytes_are_refused() -> None:
    with pytest.raises(BadInputError, match="too large"):
        import_bytes(b"a" * (MAX_IMPORT_BYTES + 1), "big.txt")


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="does not exist"):
        import_path(tmp_path / "nowhere.txt")


def test_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles.txt"
    folder.mkdir()
    with pytest.raises(BadInputError, match="is a folder"):
        import_path(folder)


@pytest.mark.parametrize("name", ["slides.pptx", "README", "archive.zip"])
def test_unsupported_types_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"hello")
    with pytest.raises(BadInputError, match="Cannot import .*the supported types are .txt"):
        import_path(path)


def test_only_ad_lines_leave_nothing() -> None:
    with pytest.raises(BadInputError, match="empty"):
        import_bytes(b"Advertisement\n\nADVERTISEMENT\n", "ads.txt")


def test_errors_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as caught:
        import_path(tmp_path / "nowhere.txt")
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message


# --- property: every supported encoding round-trips ---------------------------------------------------

_WORDS = [
    "the",
    "letter",
    "crew",
    "said",
    "café",
    "naïve",
    "résumé",
    "Größe",
    "über",
    "señor",
    "façade",
    "‘Rust’",
    "“unsafe”",
    "it’s",
    "—",
    "…",
    "Baldwin",
    "déjà",
    "vu",
    "Zoë",
    "piñata",
    "£5",
    "€10",
    "50%",
]
_sentences = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14, unique=True).map(
    lambda ws: " ".join(ws).capitalize()
)
_paragraphs = st.lists(_sentences, min_size=1, max_size=4).map(lambda ss: ". ".join(ss) + ".")
articles = st.lists(_paragraphs, min_size=1, max_size=5).map("\n\n".join)

_unicode_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Co", "Cn", "Cc"),
        blacklist_characters="\u2028\u2029\x85\ufeff",
    ),
    min_size=1,
    max_size=200,
).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_unicode_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"])
)
def test_unicode_round_trip(text: str, encoding: str) -> None:
    data = (
        codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        if encoding == "utf-16-be-bom"
        else text.encode(encoding)
    )
    doc = import_bytes(data, "any.txt", remove_boilerplate=False)
    assert doc.text == canonical_text(text)


@settings(max_examples=40, deadline=None)
@given(text=articles, encoding=st.sampled_from(["cp1252", "latin-1", "utf-8", "utf-16"]))
def test_legacy_round_trip(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("cp1252")  # Latin-1 lacks curly quotes and the euro sign
    doc = import_bytes(data, "legacy.txt", remove_boilerplate=False)
    assert doc.text == canonical_text(text)
