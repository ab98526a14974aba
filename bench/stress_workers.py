"""The processes of the stress test (bench/bench_stress.py): what each does, and the journal it keeps.

A worker is anything with ``start()``, ``step() -> str`` (one action; returns its name) and ``stop()``,
run in its own process by ``bench_stress.py --worker KIND``, that writes a :class:`Journal` of what it
committed. Two kinds exist: :class:`ServiceWorker` (the services, as a window's commands call them) and
:class:`CliWorker` (``factcheck`` subprocesses). A GUI worker — a MainWindow driven by pytest-qt key
presses in a subprocess — implements the same three methods and journal once the window's Workspace lands.

Ownership makes lost updates checkable: each worker tags its own document; an annotation's ``note`` is
written only by the worker that made it, its ``rating_text`` only by the next worker (another process,
editing the same rows concurrently); each writer journals the value it last committed (undo included).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from factcheck.domain import ConcurrentEditError, FactcheckError, ImportedDocument  # noqa: E402
from factcheck.services import Project  # noqa: E402
from factcheck.services.export_source import Scope  # noqa: E402

WORDS = ("claim", "bridge", "mayor", "budget", "safety", "crew", "report", "audit", "bolts", "river")


def article(owner: str, sentences: int = 120, *, seed: int = 0) -> str:
    """A worker's own article: sentences of plain words, the first naming the owner (texts never clash)."""
    rng = random.Random(f"{owner}-{seed}")
    lines = [f"Stress article of {owner}, take {seed}."]
    for i in range(sentences):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12)))
        lines.append(f"Sentence {i} says the {words}.")
    return "\n\n".join(lines)


