"""Importer: a report as received (Word, PDF, text, portal page copy) → a YAML record.

Stages, one module each, in the order they run (see :mod:`.pipeline`):
read (word, pdf, plaintext) → portal → clean → head / structure / tail (+ headings,
enumerations, parts) → metrics → record → coverage → emit; cli wires the ``import`` verb.
"""

from __future__ import annotations
