"""The real-world corpus (tests/fixtures/real/*.txt) as a published content tree.

Each file is imported with the editors' own verb (``python -m generator import FILE
--district D --town T --issuer NAME``) into a scratch tree, never the repository's
content/. The importer writes drafts (unpublished) and leaves unknown places empty, so
this fills what an editor would: the district and town files from SOURCES.md (the place
and level each report came from) and ``draft: false``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "tests" / "fixtures" / "real"
KINDS = {"镇": "镇", "乡": "乡", "街道": "街道"}


@dataclass(frozen=True)
class Source:
    """One row of SOURCES.md: where a real report came from."""

    file: str
    district_slug: str  # the portal's host name (liujiang.gov.cn → liujiang)
    district: str  # e.g. 柳州市柳江区
    town_slug: str  # from the file name (sanduzhen)
    town: str  # e.g. 三都镇
    kind: str  # 镇, 乡, 街道, 区政府 or 县政府


def sources() -> list[Source]:
    """Every report listed in SOURCES.md, in file order."""
    rows = []
    for line in (REAL / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 7 or not re.fullmatch(r"\d\d_.+\.txt", cells[1]):
            continue
        file, url, place, level = cells[1], cells[2], cells[4], cells[5]
        words = re.sub(r"\(.*?\)", " ", place).split()
        host = (urlsplit(url).hostname or "").removesuffix(".gov.cn").split(".")[-1]
        town = words[-1]
        kind = ("县政府" if town.endswith("县") else "区政府") if level == "区县" else KINDS[level]
        district = words[-2] if len(words) > 1 else town
        rows.append(Source(file, host, district, file.split("_")[2], town, kind))
    return rows


def issuer(src: Source) -> str:
    """The issuing body, for reports that do not name it themselves."""
    return f"{src.town}办事处" if src.kind == "街道" else f"{src.town}人民政府"


def import_real(content: Path, seeds: Path, files: list[str] | None = None) -> list[Path]:
    """Import the real reports (all, or those named) into ``content``; publish them.

    Returns the records written. Raises CalledProcessError when an import fails.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    written = []
    for src in sources():
        if files is not None and src.file not in files:
            continue
        town_dir = content / src.district_slug / src.town_slug
        before = set(town_dir.glob("*.yml"))
        cmd = [sys.executable, "-m", "generator", "--content", str(content)]
        cmd += ["--seeds", str(seeds), "import", str(REAL / src.file)]
        cmd += ["--district", src.district_slug, "--town", src.town_slug]
        cmd += ["--issuer", issuer(src)]
        subprocess.run(cmd, cwd=REPO, env=env, check=True, capture_output=True)
        district_file = content / src.district_slug / "_district.yml"
        if not district_file.is_file():
            district_file.write_text(f"name: {src.district}\n", encoding="utf-8")
        town_file = town_dir / "_town.yml"
        town_file.write_text(f"name: {src.town}\nkind: {src.kind}\n", encoding="utf-8")
        for record in set(town_dir.glob("[0-9]*.yml")) - before:
            publish(record, issuer(src))
            written.append(record)
    return written


def publish(record: Path, signer: str) -> None:
    """Mark an imported draft as published, as an editor does after checking it.

    Every stored copy is cut short (SOURCES.md), so none has its signature: it is
    filled in as 31 March of the following year, the reports' deadline.
    """
    text = re.sub(r"(?m)^draft: true$", "draft: false", record.read_text(encoding="utf-8"))
    if not re.search(r"(?m)^signature:", text):
        year = int(re.search(r"(?m)^year: (\d{4})", text).group(1))  # type: ignore[union-attr]
        text += f"\nsignature:\n  issuer: {signer}\n  date: {year + 1}-03-31\n"
    record.write_text(text, encoding="utf-8")
