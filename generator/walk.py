"""Walk stage: the content tree on disk → the validated catalogue and every diagnostic.

content/<district>/_district.yml, content/<district>/<town>/_town.yml and
content/<district>/<town>/<year>.yml are each loaded (:mod:`.load`), validated
(:mod:`.validate`) and, for reports, advised on (:mod:`.advice`). Folder and file names are
checked here, because they become URLs. Every file is visited and every problem kept, so
an editor fixes everything in one pass. A record with an error is left out of the
catalogue; nothing is rendered while any error remains (see :mod:`.pipeline`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.advice import advise
from generator.cache import Cache
from generator.diagnostics import Diagnostic, Diagnostics, Severity, display_path
from generator.load import LoadError, load_file
from generator.model import District, Report, Town
from generator.rules import Expected, seed_identity
from generator.text import name_key
from generator.tree import Catalog, DistrictEntry, ReportEntry, TownEntry, is_slug
from generator.validate import validate, validate_report

YEAR_FILE = re.compile(r"\A([0-9]{4})\.yml\Z")  # ASCII digits only: it is a URL


@dataclass
class Walk:
    """What every step of one walk shares: where things are, the date, the cache, and the
    diagnostics found so far."""

    seeds: Path
    root: Path  # paths in messages are relative to it
    today: dt.date
    cache: Cache
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    drafts: list[ReportEntry] = field(default_factory=list)  # valid, but not to be published
    content: Path = field(default_factory=Path)  # the content folder, links resolved
    # Worked out once a walk, not once a report: at 5,000 reports, resolving the seeds
    # folder and serialising the town's record for every report's cache key took seconds.
    real_seeds: str = ""
    town_keys: dict[int, tuple[Town, str]] = field(default_factory=dict)  # holds the town:
    # while it is held, no other object can take its id

    def __post_init__(self) -> None:
        self.real_seeds = os.path.realpath(self.seeds)

    def town_key(self, town: Town | None) -> str | None:
        """The town's record as part of its reports' cache keys (once per town a walk)."""
        if town is None:
            return None
        if id(town) not in self.town_keys:
            self.town_keys[id(town)] = (town, town.model_dump_json())
        return self.town_keys[id(town)][1]

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def escapes(self, path: Path, entry: os.DirEntry[str] | None = None) -> bool:
        """Whether ``path`` is a link the walk must not follow (reported as an error at the
        link): one leading outside the content folder, whose file would be read, shown in
        messages or published; or one leading nowhere or round in a loop. Links that stay
        inside the content folder are followed like the files they name. ``entry``: the
        folder listing's entry for ``path``, which knows whether it is a link at no cost."""
        if not (entry.is_symlink() if entry is not None else path.is_symlink()):
            return False
        real = os.path.realpath(path)
        if os.path.commonpath([self.content, real]) != str(self.content):
            self.misplaced(
                path,
                f"链接指向内容目录之外（{real}），不会读取",
                f"link leads outside the content folder ({real}); not read",
            )
        elif not os.path.exists(real):
            self.misplaced(
                path, "链接无效：目标不存在或链接循环", "broken link: no target, or a link loop"
            )
        else:
            return False
        return True

    def misplaced(self, path: Path, zh: str, en: str, severity: Severity = Severity.ERROR) -> None:
        """A problem with a file's name or place, rather than its content."""
        self.diagnostics.add(Diagnostic(self.shown(path), 1, 1, "", zh, en, severity))