class Journal:
    """What a worker committed, one JSON object a line, written only after the commit returned.

    ``created``/``deleted``/``restored`` {id}: annotations of the worker's own; ``set`` {id, field,
    value}: the value it last committed to a field it owns; ``conflict``/``error`` {action, message}."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the worker's life)

    def write(self, kind: str, **fields) -> None:
        self._file.write(json.dumps({"t": kind, **fields}) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def sniff(path: Path) -> None:
    """What a Qt file dialog does to each file of the folder it shows (drops this process's locks)."""
    for name in (path, Path(f"{path}-shm")):
        try:
            with open(name, "rb") as handle:
                handle.read(64)
        except OSError:
            pass


class ServiceWorker:
    """One window's worth of work through the services: tag, edit and undo, link, delete and restore, own
    labels added, recoloured and deleted in use, a new version imported, reviewed and taken back, an edited
    CSV applied and undone, a QDPX import (and its undo), Save Project As — and file dialogs."""

    def __init__(self, index: int, workers: int, db: Path, journal: Journal, folder: Path, seed: int) -> None:
        self.index, self.workers, self.db, self.journal, self.folder = index, workers, db, journal, folder
        self.rng = random.Random(seed)
        self.name = f"w{index}"
        self.project: Project
        self.doc_id = ""
        self.own: list[str] = []
        self.takes = 0
        self.pending_import = None
        self.qdpx = folder / f"{self.name}-seed.qdpx"

    # --- life --------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._make_qdpx()
        self.project = Project.open(self.db, annotator=self.name)
        doc = self.project.documents.add(
            ImportedDocument(text=article(self.name), source_format="txt", title=f"stress {self.name}")
        )
        self.doc_id = doc.id
        self.project.data_version()

    def stop(self) -> None:
        if self.pending_import is not None:
            self.project.interchange.undo_import(self.pending_import)
        self.project.close()

    def step(self) -> str:
        actions = [
            (self.tag, 6),
            (self.edit_note, 6),
            (self.edit_rating, 5),
            (self.link, 2),
            (self.delete_and_restore, 2),
            (self.label_cycle, 1),
            (self.version_cycle, 1),
            (self.csv_cycle, 1),
            (self.qdpx_cycle, 1),
            (self.save_as, 1),
            (self.file_dialog, 1),
        ]
        action = self.rng.choices([a for a, _ in actions], [w for _, w in actions])[0]
        try:
            action()
        except ConcurrentEditError as exc:
            self.journal.write("conflict", action=action.__name__, message=str(exc))
        self.project.data_version()  # the window's poll (reconnects if a dialog dropped the locks)
        if self.rng.random() < 0.1:
            self.project.checkpoint()  # the window's checkpoint timer
        return action.__name__

    # --- actions -----------------------------------------------------------------------------------------

    def tag(self) -> None:
        text = self.project.documents.text(self.doc_id)
        start = self.rng.randrange(0, len(text) - 40)
        label = self.rng.choice(["claim", "counterclaim"])
        try:
            row = self.project.annotations.create(
                self.doc_id, start, start + self.rng.randint(5, 30), self.project.labels.by_name(label).id
            )
        except FactcheckError:
            return  # only whitespace there
        self.own.append(row.id)
        self.journal.write("created", id=row.id)

    def _own_row(self):
        rows = [r for r in self.project.annotations.get_many(self.own) if r.anchor_status != "orphaned"]
        return self.rng.choice(rows) if rows else None

    def edit_note(self) -> None:
        row = self._own_row()
        if row is None:
            return
        value = f"{self.name} note {self.rng.randrange(10**9)}"
        before, after = self.project.annotations.update(row.id, expected_version=row.version, note=value)
        self.journal.write("set", id=row.id, field="note", value=value)
        if self.rng.random() < 0.3:  # Ctrl+Z, the window's way (it kept only the row before)
            restored = self.project.annotations.replace(before)
            self.journal.write("set", id=row.id, field="note", value=restored.note)

    def edit_rating(self) -> None:
        """Edit the rating of the previous worker's annotations (that process edits their notes meanwhile)."""
        if self.workers < 2:
            return
        owner = f"stress w{(self.index - 1) % self.workers}"
        docs = [d for d in self.project.documents.list() if d.title == owner]
        if not docs:
            return
        rows = self.project.annotations.for_document(docs[0].id)
        if not rows:
            return
        row = self.rng.choice(rows)
        value = f"{self.name} rating {self.rng.randrange(10**9)}"
        for _ in range(5):  # as a user would: reload, apply again
            try:
                self.project.annotations.update(row.id, expected_version=row.version, rating_text=value)
            except ConcurrentEditError as exc:
                self.journal.write("conflict", action="edit_rating", message=str(exc))
                if exc.current is None:
                    return
                row = exc.current
                continue
            except FactcheckError:
                return  # deleted meanwhile by its owner
            self.journal.write("set", id=row.id, field="rating_text", value=value)
            return

    def link(self) -> None:
        if len(self.own) < 2:
            return
        a, b = self.rng.sample(self.own, 2)
        with contextlib.suppress(FactcheckError):  # already linked, or one was deleted
            self.project.links.link(a, b, self.rng.choice(["disputes", "supports", "repeats"]))

    def delete_and_restore(self) -> None:
        row = self._own_row()
        if row is None:
            return
        deleted = self.project.annotations.delete_with_links(row.id, expected_version=row.version)
        self.journal.write("deleted", id=row.id)
        if self.rng.random() < 0.6:
            self.project.annotations.restore_with_links(deleted)
            self.journal.write("restored", id=row.id)
        else:
            self.own.remove(row.id)

    def label_cycle(self) -> None:
        labels = self.project.labels
        label = labels.add(f"{self.name} label {self.rng.randrange(10**9)}")
        for annotation_id in self.rng.sample(self.own, min(3, len(self.own))):
            with contextlib.suppress(FactcheckError):
                self.project.annotations.set_label(annotation_id, label.id)
        before, after = labels.update(label.id, color=self.rng.choice(["#E69F00", "#56B4E9", "#009E73"]))
        labels.revert(before, after)
        deleted = labels.delete(label.id, move_to=labels.by_name("claim").id)
        if self.rng.random() < 0.5:
            labels.restore(deleted)
            labels.delete(label.id, move_to=labels.by_name("counterclaim").id)

    def version_cycle(self) -> None:
        self.takes += 1
        text = self.project.documents.text(self.doc_id)
        cut = self.rng.randrange(len(text) // 3, len(text) // 2)
        new = f"Correction {self.takes}.\n\n" + text[:cut] + " An inserted sentence says so. " + text[cut:]
        report, before = self.project.versions.add_version(
            self.doc_id, ImportedDocument(text=new, source_format="txt", source_name=f"take {self.takes}")
        )
        decided = []
        waiting = [
            r for r in self.project.annotations.for_document(self.doc_id) if r.anchor_status == "needs_review"
        ]
        for row in waiting[:2]:
            after = self.project.versions.orphan(row.id, expected_version=row.version)
            decided.append((row, after))
        if self.rng.random() < 0.5:
            for row, after in reversed(decided):  # undo the review, then the version
                self.project.annotations.revert(row, after)
            self.project.versions.revert_version(self.doc_id, report.version, before)

    def csv_cycle(self) -> None:
        exported = self.folder / f"{self.name}.csv"
        self.project.interchange.export("csv", exported, Scope.document(self.doc_id))
        with open(exported, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows, columns = list(reader), reader.fieldnames
        for row in rows:
            if self.rng.random() < 0.5:
                row["verdict"] = self.rng.choice(["false", "mixed", "supported"])
        edited = self.folder / f"{self.name}-edited.csv"
        with open(edited, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows)
        preview = self.project.csv_edits.preview(edited)
        applied = self.project.csv_edits.apply(preview)
        if self.rng.random() < 0.6:
            self.project.csv_edits.undo(applied)

    def qdpx_cycle(self) -> None:
        if self.pending_import is not None:
            self.project.interchange.undo_import(self.pending_import)
            self.pending_import = None
            return
        report = self.project.interchange.import_exchange(self.qdpx)
        if self.rng.random() < 0.5:
            self.project.interchange.undo_import(report)
        else:
            self.pending_import = report

    def save_as(self) -> None:
        """Save Project As over the one shared copy (which other workers may have open) and a fresh one."""
        shared = self.folder / "saved-as.factcheck"
        self.project.copy_to(shared)
        other = Project.open(shared)  # another window on the copy, briefly
        try:
            if not other.integrity_ok():
                self.journal.write("error", action="save_as", message="the copy failed integrity_check")
        finally:
            other.close()
        own = self.project.copy_to(self.folder / f"{self.name}-copy.factcheck")
        copy = Project.open(own)
        try:
            if not copy.integrity_ok():
                self.journal.write("error", action="save_as", message="the fresh copy failed integrity_check")
        finally:
            copy.close()

    def file_dialog(self) -> None:
        sniff(self.db)

    # --- setup -------------------------------------------------------------------------------------------

    def _make_qdpx(self) -> None:
        """A small REFI-QDA project of this worker's, to import again and again."""
        seed_path = self.folder / f"{self.name}-seed.factcheck"
        seed = Project.open(seed_path, annotator=self.name)
        try:
            doc = seed.documents.add(
                ImportedDocument(text=article(f"{self.name} exchange", 20), source_format="txt")
            )
            claim = seed.labels.by_name("claim").id
            for i in range(5):
                seed.annotations.create_from_quote(doc.id, f"Sentence {i} says", claim)
            seed.interchange.export("qdpx", self.qdpx)
        finally:
            seed.close()


class CliWorker:
    """The command line in a loop: import a document and new versions of it, annotate, edit notes, link,
    labels added, recoloured and deleted in use — each command its own process."""

    def __init__(self, index: int, db: Path, journal: Journal, folder: Path, seed: int) -> None:
        self.index, self.db, self.journal, self.folder = index, db, journal, folder
        self.rng = random.Random(seed)
        self.name = f"cli{index}"
        self.doc_id = ""
        self.own: list[str] = []
        self.takes = 0

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(ROOT / "main.py")]
        if os.environ.get("FACTCHECK_STRESS_UNSAFE"):  # bench_stress.py --unsafe: the fix undone here too
            from bench.bench_stress import UNSAFE_PRELUDE  # noqa: PLC0415 (only for the demonstration)

            command = [
                sys.executable,
                "-c",
                UNSAFE_PRELUDE + "import sys\nfrom factcheck.cli import main\nsys.exit(main())",
            ]
        return subprocess.run(
            [*command, *args, "--db", str(self.db)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def start(self) -> None:
        source = self.folder / f"{self.name}.txt"
        source.write_text(article(self.name), encoding="utf-8")
        result = self._run("import", str(source))
        if result.returncode:
            raise RuntimeError(result.stderr)
        self.doc_id = result.stdout.split("\t", 1)[0].strip()

    def stop(self) -> None:
        pass

    def step(self) -> str:
        action = self.rng.choices(
            [self.annotate, self.edit_note, self.link, self.label_cycle, self.new_version],
            [5, 5, 1, 1, 1],
        )[0]
        action()
        return action.__name__

    def annotate(self) -> None:
        quote = f"Sentence {self.rng.randrange(120)} says"
        result = self._run("annotate", self.doc_id, "--quote", quote, "--label", "claim")
        if result.returncode == 0:
            annotation_id = result.stdout.split("\t", 1)[0].strip()
            self.own.append(annotation_id)
            self.journal.write("created", id=annotation_id)
        elif "No occurrence" not in result.stderr and "not found" not in result.stderr.lower():
            self.journal.write("error", action="annotate", message=result.stderr.strip())

    def edit_note(self) -> None:
        if not self.own:
            return
        annotation_id = self.rng.choice(self.own)
        value = f"{self.name} note {self.rng.randrange(10**9)}"
        result = self._run("edit", annotation_id, "--note", value)
        if result.returncode == 0:
            self.journal.write("set", id=annotation_id, field="note", value=value)
        else:
            self.journal.write("error", action="edit_note", message=result.stderr.strip())

    def link(self) -> None:
        if len(self.own) >= 2:
            a, b = self.rng.sample(self.own, 2)
            self._run("link", a, b, "--supports")  # refused when it exists: fine

    def label_cycle(self) -> None:
        name = f"{self.name} label {self.rng.randrange(10**9)}"
        steps = [("label", "add", name)]
        if self.own:
            steps.append(("edit", self.rng.choice(self.own), "--label", name))
        steps += [
            ("label", "edit", name, "--color", "#CC79A7"),
            ("label", "delete", name, "--move-to", "counterclaim"),
        ]
        for args in steps:
            result = self._run(*args)
            if result.returncode:
                self.journal.write("error", action="label_cycle", message=result.stderr.strip())
                return

    def new_version(self) -> None:
        self.takes += 1
        source = self.folder / f"{self.name}-take{self.takes}.txt"
        source.write_text(f"Update {self.takes}.\n\n" + article(self.name), encoding="utf-8")
        result = self._run("import", str(source), "--new-version-of", self.doc_id)
        if result.returncode and "identical" not in result.stderr:
            self.journal.write("error", action="new_version", message=result.stderr.strip())


def run_worker(worker, until: float, journal: Journal) -> dict[str, int]:
    """Step ``worker`` until the wall clock passes ``until``; returns how often each action ran."""
    counts: dict[str, int] = {}
    worker.start()
    try:
        while time.time() < until:
            name = worker.step()
            counts[name] = counts.get(name, 0) + 1
    except Exception as exc:  # a crash is a finding: journal it, and let the checker report it
        journal.write("error", action="crash", message=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        worker.stop()
    return counts
