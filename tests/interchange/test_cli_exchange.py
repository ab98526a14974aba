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
    assert run("export", "--format", "claimreview", "-o", str(tmp_path / "r.json"), db=db).stdout.endswith(
        "\t3 reviews\n"
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
    assert result.stdout == f"{tmp_path / 'a.qdpx'}\t5 annotations and 3 links imported, 2 documents added.\n"
    run("export", "--format", "jsonld", "-o", str(tmp_path / "a.jsonld"), db=db)
    result = run("import", str(tmp_path / "a.jsonld"), db=other)
    assert "0 annotations imported; 5 skipped." in result.stdout
    assert result.stdout.count("skipped\t") == 5
