"""Random projects for the export round trips, snapshots to compare them, and the schema validators."""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from hypothesis import strategies as st
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from factcheck.domain import BadInputError, ImportedDocument
from factcheck.services import Project

SCHEMAS = Path(__file__).parent / "schemas"

#: Characters that break naive CSV, XML and spreadsheet handling, mixed into the random text.
AWKWARD = [
    "a",
    "b",
    "z",
    " ",
    "\n",
    "\r\n",
    ",",
    ";",
    '"',
    "'",
    "=",
    "+",
    "-",
    "@",
    "\t",
    "😀",
    "é",
    "€",
    "—",
    "“",
    "”",
    "<",
    "&",
    "]]>",
    "\u200b",
    "مرحبا",
    "日本",
]


def awkward_text(min_size: int = 1, max_size: int = 40, *, controls: bool = True) -> st.SearchStrategy[str]:
    """Text mixing the awkward pieces with any characters (no lone surrogates; C0 controls only if asked)."""
    blacklist = ("Cs",) if controls else ("Cs", "Cc")
    any_char = st.characters(codec="utf-8", exclude_categories=blacklist)
    pieces = st.one_of(st.sampled_from(AWKWARD), any_char)
    return st.lists(pieces, min_size=min_size, max_size=max_size).map("".join)


@dataclass
class Plan:
    """What a random project holds, before it is built."""

    texts: list[str]
    spans: list[tuple[int, float, float]]
    records: list[dict]
    links: list[tuple[int, int, str]]
    matters: list[tuple[str, list[int]]]
    custom_label: str


@st.composite
def plans(draw, *, controls: bool = True) -> Plan:
    texts = draw(st.lists(awkward_text(20, 120), min_size=1, max_size=3))
    count = draw(st.integers(1, 8))
    spans = [
        (draw(st.integers(0, len(texts) - 1)), draw(st.floats(0, 1)), draw(st.floats(0, 1)))
        for _ in range(count)
    ]
    records = []
    for _ in range(count):
        record: dict = {}
        if draw(st.booleans()):
            record["note"] = draw(st.sampled_from(["=1+1", "-", "+x", "@me", "'=x", "\r\n"])) + draw(
                awkward_text(0, 30, controls=controls)
            )
        if draw(st.booleans()):
            record["claimant"] = draw(
                awkward_text(1, 12, controls=False).filter(lambda s: any(c.isalnum() for c in s))
            )
        if draw(st.booleans()):
            record["claim_date"] = draw(st.sampled_from(["2021", "2021-10", "2021-10-07", "1999-02-28"]))
        record["verdict"] = draw(st.sampled_from(["unverified", "false", "mostly_supported", "mixed"]))
        record["attribution"] = draw(st.sampled_from([None, "direct_quote", "paraphrase"]))
        if draw(st.booleans()):
            record["rating_text"] = draw(awkward_text(1, 10, controls=False))
        if draw(st.booleans()):
            record.update(rating_worst=1, rating_best=5, rating_value=draw(st.sampled_from([1, 2.5, 5])))
        if draw(st.booleans()):
            record["rating_value"] = draw(st.sampled_from([-3, 0.1, 1e20]))
            record.pop("rating_best", None)
            record.pop("rating_worst", None)
        record["label"] = draw(st.sampled_from(["claim", "counterclaim", "custom"]))
        records.append(record)
    links = draw(
        st.lists(
            st.tuples(
                st.integers(0, count - 1), st.integers(0, count - 1), st.sampled_from(["disputes", "repeats"])
            ),
            max_size=4,
        )
    )
    matters = draw(
        st.lists(
            st.tuples(awkward_text(1, 8, controls=False), st.lists(st.integers(0, count - 1))), max_size=2
        )
    )
    custom = draw(st.sampled_from(["=SUM(A1:A9)", 'Opinion, "quoted"', "-ve 😀"]))
    return Plan(texts, spans, records, links, matters, custom)


