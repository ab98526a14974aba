"""The command line: factcheck export, and factcheck import of exchange files and edited CSVs."""

from __future__ import annotations

import csv
import json

from tests.test_cli_record import run


def test_export_every_format_and_scope(sample, tmp_path) -> None:
    db = sample.project.path
    for fmt, name in (
        ("csv", "a.csv"),
        ("links-csv", "l.csv"),
        ("jsonld", "a.jsonld"),
        ("qdpx", "a.qdpx"),
        ("claimreview", "r.json"),
        ("hypothesis", "h.json"),
    ):
        result = run("export", "--format", fmt, "-o", str(tmp_path / name), db=db)
        assert result.stdout.startswith(str(tmp_path / name) + "\t"), result.stdout
    assert run("export", "--format", "csv", "-o", str(tmp_path / "a.csv"), db=db).stdout.endswith(
        "\t5 annotations\n"
    )
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    out = run(
        "export",
        "--format",
        "csv",
        "--no-bom",
        "--matter",
        "bridge COST",
        "-o",
        str(tmp_path / "m.csv"),
        db=db,
    )
    assert out.stdout.endswith("\t3 annotations\n") and not (tmp_path / "m.csv").read_bytes().startswith(
        b"\xef"
    )
    out = run(
        "export", "--format", "jsonld", "--document", sample.doc_b, "-o", str(tmp_path / "d.jsonld"), db=db
    )
    assert json.loads((tmp_path / "d.jsonld").read_text())["total"] == 4  # 2 annotations, 2 links
    assert (
        "\t3 reviews\n"
        in run("export", "--format", "claimreview", "-o", str(tmp_path / "r.json"), db=db).stdout
    )


def test_usage_and_errors_exit_2_with_one_line(sample, tmp_path) -> None:
    db = sample.project.path
    for args in (
        ("export", "--format", "xml", "-o", str(tmp_path / "x")),
        ("export", "--format", "csv"),
        ("export", "--format", "csv", "--document", "nope", "-o", str(tmp_path / "x.csv")),
        ("export", "--format", "csv", "-o", str(tmp_path / "no" / "x.csv")),
        ("import", str(tmp_path / "missing.qdpx")),
    ):
        result = run(*args, db=db, check=False)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, (args, result.stderr)
        assert result.stderr.startswith("factcheck: ")


def test_import_an_edited_csv_previews_then_applies(sample, tmp_path) -> None:
    db = sample.project.path
    run("export", "--format", "csv", "-o", str(tmp_path / "a.csv"), db=db)
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["annotation_id"] == sample.audit:
            row["verdict"] = "false"
    kept = [row for row in rows if row["annotation_id"] != sample.dash]
    with open(tmp_path / "b.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    preview = run("import", str(tmp_path / "b.csv"), "--delete-missing", db=db)
    assert "1 verdict changed, 1 annotation would be deleted." in preview.stdout
    assert f"change\t{sample.audit}\tverdict\tunverified\tfalse" in preview.stdout
    assert f"delete\t{sample.dash}\t" in preview.stdout
    assert "run again with --apply" in preview.stdout
    assert str(sample.project.annotations.get(sample.audit).verdict) == "unverified"
    applied = run("import", str(tmp_path / "b.csv"), "--apply", db=db)  # without --delete-missing: kept
    assert "applied\t1 verdict changed" in applied.stdout
    assert str(sample.project.annotations.get(sample.audit).verdict) == "false"
    assert sample.project.annotations.get_many([sample.dash])


def test_import_w3c_and_qdpx_files(sample, tmp_path) -> None:
    db = sample.project.path
    run("export", "--format", "qdpx", "-o", str(tmp_path / "a.qdpx"), db=db)
    other = tmp_path / "other.factcheck"
    result = run("import", str(tmp_path / "a.qdpx"), db=other)
    assert result.stdout == (
        f"{tmp_path / 'a.qdpx'}\t5 annotations imported, 0 merged, 0 left out; 3 links; 2 documents added.\n"
    )
    run("export", "--format", "jsonld", "-o", str(tmp_path / "a.jsonld"), db=db)
    result = run("import", str(tmp_path / "a.jsonld"), db=other)  # the same annotations, by id
    assert "\t0 annotations imported, 5 merged, 0 left out." in result.stdout
    third = tmp_path / "third.factcheck"
    result = run("import", str(tmp_path / "a.jsonld"), db=third)  # JSON-LD only points at documents
    assert "\t0 annotations imported, 0 merged, 5 left out." in result.stdout
    assert (
        result.stdout.count("left out\tThe document ") == 2 and result.stdout.count("left out\tA link") == 3
    )


def test_publisher_setting_and_flags(sample, tmp_path) -> None:
    db = sample.project.path
    assert run("publisher", db=db).stdout == "-\t-\n"
    out = run("export", "--format", "claimreview", "-o", str(tmp_path / "r.json"), db=db).stdout
    assert "note\t3 reviews have no author: set the publisher" in out
    run("publisher", "--name", "Bridge Check", "--url", "https://bridgecheck.example/", db=db)
    assert run("publisher", db=db).stdout == "Bridge Check\thttps://bridgecheck.example/\n"
    run("export", "--format", "claimreview", "-o", str(tmp_path / "r.json"), db=db)
    reviews = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {r["author"]["name"] for r in reviews} == {"Bridge Check"}
    # The flags override the setting for one export (and --save-publisher keeps them).
    run(
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Other Desk",
        "-o",
        str(tmp_path / "o.json"),
        db=db,
    )
    other = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert {r["author"]["name"] for r in other} == {"Other Desk"}
    assert {r["author"]["url"] for r in other} == {"https://bridgecheck.example/"}
    assert run("publisher", db=db).stdout.startswith("Bridge Check\t")
    bad = run("publisher", "--url", "javascript:alert(1)", db=db, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "not a web address" in bad.stderr


def test_import_summary_lists_review_and_left_out(project, tmp_path) -> None:
    from tests.interchange import qualcoder

    path = qualcoder.write(tmp_path / "q.qdpx", qualcoder.project_qde(stale=True, notes=True), crlf=True)
    out = run("import", str(path), db=project.path).stdout.splitlines()
    assert out[0].endswith(
        "\t6 annotations imported (1 to review), 0 merged, 2 left out; 1 document added; 1 placed by their quote."
    )
    assert [line.split("\t")[0] for line in out[1:]] == ["review", "left out", "left out"]
