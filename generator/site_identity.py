"""Who runs the site: the footer's 主办单位, 备案号 and links, set in mkdocs.yml ``extra.gk_site``.

Chinese government sites print who sponsors and who runs them, how to reach them, their
site code and their ICP and public-security filing numbers, with links to the disclosure
guide, to requests for disclosure and to a correction address. The repository ships
placeholders (待填写); the theme marks them as such on the page
(theme_overrides/partials/footer.html), and ``check --strict`` lists each one still unfilled
so that nobody publishes a site that does not say who runs it. Plain ``check`` stays quiet:
an editor checking a report has nothing to do with the site's filing numbers.

mkdocs.yml is read as YAML nodes, without MkDocs (the core never imports it), so each
warning can point at the line to edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, Severity

PLACEHOLDER = "待填写"

# key under extra.gk_site → what the footer calls it. Every key is needed before publishing
# but police_url (the public-security lookup link), which the footer can do without.
FIELDS: dict[str, str] = {
    "sponsor": "主办单位",
    "organizer": "承办单位",
    "contact": "联系方式",
    "site_code": "网站标识码",
    "icp": "ICP 备案号",
    "police": "公安备案号",
    "guide_url": "政府信息公开指南",
    "apply_url": "依申请公开",
    "correction": "纠错",
}


def is_placeholder(value: object) -> bool:
    """True for a value nobody has filled in: missing, empty, or still saying 待填写."""
    return not isinstance(value, str | int) or not str(value).strip() or PLACEHOLDER in str(value)


def _child(node: yaml.Node | None, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key node and value node of ``key`` in a YAML mapping node (Nones if absent)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
    return None, None


def _warning(config: Path, node: yaml.Node | None, field: str, zh: str, en: str) -> Diagnostic:
    line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
    return Diagnostic(str(config), line, col, field, zh, en, Severity.WARNING)


def problems(config: Path) -> Iterator[Diagnostic]:
    """A warning for each footer item of ``config`` (mkdocs.yml) missing or still 待填写.

    No config file (a content tree checked on its own) means nothing to say.
    """
    if not config.is_file():
        return
    # compose, not load: nodes keep their lines, and !ENV tags need no constructor.
    root = yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    extra_key, extra = _child(root, "extra")
    site_key, site = _child(extra, "gk_site")
    if site is None:
        yield _warning(
            config,
            extra_key,
            "extra.gk_site",
            f"网站页脚的主办单位、备案号等尚未设置：请在 {config} 的 extra: 下加上 gk_site:"
            "（各项见 README“The public site”）",
            "extra.gk_site (who runs the site: sponsor, filing numbers, links) is not set",
        )
        return
    for key, label in FIELDS.items():
        key_node, value = _child(site, key)
        text = value.value if isinstance(value, yaml.ScalarNode) else None
        if is_placeholder(text):
            yield _warning(
                config,
                value or key_node or site_key,
                f"extra.gk_site.{key}",
                f"网站页脚的“{label}”尚未填写（{PLACEHOLDER}）：请在 {config} 的 "
                f"extra.gk_site.{key} 填写真实信息",
                f"the footer's {key} is still a placeholder; fill it in in {config}",
            )
