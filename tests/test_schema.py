"""The committed JSON Schemas (used by editors' text editors) match the record models."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from generator.schema import MODELS, json_schema


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_committed_schema_is_current(kind: str) -> None:
    committed = json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(kind), (
        f"schema/{kind}.schema.json is stale: run "
        f"`python -m generator schema --kind {kind} -o schema/{kind}.schema.json`"
    )


def test_content_modelines_point_at_existing_schemas() -> None:
    kinds = {"_district.yml": "district", "_town.yml": "town"}
    checked = []
    for record in sorted((REPO / "content").rglob("*.yml")):
        first = record.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), record
        target = (record.parent / first.split("=", 1)[1]).resolve()
        kind = kinds.get(record.name, "report")
        assert target == REPO / "schema" / f"{kind}.schema.json", f"{record}: {target}"
        assert target.is_file(), target
        checked.append(kind)
    assert sorted(checked) == ["district", "report", "town"]
