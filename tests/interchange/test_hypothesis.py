"""--format hypothesis: a JSON array whose items Hypothesis's create-annotation API accepts as they are,
checked against a JSON schema mirroring h's AnnotationSchema (h/schemas/annotation.py) and its create
rule (uri required)."""

from __future__ import annotations

import json

from jsonschema import Draft7Validator

SELECTOR = {
    "type": "array",
    "items": {"type": "object", "properties": {"type": {"type": "string"}}, "required": ["type"]},
}
#: h's AnnotationSchema, with what CreateAnnotationSchema adds: a non-empty uri. Our own stricter
#: expectations (a target with selectors) are asserted in the test.
CREATE_ANNOTATION = {
    "type": "object",
    "properties": {
        "document": {
            "type": "object",
            "properties": {
                "dc": {
                    "type": "object",
                    "properties": {"identifier": {"type": "array", "items": {"type": "string"}}},
                },
                "link": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "href": {"type": "string", "maxLength": 3000},
                            "type": {"type": "string"},
                        },
                        "required": ["href"],
                    },
                },
            },
        },
        "group": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 1000}},
        "references": {"type": "array", "items": {"type": "string"}},
        "target": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"description": {"type": "string", "maxLength": 5000}, "selector": SELECTOR},
            },
        },
        "text": {"type": "string"},
        "uri": {"type": "string", "pattern": r"\S"},
        "metadata": {"type": "object"},
    },
    "required": ["uri"],
}


def test_every_item_is_a_create_annotation_request(sample, tmp_path) -> None:
    target = tmp_path / "h.json"
    result = sample.project.interchange.export("hypothesis", target)
    items = json.loads(target.read_text(encoding="utf-8"))
    assert result.items == len(items) == 5
    validator = Draft7Validator(CREATE_ANNOTATION)
    for item in items:
        assert list(validator.iter_errors(item)) == []
        assert isinstance(item["target"], list) and len(item["target"]) == 1
        kinds = [s["type"] for s in item["target"][0]["selector"]]
        assert kinds == ["TextQuoteSelector", "TextPositionSelector"]
    by_quote = {(i["target"][0]["selector"][0]["exact"], i["uri"].startswith("urn:")): i for i in items}
    claim = by_quote["the bridge cost =2+2 million", False]
    assert claim["uri"] == "https://news.example/bridge?a=1&b=2" == claim["target"][0]["source"]
    assert claim["document"] == {"title": ["=Bridge costs"]}
    assert claim["tags"] == ["claim", "false", "Bridge cost"]
    assert claim["text"].startswith('=HYPERLINK("http://evil")')
    assert (
        "- **Claimant:** Mayor Smith\n- **Claim date:** 2021-10\n- **Attribution:** paraphrase"
        in claim["text"]
    )
    assert "- **Verdict:** False\n- **Rating:** Pants on fire (1 of 5)" in claim["text"]
    text = sample.project.documents.text(sample.doc_a)
    position = claim["target"][0]["selector"][1]
    assert text[position["start"] : position["end"]] == "the bridge cost =2+2 million"
    audit = by_quote["that is false", True]
    assert audit["uri"] == f"urn:x-factcheck:document:{sample.doc_b}"  # the article has no URL
    assert audit["tags"] == ["counterclaim"] and audit["text"] == ""
    # The schema can fail: a request without a uri, or with a selector that is not an object with a type.
    assert [e.message for e in validator.iter_errors({"target": []})] == ["'uri' is a required property"]
    assert list(validator.iter_errors({"uri": "u", "target": [{"selector": [{"exact": "x"}]}]}))
