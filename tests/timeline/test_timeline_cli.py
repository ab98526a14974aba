"""`factcheck timeline`: md and html from the Qt-free CLI; png and svg through factcheck.app, which hands the
CLI its Qt renderer; without one, a picture is refused with exit code 2."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from factcheck import app, cli
from factcheck.services.project import Project
from tests.helpers.procs import worker_env
from tests.timeline.sample import MATTER, build_sample_matter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(project_path: Path) -> Path:
    project = Project.open(project_path)
    build_sample_matter(project)
    project.close()
    return project_path


def run(main, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def test_markdown_and_html_reports(db: Path, tmp_path: Path) -> None:
    code, out, err = run(
        cli.main,
        "timeline",
        "--db",
        str(db),
        "--matter",
        "was the rust set unsafe?",
        "--format",
        "md",
        "-o",
        str(tmp_path / "r.md"),
    )
    assert code == 0, err
    assert out.startswith(f"{tmp_path / 'r.md'}\t4 dated\t0 undated\t1 lane")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Chronology: {MATTER}\n")
    assert text.index("### 1. October 2021 — Claim") < text.index("### 3. 9 December 2021 — Counterclaim")
    assert "    - No. 1 — October 2021, crew members who quit: “unsafe”" in text
    code, _, err = run(
        cli.main,
        "timeline",
        "--db",
        str(db),
        "--format",
        "html",
        "--from",
        "2021-12",
        "-o",
        str(tmp_path / "r.html"),
    )
    assert code == 0, err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html
    assert "Only annotations with claim dates from 2021-12 on." in html
    assert "Not in this report — October 2021, crew members who quit" in html
    code, out, _ = run(cli.main, "timeline", "--db", str(db), "--format", "md", "-o", "-", "--by", "claimant")
    assert code == 0 and out.startswith("# Chronology\n")


def test_pictures_through_the_app(db: Path, tmp_path: Path) -> None:
    code, out, err = run(
        app.main,
        "timeline",
        "--db",
        str(db),
        "--matter",
        MATTER,
        "--format",
        "png",
        "-o",
        str(tmp_path / "t.png"),
        "--scale",
        "2",
    )
    assert code == 0, err
    image = QImage(str(tmp_path / "t.png"))
    assert image.width() == 3200 and image.height() > 300
    code, _, err = run(
        app.main,
        "timeline",
        "--db",
        str(db),
        "--by",
        "document",
        "--format",
        "svg",
        "-o",
        str(tmp_path / "t.svg"),
    )
    assert code == 0, err
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Comment on Alec Baldwin" in svg


def test_a_picture_without_a_renderer_is_refused(db: Path, tmp_path: Path) -> None:
    code, _, err = run(
        cli.main, "timeline", "--db", str(db), "--format", "png", "-o", str(tmp_path / "t.png")
    )
    assert code == 2 and "needs Qt" in err and not (tmp_path / "t.png").exists()
    code, _, err = run(
        cli.main, "timeline", "--db", str(db), "--matter", "no such matter", "--format", "md", "-o", "-"
    )
    assert code == 2 and "No matter named" in err
    code, _, err = run(app.main, "timeline", "--db", str(db), "--format", "png", "-o", "-")
    assert code == 2 and "stdout" in err
    code, _, err = run(cli.main, "timeline", "--db", str(db), "--format", "gif", "-o", "x")
    assert code == 2 and "invalid choice" in err


def test_a_real_process_without_a_display(db: Path, tmp_path: Path) -> None:
    """`python main.py timeline --format png` with neither DISPLAY nor QT_QPA_PLATFORM: the app goes offscreen."""
    env = worker_env()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "timeline",
            "--db",
            str(db),
            "--format",
            "png",
            "-o",
            str(tmp_path / "p.png"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert QImage(str(tmp_path / "p.png")).width() == 1600
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"  # this process's setting was left alone