def load_catalog(
    content: Path,
    seeds: Path,
    *,
    root: Path | None = None,
    today: dt.date | None = None,
    cache: Cache | None = None,
) -> tuple[Catalog, Diagnostics]:
    """Load and validate the whole content tree; return the catalogue and every diagnostic.

    With a ``cache``, files unchanged since the last run are not parsed again.
    """
    walk = Walk(seeds, root or Path.cwd(), today or dt.date.today(), cache or Cache())
    catalog = Catalog()
    if not content.is_dir():
        walk.misplaced(content, "找不到内容目录", "content directory not found")
        return catalog, walk.diagnostics
    # The folder the user named may itself be a link (their choice); below it, nothing
    # is read that lies outside it once links are followed. Hidden entries (.git, an
    # editor's files, a `.loop -> .` link) are left out here as in every folder.
    walk.content = Path(os.path.realpath(content))
    top = [content / e.name for e in _listing(content) if not walk.escapes(content / e.name, e)]
    for folder in (p for p in top if p.is_dir()):
        district = _district(walk, folder)
        if district is not None:
            catalog.districts.append(district)
    for extra in (p for p in top if p.is_file()):
        walk.misplaced(
            extra,
            "此处不应有文件：记录应放在 content/<区县>/<镇街>/ 下",
            "unexpected file; records live in content/<district>/<town>/",
            Severity.WARNING,
        )
    catalog.districts.sort(key=lambda d: (d.record.order, d.slug))
    catalog.drafts = walk.drafts
    return catalog, walk.diagnostics


def _district(walk: Walk, folder: Path) -> DistrictEntry | None:
    if not _slug_ok(walk, folder):
        return None
    meta = folder / "_district.yml"
    if walk.escapes(meta):
        return None
    if not meta.is_file():
        walk.misplaced(meta, "缺少区县信息文件 _district.yml", "missing _district.yml")
        return None
    record = _place_record(walk, meta, District)
    # Towns are walked even under a broken _district.yml, so their errors show too.
    entry = DistrictEntry(folder.name, record or District(name=folder.name))
    for item in _listing(folder):
        if walk.escapes(folder / item.name, item):
            continue
        if item.is_dir():
            town = _town(walk, entry, folder / item.name)
            if town is not None:
                entry.towns.append(town)
    entry.towns.sort(key=lambda t: (t.record.order, t.slug))
    _duplicate_names(walk, entry, folder)
    return entry if record is not None else None


def _slug_ok(walk: Walk, folder: Path) -> bool:
    if is_slug(folder.name):
        return True
    walk.misplaced(
        folder,
        "目录名只能用小写字母、数字和连字符（拼音）",
        "folder names must use a-z, 0-9 and '-'",
    )
    return False


