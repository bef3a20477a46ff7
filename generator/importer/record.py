"""Record stage: the draft → the record as data, keys in the order editors read them.

The data holds strings only (as the strict loader returns them); validating it with the
project's :class:`~generator.model.Report` proves the YAML written from it will load.
"""

from __future__ import annotations

from typing import Any

from generator.importer.draft import Draft, Node
from generator.model import Report

META_KEYS = ("index_number", "doc_number", "topic", "genre", "written", "published", "validity")
Data = dict[str, Any]
# Required fields the source may not give: written empty (check lists them, as for `new`),
# validated with a stand-in meanwhile. Such a record is a draft until they are filled.
STAND_INS = {"title": "（待填写）", "issuer": "（待填写）"}


def to_data(draft: Draft, source: str | None) -> Data:
    """The report record as plain data (empty fields left out, metadata always shown)."""
    meta = {key: draft.metadata.get(key) or None for key in META_KEYS}
    if meta["written"] is None and draft.signed:
        meta["written"] = draft.signed.isoformat()  # 成文日期 is the date signed
    signature = None
    if draft.signers and draft.signed:
        signature = {"issuer": _one_or_many(draft.signers), "date": draft.signed.isoformat()}
    data = {
        # Without a signature the record cannot be published as it is: it starts as a
        # draft, which check accepts and build leaves out until an editor completes it.
        "draft": "true" if signature is None or set(draft.gaps) & set(STAND_INS) else None,
        "title": draft.title,
        "issuer": _one_or_many(draft.issuers),
        "recipient": draft.recipient,
        "year": str(draft.year),
        "source": source,
        "original_url": draft.metadata.get("original_url"),
        "metadata": meta,
        "preamble": draft.preamble,
        "sections": [_section(node) for node in draft.sections],
        "metrics": [_compact(m) for m in draft.metrics],
        "closing": draft.closing,
        "signature": signature,  # last, as in the report: a cut-off file loses it, and fails
    }
    shown = {"metadata", *draft.gaps}  # empty fields the editor is asked to fill
    return {k: v for k, v in data.items() if k in shown or v not in (None, [], "")}


def validate(data: Data) -> Report:
    """The record as the project's model (raises pydantic's ValidationError if invalid);
    a required field left empty for the editor is checked with a stand-in."""
    gaps = {k: v for k, v in STAND_INS.items() if k in data and data[k] is None}
    return Report.model_validate({**data, **gaps})


def _one_or_many(names: list[str]) -> str | list[str] | None:
    if not names:
        return None
    return names[0] if len(names) == 1 else list(names)


def _section(node: Node) -> Data:
    return _compact(
        {
            "title": node.title,
            "part": node.part,
            "body": [_compact(b) if isinstance(b, dict) else b for b in node.body],
            "sections": [_section(child) for child in node.children],
        }
    )


def _compact(data: Data) -> Data:
    return {k: v for k, v in data.items() if v not in (None, [])}
