"""`factcheck import` with metadata options, folders, URLs (a local server), duplicates and new versions."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from factcheck import cli
from tests.helpers.db import query

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "rust-crew-letter-2021-12-09.txt"
HTML = ROOT / "tests" / "importers" / "fixtures" / "rust-crew-letter.html"


@pytest.fixture
def db(project_path) -> Path | str:
    return project_path


def test_metadata_options_override_the_detected_ones(db, capsys):
    code = cli.main(
        [
            "import",
            str(SAMPLE),
            "--db",
            str(db),
            "--outlet",
            "The Blast",
            "--published",
            "2021-12-09 16:39 -08:00",
            "--title",
            "Crew letter",
        ]
    )
    assert code == 0
    assert query(db, "SELECT title, outlet, author, published_at FROM documents") == [
        ("Crew letter", "The Blast", "Kristin Myers", "2021-12-10 00:39:00.000000")
    ]


def test_detected_metadata_of_the_sample(db):
    assert cli.main(["import", str(SAMPLE), "--db", str(db)]) == 0
    ((title, author, published),) = query(db, "SELECT title, author, published_at FROM documents")
    assert title == "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"
    assert author == "Kristin Myers" and published.startswith("2021-12-10 00:39:00")


def test_a_bad_date_is_refused_before_anything_is_written(db, capsys):
    assert cli.main(["import", str(SAMPLE), "--db", str(db), "--published", "31/02/2021"]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert query(db, "SELECT count(*) FROM documents") == [(0,)]


def test_a_folder_imports_every_article_and_duplicates_are_skipped(db, tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(3):
        (folder / f"a{number}.txt").write_text(f"Headline {number}\n\nBody {number} of the story.\n")
    (folder / "notes.xyz").write_text("not an article")
    assert cli.main(["import", str(folder), "--db", str(db)]) == 0
    assert query(db, "SELECT count(*) FROM documents") == [(3,)]
    capsys.readouterr()
    assert cli.main(["import", str(folder / "a1.txt"), "--db", str(db)]) == 0
    assert "already in the project" in capsys.readouterr().err
    assert query(db, "SELECT count(*) FROM documents") == [(3,)]


@pytest.fixture
def server():
    page = HTML.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/article")
                self.end_headers()
                return
            if self.path != "/article":
                self.send_error(500)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_import_a_url_follows_redirects_and_keeps_the_final_address(db, server):
    assert cli.main(["import", f"{server}/moved", "--db", str(db)]) == 0
    ((url, source_format),) = query(db, "SELECT url, source_format FROM documents")
    assert url == f"{server}/article" and source_format == "html"


def test_a_url_answering_500_exits_2(db, server, capsys):
    assert cli.main(["import", f"{server}/broken", "--db", str(db)]) == 2
    assert "500" in capsys.readouterr().err


def test_new_version_of_reanchors_and_lists_what_needs_review(db, tmp_path, capsys):
    assert cli.main(["import", str(SAMPLE), "--db", str(db)]) == 0
    doc_id = capsys.readouterr().out.split("\t")[0]
    assert cli.main(["annotate", doc_id, "--quote", "unsafe", "--label", "claim", "--db", str(db)]) == 0
    assert (
        cli.main(
            [
                "annotate",
                doc_id,
                "--quote",
                "The work was hard, but meaningful.",
                "--label",
                "counterclaim",
                "--db",
                str(db),
            ]
        )
        == 0
    )
    text = query(db, "SELECT text FROM documents")[0][0]
    corrected = tmp_path / "corrected.txt"
    corrected.write_text("Correction appended above.\n\n" + text.replace("hard, but", "hard but truly"))
    capsys.readouterr()
    assert cli.main(["import", "--new-version-of", doc_id, str(corrected), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Version 2: 0 in place, 1 moved, 1 need review.")
    assert "needs_review" in out
    assert query(db, "SELECT count(*) FROM document_versions") == [(2,)]
