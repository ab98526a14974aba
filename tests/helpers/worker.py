"""A second factcheck process for the tests: ``worker.py COMMAND PROJECT [ARGS]``.

probe PROJECT            open the project, try every kind of write, print one JSON report
burst PROJECT DOC N [--wait]
                         create N annotations, printing each id (flushed) once its create returned;
                         with --wait print "ready" after opening and start on a line from stdin
create-one PROJECT DOC START END
                         create one annotation and print its id
writer PROJECT DOC N EVERY
                         create N annotations printing each id once committed, and call
                         Project.checkpoint() after every EVERY of them, printing "checkpoint" after it
open PROJECT [--kill-at K | --record]
                         print "opening", open (and so upgrade) the project, print "opened"; with
                         --kill-at, SIGKILL itself just before the K-th SQL statement the open runs; with
                         --record, print those statements as JSON instead
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
import uuid

from sqlalchemy import Engine, event

from factcheck.domain import FactcheckError, ImportedDocument
from factcheck.services import Project


def _outcome(action) -> str:
    try:
        action()
    except FactcheckError as exc:
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def probe(path: str) -> None:
    report: dict[str, object] = {
        "writable": os.access(path, os.W_OK),
        "folder_writable": os.access(os.path.dirname(path), os.W_OK),
    }
    try:
        project = Project.open(path)
    except FactcheckError as exc:
        report["open"] = f"{type(exc).__name__}: {exc}"
        print(json.dumps(report))
        return
    report["open"] = "ok"
    report["read_only"] = project.read_only
    documents = project.documents.list()
    report["documents"] = len(documents)
    doc = documents[0]
    annotations = project.annotations.for_document(doc.id)
    report["annotations"] = len(annotations)
    claim = project.labels.by_name("claim")
    counterclaim = project.labels.by_name("counterclaim")
    text = project.documents.text(doc.id)
    first = annotations[0]
    attempts = {
        "add": lambda: project.documents.add(
            ImportedDocument(text="A different article.", source_format="txt")
        ),
        "create": lambda: project.annotations.create(doc.id, 0, min(len(text), 20), claim.id),
        "create_from_quote": lambda: project.annotations.create_from_quote(doc.id, text[:10], claim.id),
        "set_label": lambda: project.annotations.set_label(first.id, counterclaim.id),
        "delete": lambda: project.annotations.delete(first.id),
        "restore": lambda: project.annotations.restore(dataclasses.replace(first, id=str(uuid.uuid4()))),
    }
    for name, action in attempts.items():
        report[name] = _outcome(action)
    report["documents_after"] = len(project.documents.list())
    report["annotations_after"] = len(project.annotations.for_document(doc.id))
    report["label_after"] = project.annotations.get(first.id).label_name
    project.close()
    print(json.dumps(report))


def burst(path: str, document_id: str, count: int, wait: bool) -> None:
    project = Project.open(path)
    labels = [project.labels.by_name("claim").id, project.labels.by_name("counterclaim").id]
    length = len(project.documents.text(document_id))
    if wait:
        print("ready", flush=True)
        sys.stdin.readline()
    for i in range(count):
        start = (i * 37) % (length - 40)
        row = project.annotations.create(document_id, start, start + 30, labels[i % 2])
        print(row.id, flush=True)
    project.close()
    print("done", flush=True)


def create_one(path: str, document_id: str, start: int, end: int) -> None:
    project = Project.open(path)
    row = project.annotations.create(document_id, start, end, project.labels.by_name("claim").id)
    project.close()
    print(row.id, flush=True)


def writer(path: str, document_id: str, count: int, every: int) -> None:
    project = Project.open(path)
    claim = project.labels.by_name("claim").id
    length = len(project.documents.text(document_id))
    for i in range(count):
        start = (i * 37) % (length - 40)
        print(project.annotations.create(document_id, start, start + 30, claim).id, flush=True)
        if (i + 1) % every == 0:
            project.checkpoint()
            print("checkpoint", flush=True)
    project.close()
    print("done", flush=True)


def open_project(path: str, kill_at: int | None, record: bool) -> None:
    statements: list[str] = []

    def before_execute(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)
        if kill_at is not None and len(statements) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "before_cursor_execute", before_execute)
    print("opening", flush=True)
    project = Project.open(path)
    project.close()
    print(json.dumps(statements) if record else "opened", flush=True)


def main(argv: list[str]) -> None:
    command, path, *rest = argv
    if command == "probe":
        probe(path)
    elif command == "burst":
        burst(path, rest[0], int(rest[1]), "--wait" in rest)
    elif command == "create-one":
        create_one(path, rest[0], int(rest[1]), int(rest[2]))
    elif command == "writer":
        writer(path, rest[0], int(rest[1]), int(rest[2]))
    elif command == "open":
        kill_at = int(rest[rest.index("--kill-at") + 1]) if "--kill-at" in rest else None
        open_project(path, kill_at, "--record" in rest)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
