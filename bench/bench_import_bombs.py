"""Import hostile and huge files in fresh processes: wall time, peak memory and the outcome of each.

    .venv/bin/python bench/bench_import_bombs.py
    .venv/bin/python bench/bench_import_bombs.py --factcheck-root /tmp/main-checkout   # another version

The files are made here: DOCX zip bombs of ~98 KB and ~600 KB (27 MB / 190 MB of identical one-word
paragraphs in word/document.xml, deflated ~290:1 into python-docx's own package: under the 200 MB total
the old check allowed), an honest .docx with 30 MB of XML, and a plain-text file just under 50 MB. Each is imported by ``import_path`` in a child process;
peak memory is the child's ru_maxrss, which includes the interpreter and the imported libraries.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GOALS = {"docx bomb, 98 KB": "≤ 10 s, ≤ 300 MB"}


def child(path: str) -> None:
    import resource

    from factcheck.domain import FactcheckError
    from factcheck.importers import import_path

    started = time.perf_counter()
    try:
        doc = import_path(path)
        outcome = f"imported, {len(doc.text):,} characters"
    except FactcheckError as exc:
        outcome = f"refused: {exc}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))


def _template() -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT / "tests" / "importers"))
    from importer_support import build_docx

    with zipfile.ZipFile(io.BytesIO(build_docx([("", "Tiny")]))) as archive:
        return {item.filename: archive.read(item) for item in archive.infolist()}


def write_docx(path: Path, parts: dict[str, bytes], body_chunks) -> None:
    """A .docx whose document part is streamed from ``body_chunks`` (never all in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name == "word/document.xml":
                with archive.open(name, "w", force_zip64=True) as out:
                    for chunk in body_chunks:
                        out.write(chunk)
            else:
                archive.writestr(name, data)


def bomb_chunks(megabytes: int):
    """Millions of identical one-word paragraphs: deflate packs them ~700:1, and each one is an element
    python-docx builds (a single giant text node would be refused by lxml's own 10 MB text limit)."""
    yield f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'.encode()
    paragraph = b"<w:p><w:r><w:t>Claim.</w:t></w:r></w:p>"
    block = paragraph * (1024 * 1024 // len(paragraph))
    for _ in range(megabytes):
        yield block
    yield b"</w:body></w:document>"


def honest_chunks(megabytes: int):
    yield f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'.encode()
    size = 0
    i = 0
    while size < megabytes * 1024 * 1024:
        paragraph = (
            f"<w:p><w:r><w:t>Paragraph {i}: the minister said spending rose by {i % 97} percent in "
            f"{1990 + i % 35}, which the review numbered {i * 7919 % 100003} disputed.</w:t></w:r></w:p>"
        ).encode()
        size += len(paragraph)
        i += 1
        yield paragraph
    yield b"</w:body></w:document>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factcheck-root", type=Path, default=ROOT)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a child is stopped")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(args.factcheck_root))
        child(args.child)
        return 0
    parts = _template()
    rows = []
    with tempfile.TemporaryDirectory(prefix="factcheck-bombs-") as temp:
        folder = Path(temp)
        files = {
            "docx bomb, 98 KB": (folder / "bomb98.docx", lambda p: write_docx(p, parts, bomb_chunks(27))),
            "docx bomb, 600 KB": (folder / "bomb600.docx", lambda p: write_docx(p, parts, bomb_chunks(190))),
            "honest docx, 30 MB of XML": (
                folder / "long.docx",
                lambda p: write_docx(p, parts, honest_chunks(30)),
            ),
            "plain text, 49 MB": (
                folder / "long.txt",
                lambda p: p.write_bytes(
                    b"".join(
                        b"Line %d: the minister said spending rose by %d percent.\n" % (i, i % 97)
                        for i in range(850_000)
                    )
                ),
            ),
        }
        for label, (path, make) in files.items():
            make(path)
            env = dict(os.environ, PYTHONPATH=str(args.factcheck_root.resolve()))
            command = [
                sys.executable,
                __file__,
                "--child",
                str(path),
                "--factcheck-root",
                str(args.factcheck_root),
            ]
            started = time.perf_counter()
            try:
                done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=args.timeout)
                result = json.loads(done.stdout.splitlines()[-1]) if done.returncode == 0 else None
                outcome = result["outcome"] if result else (done.stderr.strip().splitlines() or ["?"])[-1]
                seconds = f"{result['seconds']:.1f} s" if result else "—"
                peak = f"{result['peak_mb']:.0f} MB" if result else "—"
            except subprocess.TimeoutExpired:
                outcome = f"still running after {args.timeout:.0f} s (stopped)"
                seconds = f"> {args.timeout:.0f} s"
                peak = "—"
            wall = time.perf_counter() - started
            size = path.stat().st_size
            rows.append(
                (
                    label,
                    f"{size / 1024:,.0f} KB",
                    seconds,
                    f"{wall:.1f} s",
                    peak,
                    GOALS.get(label, "—"),
                    outcome[:110],
                )
            )
    print(f"factcheck from {args.factcheck_root}\n")
    print("| file | size | import time | process wall time | peak memory (process) | goal | outcome |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