def build(project: Project, plan: Plan) -> None:
    """Make the plan's documents, annotations, links and matters (what cannot be made is left out)."""
    custom = project.labels.add(plan.custom_label)
    labels = {label.name: label.id for label in project.labels.list()}
    labels["custom"] = custom.id
    documents = []
    for number, text in enumerate(plan.texts):
        try:
            documents.append(
                project.documents.add(
                    ImportedDocument(
                        text=text,
                        source_format="txt",
                        title=f'=Doc {number}, "quoted"',
                        outlet="@outlet" if number else "",
                        url=f"https://news.example/{number}?q=a b" if number % 2 == 0 else "",
                        published_at=datetime(2021, 12, 9, 16, 39, tzinfo=UTC) if number else None,
                    ),
                    allow_duplicate=True,
                )
            )
        except BadInputError:
            continue
    if not documents:
        return
    ids = []
    for (doc, a, b), record in zip(plan.spans, plan.records, strict=True):
        document = documents[doc % len(documents)]
        length = len(project.documents.text(document.id))
        start, end = sorted((int(a * length), int(b * length)))
        record = dict(record)
        label = labels[record.pop("label")]
        try:
            row = project.annotations.create(document.id, start, max(end, start + 1), label, **record)
        except BadInputError:
            continue
        ids.append(row.id)
    for a, b, relation in plan.links:
        if a < len(ids) and b < len(ids) and a != b:
            with contextlib.suppress(BadInputError):
                project.links.link(ids[a], ids[b], relation)
    for name, members in plan.matters:
        try:
            matter = project.matters.create(name)
        except BadInputError:
            continue
        project.matters.add_members(matter.id, [ids[m] for m in members if m < len(ids)])


def annotations(project: Project) -> dict[str, tuple]:
    """Every annotation, field for field (labels, claimants and matters by name, not by id)."""
    matters = {m.id: m.name for m in project.matters.list()}
    result = {}
    for document in project.documents.list():
        for r in project.annotations.for_document(document.id):
            result[r.id] = (
                r.document_id,
                r.label_name,
                r.start,
                r.end,
                r.quote,
                r.prefix,
                r.suffix,
                r.annotator,
                r.created_at,
                r.updated_at,
                r.claimant_name,
                r.claim_date,
                r.claim_date_precision,
                r.attribution,
                r.verdict,
                r.rating_text,
                r.rating_value,
                r.rating_best,
                r.rating_worst,
                r.note,
                tuple(sorted(matters[m] for m in r.matter_ids)),
                r.anchor_status,
            )
    return result


def links(project: Project) -> set[tuple[str, str, str]]:
    ids = list(annotations(project))
    return {(link.source_id, str(link.relation), link.target_id) for link in project.links.between(ids)}


