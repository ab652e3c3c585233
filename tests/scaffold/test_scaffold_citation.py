"""CITATION.cff validates against the Citation File Format 1.2.0 JSON schema.

``citation-1.2.0.schema.json`` is the official CFF 1.2.0 schema (CC-BY-4.0, by the
Citation File Format authors), as distributed in the ``cffconvert`` 2.0.0 package on PyPI.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.scaffold.conftest import Make

SCHEMA = json.loads((Path(__file__).parent / "citation-1.2.0.schema.json").read_text())


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "model", "license": "Apache-2.0", "author_name": "Grace Brewster Hopper"},
        {"kind": "system", "license": "BSD-3-Clause", "author_name": "Madonna"},
        {"description": 'Quotes "inside": and a colon', "author_name": "Zoë O'Brien"},
    ],
)
def test_citation_is_valid_cff_1_2(make_project: Make, data: dict[str, str]) -> None:
    result = make_project("cited", data=data, git=False)
    citation = yaml.safe_load((result.path / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(citation, SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert citation["cff-version"] == "1.2.0"
    assert citation["license"] == data.get("license", "MIT")
    assert citation["abstract"] == result.answers["description"]
    author = citation["authors"][0]
    assert (
        " ".join(filter(None, [author.get("given-names"), author.get("family-names")]))
        == (result.answers["author_name"])
    )


def test_the_schema_rejects_a_broken_citation() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"cff-version": "1.2.0", "title": "x"}, SCHEMA)
