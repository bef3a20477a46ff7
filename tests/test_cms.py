"""The form editor's files: generated config, the record format (run in node), the model.

The committed admin/config.yml and admin/record-shape.js match the model (as schema/ does);
admin/record-format.js, run with node as the browser runs it, turns records into the form's
data and back without changing what they mean; tagged body items are the same record.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINIMAL_REPORT, REPO

from generator import cms
from generator.load import parse
from generator.model import District, Report, Town

SEED = REPO / "content" / "qianjiang" / "heixi" / "2020.yml"
MODELS: dict[str, Any] = {"report": Report, "town": Town, "district": District}
# fromFile / toFile in node, from the admin folder (js-yaml from ../node_modules).
DRIVER = """
const F = require("./record-format.js");
const jobs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = jobs.map(job => {
  const data = job.data || F.fromFile(job.text);
  return job.read ? data : F.toFile(job.kind || data.gk_record, data);
});
process.stdout.write(JSON.stringify(out));
"""


def node(jobs: list[dict[str, Any]]) -> list[Any]:
    """Run the record format in node over several jobs at once."""
    if shutil.which("node") is None or not (REPO / "node_modules" / "js-yaml").is_dir():
        pytest.fail("node or node_modules missing: run `make cms` (npm ci)")
    proc = subprocess.run(
        ["node", "-e", DRIVER],
        cwd=REPO / "admin",
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout))


def record(text: str, kind: str = "report") -> Any:
    """A record file's text as the model reads it (strict loader, then validation)."""
    loaded = parse(text, Path(f"x/{kind}.yml"), f"{kind}.yml")
    return MODELS[kind].model_validate(loaded.data)


@pytest.mark.parametrize("name", sorted(cms.generated()))
def test_committed_admin_files_are_current(name: str) -> None:
    committed = (cms.ADMIN / name).read_text(encoding="utf-8")
    assert committed == cms.generated()[name], (
        f"admin/{name} is stale: run `python -m generator cms`"
    )


def fields_by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


def test_config_follows_the_model() -> None:
    config = yaml.safe_load(cms.config_text())
    assert config["locale"] == "zh_Hans"
    reports = next(c for c in config["collections"] if c["name"] == "reports")
    fields = fields_by_name(reports["fields"])
    assert fields["title"]["label"] == "文件标题"
    assert fields["title"]["required"] is True
    assert fields["recipient"]["required"] is False
    assert fields["year"]["pattern"][0] == "^20[0-9]{2}$"
    published = fields_by_name(fields["metadata"]["fields"])["published"]
    assert published["widget"] == "datetime"
    assert published["time_format"] is False
    assert published["format"] == "YYYY-MM-DD"
    level = fields["sections"]
    part = fields_by_name(level["fields"])["part"]
    assert part["options"][0]["label"] == "主要举措和成效"
    depth = 1
    while "sections" in fields_by_name(level["fields"]):
        level = fields_by_name(level["fields"])["sections"]
        depth += 1
        assert "part" not in fields_by_name(level["fields"])  # top level only
    assert depth == 4
    body = fields_by_name(level["fields"])["body"]
    assert [t["name"] for t in body["types"]] == ["paragraph", "enumeration", "table"]
    assert body["typeKey"] == "kind"
    metric = fields_by_name(fields["metrics"]["fields"])
    assert metric["value"]["pattern"][0].startswith("^-?[0-9]")
    assert metric["qualifier"]["options"] == ["余", "以上", "约", "近", "超过", "多"]


def test_label_and_hint_split_descriptions() -> None:
    assert cms.label_and_hint("name", "名称，如 黔江区 (short name)") == (
        "名称",
        "如 黔江区 (short name)",
    )
    assert cms.label_and_hint("written", "成文日期 YYYY-MM-DD (date written)") == (
        "成文日期",
        "YYYY-MM-DD (date written)",
    )
    # A description that starts with a value names no label: the field's name is used.
    assert cms.label_and_hint("x", "true 表示完整 (complete)") == ("x", "true 表示完整 (complete)")