class Template:
    """A migrated empty project file, copied for each example (migrating is the slow part of opening)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "template.factcheck"
        Project.open(self.path).close()
        self.count = 0

    def new(self) -> Project:
        self.count += 1
        path = self.folder / f"p{self.count}.factcheck"
        shutil.copy(self.path, path)
        return Project.open(path, annotator="=tester")


# --- W3C Web Annotation schemas -----------------------------------------------------------------------


@cache
def _registry() -> Registry:
    resources = []
    for path in (SCHEMAS / "w3c").glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


_VALIDATORS: dict[int, Draft4Validator] = {}


def _validator(schema: dict) -> Draft4Validator:
    if id(schema) not in _VALIDATORS:
        _VALIDATORS[id(schema)] = Draft4Validator(
            schema, registry=_registry(), format_checker=FormatChecker()
        )
    return _VALIDATORS[id(schema)]


def _ref(file: str, name: str) -> dict:
    return {"$ref": f"{file}#/definitions/{name}"}


#: The Data Model's MUSTs for one Annotation, composed from the test suite's definitions.
ANNOTATION_MUSTS = {
    "allOf": [
        {
            "required": ["@context"],
            "properties": {
                "@context": {
                    "oneOf": [
                        _ref("annotations.json", "contextValueFound"),
                        _ref("annotations.json", "contextValueInArrayFound"),
                    ]
                }
            },
        },
        _ref("id.json", "idValueFound"),
        _ref("annotations.json", "annotationTypeValueFound"),
        _ref("annotations.json", "motivationRecognizedIfPresent"),
        _ref("annotations.json", "bodyValueValidIfPresent"),
        _ref("otherProperties.json", "createdValidIfPresent"),
        _ref("otherProperties.json", "modifiedValidIfPresent"),
        _ref("otherProperties.json", "creatorValidIfPresent"),
        {
            "required": ["target"],
            "properties": {
                "target": {
                    "oneOf": [
                        _ref("bodyTarget.json", "targetResourcesFound"),
                        {
                            "type": "array",
                            "minItems": 1,
                            "items": _ref("bodyTarget.json", "targetResourcesFound"),
                        },
                    ]
                }
            },
        },
        {
            "properties": {
                "body": {
                    "oneOf": [
                        _ref("bodyTarget.json", "bodyResourcesFound"),
                        {
                            "type": "array",
                            "minItems": 1,
                            "items": _ref("bodyTarget.json", "bodyResourcesFound"),
                        },
                    ]
                }
            }
        },
    ]
}
#: For each object body (purpose, format) and each specific-resource target (selectors).
BODY_MUSTS = {
    "allOf": [
        _ref("bodyTarget.json", "optionalBodyPropertiesMust"),
        _ref("otherProperties.json", "purposeRecognizedIfPresent"),
        _ref("bodyTarget.json", "formatValidIfPresent"),
    ]
}
TARGET_MUSTS = {
    "allOf": [
        _ref("bodyTarget.json", "optionalTargetPropertiesMust"),
        _ref("specificResource.json", "selectorDefined"),
        {
            "properties": {
                "selector": {
                    "type": "array",
                    "items": {
                        "allOf": [
                            _ref("specificResource.json", "textQuoteSelectorTypeValidIfPresent"),
                            _ref("specificResource.json", "textPositionSelectorTypeValidIfPresent"),
                        ]
                    },
                }
            }
        },
    ]
}
COLLECTION_MUSTS = {
    "allOf": [
        {
            "required": ["@context"],
            "properties": {
                "@context": {
                    "oneOf": [
                        _ref("collections.json", "contextValueFound"),
                        _ref("collections.json", "contextValueInArrayFound"),
                    ]
                }
            },
        },
        _ref("id.json", "idValueFound"),
        _ref("collections.json", "annotationCollectionTypeValueFound"),
        _ref("collections.json", "labelDefinition"),
        _ref("collections.json", "totalDefinition"),
        _ref("collections.json", "firstRequiredIfTotalMoreThanZero"),
        _ref("collections.json", "firstValidIfPresent"),
        _ref("collections.json", "lastValidIfPresent"),
    ]
}
PAGE_MUSTS = {
    "allOf": [
        _ref("collections.json", "annotationPageTypeValueFound"),
        _ref("collections.json", "itemsFound"),
        _ref("collections.json", "partOfValidIfPresent"),
        _ref("collections.json", "startIndexDefinition"),
        _ref("collections.json", "nextValidIfPresent"),
        _ref("collections.json", "prevValidIfPresent"),
    ]
}


def w3c_errors(collection: dict) -> list[str]:
    """Every violation of the W3C test suite's MUSTs in an exported collection (empty: valid)."""
    errors = []
    for schema, instance in ((COLLECTION_MUSTS, collection), (PAGE_MUSTS, collection.get("first", {}))):
        errors += [e.message for e in _validator(schema).iter_errors(instance)]
    annotation, body, target = _validator(ANNOTATION_MUSTS), _validator(BODY_MUSTS), _validator(TARGET_MUSTS)
    for item in collection.get("first", {}).get("items", []):
        errors += [f"{item.get('id')}: {e.message}" for e in annotation.iter_errors(item)]
        for part in item.get("body", []) if isinstance(item.get("body"), list) else []:
            errors += [f"{item.get('id')} body: {e.message}" for e in body.iter_errors(part)]
        if isinstance(item.get("target"), dict):
            errors += [f"{item.get('id')} target: {e.message}" for e in target.iter_errors(item["target"])]
    return errors
