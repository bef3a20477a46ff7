"""The CI workflows and hooks offered to content repositories run here, command for command.

Only the steps that fetch and install things are skipped (they need the network); the
check, build and deploy commands run exactly as written, in a scratch content repository,
deploying with docs/ci/deploy-rsync.sh into a local folder instead of an intranet server.
The triggers, permissions and rules are read from the YAML and asserted (GitLab's rules are
evaluated for the pipelines that matter: merge request, merge, daily schedule). The
repository's own .pre-commit-config.yaml runs in a scratch git repository.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINIMAL_DISTRICT, MINIMAL_REPORT, MINIMAL_TOWN, REPO

DOCS = REPO / "docs" / "ci"
DEPLOY = DOCS / "deploy-rsync.sh"
CESHI_PAGE = Path("ceshi", "zhen", "2020", "index.html")
HEIXI_PAGE = Path("qianjiang", "heixi", "2020", "index.html")

needs_rsync = pytest.mark.skipif(
    shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync)"
)


def is_install(command: str) -> bool:
    return command.startswith("git clone") or "pip install" in command or "apt-get" in command


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def content_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "content-repo"
    repo.mkdir()
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copytree(REPO / "seeds", repo / "seeds")
    # A second town, changed or removed between deploys.
    town = repo / "content" / "ceshi" / "zhen"
    town.mkdir(parents=True)
    (town.parent / "_district.yml").write_text(MINIMAL_DISTRICT, encoding="utf-8")
    (town / "_town.yml").write_text(MINIMAL_TOWN, encoding="utf-8")
    (town / "2020.yml").write_text(MINIMAL_REPORT, encoding="utf-8")
    # What the checkout/clone step provides: this project's files (installed already).
    for part in ("theme_overrides", "search", "generator", "docs/ci"):
        shutil.copytree(
            REPO / part, repo / ".gkgen" / part, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO / "mkdocs.yml", repo / ".gkgen" / "mkdocs.yml")
    return repo


def run(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **env,
    }
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes: a deploy's exact state."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def change_content(repo: Path) -> None:
    """Between deploys: one report edited, a whole district removed."""
    report = repo / "content" / "ceshi" / "zhen" / "2020.yml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("现将有关情况", "现将本镇修订后的有关情况"), encoding="utf-8")
    shutil.rmtree(repo / "content" / "qianjiang")


def assert_first_deploy(target: Path) -> None:
    assert (target / "index.html").is_file()
    assert (target / HEIXI_PAGE).is_file()
    assert "现将有关情况" in (target / CESHI_PAGE).read_text(encoding="utf-8")
    assert (target / ".gkgen-deploy").is_file()


def assert_second_deploy(target: Path) -> None:
    assert "现将本镇修订后的有关情况" in (target / CESHI_PAGE).read_text(encoding="utf-8")
    assert not (target / "qianjiang").exists()  # gone from the site, gone from the server
    assert not list(target.rglob(".~tmp~"))  # rsync's staging folders are cleaned up


# ---- GitHub Actions ----------------------------------------------------------------------


def github_triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on:` as True


def test_github_actions_triggers_and_permissions() -> None:
    workflow = load(DOCS / "github-actions.yml")
    on = github_triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    (cron,) = [s["cron"] for s in on["schedule"]]
    minute, hour, *rest = cron.split()
    assert minute.isdigit()
    assert hour.isdigit()
    assert rest == ["*", "*", "*"]  # once a day, every day
    assert workflow["permissions"] == {"contents": "read"}

    jobs = workflow["jobs"]
    site = jobs["site"]["steps"]
    checkout = site[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0  # per-record dates come from git history
    build = next(s for s in site if "build" in s.get("name", ""))
    assert "SOURCE_DATE_EPOCH" in build["run"]
    (pages_artifact,) = (s for s in site if "upload-pages-artifact" in s.get("uses", ""))
    assert pages_artifact["uses"] == "actions/upload-pages-artifact@v3"
    assert pages_artifact["with"]["path"] == "site"
    assert "pull_request" in pages_artifact["if"]

    pages = jobs["pages"]
    assert pages["needs"] == "site"
    assert "github.event_name != 'pull_request'" in pages["if"]
    assert "refs/heads/main" in pages["if"]
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in pages["steps"]] == ["actions/deploy-pages@v4"]

    rsync = jobs["rsync"]
    assert "vars.DEPLOY_RSYNC == 'true'" in rsync["if"]
    assert "github.event_name != 'pull_request'" in rsync["if"]
    (deploy,) = (s for s in rsync["steps"] if "run" in s)
    assert "docs/ci/deploy-rsync.sh site" in deploy["run"]
    for name in ("DEPLOY_SSH_KEY", "DEPLOY_KNOWN_HOSTS", "DEPLOY_TARGET"):
        assert deploy["env"][name] == f"${{{{ secrets.{name} }}}}"


@needs_rsync
def test_github_actions_workflow(content_repo: Path, tmp_path: Path) -> None:
    jobs = load(DOCS / "github-actions.yml")["jobs"]
    site_steps = [s["run"] for s in jobs["site"]["steps"] if "run" in s]
    deploy_steps = [s["run"] for s in jobs["rsync"]["steps"] if "run" in s]
    assert any(is_install(s) for s in site_steps)
    target = tmp_path / "www" / "fazhi"
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    secrets = {"DEPLOY_TARGET": str(target), "DEPLOY_SSH_KEY": "-", "DEPLOY_KNOWN_HOSTS": "-"}

    def build_and_deploy() -> None:
        for command in (s for s in site_steps if not is_install(s)):
            proc = run(command, content_repo)  # each step is its own shell, from the repo root
            assert proc.returncode == 0, f"{command}\n{proc.stderr}"
        for command in deploy_steps:
            proc = run(command, content_repo, RUNNER_TEMP=str(runner_temp), **secrets)
            assert proc.returncode == 0, f"{command}\n{proc.stderr}"
            assert "发布完成" in proc.stderr

    build_and_deploy()
    assert (content_repo / "site" / HEIXI_PAGE).is_file()
    assert_first_deploy(target)
    assert (runner_temp / "deploy_key").stat().st_mode & 0o077 == 0  # the key stays private

    change_content(content_repo)
    build_and_deploy()
    assert_second_deploy(target)


def test_github_build_date_is_the_run_date(tmp_path: Path) -> None:
    """The scheduled rebuild must move "today" on: the build step exports the run time."""
    (build,) = (
        s
        for s in load(DOCS / "github-actions.yml")["jobs"]["site"]["steps"]
        if "build" in s.get("name", "")
    )
    first_line = build["run"].splitlines()[0]
    proc = run(f'{first_line}\necho "$SOURCE_DATE_EPOCH"', tmp_path, SOURCE_DATE_EPOCH="1")
    epoch = int(proc.stdout.split()[-1])
    assert dt.datetime.fromtimestamp(epoch, dt.UTC).date() == dt.datetime.now(dt.UTC).date()


# ---- GitLab CI ---------------------------------------------------------------------------


def gitlab_jobs() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The pipeline and its jobs, with `extends:` resolved (one level, as used)."""
    pipeline = load(DOCS / "gitlab-ci.yml")
    jobs = {}
    for name, job in pipeline.items():
        if isinstance(job, dict) and not name.startswith(".") and "stage" in job:
            jobs[name] = {**pipeline.get(job.get("extends", ""), {}), **job}
    return pipeline, jobs


