"""Import benchmark: 100 articles of ~20 KB through the window's background import, and through the CLI.

Prints a Markdown table. The window figure is from dropping the folder until the summary is shown (files
read, cleaned, metadata detected, each committed on its own, the list re-read); the CLI figure is one
``factcheck import`` process for all 100 files. Goal (issue 3): a few seconds.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FILES = 100
FILE_CHARS = 20_000
RUNS = 3
WORDS = [
    "the",
    "crew",
    "said",
    "that",
    "the",
    "set",
    "was",
    "safe",
    "and",
    "the",
    "letter",
    "disputes",
    "the",
    "earlier",
    "allegations",
    "about",
    "working",
    "conditions",
    "while",
    "readers",
    "on",
    "social",
    "media",
    "questioned",
    "whether",
    "morale",
    "was",
    "high",
]


def make_articles(folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    for number in range(FILES):
        lines = [
            f"Headline number {number} about the Rust set",
            "",
            f"By Writer {number} on December 9, 2021",
            "",
        ]
        size = 0
        while size < FILE_CHARS:
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "."
            lines.append(sentence)
            lines.append("")
            if rng.random() < 0.05:
                lines.extend(["Article continues below advertisement", ""])
            size += len(sentence) + 2
        (folder / f"article-{number:03}.txt").write_text("\n".join(lines), encoding="utf-8")


def window_run(folder: Path, work: Path) -> float:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from factcheck.services.project import Project
    from factcheck.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat), Project.open)
    window.show()
    window.workspace.open_path(work / "window.factcheck")
    app.processEvents()
    reports = []
    window.imports.bulk_imported.connect(reports.append)
    start = time.perf_counter()
    window.imports.import_paths([folder])
    while not reports:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    assert reports[0].summary == f"Imported {FILES} of {FILES} files.", reports[0].summary
    window.close()
    return elapsed


def cli_run(folder: Path, work: Path) -> float:
    files = sorted(str(p) for p in folder.iterdir())
    env = dict(os.environ, FACTCHECK_DATA_DIR=str(work))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import", *files, "--db", str(work / "cli.factcheck")],
        check=True,
        capture_output=True,
        env=env,
    )
    return time.perf_counter() - start


def main() -> int:
    window_times, cli_times = [], []
    for run in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            folder = work / "articles"
            folder.mkdir()
            make_articles(folder, seed=run)
            window_times.append(window_run(folder, work))
            cli_times.append(cli_run(folder, work))
    print(
        f"Importing {FILES} articles of ~{FILE_CHARS // 1000} KB (plain text, with ad separators), {RUNS} runs\n"
    )
    print("| path | median | max | goal |")
    print("|---|---|---|---|")
    for name, values in (
        ("window: drop a folder → summary shown", window_times),
        ("CLI: factcheck import (one process, 100 files)", cli_times),
    ):
        print(f"| {name} | {statistics.median(values):.2f} s | {max(values):.2f} s | a few seconds |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
