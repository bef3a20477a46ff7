"""JSON Schema of the records, for editors' text editors (completion, hover, checks).

The committed schemas live in schema/ (``python -m generator schema --kind K -o …``);
every record file the generator writes starts with a modeline pointing at its schema.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model import District, Report, Town

MODELS: dict[str, type[BaseModel]] = {"report": Report, "town": Town, "district": District}


def json_schema(kind: str = "report") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of record."""
    schema = MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def modeline(kind: str, target: Path, content: Path) -> str:
    """The yaml-language-server comment that ties ``target``, a record file inside the
    content tree ``content``, to its schema in schema/ beside that tree."""
    schema = content.parent / "schema" / f"{kind}.schema.json"
    rel = Path(os.path.relpath(os.path.abspath(schema), os.path.abspath(target.parent)))
    return f"# yaml-language-server: $schema={rel.as_posix()}"