RULE = re.compile(r'^\$(\w+) (==|!=) (?:\$(\w+)|"([^"]*)")$')


def rule_matches(expression: str, variables: dict[str, str]) -> bool:
    """GitLab's `rules: if:` for the comparisons these templates use (`&&` of them)."""
    results = []
    for part in expression.split(" && "):
        match = RULE.match(part.strip())
        assert match, f"unsupported rule in the test's evaluator: {part}"
        left = variables.get(match[1])
        right = variables.get(match[3]) if match[3] else match[4]
        results.append((left == right) == (match[2] == "=="))
    return all(results)


def first_rule(rules: list[dict[str, str]], variables: dict[str, str]) -> bool:
    for rule in rules:
        if rule_matches(rule["if"], variables):
            return rule.get("when", "on_success") != "never"
    return False


def pipeline_jobs(variables: dict[str, str]) -> list[str]:
    pipeline, jobs = gitlab_jobs()
    variables = {"CI_DEFAULT_BRANCH": "main", **variables}
    if not first_rule(pipeline["workflow"]["rules"], variables):
        return []
    return [n for n, j in jobs.items() if "rules" not in j or first_rule(j["rules"], variables)]


MERGE_REQUEST = {"CI_PIPELINE_SOURCE": "merge_request_event"}
MERGED = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main"}
SCHEDULED = {"CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_BRANCH": "main"}


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        (MERGE_REQUEST, ["check", "build"]),
        ({**MERGE_REQUEST, "DEPLOY_RSYNC": "true"}, ["check", "build"]),
        ({"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "zhangsan-2021"}, []),
        (MERGED, ["check", "build", "pages"]),
        (SCHEDULED, ["check", "build", "pages"]),
        ({**SCHEDULED, "CI_COMMIT_BRANCH": "other"}, []),
        ({**SCHEDULED, "DEPLOY_RSYNC": "true"}, ["check", "build", "pages", "deploy-rsync"]),
        ({**MERGED, "DEPLOY_RSYNC": "true"}, ["check", "build", "pages", "deploy-rsync"]),
        (
            {"CI_PIPELINE_SOURCE": "web", "CI_COMMIT_BRANCH": "main", "DEPLOY_RSYNC": "true"},
            ["check", "build", "pages", "deploy-rsync"],
        ),
    ],
)
def test_gitlab_ci_rules(variables: dict[str, str], expected: list[str]) -> None:
    assert pipeline_jobs(variables) == expected


