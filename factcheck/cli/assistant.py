"""The claim assistant's commands: check-worthy sentences (suggest, checkworthy), fact-check archives
(archive import|list|remove) and claim matching (match)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from factcheck.cli.common import CommandFactory, OneLineErrorParser, add_db_option, one_line
from factcheck.domain import BadInputError
from factcheck.services.project import Project


def add_parsers(command: CommandFactory) -> None:
    p = command(
        "suggest", "List a document's sentences worth checking, best first (start, end, score, sentence)."
    )
    p.set_defaults(handler=_suggest)
    p.add_argument("document", metavar="DOC_ID")
    p.add_argument("--top", type=int, metavar="N", help="at most N sentences")
    p.add_argument("--all", action="store_true", help="every sentence, also those below the threshold")

    p = command("checkworthy", "Score sentences, one a line, for check-worthiness (score, 1 if suggested).")
    p.set_defaults(handler=_checkworthy)
    p.add_argument("file", metavar="FILE", help="a text file with one sentence a line ('-': stdin)")

    p = command("archive", "Import, list or remove fact-check archives (CSV/TSV or ClaimReview JSON-LD).")
    p.set_defaults(handler=_archive)
    actions = p.add_subparsers(dest="action", required=True, parser_class=OneLineErrorParser)
    a = actions.add_parser("import", help="import an archive file (replaces an archive of the same name)")
    a.add_argument("file", type=Path, metavar="FILE")
    a.add_argument("--name", help="the archive's name (default: the file's name)")
    actions.add_parser("list", help="list the archives")
    a = actions.add_parser("remove", help="remove an archive")
    a.add_argument("archive", metavar="NAME_OR_ID")
    add_db_option(actions)

    p = command("match", "Find fact-checks (archives) and annotations that make the same claim.")
    p.set_defaults(handler=_match)
    p.add_argument("text", nargs="?", metavar="TEXT", help="the claim")
    p.add_argument("--top", type=int, default=5, metavar="N", help="at most N of each kind (default 5)")
    p.add_argument(
        "--queries", type=Path, metavar="FILE.tsv", help="match every claim of a TSV file (header; id, text)"
    )
    p.add_argument("-o", "--output", type=Path, metavar="RUN.tsv", help="with --queries: write the run here")


def _suggest(project: Project, args: argparse.Namespace) -> int:
    if args.top is not None and args.top < 1:
        raise BadInputError("--top must be 1 or more.")
    project.documents.get(args.document)
    for s in project.assistant.suggestions(args.document, top=args.top, everything=args.all):
        print(f"{s.start}\t{s.end}\t{s.score:.4f}\t{one_line(s.text)}")
    return 0


def _checkworthy(project: Project, args: argparse.Namespace) -> int:
    lines = _read_text(args.file).splitlines()
    scores = project.assistant.score_sentences([line for line in lines if line.strip()])
    found = iter(scores)
    for line in lines:
        score, suggested = next(found) if line.strip() else (0.0, False)
        print(f"{score:.4f}\t{int(suggested)}")
    return 0


def _archive(project: Project, args: argparse.Namespace) -> int:
    archives = project.assistant.archives
    if args.action == "import":
        result = archives.import_file(args.file, name=args.name)
        row = result.archive
        print(f"{row.id}\t{row.name}\t{row.entries} fact-checks\t{row.indexed} indexed")
        if result.skipped:
            print(f"factcheck: {result.skipped} rows without a claim were left out.", file=sys.stderr)
    elif args.action == "list":
        for row in archives.list():
            print(
                f"{row.id}\t{row.name}\t{row.entries} fact-checks\t{row.indexed} indexed\t"
                f"{row.source_name}\t{row.imported_at:%Y-%m-%d %H:%M}"
            )
    else:
        row = archives.remove(args.archive)
        print(f"{row.id}\t{row.name}\tremoved")
    return 0


def _match(project: Project, args: argparse.Namespace) -> int:
    if args.top < 1:
        raise BadInputError("--top must be 1 or more.")
    if (args.text is None) == (args.queries is None):
        raise BadInputError("Give either the claim TEXT or --queries FILE.tsv.")
    if args.queries is None:
        if args.output is not None:
            raise BadInputError("-o goes with --queries.")
        for m in project.assistant.match(args.text, top=args.top):
            print(f"{m.kind}\t{m.id}\t{m.score:.4f}\t{one_line(m.text)}")
        return 0
    queries = _read_queries(args.queries)
    results = project.assistant.archives.match_many([text for _, text in queries], top=args.top)
    out = io.StringIO()
    for (query_id, _), matches in zip(queries, results, strict=True):
        for rank, m in enumerate(matches, start=1):
            out.write(f"{query_id}\t{m.id}\t{rank}\t{m.score:.4f}\n")
    if args.output is None:
        sys.stdout.write(out.getvalue())
    else:
        try:
            args.output.write_text(out.getvalue(), encoding="utf-8")
        except OSError as exc:
            raise BadInputError(f"Cannot write {args.output}: {exc.strerror or exc}.") from exc
    return 0


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"Cannot read {name}: {getattr(exc, 'strerror', None) or exc}.") from exc


def _read_queries(path: Path) -> list[tuple[str, str]]:
    """(id, text) rows of a TSV file with a header (quoted fields as CheckThat!'s files have them)."""
    content = _read_text(str(path))
    csv.field_size_limit(1 << 30)
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter="\t"))
    if not rows:
        raise BadInputError(f"{path.name} is empty.")
    queries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip():
            raise BadInputError(f"{path.name}, line {number}: expected an id and a text separated by a tab.")
        queries.append((row[0].strip(), row[1]))
    if not queries:
        raise BadInputError(f"{path.name} holds no queries.")
    return queries
