"""The ``import`` verb: documents → content/<district>/<town>/<year>.yml.

Wired into ``python -m generator`` by :func:`add_parser` and :func:`run`. User mistakes
(a missing file, a scanned PDF, a record that exists without --force) print a
bilingual message and exit 1, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from generator.diagnostics import UserError
from generator.importer.draft import locate
from generator.importer.emit import dump
from generator.importer.pipeline import Given, Imported, import_file
from generator.importer.places import KnownTown, read_known
from generator.importer.summary import Row, describe, progress, row, table
from generator.model import SOURCE_PATTERN
from generator.schema import modeline
from generator.tree import is_slug

# What the second header line of each place file says.
PLACE_COMMENTS = {"district": "# 区县信息 (district)", "town": "# 镇街信息 (town)"}


def add_parser(subparsers: Any) -> None:
    """Add ``import FILE… --district SLUG --town SLUG [--year N] [--stdout] [--force]``."""
    p = subparsers.add_parser(
        "import",
        help="导入 Word、PDF、OFD、文本或网页为 YAML 记录 (import report documents)",
        description="把去年的报告（.docx、.doc、.pdf、.ofd、.txt、保存的网页 .html）"
        "转为 content/ 下的 YAML 记录 "
        "(convert report documents into YAML records under content/)",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="报告文件 (documents)")
    p.add_argument(
        "--district",
        help="区县目录名（拼音），如 qianjiang (district slug; "
        "default: from seeds/<district>/<town>/)",
    )
    p.add_argument("--town", help="镇街目录名（拼音），如 heixi (town slug)")
    p.add_argument(
        "--year", type=int, help="报告年度，默认从文件中识别 (year; default: found in the document)"
    )
    p.add_argument(
        "--issuer",
        action="append",
        default=[],
        metavar="NAME",
        help="发布机构，文件中没有写明时使用；联合发文写多次 "
        "(issuing body, when the document does not name it; repeat for joint issuers)",
    )
    p.add_argument("--stdout", action="store_true", help="只输出 YAML，不写文件 (print only)")
    p.add_argument(
        "--force",
        action="store_true",
        help="覆盖已有记录，旧记录备份为同目录下的 .<文件名>.bak-<时间> "
        "(overwrite a record, keeping a backup beside it)",
    )


def run(args: argparse.Namespace) -> int:
    """Import every file given; 0 when all were imported, 1 otherwise."""
    if args.year is not None and len(args.files) > 1:
        raise UserError("--year 只能用于单个文件", "--year applies to a single file only")
    if len(args.files) == 1:
        _import_one(args, args.files[0], set(), verbose=True)
        return 0
    return _import_many(args)


def _import_many(args: argparse.Namespace) -> int:
    rows: list[Row] = []
    written: set[Path] = set()
    later: list[str] = []  # backups and renames to suggest, after the table
    for n, path in enumerate(args.files, 1):
        progress(n, len(args.files), path.name)
        try:
            item, target = _import_one(args, path, written, verbose=False, later=later)
            rows.append(row(item, path.name, "已写入 written" if target else "stdout"))
        except UserError as exc:
            rows.append(Row(path.name, result=" ".join(exc.lines())))
    out = sys.stderr if args.stdout else sys.stdout
    print("\n".join(table(rows)), file=out)
    for line in later:
        print(line, file=out)
    failed = sum(1 for r in rows if not r.year)
    print(
        f"共 {len(rows)} 个文件，成功 {len(rows) - failed} 个，失败 {failed} 个 "
        f"({len(rows) - failed} imported, {failed} failed)",
        file=out,
    )
    return 1 if failed else 0


def _import_one(
    args: argparse.Namespace,
    path: Path,
    written: set[Path],
    *,
    verbose: bool,
    later: list[str] | None = None,
) -> tuple[Imported, Path | None]:
    """Import ``path``; write (or print) its record; return it and where it went."""
    given = Given(args.year, tuple(args.issuer or ()), _known_town(args, path))
    item = import_file(path, seeds=args.seeds, given=given)
    out = sys.stderr if args.stdout else sys.stdout
    if args.stdout:
        # Printed for the editor to save at the usual depth: content/<district>/<town>/.
        where = args.content / "district" / "town" / f"{item.report.year}.yml"
        sys.stdout.write(_record_text(item, path, args, where))
        if verbose:
            print("\n".join(describe(item, "stdout")), file=out)
        return item, None
    district, town = _slugs(args, path)
    target = args.content / district / town / f"{item.report.year}.yml"
    if target in written:
        raise UserError(
            f"{target} 已由本次导入的另一个文件写入，未覆盖",
            f"{target} was written by another file in this run; not overwritten",
        )
    if target.exists() and not args.force:
        raise UserError(
            f"{target} 已存在，未覆盖；确需覆盖请加 --force",
            f"{target} exists and was not overwritten; pass --force to replace it",
        )
    extra = _backup(target) if target.exists() else []
    created = _write_places(item, args.content, district, town)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_record_text(item, path, args, target), encoding="utf-8")
    written.add(target)
    if item.report.source is None:
        extra += rename_hint(path, args.seeds, district, town, item.report.year)
    if verbose:
        print("\n".join(describe(item, str(target))), file=out)
        for line in created:
            print(f"  {line}", file=out)
        for line in extra:
            print(line, file=out)
    elif later is not None:
        later.extend(extra)
    return item, target


def _known_town(args: argparse.Namespace, path: Path) -> KnownTown | None:
    """The town imported into, if its _town.yml exists: a last source for the issuer."""
    try:
        district, town = _slugs(args, path)
    except UserError:  # --stdout without a place: nothing known; other runs fail later
        return None
    return read_known(args.content, district, town)


def _backup(target: Path) -> list[str]:
    """Keep what --force overwrites: ``.<name>.bak-<time>`` beside it (hidden, so the
    content walk leaves it out); say where."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f".{target.name}.bak-{stamp}")
    n = 1
    while backup.exists():
        n += 1
        backup = target.with_name(f".{target.name}.bak-{stamp}-{n}")
    shutil.copy2(target, backup)
    return [f"  已覆盖 {target}，原记录备份为 {backup} (overwritten; old record kept as {backup})"]