def test_gitlab_ci_stages_and_pages() -> None:
    pipeline, jobs = gitlab_jobs()
    assert pipeline["stages"] == ["check", "build", "deploy"]
    assert [jobs[n]["stage"] for n in ("check", "build", "pages", "deploy-rsync")] == [
        "check",
        "build",
        "deploy",
        "deploy",
    ]
    assert pipeline["variables"]["GIT_DEPTH"] == "0"  # per-record dates come from git history
    assert jobs["build"]["artifacts"]["paths"] == ["public/"]
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]  # what GitLab Pages publishes
    assert jobs["pages"]["needs"] == jobs["deploy-rsync"]["needs"] == ["build"]
    assert any("SOURCE_DATE_EPOCH" in c for c in jobs["build"]["script"])
    assert "schedule" in (DOCS / "gitlab-ci.yml").read_text(encoding="utf-8")


@needs_rsync
def test_gitlab_ci_pipeline(content_repo: Path, tmp_path: Path) -> None:
    _, jobs = gitlab_jobs()
    target = tmp_path / "www" / "fazhi"
    key, known_hosts = tmp_path / "key", tmp_path / "known_hosts"  # file-type variables
    key.write_text("-\n")
    known_hosts.write_text("-\n")
    variables = {
        "DEPLOY_TARGET": str(target),
        "DEPLOY_SSH_KEY": str(key),
        "DEPLOY_KNOWN_HOSTS": str(known_hosts),
    }

    def pipeline() -> None:
        for name in ("check", "build", "pages", "deploy-rsync"):
            job = jobs[name]
            commands = [*job.get("before_script", []), *job["script"]]
            assert name == "pages" or any(is_install(c) for c in commands)
            script = "\n".join(c for c in commands if not is_install(c))  # one shell, as GitLab
            proc = run(script, content_repo, **variables)
            assert proc.returncode == 0, f"{name}\n{proc.stderr}"

    pipeline()
    assert (content_repo / "public" / HEIXI_PAGE).is_file()
    assert_first_deploy(target)
    assert key.stat().st_mode & 0o077 == 0

    change_content(content_repo)
    pipeline()
    assert_second_deploy(target)