TAGGED = """\
title: 测试镇人民政府2020年度法治政府建设情况报告
issuer: [测试镇人民政府]
year: 2020
sections:
  - title: 主要举措和成效
    part: measures
    body:
      - {kind: paragraph, text: 全镇培训干部120人次。}
      - {kind: enumeration, lead: 一是：, items: [学法。, 用法。]}
      - kind: table
        header: [村, 次数]
        rows: [{cells: [东村, "12"]}, [西村, ""]]
signature: {issuer: 测试镇人民政府, date: 2021-01-05}
"""
PLAIN = """\
title: 测试镇人民政府2020年度法治政府建设情况报告
issuer: 测试镇人民政府
year: 2020
sections:
  - title: 主要举措和成效
    part: 主要举措和成效
    body:
      - 全镇培训干部120人次。
      - {lead: 一是：, items: [学法。, 用法。]}
      - header: [村, 次数]
        rows: [[东村, "12"], [西村, ""]]
signature: {issuer: 测试镇人民政府, date: 2021-01-05}
"""


def test_tagged_items_are_the_same_record() -> None:
    assert record(TAGGED) == record(PLAIN)


def test_a_bad_tagged_item_is_still_an_error() -> None:
    bad = TAGGED.replace("{kind: paragraph, text: 全镇培训干部120人次。}", "{kind: paragraph}")
    with pytest.raises(ValueError, match="kind"):
        record(bad)


def sample_texts(tmp_path: Path) -> list[tuple[str, str]]:
    """content/'s records and generated sample reports (tables, enumerations, changes)."""
    from generator.sample import generate

    generate(tmp_path / "sample", 12, seed=5)
    files = sorted((REPO / "content").rglob("*.yml")) + sorted((tmp_path / "sample").rglob("*.yml"))
    kinds = {"_district.yml": "district", "_town.yml": "town"}
    return [(kinds.get(f.name, "report"), f.read_text(encoding="utf-8")) for f in files]


def test_round_trip_keeps_every_record(tmp_path: Path) -> None:
    texts = sample_texts(tmp_path)
    written = node([{"text": text} for _, text in texts])
    for (kind, before), after in zip(texts, written, strict=True):
        assert record(after, kind) == record(before, kind), after
        assert after.startswith("# yaml-language-server: $schema=")


def test_round_trip_of_the_seed_keeps_its_style() -> None:
    text = SEED.read_text(encoding="utf-8")
    (after,) = node([{"text": text}])
    assert after.splitlines()[:2] == text.splitlines()[:2]  # modeline and comment kept
    assert after.rstrip().splitlines()[-3:] == text.rstrip().splitlines()[-3:]  # 落款 last
    assert "  - 我镇党委、政府高度重视法治政府建设工作" in after  # paragraphs stay plain
    assert "kind:" not in after


def test_editing_one_paragraph_changes_only_that_paragraph() -> None:
    text = SEED.read_text(encoding="utf-8")
    (data,) = node([{"text": text, "read": True}])
    body = data["sections"][0]["sections"][0]["sections"][0]["body"]
    assert body[0]["kind"] == "paragraph"
    body[0]["text"] = "我镇党委、政府高度重视法治政府建设工作。（已修改）"
    (after,) = node([{"data": data, "kind": "report"}])
    before_record = record(text).model_dump(warnings=False)
    after_record = record(after).model_dump(warnings=False)
    changed = after_record["sections"][0]["sections"][0]["sections"][0]["body"]
    assert changed[0] == "我镇党委、政府高度重视法治政府建设工作。（已修改）"
    changed[0] = before_record["sections"][0]["sections"][0]["sections"][0]["body"][0]
    assert after_record == before_record