def _duplicate_names(walk: Walk, district: DistrictEntry, folder: Path) -> None:
    """Two folders holding the same town would publish its reports twice."""
    seen: dict[str, str] = {}
    for town in district.towns:
        key = name_key(town.record.name)
        if key in seen:
            walk.misplaced(
                folder / town.slug / "_town.yml",
                f"镇街名称“{town.record.name}”与目录 {seen[key]}/ 重复，"
                "同一镇街的同一年度报告会出现两次",
                f"town name '{town.record.name}' duplicates folder {seen[key]}/",
            )
        else:
            seen[key] = town.slug


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries by name, hidden ones left out (one system call, no stat)."""
    with os.scandir(folder) as entries:
        return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)


def _town(walk: Walk, district: DistrictEntry, folder: Path) -> TownEntry | None:
    if not _slug_ok(walk, folder):
        return None
    listed = _listing(folder)
    # Only a link can escape (DirEntry knows at no cost): no path object for the others.
    entries = [e for e in listed if not (e.is_symlink() and walk.escapes(folder / e.name, e))]
    meta = folder / "_town.yml"
    if not any(e.name == "_town.yml" and e.is_file() for e in entries):
        if all(e.name != "_town.yml" for e in listed if e not in entries):  # else: a bad link
            walk.misplaced(meta, "缺少镇街信息文件 _town.yml", "missing _town.yml")
        return None
    record = _place_record(walk, meta, Town)
    town = TownEntry(folder.name, record or Town(name=folder.name, kind="镇"), district)
    # The cache's name for each file, made as os.path.abspath would, once a folder: at
    # 5,000 reports, path objects and abspath per file cost a third of a rerun.
    absolute = os.path.abspath(folder)
    same = (walk.town_key(record), walk.today, str(walk.root), walk.real_seeds)
    for item in entries:
        name = item.name
        if name == "_town.yml":
            continue
        match = YEAR_FILE.match(name)
        if not match or not item.is_file():
            walk.misplaced(
                folder / name,
                "文件名应为年度，如 2020.yml",
                "report files are named by year, e.g. 2020.yml",
            )
            continue
        st = item.stat()
        stamp = (os.path.join(absolute, name), _changed(st), st.st_size)
        path = _path(folder, name)
        report = _report(walk, path, stamp, int(match.group(1)), record, same)
        if report is not None:
            entry = ReportEntry(town, report.year, report, path, stamp)
            (walk.drafts if report.draft else town.reports).append(entry)
    return town if record is not None else None


# Each report's path object, kept by the process: the preview walks the same 5,000 files
# after every save, and making the objects anew cost 0.1 s a walk.
_PATHS: dict[tuple[str, str], Path] = {}


def _path(folder: Path, name: str) -> Path:
    """``folder / name``, the same object as in the last walk (paths never change)."""
    key = (str(folder), name)
    found = _PATHS.get(key)
    if found is None:
        if len(_PATHS) > 200_000:
            _PATHS.clear()
        found = _PATHS[key] = folder / name
    return found


def _place_record(walk: Walk, path: Path, model: type[BaseModel]) -> Any:
    """A district or town file, validated once per change of the file."""
    st = path.stat()
    key = (
        "meta",
        os.path.abspath(path),
        _changed(st),
        st.st_size,
        model.__name__,
        str(walk.root),
    )
    found = walk.cache.get(key)
    if found is None:
        found = walk.cache.put(key, _read(walk, path, model))
    record, diags = found
    walk.diagnostics.extend(diags)
    return record


def _read(walk: Walk, path: Path, model: type[BaseModel]) -> tuple[Any, list[Diagnostic]]:
    try:
        loaded = load_file(path, walk.shown(path))
    except LoadError as exc:
        return None, [exc.diag]
    return validate(loaded, model)


def _report(
    walk: Walk,
    path: Path,
    stamp: tuple[str, int, int],
    year: int,
    town: Town | None,
    same: tuple[Any, ...],
) -> Report | None:
    """One report file, loaded, validated and advised on once per change of the file.

    The result is cached under everything it depends on: the file, and in ``same`` (what
    all the town's reports share, made once a town) its town's record, the date (a year
    may come), where messages are shown from and the seeds folder; and (checked on every
    run, a stat) the seed document the report names, which may appear, vanish or change
    while the record stays the same.
    """
    key = ("report", stamp, same)
    found = walk.cache.get(key)
    if found is not None and found[2] and found[2] != seed_identity(walk.seeds, _source(found[0])):
        found = None
    if found is None:
        expected = Expected(year, town, walk.seeds, walk.today)
        report, diags = _check_report(walk, path, expected)
        seed = seed_identity(walk.seeds, _source(report))
        failed = any(d.severity is Severity.ERROR for d in diags)
        found = walk.cache.put(key, (report, diags, seed, failed))
    report, diags, _, failed = found
    walk.diagnostics.extend(diags)
    return None if failed else report


def _source(report: Report | None) -> str | None:
    return report.source if report is not None else None


def _changed(st: os.stat_result) -> int:
    """When a file last changed, for the cache: the later of its modification time and
    its status-change time. The mtime can be set back (`cp -p`, `touch -r`, a restored
    backup, an editor keeping it); the ctime is set by the system at every write, rename
    or mtime change, so a file whose bytes changed never looks unchanged."""
    return max(st.st_mtime_ns, st.st_ctime_ns)


def _check_report(
    walk: Walk, path: Path, expected: Expected
) -> tuple[Report | None, list[Diagnostic]]:
    try:
        loaded = load_file(path, walk.shown(path))
    except LoadError as exc:
        return None, [exc.diag]
    report, diags = validate_report(loaded, expected)
    if report is None:
        return None, diags
    return report, diags + advise(report, loaded)