# ---- deploy-rsync.sh ---------------------------------------------------------------------


def deploy(site: Path, target: str | None, **env: str) -> subprocess.CompletedProcess[str]:
    extra = {"DEPLOY_TARGET": target} if target is not None else {}
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
    return subprocess.run(
        ["bash", str(DEPLOY), str(site)],
        env={**environ, **extra, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def deployed(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A small site deployed once into tmp_path/www/fazhi; returns the target and its state."""
    site = tmp_path / "site"
    (site / "qianjiang").mkdir(parents=True)
    (site / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (site / "qianjiang" / "index.html").write_text("<h1>黔江区</h1>", encoding="utf-8")
    target = tmp_path / "www" / "fazhi"
    proc = deploy(site, str(target))
    assert proc.returncode == 0, proc.stderr
    return target, files(target)


@needs_rsync
@pytest.mark.parametrize(
    ("make_site", "message"),
    [
        (lambda s: None, "不存在"),
        (lambda s: s.mkdir(), "是空的"),
        (lambda s: (s.mkdir(), (s / "404.html").write_text("x")), "缺少 index.html"),
    ],
    ids=["missing", "empty", "no-index"],
)
def test_deploy_refuses_a_broken_site(
    deployed: tuple[Path, dict[str, bytes]], tmp_path: Path, make_site: Any, message: str
) -> None:
    target, before = deployed
    broken = tmp_path / "broken-site"
    make_site(broken)
    proc = deploy(broken, str(target))
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "未发布任何内容" in proc.stderr
    assert "nothing was published" in proc.stderr
    assert files(target) == before  # the previous deploy is untouched


@needs_rsync
def test_deploy_refuses_dangerous_targets(
    deployed: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    target, before = deployed
    site = tmp_path / "site"
    proc = deploy(site, None)
    assert proc.returncode == 1
    assert "没有设置 DEPLOY_TARGET" in proc.stderr
    for root in ("deploy@web.example.internal:/", "web:", "/"):
        proc = deploy(site, root)
        assert proc.returncode == 1, root
        assert "太危险" in proc.stderr, root
    # A folder with someone else's files (DEPLOY_TARGET mistyped as its parent): refused.
    proc = deploy(site, str(target.parent))
    assert proc.returncode == 1
    assert "不是本脚本发布的网站" in proc.stderr
    assert files(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["fazhi"]
    # Unless asked for once, on purpose.
    foreign = tmp_path / "old-site"
    foreign.mkdir()
    (foreign / "old.html").write_text("旧网站")
    assert deploy(site, str(foreign)).returncode == 1
    proc = deploy(site, str(foreign), DEPLOY_FORCE="1")
    assert proc.returncode == 0, proc.stderr
    assert sorted(files(foreign)) == [".gkgen-deploy", "index.html", "qianjiang/index.html"]


# ---- pre-commit --------------------------------------------------------------------------


def test_pre_commit_hook_runs_check() -> None:
    """The hook offered to content repositories (.pre-commit-hooks.yaml)."""
    hooks = load(REPO / ".pre-commit-hooks.yaml")
    (hook,) = hooks
    assert hook["entry"] == "gkgen check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.match(hook["files"], "content/qianjiang/heixi/2020.yml")
    gkgen = Path(sys.executable).parent / "gkgen"
    proc = subprocess.run([str(gkgen), "check"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = pre_commit("validate-manifest", str(REPO / ".pre-commit-hooks.yaml"), cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def pre_commit(*args: str, cwd: Path, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_COLOR": "never"}
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)  # pre-commit's cache, never ~/.cache
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pre_commit_config_is_local_only() -> None:
    """No network at commit time: local hooks, run from the project's .venv."""
    config = load(REPO / ".pre-commit-config.yaml")
    assert [r["repo"] for r in config["repos"]] == ["local"]
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    assert set(hooks) == {"ruff-check", "ruff-format", "mypy", "gkgen-check"}
    for hook in hooks.values():
        assert hook["language"] == "system"
        assert hook["entry"].startswith(".venv/bin/python -m ")
    assert "--check" in hooks["ruff-format"]["entry"]  # never rewrites files at commit time
    assert hooks["mypy"]["pass_filenames"] is hooks["gkgen-check"]["pass_filenames"] is False
    assert re.match(hooks["gkgen-check"]["files"], "content/qianjiang/heixi/2020.yml")
    assert re.match(hooks["mypy"]["files"], "generator/pipeline.py")
    proc = pre_commit("validate-config", str(REPO / ".pre-commit-config.yaml"), cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pre_commit_config_runs_check(tmp_path: Path) -> None:
    """`pre-commit run gkgen-check` fails on a broken record, in Chinese, and passes once fixed."""
    scratch = tmp_path / "repo"
    town = scratch / "content" / "ceshi" / "zhen"
    town.mkdir(parents=True)
    (town.parent / "_district.yml").write_text(MINIMAL_DISTRICT, encoding="utf-8")
    (town / "_town.yml").write_text(MINIMAL_TOWN, encoding="utf-8")
    report = town / "2020.yml"
    report.write_text(MINIMAL_REPORT.replace("recipient:", "recipeint:"), encoding="utf-8")
    (scratch / "seeds").mkdir()
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        shutil.copy(REPO / name, scratch / name)
    (scratch / ".venv").symlink_to(REPO / ".venv")  # the entries' .venv/bin/python
    (scratch / ".gitignore").write_text(".venv\n")
    git = ["git", "-c", "init.defaultBranch=main"]
    for command in ([*git, "init", "-q"], [*git, "add", "."]):
        subprocess.run(command, cwd=scratch, check=True, capture_output=True)
    home = tmp_path / "pre-commit-home"

    proc = pre_commit("run", "gkgen-check", "--all-files", cwd=scratch, home=home)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "recipeint: 未知字段，是否想写“recipient”？" in proc.stdout

    report.write_text(MINIMAL_REPORT, encoding="utf-8")
    proc = pre_commit("run", "gkgen-check", "--all-files", cwd=scratch, home=home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout

    # The style hooks see Python files under generator/, tests/ and bench/ only.
    code = scratch / "generator" / "bad.py"
    code.parent.mkdir()
    code.write_text("import os\n")
    subprocess.run(["git", "add", "."], cwd=scratch, check=True, capture_output=True)
    proc = pre_commit("run", "ruff-check", "--all-files", cwd=scratch, home=home)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "F401" in proc.stdout
    code.write_text("x = 1\n")
    proc = pre_commit("run", "ruff-check", "--all-files", cwd=scratch, home=home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = pre_commit("run", "ruff-format", "--all-files", cwd=scratch, home=home)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---- docs/ci/README.md -------------------------------------------------------------------


def test_ci_readme_matches_the_templates() -> None:
    """The administrators' page links to files that exist and names what the templates use."""
    text = (DOCS / "README.md").read_text(encoding="utf-8")
    links = [t for t in re.findall(r"\]\(([^)#]+)", text) if not re.match(r"[a-z]+:", t)]
    assert links
    assert [t for t in links if not (DOCS / t).exists()] == []
    cron = github_triggers(load(DOCS / "github-actions.yml"))["schedule"][0]["cron"]
    for needed in (cron, "流水线计划", "Pipeline schedules", "CODEOWNERS", "SOURCE_DATE_EPOCH"):
        assert needed in text
    for variable in ("DEPLOY_RSYNC", "DEPLOY_TARGET", "DEPLOY_SSH_KEY", "DEPLOY_KNOWN_HOSTS"):
        assert variable in text
        assert variable in (DOCS / "gitlab-ci.yml").read_text(encoding="utf-8")
        assert variable in (DOCS / "github-actions.yml").read_text(encoding="utf-8")
