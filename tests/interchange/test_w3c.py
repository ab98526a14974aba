"""W3C Web Annotation JSON-LD: the collection validates against the W3C test suite's schemas, links are
'linking' annotations, and another tool's annotations import by quote and position."""

from __future__ import annotations

import json

import pytest

from factcheck.domain import BadInputError
from tests.interchange.support import annotations, w3c_errors


def test_collection_items_and_schema(sample, tmp_path) -> None:
    target = tmp_path / "out.jsonld"
    sample.project.interchange.export("jsonld", target)
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert w3c_errors(collection) == []
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 8
    items = {item["id"]: item for item in collection["first"]["items"]}
    claim = items[f"urn:uuid:{sample.claim}"]
    assert claim["@context"] == "http://www.w3.org/ns/anno.jsonld" and claim["motivation"] == "tagging"
    assert claim["body"][0] == {"type": "TextualBody", "purpose": "tagging", "value": "claim"}
    assert claim["body"][1]["format"] == "text/markdown" and claim["body"][1]["value"].startswith(
        "=HYPERLINK"
    )
    assert claim["body"][2] == {"type": "TextualBody", "purpose": "assessing", "value": "false"}
    source = claim["target"]["source"]
    assert source == {"id": "https://news.example/bridge?a=1&b=2", "canonical": f"urn:uuid:{sample.doc_a}"}
    quote, position = claim["target"]["selector"]
    assert quote["exact"] == "the bridge cost =2+2 million" and quote["type"] == "TextQuoteSelector"
    text = sample.project.documents.text(sample.doc_a)
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert claim["factcheck:record"]["claimant"] == "Mayor Smith"
    assert claim["creator"] == {"type": "Person", "name": "@ana"}
    # A document without a URL is named by its id.
    assert items[f"urn:uuid:{sample.audit}"]["target"]["source"] == {"id": f"urn:uuid:{sample.doc_b}"}
    linking = [item for item in items.values() if item["motivation"] == "linking"]
    assert {(i["target"], i["factcheck:relation"], i["body"]) for i in linking} == {
        (f"urn:uuid:{sample.counter}", "disputes", f"urn:uuid:{sample.claim}"),
        (f"urn:uuid:{sample.repeat}", "repeats", f"urn:uuid:{sample.claim}"),
        (f"urn:uuid:{sample.audit}", "disputes", f"urn:uuid:{sample.repeat}"),
    }


def test_the_schemas_catch_what_is_wrong(sample, tmp_path) -> None:
    target = tmp_path / "out.jsonld"
    sample.project.interchange.export("jsonld", target)
    collection = json.loads(target.read_text(encoding="utf-8"))
    item = collection["first"]["items"][0]
    item["target"]["source"]["id"] = "not a uri"
    item["created"] = "yesterday"
    item["motivation"] = "liking"
    assert len(w3c_errors(collection)) >= 3


def test_another_tools_annotations_import_by_quote(sample, tmp_path) -> None:
    text = sample.project.documents.text(sample.doc_a)
    start = text.index("Critics")
    page = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {  # positions from a tool that counts UTF-16 units: off, but the quote and context place it
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": "https://hypothes.is/a/abc",
                "type": "Annotation",
                "motivation": "commenting",
                "created": "2024-01-02T03:04:05Z",
                "creator": {"type": "Person", "name": "reader"},
                "body": [
                    {"type": "TextualBody", "value": "Hmm, *really*?"},
                    {"type": "TextualBody", "purpose": "tagging", "value": "Opinion"},
                ],
                "target": {
                    "source": "https://news.example/bridge?a=1&b=2",
                    "selector": [
                        {"type": "TextPositionSelector", "start": start + 3, "end": start + 10},
                        {
                            "type": "TextQuoteSelector",
                            "exact": "Critics",
                            "prefix": "\n",
                            "suffix": ", however",
                        },
                    ],
                },
            },
            {
                "id": "urn:uuid:0b6c43a4-bb44-4c1f-a6e2-1b1a70a5e1f0",
                "type": "Annotation",
                "target": {
                    "source": "https://elsewhere.example/",
                    "selector": {"type": "TextQuoteSelector", "exact": "nowhere"},
                },
            },
            {
                "id": "x",
                "type": "Annotation",
                "motivation": "linking",
                "body": "urn:uuid:1",
                "target": "urn:uuid:2",
            },
        ],
    }
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    before = annotations(sample.project)
    report = sample.project.interchange.import_exchange(path)
    assert len(report.annotations) == 1 and report.moved == 1
    assert len(report.skipped) == 2 and "https://elsewhere.example/" in report.skipped[1]
    row = sample.project.annotations.get(report.annotations[0])
    assert (row.quote, row.start, row.label_name, row.annotator) == ("Critics", start, "Opinion", "reader")
    assert row.note == "Hmm, *really*?" and row.created_at.year == 2024
    assert report.labels  # "Opinion" was made
    sample.project.interchange.undo_import(report)
    assert annotations(sample.project) == before
    assert "Opinion" not in {label.name for label in sample.project.labels.list()}


def test_not_json(project, tmp_path) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BadInputError, match="not a JSON file"):
        project.interchange.import_exchange(path)
    path.write_text('{"type": "Person"}', encoding="utf-8")
    with pytest.raises(BadInputError, match="no Web Annotations"):
        project.interchange.import_exchange(path)
