"""JSON Schema of the records, for editors' text editors (completion, hover, checks)."""

from __future__ import annotations

from typing import Any

from generator.model import District, Report, Town

MODELS = {"report": Report, "town": Town, "district": District}


def json_schema(kind: str = "report") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of record."""
    schema = MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
