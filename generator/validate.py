"""Validate stage: one loaded record → a typed record, or every problem located.

The schema checks each field (:mod:`generator.model`); the report rules check what spans
fields and files (:mod:`generator.rules`). Errors are worded for editors by
:mod:`generator.messages`.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic
from generator.load import Loaded
from generator.messages import located
from generator.model import Report
from generator.rules import Expected, check_report

M = TypeVar("M", bound=BaseModel)


def validate(loaded: Loaded, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """``loaded`` as a ``model`` record, or None and the located errors."""
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        return None, located(exc, loaded, model, loaded.shown)


def validate_report(loaded: Loaded, expected: Expected) -> tuple[Report | None, list[Diagnostic]]:
    """A report record, checked field by field and then by the report rules."""
    report, diags = validate(loaded, Report)
    if report is None:
        return None, diags
    return report, check_report(loaded, report, expected)