def rename_hint(path: Path, seeds: Path, district: str, town: str, year: int) -> list[str]:
    """A document under seeds/ whose name cannot be a ``source:`` (Chinese, spaces…):
    a safe name, and the command that renames it (Linux/macOS, then Windows)."""
    try:
        rel = path.resolve().relative_to(seeds.resolve())
    except ValueError:
        return []  # not under seeds/: the import's own note says so
    if re.fullmatch(SOURCE_PATTERN, rel.as_posix()):
        return []
    ext = path.suffix.lower() if re.fullmatch(r"\.[a-z0-9]+", path.suffix.lower()) else ""
    name = f"{district}-{town}-{year}{ext}"
    same_folder = rel.parent.as_posix() == "." or re.fullmatch(
        SOURCE_PATTERN, rel.parent.as_posix()
    )
    dest = path.parent / name if same_folder else seeds / district / town / name
    win, win_dest = str(path).replace("/", "\\"), str(dest).replace("/", "\\")
    windows = f'ren "{win}" {name}' if same_folder else f'move "{win}" {win_dest}'
    unix = f'mv "{path}" {dest.as_posix()}'
    if not same_folder:
        unix = f"mkdir -p {dest.parent.as_posix()} && {unix}"
    again = f"python -m generator import {dest.as_posix()} --force"
    if not same_folder or rel.parent.as_posix() != f"{district}/{town}":
        again += f" --district {district} --town {town}"
    return [
        f"  提示：文件名 {rel.as_posix()} 含中文、空格或其他符号，不能作为 source（原始文件下载），"
        f"建议改名为 {name}：",
        f"    {unix}",
        f"    Windows：{windows}",
        f"  改名后重新导入：{again}",
        f"  (rename to {name} so the report page can offer the document, then import again)",
    ]


def _slugs(args: argparse.Namespace, path: Path) -> tuple[str, str]:
    """--district/--town, or the folders of seeds/<district>/<town>/FILE."""
    district, town = args.district, args.town
    try:
        parts = path.resolve().relative_to(args.seeds.resolve()).parts
    except ValueError:
        parts = ()
    if len(parts) == 3:
        district, town = district or parts[0], town or parts[1]
    if not district or not town:
        raise UserError(
            "请用 --district 和 --town 指定区县、镇街目录名（拼音）",
            "pass --district and --town (pinyin slugs)",
        )
    for slug in (district, town):
        if not is_slug(slug):
            raise UserError(
                f"目录名“{slug}”只能用小写字母、数字和连字符",
                f"slug '{slug}' must use a-z, 0-9 and '-'",
            )
    return district, town


def _write_places(item: Imported, content: Path, district: str, town: str) -> list[str]:
    """Create _district.yml and _town.yml when missing (never overwritten)."""
    done = []
    place, district_dir = item.place, content / district
    files = [
        (district_dir / "_district.yml", "district", place.district_record() if place else None),
        (district_dir / town / "_town.yml", "town", place.town_record() if place else None),
    ]
    for path, kind, data in files:
        if path.exists():
            continue
        if data is None:
            done.append(f"提示：无法从文件中识别地名，请手工创建 {path} (create {path} by hand)")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        header = [modeline(kind, path, content), PLACE_COMMENTS[kind]]
        path.write_text(dump({k: v for k, v in data.items() if v}, header), encoding="utf-8")
        done.append(f"已创建 {path}，请核对地名 (created; check the names)")
    return done


def _record_text(item: Imported, path: Path, args: argparse.Namespace, target: Path) -> str:
    """The record as YAML, under its schema modeline and a line saying what it came from."""
    header = [modeline("report", target, args.content), _comment(item, path, args.seeds)]
    text = dump(item.data, header)
    item.notes = locate(item.notes, text)  # fields to fill, at their line in this text
    return text


def _comment(item: Imported, path: Path, seeds: Path) -> str:
    """Second header line: which report this is and what it was converted from."""
    place = item.place
    name = ""
    if place is not None:
        district = place.district or ""
        name = place.town if place.town.startswith(district) else district + place.town
    src = f"{seeds.name}/{item.report.source}" if item.report.source else path.name
    return f"{name} {item.report.year} 年度法治政府建设情况报告 (converted from {src})".strip()