def test_a_new_report_from_the_form(tmp_path: Path) -> None:
    """What the form holds for a new report (folders asked, tags, one-item lists) is
    written as a plain record; the folder fields never reach the file."""
    data = {
        "district_dir": "ceshi",
        "town_dir": "zhen",
        "draft": False,
        "title": "测试镇人民政府2020年度法治政府建设情况报告",
        "issuer": ["测试镇人民政府"],
        "year": "2020",
        "metadata": {"published": "2021-01-10", "index_number": ""},
        "sections": [
            {"title": "主要举措和成效", "part": "measures",
             "body": [{"kind": "paragraph", "text": "全镇培训干部120人次。"}]},
        ],
        "metrics": [{"label": "培训干部", "value": "120", "unit": "人次",
                     "sentence": "全镇培训干部120人次。", "qualifier": ""}],
        "signature": {"issuer": ["测试镇人民政府"], "date": "2021-01-05"},
    }  # fmt: skip
    (after,) = node([{"data": data, "kind": "report"}])
    assert after.startswith("# yaml-language-server: $schema=../../../schema/report.schema.json\n")
    assert "district_dir" not in after
    assert "draft" not in after
    assert "issuer: 测试镇人民政府\n" in after
    assert after.rstrip().endswith("date: 2021-01-05")
    expected = MINIMAL_REPORT.split("preamble:")[0].replace("recipient: 区依法治区办\n", "")
    assert record(after).title == record(expected + "sections: [{title: t, body: [x]}]").title


def test_admin_server_serves_only_admin_and_the_bundles(tmp_path: Path) -> None:
    import http.client

    from generator.edit import Repo, admin_server, site_config

    config = site_config(Repo(tmp_path, "main", "records"), 4321, None)
    assert config["backend"]["name"] == "proxy"
    assert config["backend"]["proxy_url"] == "http://127.0.0.1:4321/api/v1"
    assert config["backend"]["commit_messages"]["update"].startswith("修改")
    assert {c["folder"] for c in config["collections"]} == {"records"}
    cases = {
        "/admin/": 200,
        "/admin/config.yml": 200,
        "/admin/record-format.js": 200,
        "/admin/cms/decap-cms.js": 200,
        "/admin/vendor/js-yaml.min.js": 200,
        "/admin/../pyproject.toml": 404,
        "/admin/cms/../../../../pyproject.toml": 404,
        "/admin/%2e%2e/pyproject.toml": 404,
        "/pyproject.toml": 404,
    }
    with admin_server(config, 0) as port:
        for path, status in cases.items():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            assert response.status == status, path


def test_a_content_folder_outside_git_is_saved_without_commits(tmp_path: Path) -> None:
    from generator.edit import find_repo

    (tmp_path / "content").mkdir()
    repo = find_repo(tmp_path / "content")
    assert (repo.commits, repo.folder, repo.root) == (False, "content", tmp_path.resolve())


def test_preview_uses_the_sites_numbering_and_disclosure_box() -> None:
    from types import SimpleNamespace

    from generator.report_page import metadata_rows

    seed = record(SEED.read_text(encoding="utf-8"))
    labels = [row[0] for row in metadata_rows(SimpleNamespace(record=seed))]  # type: ignore[arg-type]
    assert [row[0] for row in cms.META_ROWS] == labels
    numbers = cms.numbering()
    assert [level[1] for level in numbers["headings"]] == ["二、", "（二）", "2.", "（2）"]
    assert numbers["markers"][:2] == ["一是", "二是"]


@pytest.mark.parametrize(
    ("backend", "options", "auth"),
    [
        ("gitlab", {"app_id": "abc"}, {"auth_type": "pkce", "app_id": "abc"}),
        ("gitea", {"app_id": "abc", "base_url": "https://git.example.gov.cn"}, {"app_id": "abc"}),
        ("github", {"base_url": "https://oauth.example.gov.cn"}, {}),
    ],
)
def test_hosted_config_turns_the_editorial_workflow_on_where_decap_has_it(
    backend: str, options: dict[str, str], auth: dict[str, str]
) -> None:
    config = cms.hosted_config(backend, "yfzq/content", **options)
    # Decap 3.16.3's Gitea backend throws on the editorial workflow: simple mode there.
    workflow = "simple" if backend == "gitea" else "editorial_workflow"
    assert config["publish_mode"] == workflow
    assert config["backend"]["name"] == backend
    assert config["backend"]["repo"] == "yfzq/content"
    assert auth.items() <= config["backend"].items()
    assert config["collections"] == cms.config()["collections"]


def test_hosted_config_names_what_its_login_needs() -> None:
    with pytest.raises(ValueError, match="--app-id"):
        cms.hosted_config("gitlab", "yfzq/content")
    with pytest.raises(ValueError, match="--base-url"):
        cms.hosted_config("github", "yfzq/content")
