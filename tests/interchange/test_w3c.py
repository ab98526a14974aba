"""W3C Web Annotation JSON-LD: the collection validates against the W3C test suite's schemas, links are
'linking' annotations, and another tool's annotations import by quote and position."""

from __future__ import annotations

import copy
import json

import pytest
from pyld import jsonld

from factcheck.domain import BadInputError
from tests.interchange.support import SCHEMAS, annotations, w3c_errors


def test_collection_items_and_schema(sample, tmp_path) -> None:
    target = tmp_path / "out.jsonld"
    sample.project.interchange.export("jsonld", target)
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert w3c_errors(collection) == []
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 8
    items = {item["id"]: item for item in collection["first"]["items"]}
    claim = items[f"urn:uuid:{sample.claim}"]
    assert claim["@context"][0] == "http://www.w3.org/ns/anno.jsonld" and claim["motivation"] == "tagging"
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
    assert claim["record"]["claimant"] == "Mayor Smith"
    assert claim["creator"] == {"type": "Person", "name": "@ana"}
    # A document without a URL is named by its id.
    assert items[f"urn:uuid:{sample.audit}"]["target"]["source"] == {"id": f"urn:uuid:{sample.doc_b}"}
    linking = [item for item in items.values() if item["motivation"] == "linking"]
    assert {(i["target"], i["relation"], i["body"]) for i in linking} == {
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


ANNO = json.loads((SCHEMAS / "w3c" / "anno.jsonld").read_text(encoding="utf-8"))
SCHEMA = "http://schema.org/"
FC = "http://factcheck.invalid/terms#"


def offline_loader(url: str, options=None) -> dict:
    """pyld's document loader without a network: only the W3C context is known."""
    if url.rstrip("/") in ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"):
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(ANNO)}
    raise jsonld.JsonLdError(f"offline: {url}", "loading document failed", code="loading document failed")


def _expand(document) -> list:
    return jsonld.expand(document, {"documentLoader": offline_loader})


def test_json_ld_processors_keep_the_record(sample, tmp_path) -> None:
    """Expanded with the W3C context (offline), the collection and a single item taken out of it keep
    the claimant (schema:author), the verdict and the rest of the record."""
    target = tmp_path / "out.jsonld"
    sample.project.interchange.export("jsonld", target)
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    claim = next(i for i in collection["first"]["items"] if i["id"] == f"urn:uuid:{sample.claim}")
    for document in (claim, collection):
        expanded = json.dumps(_expand(document), ensure_ascii=False)
        assert f'"{SCHEMA}author": [{{"@value": "Mayor Smith"}}]' in expanded
        assert f'"{FC}verdict": [{{"@value": "false"}}]' in expanded
        assert f'"{FC}claimDate": [{{"@value": "2021-10"}}]' in expanded
        assert f'"{SCHEMA}alternateName": [{{"@value": "Pants on fire"}}]' in expanded
        assert f'"{SCHEMA}bestRating": [{{"@value": 5' in expanded
    alone = _expand(claim)[0]
    record = alone[f"{FC}record"][0]
    assert record[f"{FC}matter"] == [{"@id": f"urn:uuid:{sample.matter}"}]
    assert alone["http://www.w3.org/ns/oa#hasTarget"]
    link = next(i for i in collection["first"]["items"] if i["motivation"] == "linking")
    assert _expand(link)[0][f"{FC}relation"] == [{"@value": link["relation"]}]
    # Nothing of ours is an undefined term: every key of an item is in one of the two contexts.
    terms = set(ANNO["@context"]) | set(claim["@context"][1]) | {"@context"}
    assert set(claim) <= terms and set(claim["record"]) <= terms


def test_every_page_of_a_paged_collection_is_read(sample, tmp_path) -> None:
    target = tmp_path / "out.jsonld"
    sample.project.interchange.export("jsonld", target)
    collection = json.loads(target.read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    # Three pages: the first embedded, the second named by id elsewhere in the file, the third inline.
    third = {"id": "urn:x:p3", "type": "AnnotationPage", "items": items[6:]}
    second = {"id": "urn:x:p2", "type": "AnnotationPage", "items": items[3:6], "next": third}
    collection["first"] = {"id": "urn:x:p1", "type": "AnnotationPage", "items": items[:3], "next": "urn:x:p2"}
    paged = tmp_path / "paged.jsonld"
    paged.write_text(json.dumps([collection, second]), encoding="utf-8")
    other = sample.project.interchange.read_exchange(paged)
    assert len(other.annotations) == 5 and len(other.links) == 3 and other.problems == []
    # A page the file does not hold is said, not silently dropped.
    collection["first"]["next"] = "https://annotations.example/page/2"
    paged.write_text(json.dumps(collection), encoding="utf-8")
    partial = sample.project.interchange.read_exchange(paged)
    assert len(partial.annotations) == 3
    assert partial.problems == [
        "The collection's page https://annotations.example/page/2 is not in the file; 1 page was read and the "
        "rest left out."
    ]
